//! 日结 (the day close): once every shift of a day is closed, the desk closes the day. Nothing can be
//! dated into it afterwards, and the desk signs its own figures of the day (the daily closing) for head
//! office, which recomputes them from the events and flags any difference.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::auth::{self, Ctx, Perm};
use crate::daily_report::{self, DailyCashReport, DailyScope, NumberRange};
use crate::outbox::{self, Event};
use crate::{err, Result};
use feedesk_protocol::{DailyClosing, DayFigures, DocumentRange};

/// 日结: close a day at this desk once all of its shifts are closed. Afterwards nothing can be entered
/// for that day or any earlier one.
pub fn close_day(tx: &Transaction, ctx: &Ctx, date: NaiveDate) -> Result<()> {
    ctx.actor.require(Perm::Collect)?;
    let d = date.format("%Y-%m-%d").to_string();
    if date > ctx.today() {
        return Err(err!(
            InvalidInput,
            "不能日结未来的日期 {d}",
            "cannot close a future day {d}"
        ));
    }
    let closed: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM day_closes WHERE desk = ?1 AND date >= ?2)",
        params![ctx.desk, d],
        |r| r.get(0),
    )?;
    if closed {
        return Err(err!(ShiftClosed, "{d} 已日结", "{d} is already closed"));
    }
    let open: Vec<String> = tx
        .prepare(
            "SELECT u.display_name || ' #' || s.id FROM shifts s JOIN users u ON u.id = s.cashier_id
             WHERE s.desk = ?1 AND substr(s.opened_at, 1, 10) <= ?2 AND NOT EXISTS (SELECT 1 FROM shift_closes c WHERE c.shift_id = s.id)",
        )?
        .query_map(params![ctx.desk, d], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !open.is_empty() {
        let list = open.join("、");
        return Err(err!(
            ShiftAlreadyOpen,
            "还有未交班的班次：{list}，全部交班后才能日结",
            "shifts still open: {list}; close them all before the day close"
        ));
    }
    tx.execute(
        "INSERT INTO day_closes(desk, date, closed_at, closed_by) VALUES (?1, ?2, ?3, ?4)",
        params![ctx.desk, d, ctx.now_text(), ctx.actor.user_id],
    )?;
    outbox::append(tx, ctx, &Event::DayClosed { date: d.clone() })?;
    sign_closing(tx, ctx, date)?;
    auth::audit(tx, ctx, "close_day", &d, "", None, None)?;
    crate::db::mark_backup_due(tx, "day_close")?;
    Ok(())
}

/// The last day closed at this desk, if any (`YYYY-MM-DD`).
pub fn last_closed(conn: &rusqlite::Connection, ctx: &Ctx) -> Result<Option<String>> {
    ctx.actor.require(Perm::Read)?;
    Ok(conn
        .prepare_cached("SELECT MAX(date) FROM day_closes WHERE desk = ?1")?
        .query_row([&ctx.desk], |r| r.get(0))?)
}

/// The day's figures as the desk's daily cash report has them.
pub fn figures(r: &DailyCashReport) -> DayFigures {
    let range = |n: &NumberRange| DocumentRange {
        count: n.count as i64,
        first: n.first.clone(),
        last: n.last.clone(),
    };
    let voided: Vec<_> = r.lines.iter().filter(|l| l.voided).collect();
    DayFigures {
        receipts: range(&r.receipts),
        vouchers: range(&r.vouchers),
        by_method: r.by_method.iter().map(|a| (a.key.clone(), a.fen)).collect(),
        by_item: r.by_item.iter().map(|a| (a.key.clone(), a.fen)).collect(),
        deposits_taken_fen: r.deposits_collected_fen,
        deposits_refunded_fen: r.deposits_returned_fen,
        prepayments_received_fen: r.prepayments_received_fen,
        voided_count: voided.len() as i64,
        voided_fen: voided.iter().map(|l| l.amount_fen).sum(),
        reversals_count: r.reversals.count,
        reversals_fen: r.reversals.fen,
        total_fen: r.total_fen,
    }
}

/// Write the day's signed closing: its figures, the grand total running on from the day before, and
/// the chain head they were taken at.
fn sign_closing(tx: &Transaction, ctx: &Ctx, date: NaiveDate) -> Result<()> {
    let report = daily_report::compute(tx, ctx, &DailyScope::DeskDay { date })?;
    let figures = figures(&report);
    let before: i64 = tx
        .prepare_cached(
            "SELECT grand_total_fen FROM daily_closings WHERE desk = ?1 ORDER BY date DESC LIMIT 1",
        )?
        .query_row([&ctx.desk], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    let grand_total_fen = before + figures.total_fen;
    let (chain_head_seq, chain_head_hash) = outbox::head(tx)?;
    let d = date.format("%Y-%m-%d").to_string();
    let total_fen = figures.total_fen;
    let seq = outbox::append(
        tx,
        ctx,
        &Event::DailyClosing(DailyClosing {
            date: d.clone(),
            figures,
            grand_total_fen,
            chain_head_seq,
            chain_head_hash,
        }),
    )?;
    tx.execute(
        "INSERT INTO daily_closings(desk, date, total_fen, grand_total_fen, event_seq) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![ctx.desk, d, total_fen, grand_total_fen, seq],
    )?;
    Ok(())
}
