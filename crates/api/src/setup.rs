//! Setting up a ledger, signing in, users and the audit log.

use chrono::{DateTime, FixedOffset};
use feedesk_ledger::auth;
use feedesk_ledger::db::{self, with_tx};
use serde::{Deserialize, Serialize};

use crate::*;

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct InitRequest {
    pub company_name: String,
    pub estate_name: String,
    pub desk_code: String,
    pub admin_username: String,
    pub admin_display_name: String,
    pub admin_password: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct EstateInfo {
    pub company_name: String,
    pub estate_name: String,
    pub desk_code: String,
    pub desk_id: String,
    pub schema_version: i64,
}

/// Set up a new ledger: estate, desk code, the first administrator. Refused on an initialised ledger.
pub fn init(l: &mut Ledger, req: &InitRequest, now: DateTime<FixedOffset>) -> Result<EstateInfo> {
    let desk = req.desk_code.trim().to_uppercase();
    if desk.is_empty() || desk.len() > 8 || !desk.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(err!(
            InvalidInput,
            "收银台编号「{desk}」无效：1–8 位字母或数字，如 A01",
            "invalid desk code \"{desk}\": 1-8 letters or digits, e.g. A01"
        ));
    }
    if req.estate_name.trim().is_empty() {
        return Err(err!(
            InvalidInput,
            "请填写项目（管理处）名称",
            "the estate name is required"
        ));
    }
    with_tx(&mut l.conn, |tx| {
        if db::setting(tx, "desk_code")?.is_some() {
            return Err(err!(
                Duplicate,
                "此账套已初始化",
                "this ledger is already initialised"
            ));
        }
        let now_s = now.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
        db::set_setting(tx, "company_name", req.company_name.trim())?;
        db::set_setting(tx, "estate_name", req.estate_name.trim())?;
        db::set_setting(tx, "desk_code", &desk)?;
        db::set_setting(tx, "desk_id", &uuid::Uuid::now_v7().to_string())?;
        let name = if req.admin_display_name.trim().is_empty() {
            &req.admin_username
        } else {
            &req.admin_display_name
        };
        auth::create_user(
            tx,
            &req.admin_username,
            name,
            Role::Admin,
            &req.admin_password,
            &now_s,
        )?;
        Ok(())
    })?;
    estate_info(l)
}

pub fn estate_info(l: &Ledger) -> Result<EstateInfo> {
    let get = |k: &str| -> Result<String> { Ok(db::setting(&l.conn, k)?.unwrap_or_default()) };
    Ok(EstateInfo {
        company_name: get("company_name")?,
        estate_name: get("estate_name")?,
        desk_code: get("desk_code")?,
        desk_id: get("desk_id")?,
        schema_version: db::schema_version(),
    })
}

/// Check a password and return the context operations run in.
pub fn login(
    l: &Ledger,
    username: &str,
    password: &str,
    now: DateTime<FixedOffset>,
) -> Result<Ctx> {
    let actor = auth::login(&l.conn, username, password)?;
    let mut ctx = auth::ctx_for(&l.conn, actor, now)?;
    // An enrolled desk signs every event it writes with its key.
    ctx.key = l.key.clone();
    Ok(ctx)
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

pub fn create_user(l: &mut Ledger, ctx: &Ctx, req: &NewUser) -> Result<UserRow> {
    ctx.actor.require(auth::Perm::Administer)?;
    with_tx(&mut l.conn, |tx| {
        auth::create_user(
            tx,
            &req.username,
            &req.display_name,
            req.role,
            &req.password,
            &ctx.now_text(),
        )?;
        auth::audit(
            tx,
            ctx,
            "create_user",
            &req.username,
            req.role.code(),
            None,
            None,
        )
    })?;
    Ok(UserRow {
        username: req.username.trim().into(),
        display_name: req.display_name.trim().into(),
        role: req.role,
        active: true,
    })
}

pub fn list_users(l: &Ledger, ctx: &Ctx) -> Result<Vec<UserRow>> {
    ctx.actor.require(auth::Perm::Administer)?;
    auth::list_users(&l.conn)
}

pub fn audit_log(l: &Ledger, ctx: &Ctx, limit: usize) -> Result<Vec<AuditRow>> {
    ctx.actor.require(auth::Perm::Approve)?;
    auth::audit_log(&l.conn, limit)
}

/// The same session, signing with the ledger's key (after the desk enrolled during the session).
pub fn with_key(l: &Ledger, mut ctx: Ctx) -> Ctx {
    ctx.key = l.key.clone();
    ctx
}
