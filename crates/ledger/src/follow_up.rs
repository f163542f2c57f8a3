//! 催缴记录: the office's record of chasing a unit's arrears — each contact (when, how, by whom, what
//! came of it, why it is not paid, the date promised, the date to try again), and the contacts due.
//! Records are never changed: a newer one is the unit's standing.

use chrono::NaiveDate;
use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::auth::{self, Ctx, Perm};
use crate::outbox::{self, Event};
use crate::{err, estate, Result};

/// How the unit was contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ContactWay {
    Phone,
    Visit,
    Sms,
    Letter,
}

impl ContactWay {
    pub const ALL: [ContactWay; 4] = [
        ContactWay::Phone,
        ContactWay::Visit,
        ContactWay::Sms,
        ContactWay::Letter,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ContactWay::Phone => "phone",
            ContactWay::Visit => "visit",
            ContactWay::Sms => "sms",
            ContactWay::Letter => "letter",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            ContactWay::Phone => "电话",
            ContactWay::Visit => "上门",
            ContactWay::Sms => "短信",
            ContactWay::Letter => "书面通知",
        }
    }

    /// The code or the Chinese name.
    pub fn parse(s: &str) -> Result<ContactWay> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|w| w.code() == s || w.zh() == s)
            .ok_or_else(|| {
                err!(
                    InvalidInput,
                    "催缴方式「{s}」无效：电话、上门、短信、书面通知",
                    "unknown way \"{s}\": phone, visit, sms, letter"
                )
            })
    }
}

/// Why the unit has not paid, as the office sorts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ArrearsReason {
    /// 空置
    Vacant,
    /// 质量纠纷
    Dispute,
    /// 经济困难
    Hardship,
    /// 联系不上
    Unreachable,
    /// 其他 (the note says what)
    Other,
}

impl ArrearsReason {
    pub const ALL: [ArrearsReason; 5] = [
        ArrearsReason::Vacant,
        ArrearsReason::Dispute,
        ArrearsReason::Hardship,
        ArrearsReason::Unreachable,
        ArrearsReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ArrearsReason::Vacant => "vacant",
            ArrearsReason::Dispute => "dispute",
            ArrearsReason::Hardship => "hardship",
            ArrearsReason::Unreachable => "unreachable",
            ArrearsReason::Other => "other",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            ArrearsReason::Vacant => "空置",
            ArrearsReason::Dispute => "质量纠纷",
            ArrearsReason::Hardship => "经济困难",
            ArrearsReason::Unreachable => "联系不上",
            ArrearsReason::Other => "其他",
        }
    }

    /// The code or the Chinese name.
    pub fn parse(s: &str) -> Result<ArrearsReason> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|r| r.code() == s || r.zh() == s)
            .ok_or_else(|| {
                err!(
                    InvalidInput,
                    "欠费原因「{s}」无效：空置、质量纠纷、经济困难、联系不上、其他",
                    "unknown reason \"{s}\": vacant, dispute, hardship, unreachable, other"
                )
            })
    }
}

/// A contact as the cashier records it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FollowUpInput {
    pub unit: String,
    /// `YYYY-MM-DD`; today when none.
    pub contacted_on: Option<String>,
    pub way: ContactWay,
    pub result: String,
    pub reason: ArrearsReason,
    #[serde(default)]
    pub note: String,
    /// The date the payer promised to pay.
    pub promised_on: Option<String>,
    /// The date to contact the unit again.
    pub next_on: Option<String>,
}

/// A contact recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FollowUp {
    pub id: i64,
    pub unit: String,
    pub contacted_on: String,
    pub way: ContactWay,
    /// Who made the contact.
    pub by: String,
    pub result: String,
    pub reason: ArrearsReason,
    pub note: String,
    pub promised_on: Option<String>,
    pub next_on: Option<String>,
    /// What the unit owed at the contact.
    pub arrears_fen: i64,
}

const RESULT_MAX: usize = 200;
const NOTE_MAX: usize = 500;

fn date(s: &str, what: (&str, &str)) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        err!(
            InvalidInput,
            ("{}「{}」不是有效日期（格式 2026-12-05）", what.0, s.trim()),
            ("{} \"{}\" is not a date (2026-12-05)", what.1, s.trim())
        )
    })
}

/// The contact's dates: on or before today; the promised and next dates not before the contact.
fn dates(
    ctx: &Ctx,
    i: &FollowUpInput,
) -> Result<(NaiveDate, Option<NaiveDate>, Option<NaiveDate>)> {
    let on = match &i.contacted_on {
        Some(s) if !s.trim().is_empty() => date(s, ("催缴日期", "contact date"))?,
        _ => ctx.today(),
    };
    if on > ctx.today() {
        return Err(err!(
            InvalidInput,
            "催缴日期 {on} 在今天之后",
            "the contact date {on} is after today"
        ));
    }
    let later = |s: &Option<String>, what: (&str, &str)| -> Result<Option<NaiveDate>> {
        let Some(s) = s.as_deref().filter(|s| !s.trim().is_empty()) else {
            return Ok(None);
        };
        let d = date(s, what)?;
        if d < on {
            return Err(err!(
                InvalidInput,
                ("{} {d} 早于催缴日期 {on}", what.0),
                ("the {} {d} is before the contact date {on}", what.1)
            ));
        }
        Ok(Some(d))
    };
    let promised = later(&i.promised_on, ("承诺缴费日期", "promised date"))?;
    let next = later(&i.next_on, ("下次跟进日期", "next follow-up date"))?;
    Ok((on, promised, next))
}

/// What was said, checked: a result, a note for 其他, both within their lengths.
fn words(i: &FollowUpInput) -> Result<(String, String)> {
    let (result, note) = (i.result.trim().to_string(), i.note.trim().to_string());
    if result.is_empty() {
        return Err(err!(
            InvalidInput,
            "请填写催缴结果",
            "enter what came of the contact"
        ));
    }
    if result.chars().count() > RESULT_MAX || note.chars().count() > NOTE_MAX {
        return Err(err!(
            InvalidInput,
            "催缴结果最多 {RESULT_MAX} 字，备注最多 {NOTE_MAX} 字",
            "the result takes at most {RESULT_MAX} characters, the note {NOTE_MAX}"
        ));
    }
    if i.reason == ArrearsReason::Other && note.is_empty() {
        return Err(err!(
            InvalidInput,
            "欠费原因为「其他」时请在备注中说明",
            "with the reason \"other\", say what it is in the note"
        ));
    }
    Ok((result, note))
}

/// Record a contact with a unit about its arrears.
pub fn record(tx: &Transaction, ctx: &Ctx, i: &FollowUpInput) -> Result<FollowUp> {
    ctx.actor.require(Perm::Collect)?;
    let unit_id = estate::unit_id(tx, &i.unit)?;
    let unit = estate::unit_code(tx, unit_id)?;
    let (on, promised, next) = dates(ctx, i)?;
    let (result, note) = words(i)?;
    let arrears_fen: i64 = tx.query_row(
        "SELECT COALESCE((SELECT receivable_fen FROM unit_balances WHERE unit_id = ?1), 0)",
        [unit_id],
        |r| r.get(0),
    )?;
    if arrears_fen <= 0 {
        return Err(err!(
            InvalidInput,
            "{unit} 没有欠费，无需催缴",
            "{unit} owes nothing; there is nothing to chase"
        ));
    }
    let text = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    tx.execute(
        "INSERT INTO follow_ups(unit_id, contacted_on, way, user_id, result, reason, note, promised_on, next_on, arrears_fen, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            unit_id,
            on.to_string(),
            i.way.code(),
            ctx.actor.user_id,
            result,
            i.reason.code(),
            note,
            text(promised),
            text(next),
            arrears_fen,
            ctx.now_text()
        ],
    )?;
    let id = tx.last_insert_rowid();
    outbox::append(
        tx,
        ctx,
        &Event::FollowUpRecorded {
            unit: unit.clone(),
            contacted_on: on.to_string(),
            way: i.way.code().into(),
            by: ctx.actor.username.clone(),
            result: result.clone(),
            reason: i.reason.code().into(),
            note: note.clone(),
            promised_on: text(promised),
            next_on: text(next),
            arrears_fen,
        },
    )?;
    let detail = format!("{} {} {}", i.way.zh(), i.reason.zh(), result);
    auth::audit(tx, ctx, "record_follow_up", &unit, &detail, None, None)?;
    Ok(FollowUp {
        id,
        unit,
        contacted_on: on.to_string(),
        way: i.way,
        by: ctx.actor.display_name.clone(),
        result,
        reason: i.reason,
        note,
        promised_on: text(promised),
        next_on: text(next),
        arrears_fen,
    })
}

const COLUMNS: &str = "f.id, u.code, f.contacted_on, f.way, us.display_name, f.result, f.reason, f.note, f.promised_on, f.next_on, f.arrears_fen";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<FollowUp> {
    let way: String = r.get(3)?;
    let reason: String = r.get(6)?;
    Ok(FollowUp {
        id: r.get(0)?,
        unit: r.get(1)?,
        contacted_on: r.get(2)?,
        way: ContactWay::parse(&way).unwrap_or(ContactWay::Phone),
        by: r.get(4)?,
        result: r.get(5)?,
        reason: ArrearsReason::parse(&reason).unwrap_or(ArrearsReason::Other),
        note: r.get(7)?,
        promised_on: r.get(8)?,
        next_on: r.get(9)?,
        arrears_fen: r.get(10)?,
    })
}

/// A unit's contacts, newest first.
pub fn list(conn: &Connection, ctx: &Ctx, unit: &str) -> Result<Vec<FollowUp>> {
    ctx.actor.require(Perm::Read)?;
    let unit_id = estate::unit_id(conn, unit)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM follow_ups f JOIN units u ON u.id = f.unit_id JOIN users us ON us.id = f.user_id
         WHERE f.unit_id = ?1 ORDER BY f.id DESC"
    ))?;
    let rows = stmt.query_map([unit_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The units still in arrears whose latest contact (about the arrears owed now) set a next date on
/// or before `day` (today when none): the follow-ups due, the most overdue first.
pub fn due(conn: &Connection, ctx: &Ctx, day: Option<&str>) -> Result<Vec<FollowUp>> {
    ctx.actor.require(Perm::Read)?;
    let day = match day {
        Some(d) => date(d, ("日期", "date"))?,
        None => ctx.today(),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM follow_ups f JOIN units u ON u.id = f.unit_id JOIN users us ON us.id = f.user_id
         JOIN unit_balances ub ON ub.unit_id = f.unit_id
         WHERE f.id = (SELECT max(x.id) FROM follow_ups x WHERE x.unit_id = f.unit_id)
           AND f.contacted_on >= ub.oldest_open || '-01'
           AND f.next_on <= ?1 AND ub.receivable_fen > 0
         ORDER BY f.next_on, u.code"
    ))?;
    let rows = stmt.query_map([day.to_string()], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
