//! 核对统计: the supervisor's cross-check of every cashier's shifts, and marking a shift reviewed.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::auth::{self, Ctx, Perm};
use crate::daily_report::{self, MethodCount};
use crate::outbox::{self, Event};
use crate::{err, Result};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ShiftCheck {
    pub shift_id: i64,
    pub cashier: String,
    pub opened_at: String,
    pub closed_at: Option<String>,
    pub receipts: i64,
    pub total_fen: i64,
    pub voids: i64,
    pub reversals: i64,
    pub methods: Vec<MethodCount>,
    /// Σ of the differences found at the close (cash and slips); None while open.
    pub difference_fen: Option<i64>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
}

fn check_row(conn: &Connection, id: i64) -> Result<ShiftCheck> {
    let cash = daily_report::shift_cash(conn, id)?;
    let (receipts, total_fen, voids, reversals): (i64, i64, i64, i64) = conn.query_row(
        "SELECT COUNT(*),
                COALESCE(SUM(CASE WHEN v.receipt_id IS NULL THEN r.total_fen END), 0),
                COUNT(v.receipt_id),
                COALESCE(SUM(r.kind = 'reversal'), 0)
         FROM receipts r LEFT JOIN voids v ON v.receipt_id = r.id WHERE r.shift_id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let review: Option<(String, String)> = conn
        .query_row(
            "SELECT u.display_name, w.reviewed_at FROM shift_reviews w JOIN users u ON u.id = w.reviewed_by WHERE w.shift_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let difference_fen = cash
        .closed_at
        .as_ref()
        .map(|_| cash.methods.iter().filter_map(|m| m.difference_fen).sum());
    Ok(ShiftCheck {
        shift_id: id,
        cashier: cash.cashier,
        opened_at: cash.opened_at,
        closed_at: cash.closed_at,
        receipts,
        total_fen,
        voids,
        reversals,
        methods: cash.methods,
        difference_fen,
        reviewed_by: review.as_ref().map(|r| r.0.clone()),
        reviewed_at: review.map(|r| r.1),
    })
}

/// Every shift opened at this desk between two dates (inclusive), with its totals and differences.
pub fn cross_check(
    conn: &Connection,
    ctx: &Ctx,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ShiftCheck>> {
    ctx.actor.require(Perm::Approve)?;
    if to < from {
        return Err(err!(
            InvalidInput,
            "结束日期早于开始日期",
            "the end date is before the start date"
        ));
    }
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM shifts WHERE desk = ?1 AND substr(opened_at, 1, 10) BETWEEN ?2 AND ?3 ORDER BY id")?
        .query_map(params![ctx.desk, from.to_string(), to.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| check_row(conn, id)).collect()
}

/// Closed shifts not yet reviewed that were opened more than `days` days before today.
pub fn unreviewed(conn: &Connection, ctx: &Ctx, days: i64) -> Result<Vec<ShiftCheck>> {
    ctx.actor.require(Perm::Approve)?;
    let before = (ctx.today() - chrono::Duration::days(days)).to_string();
    let ids: Vec<i64> = conn
        .prepare(
            "SELECT s.id FROM shifts s WHERE s.desk = ?1 AND substr(s.opened_at, 1, 10) < ?2
             AND NOT EXISTS (SELECT 1 FROM shift_reviews w WHERE w.shift_id = s.id) ORDER BY s.id",
        )?
        .query_map(params![ctx.desk, before], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| check_row(conn, id)).collect()
}

/// Mark a closed shift as reviewed (已复核). The reviewer is a supervisor other than its cashier.
pub fn review(tx: &Transaction, ctx: &Ctx, shift_id: i64, note: &str) -> Result<()> {
    ctx.actor.require(Perm::Approve)?;
    let cashier: i64 = tx
        .query_row(
            "SELECT cashier_id FROM shifts WHERE id = ?1",
            [shift_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| {
            err!(
                NotFound,
                "班次 #{shift_id} 不存在",
                "shift #{shift_id} not found"
            )
        })?;
    if cashier == ctx.actor.user_id {
        return Err(err!(
            SelfApproval,
            "不能复核自己的班次",
            "you cannot review your own shift"
        ));
    }
    if !crate::shift::is_closed(tx, shift_id)? {
        return Err(err!(
            InvalidInput,
            "班次 #{shift_id} 尚未交班，交班后才能复核",
            "shift #{shift_id} is still open; review it after the close"
        ));
    }
    let done: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM shift_reviews WHERE shift_id = ?1)",
        [shift_id],
        |r| r.get(0),
    )?;
    if done {
        return Err(err!(
            Duplicate,
            "班次 #{shift_id} 已复核",
            "shift #{shift_id} has already been reviewed"
        ));
    }
    tx.execute(
        "INSERT INTO shift_reviews(shift_id, reviewed_by, reviewed_at, note) VALUES (?1, ?2, ?3, ?4)",
        params![shift_id, ctx.actor.user_id, ctx.now_text(), note.trim()],
    )?;
    outbox::append(
        tx,
        ctx,
        &Event::ShiftReviewed {
            shift: shift_id,
            reviewer: ctx.actor.username.clone(),
            note: note.trim().into(),
        },
    )?;
    auth::audit(
        tx,
        ctx,
        "review_shift",
        &format!("shift {shift_id}"),
        "",
        Some(note.trim()),
        None,
    )?;
    Ok(())
}
