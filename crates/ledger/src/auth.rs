//! Users, roles, passwords (argon2), the acting context, supervisor approval and the audit log.
//! Every operation checks its role here, in the core, whatever the caller is.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::{DateTime, FixedOffset};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::{db, err, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Role {
    Cashier,
    Supervisor,
    Admin,
    Finance,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Cashier => "cashier",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
            Role::Finance => "finance",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Role::Cashier => "收费员",
            Role::Supervisor => "客服主管",
            Role::Admin => "系统管理员",
            Role::Finance => "财务",
        }
    }
    pub fn parse(s: &str) -> Result<Role> {
        Ok(match s.trim() {
            "cashier" | "收费员" => Role::Cashier,
            "supervisor" | "主管" | "客服主管" => Role::Supervisor,
            "admin" | "管理员" | "系统管理员" => Role::Admin,
            "finance" | "财务" => Role::Finance,
            other => {
                return Err(err!(
                    InvalidInput,
                    "角色「{other}」不存在，可选：cashier 收费员、supervisor 客服主管、admin 管理员、finance 财务",
                    "unknown role \"{other}\"; use cashier, supervisor, admin or finance"
                ))
            }
        })
    }
}

/// What an operation needs. The mapping from role to permission lives only here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perm {
    /// Take money, issue receipts, counter sales, open/close one's own shift.
    Collect,
    /// Approve voids, reversals, refunds and waivers.
    Approve,
    /// Billing runs, meter readings, allocation pools.
    Bill,
    /// Fee items and standards, import, users, settings.
    Administer,
    /// See full phone and ID numbers.
    SeePersonalData,
    /// Read lists and reports.
    Read,
}

impl Perm {
    fn zh(self) -> &'static str {
        match self {
            Perm::Collect => "收款",
            Perm::Approve => "审批",
            Perm::Bill => "计费",
            Perm::Administer => "系统管理",
            Perm::SeePersonalData => "查看完整个人信息",
            Perm::Read => "查询",
        }
    }
}

pub fn allows(role: Role, perm: Perm) -> bool {
    use Perm::*;
    match role {
        Role::Cashier => matches!(perm, Collect | Read),
        Role::Supervisor => matches!(perm, Collect | Approve | Bill | Read | SeePersonalData),
        Role::Admin => true,
        Role::Finance => matches!(perm, Read | Bill),
    }
}

/// An authenticated user. Only [`login`] (or the bootstrap of a new ledger) makes one.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

/// The user head office's fee standards are written as at the desk (made when the first version
/// arrives; inactive, no password: no one signs in as it).
pub const HEAD_OFFICE_USER: &str = "@hq";

/// Head office as an actor of this ledger.
pub fn head_office(conn: &Connection, now: &str) -> Result<Actor> {
    conn.execute(
        "INSERT OR IGNORE INTO users(username, display_name, role, password_hash, active, created_at)
         VALUES (?1, '总部', 'admin', '!', 0, ?2)",
        params![HEAD_OFFICE_USER, now],
    )?;
    let user_id = conn.query_row(
        "SELECT id FROM users WHERE username = ?1",
        [HEAD_OFFICE_USER],
        |r| r.get(0),
    )?;
    Ok(Actor {
        user_id,
        username: HEAD_OFFICE_USER.into(),
        display_name: "总部".into(),
        role: Role::Admin,
    })
}

impl Actor {
    pub fn is_head_office(&self) -> bool {
        self.username == HEAD_OFFICE_USER
    }

    pub fn require(&self, perm: Perm) -> Result<()> {
        if allows(self.role, perm) {
            Ok(())
        } else {
            Err(err!(
                Forbidden,
                (
                    "{}（{}）没有「{}」权限",
                    self.display_name,
                    self.role.zh(),
                    perm.zh()
                ),
                (
                    "{} ({}) is not allowed to do this ({:?})",
                    self.username,
                    self.role.code(),
                    perm
                )
            ))
        }
    }
}

/// China Standard Time, +08:00: the offset a desk's clock is kept in (China has no daylight saving).
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// Who acts, at which desk, and when. The clock is passed in, never read inside domain code. An
/// enrolled desk's key travels with the context: every event written is signed with it.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: Actor,
    pub desk: String,
    pub now: DateTime<FixedOffset>,
    pub key: Option<std::sync::Arc<feedesk_protocol::DeskKey>>,
}

impl Ctx {
    pub fn now_text(&self) -> String {
        self.now.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
    pub fn today(&self) -> chrono::NaiveDate {
        self.now.date_naive()
    }
}

/// A supervisor's approval, given by typing their own password at the counter.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Approval {
    pub username: String,
    pub password: String,
}

fn hasher() -> Argon2<'static> {
    Argon2::default()
}

pub fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < 6 {
        return Err(err!(
            InvalidInput,
            "密码至少 6 位",
            "the password needs at least 6 characters"
        ));
    }
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| err!(Storage, "密码加密失败：{e}", "password hashing failed: {e}"))
}

fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| hasher().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

fn bad_login() -> crate::Error {
    err!(AuthFailed, "用户名或密码错误", "wrong username or password")
}

/// Check a username and password. The same message for an unknown user and a wrong password.
pub fn login(conn: &Connection, username: &str, password: &str) -> Result<Actor> {
    let row: Option<(i64, String, String, String, bool)> = conn
        .query_row(
            "SELECT id, display_name, role, password_hash, active FROM users WHERE username = ?1",
            [username.trim()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((user_id, display_name, role, hash, active)) = row else {
        return Err(bad_login());
    };
    if !active || !verify(password, &hash) {
        return Err(bad_login());
    }
    Ok(Actor {
        user_id,
        username: username.trim().to_string(),
        display_name,
        role: Role::parse(&role)?,
    })
}

/// The context for `actor` at this ledger's desk.
pub fn ctx_for(conn: &Connection, actor: Actor, now: DateTime<FixedOffset>) -> Result<Ctx> {
    let desk = db::setting(conn, "desk_code")?.ok_or_else(|| {
        err!(
            NotFound,
            "账套尚未初始化（缺少收银台编号）",
            "ledger not initialised (no desk code)"
        )
    })?;
    Ok(Ctx {
        actor,
        desk,
        now,
        key: None,
    })
}

/// Verify a supervisor's approval for an action taken by `ctx.actor`. Returns the approver.
pub fn approve(conn: &Connection, ctx: &Ctx, approval: &Approval) -> Result<Actor> {
    let approver = login(conn, &approval.username, &approval.password).map_err(|_| {
        err!(
            ApprovalRequired,
            "主管授权失败：用户名或密码错误",
            "supervisor approval failed: wrong username or password"
        )
    })?;
    if approver.user_id == ctx.actor.user_id {
        return Err(err!(
            SelfApproval,
            "不能自己审批自己的操作，请另一位主管授权",
            "you cannot approve your own action; ask another supervisor"
        ));
    }
    if !allows(approver.role, Perm::Approve) {
        return Err(err!(
            ApprovalRequired,
            (
                "{}（{}）无审批权限，需要客服主管授权",
                approver.display_name,
                approver.role.zh()
            ),
            (
                "{} ({}) cannot approve; a supervisor must",
                approver.username,
                approver.role.code()
            )
        ));
    }
    Ok(approver)
}

pub fn create_user(
    conn: &Connection,
    username: &str,
    display_name: &str,
    role: Role,
    password: &str,
    now: &str,
) -> Result<i64> {
    let username = username.trim();
    if username.is_empty()
        || username.len() > 32
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    {
        return Err(err!(
            InvalidInput,
            "用户名「{username}」无效：1–32 位字母、数字、下划线",
            "invalid username \"{username}\": 1-32 letters, digits or underscores"
        ));
    }
    let exists: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM users WHERE username = ?1)",
        [username],
        |r| r.get(0),
    )?;
    if exists {
        return Err(err!(
            Duplicate,
            "用户名「{username}」已存在",
            "username \"{username}\" already exists"
        ));
    }
    let hash = hash_password(password)?;
    conn.execute(
        "INSERT INTO users(username, display_name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![username, display_name.trim(), role.code(), hash, now],
    )?;
    Ok(conn.last_insert_rowid())
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct UserRow {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
}

pub fn list_users(conn: &Connection) -> Result<Vec<UserRow>> {
    let mut stmt =
        conn.prepare("SELECT username, display_name, role, active FROM users WHERE username NOT LIKE '@%' ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get(3)?,
        ))
    })?;
    rows.map(|r| {
        let (username, display_name, role, active) = r?;
        Ok(UserRow {
            username,
            display_name,
            role: Role::parse(&role)?,
            active,
        })
    })
    .collect()
}

/// One line of the audit log (rule 6: who, when, which desk, what, why, approved by whom).
pub fn audit(
    conn: &Connection,
    ctx: &Ctx,
    action: &str,
    target: &str,
    detail: &str,
    reason: Option<&str>,
    approved_by: Option<i64>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log(at, desk, user_id, action, target, detail, reason, approved_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![ctx.now_text(), ctx.desk, ctx.actor.user_id, action, target, detail, reason, approved_by])?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditRow {
    pub at: String,
    pub desk: String,
    pub user: Option<String>,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub reason: Option<String>,
    pub approved_by: Option<String>,
}

pub fn audit_log(conn: &Connection, limit: usize) -> Result<Vec<AuditRow>> {
    let mut stmt = conn.prepare(
        "SELECT a.at, a.desk, u.username, a.action, a.target, a.detail, a.reason, s.username
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN users s ON s.id = a.approved_by
         ORDER BY a.id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(AuditRow {
            at: r.get(0)?,
            desk: r.get(1)?,
            user: r.get(2)?,
            action: r.get(3)?,
            target: r.get(4)?,
            detail: r.get(5)?,
            reason: r.get(6)?,
            approved_by: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
