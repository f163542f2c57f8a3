//! Fee standards head office (总部) publishes, taken at the desk. A version is applied whole, in one
//! transaction: its items created and their rates set as the desk's own fee items and standards (each
//! with its event), written by the head-office user, then a `standards_applied` event that tells head
//! office. A version that cannot be applied here (billed months, later local standards, an item billed
//! another way…) is refused whole: nothing of it written but its row and a `standards_refused` event
//! saying why. Either way the desk's read position moves on, so one bad version blocks no later one.
//!
//! Rates follow their first month, as every standard does; for the same month the later version wins
//! (a group version published after an estate's own replaces it from that month).

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use feedesk_protocol::standards::check_version;
use feedesk_protocol::{DeskKey, PublishedStandard, StandardEntry};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::auth::{self, Ctx};
use crate::estate::UnitType;
use crate::fees::{self, Method, Scope};
use crate::outbox::{self, Event};
use crate::period::parse_period;
use crate::{db, err, Error, Result};

/// A version of head office's standards as the desk took it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct HqStandard {
    pub version: i64,
    pub effective_month: String,
    pub note: String,
    pub published_by: String,
    /// `applied` or `refused`.
    pub outcome: String,
    /// Why it was refused.
    pub reason_zh: Option<String>,
    pub reason_en: Option<String>,
    pub at: String,
    /// Fee item codes it sets.
    pub items: Vec<String>,
}

/// The versions taken here, newest first.
pub fn taken(conn: &Connection) -> Result<Vec<HqStandard>> {
    let mut stmt = conn.prepare(
        "SELECT version, effective_month, note, published_by, outcome, reason_zh, reason_en, at, entries
         FROM hq_standards ORDER BY version DESC, rowid DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        let entries: Vec<StandardEntry> =
            serde_json::from_str(&r.get::<_, String>(8)?).unwrap_or_default();
        let mut items: Vec<String> = vec![];
        for e in entries {
            if !items.contains(&e.item_code) {
                items.push(e.item_code);
            }
        }
        Ok(HqStandard {
            version: r.get(0)?,
            effective_month: r.get(1)?,
            note: r.get(2)?,
            published_by: r.get(3)?,
            outcome: r.get(4)?,
            reason_zh: r.get(5)?,
            reason_en: r.get(6)?,
            at: r.get(7)?,
            items,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const POSITION: &str = "hq_standards_position";

/// Where the desk has read head office's log to: the last version read and its digest (0 and none
/// before any, or after a full read found nothing for this desk).
pub fn position(conn: &Connection) -> Result<(i64, Option<String>)> {
    let text = db::setting(conn, POSITION)?.unwrap_or_default();
    Ok(match text.split_once(' ') {
        Some((v, d)) => (v.parse().unwrap_or(0), Some(d.to_string())),
        None => (0, None),
    })
}

/// Start reading the log from its beginning.
pub fn forget_position(conn: &Connection) -> Result<()> {
    db::set_setting(conn, POSITION, "")
}

fn read_to(tx: &Transaction, v: &PublishedStandard, digest: &str) -> Result<()> {
    db::set_setting(tx, POSITION, &format!("{} {digest}", v.version))
}

/// Whether a version is new here. One read again unchanged only moves the read position on.
pub fn is_new(tx: &Transaction, v: &PublishedStandard) -> Result<bool> {
    let digest = v.digest();
    let seen: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM hq_standards WHERE version = ?1 AND digest = ?2)",
        params![v.version, digest],
        |r| r.get(0),
    )?;
    if seen {
        read_to(tx, v, &digest)?;
    }
    Ok(!seen)
}

/// Apply a version whole (the caller's transaction is rolled back on any error).
pub fn apply(
    tx: &Transaction,
    now: DateTime<FixedOffset>,
    key: Option<Arc<DeskKey>>,
    v: &PublishedStandard,
) -> Result<()> {
    check_version(&v.entries)
        .map_err(|(zh, en)| Error::new(crate::ErrorCode::InvalidInput, zh, en))?;
    let month = parse_period(&v.effective_month)?;
    let ctx = hq_ctx(tx, now, key)?;
    let items = create_items(tx, &ctx, &v.entries)?;
    for e in &v.entries {
        set_rates(tx, &ctx, e, &month, v.version)?;
    }
    record(tx, &ctx, v, "applied", None)?;
    outbox::append(
        tx,
        &ctx,
        &Event::StandardsApplied {
            version: v.version,
            effective_month: month,
            items,
        },
    )?;
    Ok(())
}

/// Refuse a version that could not be applied: its row, the reason, and the event that tells head office.
pub fn refuse(
    tx: &Transaction,
    now: DateTime<FixedOffset>,
    key: Option<Arc<DeskKey>>,
    v: &PublishedStandard,
    why: &Error,
) -> Result<()> {
    let ctx = hq_ctx(tx, now, key)?;
    record(tx, &ctx, v, "refused", Some(why))?;
    outbox::append(
        tx,
        &ctx,
        &Event::StandardsRefused {
            version: v.version,
            zh: why.zh.clone(),
            en: why.en.clone(),
        },
    )?;
    Ok(())
}

fn record(
    tx: &Transaction,
    ctx: &Ctx,
    v: &PublishedStandard,
    outcome: &str,
    why: Option<&Error>,
) -> Result<()> {
    let digest = v.digest();
    tx.execute(
        "INSERT INTO hq_standards(version, digest, estate_code, effective_month, note, published_by, published_at, entries, outcome, reason_zh, reason_en, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            v.version,
            digest,
            v.estate_code,
            v.effective_month,
            v.note,
            v.published_by,
            v.published_at,
            serde_json::to_string(&v.entries).expect("serialise"),
            outcome,
            why.map(|e| &e.zh),
            why.map(|e| &e.en),
            ctx.now_text()
        ],
    )?;
    read_to(tx, v, &digest)
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

/// The entry's rate for its unit type, or for every unit type; each (item, type) then head office's.
fn set_rates(
    tx: &Transaction,
    ctx: &Ctx,
    e: &StandardEntry,
    month: &str,
    version: i64,
) -> Result<()> {
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
    let item = fees::item(tx, e.item_code.trim())?;
    for t in types {
        refuse_conflicts(tx, &item, t, month)?;
        fees::set_standard(tx, ctx, &item.code, rate, &Scope::UnitType(t), month)?;
        tx.execute(
            "INSERT OR REPLACE INTO hq_fee_items(fee_item_id, unit_type, version) VALUES (?1, ?2, ?3)",
            params![item.id, t.code(), version],
        )?;
    }
    Ok(())
}

/// What would make head office's rate not the one billed: a month already billed at the old rate, or a
/// standard of this desk's own starting later (it would win from its month).
fn refuse_conflicts(
    tx: &Transaction,
    item: &fees::FeeItem,
    t: UnitType,
    month: &str,
) -> Result<()> {
    let billed: Option<String> = tx.query_row(
        "SELECT max(c.period) FROM charges c JOIN units u ON u.id = c.unit_id
         WHERE c.fee_item_id = ?1 AND u.unit_type = ?2 AND c.period >= ?3",
        params![item.id, t.code(), month],
        |r| r.get(0),
    )?;
    if let Some(p) = billed {
        return Err(err!(
            WrongState,
            ("{} {}已按原标准计费至 {p}，总部标准自 {month} 起无法生效；请发布自 {p} 之后起生效的版本", item.name, t.zh()),
            ("{} for {} is billed at the old rate up to {p}, so head office's rate cannot start at {month}; publish a version starting after {p}", item.code, t.code())
        ));
    }
    let later: Option<String> = tx
        .query_row(
            "SELECT min(s.start_period) FROM fee_standards s JOIN users u ON u.id = s.created_by
             WHERE s.fee_item_id = ?1 AND s.unit_type = ?2 AND s.start_period > ?3 AND u.username <> ?4",
            params![item.id, t.code(), month, auth::HEAD_OFFICE_USER],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    match later {
        Some(p) => Err(err!(
            WrongState,
            ("本收费台有 {} {}自 {p} 起的本地标准，晚于总部标准的 {month}，总部标准将被覆盖；请总部发布自 {p} 起的版本", item.name, t.zh()),
            ("this desk has its own {} standard for {} from {p}, after head office's {month}, which it would override; head office should publish a version from {p}", item.code, t.code())
        )),
        None => Ok(()),
    }
}

/// Head office as the desk's user, with the desk's key.
fn hq_ctx(tx: &Transaction, now: DateTime<FixedOffset>, key: Option<Arc<DeskKey>>) -> Result<Ctx> {
    let actor = auth::head_office(tx, &now.format("%Y-%m-%dT%H:%M:%S%:z").to_string())?;
    Ok(Ctx {
        actor,
        desk: db::setting(tx, "desk_code")?.unwrap_or_default(),
        now,
        key,
    })
}
