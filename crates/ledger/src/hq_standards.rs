//! Fee standards head office (总部) publishes, applied at the desk: each version's items created and
//! their rates set as the desk's own fee items and standards (each with its event), written by the
//! head-office user, then a `standards_applied` event that tells head office the version is in force
//! here. Items head office publishes are then changed by head office only (`fees`).

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use feedesk_protocol::standards::check_entry;
use feedesk_protocol::{DeskKey, PublishedStandard, StandardEntry};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::auth::{Actor, Ctx, Role};
use crate::estate::UnitType;
use crate::fees::{self, Method, Scope, HQ_USER};
use crate::outbox::{self, Event};
use crate::period::parse_period;
use crate::{db, err, Result};

/// A version of head office's standards as applied here.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AppliedStandard {
    pub version: i64,
    pub effective_month: String,
    pub note: String,
    pub published_by: String,
    pub applied_at: String,
    /// Fee item codes it set.
    pub items: Vec<String>,
}

/// The versions applied here, newest first.
pub fn applied(conn: &Connection) -> Result<Vec<AppliedStandard>> {
    let mut stmt = conn.prepare(
        "SELECT version, effective_month, note, published_by, applied_at, entries FROM hq_standards ORDER BY version DESC, applied_at DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        let entries: Vec<StandardEntry> =
            serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default();
        let mut items: Vec<String> = entries.into_iter().map(|e| e.item_code).collect();
        items.dedup();
        Ok(AppliedStandard {
            version: r.get(0)?,
            effective_month: r.get(1)?,
            note: r.get(2)?,
            published_by: r.get(3)?,
            applied_at: r.get(4)?,
            items,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest version applied here and its digest (0 and none before any).
pub fn applied_head(conn: &Connection) -> Result<(i64, Option<String>)> {
    Ok(conn
        .query_row(
            "SELECT version, digest FROM hq_standards ORDER BY version DESC, rowid DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, Some(r.get(1)?))),
        )
        .optional()?
        .unwrap_or((0, None)))
}

/// Apply a version, unless this very version was applied already (then `false`).
pub fn apply(
    tx: &Transaction,
    now: DateTime<FixedOffset>,
    key: Option<Arc<DeskKey>>,
    v: &PublishedStandard,
) -> Result<bool> {
    let digest = v.digest();
    let seen: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM hq_standards WHERE version = ?1 AND digest = ?2)",
        params![v.version, digest],
        |r| r.get(0),
    )?;
    if seen {
        return Ok(false);
    }
    let refused = |zh: String, en: String| {
        err!(
            HqRefused,
            ("总部第 {} 版收费标准无法应用：{zh}", v.version),
            (
                "head office's fee standards version {} cannot be applied: {en}",
                v.version
            )
        )
    };
    for e in &v.entries {
        check_entry(e).map_err(|(zh, en)| refused(zh, en))?;
    }
    let month = parse_period(&v.effective_month).map_err(|e| refused(e.zh, e.en))?;
    let ctx = hq_ctx(tx, now, key)?;
    let items = create_items(tx, &ctx, &v.entries).map_err(|e| refused(e.zh, e.en))?;
    for e in &v.entries {
        set_rates(tx, &ctx, e, &month).map_err(|x| refused(x.zh, x.en))?;
    }
    for code in &items {
        tx.execute(
            "INSERT OR REPLACE INTO hq_fee_items(fee_item_id, version) SELECT id, ?2 FROM fee_items WHERE code = ?1",
            params![code, v.version],
        )?;
    }
    tx.execute(
        "INSERT INTO hq_standards(version, digest, estate_code, effective_month, note, published_by, published_at, entries, applied_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            v.version,
            digest,
            v.estate_code,
            month,
            v.note,
            v.published_by,
            v.published_at,
            serde_json::to_string(&v.entries).expect("serialise"),
            ctx.now_text()
        ],
    )?;
    outbox::append(
        tx,
        &ctx,
        &Event::StandardsApplied {
            version: v.version,
            effective_month: month,
            items,
        },
    )?;
    Ok(true)
}

/// The version's items, in order, each once: created where the desk does not have it, which must bill
/// the same way where it does.
fn create_items(tx: &Transaction, ctx: &Ctx, entries: &[StandardEntry]) -> Result<Vec<String>> {
    let mut codes: Vec<String> = vec![];
    for e in entries {
        let code = e.item_code.trim();
        if codes.iter().any(|c| c == code) {
            continue;
        }
        let method = Method::parse(&e.method)?;
        match fees::item(tx, code) {
            Ok(it) if it.code == code && it.method != method => {
                return Err(err!(
                    InvalidInput,
                    (
                        "收费项目 {code} 在本收费台按{}计费，总部发布的是{}",
                        it.method.zh(),
                        method.zh()
                    ),
                    (
                        "fee item {code} is billed {} at this desk, head office publishes {}",
                        it.method.code(),
                        method.code()
                    )
                ))
            }
            Ok(it) if it.code == code => {}
            _ => {
                fees::create_item(
                    tx,
                    ctx,
                    code,
                    e.item_name.trim(),
                    method,
                    e.unit_label.trim(),
                )?;
            }
        }
        codes.push(code.to_string());
    }
    Ok(codes)
}

/// The entry's rate for its unit type, or for every unit type.
fn set_rates(tx: &Transaction, ctx: &Ctx, e: &StandardEntry, month: &str) -> Result<()> {
    let rate: Decimal = e.rate.trim().parse().map_err(|_| {
        err!(
            InvalidInput,
            ("单价「{}」无效", e.rate),
            ("invalid rate \"{}\"", e.rate)
        )
    })?;
    let types = match e.unit_type.as_deref() {
        Some(t) => vec![UnitType::from_code(t).ok_or_else(|| {
            err!(
                InvalidInput,
                ("房屋类型「{t}」无效"),
                ("unknown unit type \"{t}\"")
            )
        })?],
        None => UnitType::ALL.to_vec(),
    };
    for t in types {
        fees::set_standard(
            tx,
            ctx,
            e.item_code.trim(),
            rate,
            &Scope::UnitType(t),
            month,
        )?;
    }
    Ok(())
}

/// Head office as the desk's user: made the first time a version arrives, never signed in as.
fn hq_ctx(tx: &Transaction, now: DateTime<FixedOffset>, key: Option<Arc<DeskKey>>) -> Result<Ctx> {
    tx.execute(
        "INSERT OR IGNORE INTO users(username, display_name, role, password_hash, active, created_at)
         VALUES (?1, '总部', 'admin', '!', 0, ?2)",
        params![HQ_USER, now.format("%Y-%m-%dT%H:%M:%S%:z").to_string()],
    )?;
    let user_id: i64 = tx
        .query_row("SELECT id FROM users WHERE username = ?1", [HQ_USER], |r| {
            r.get(0)
        })
        .optional()?
        .expect("just made");
    let actor = Actor {
        user_id,
        username: HQ_USER.into(),
        display_name: "总部".into(),
        role: Role::Admin,
    };
    let desk = db::setting(tx, "desk_code")?.unwrap_or_default();
    Ok(Ctx {
        actor,
        desk,
        now,
        key,
    })
}
