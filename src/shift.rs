//! Cashier shifts (班次): every money action belongs to the acting cashier's open shift at this desk.
//! A closed shift is frozen (ledger rule 5).

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::auth::{Ctx, Perm};
use crate::ledger::Account;
use crate::outbox::{self, Event};
use crate::{err, Money, Result};

#[derive(Debug, Clone, Serialize)]
pub struct Shift {
    pub id: i64,
    pub desk: String,
    pub cashier: String,
    pub opened_at: String,
    pub float_fen: i64,
    pub closed_at: Option<String>,
}

/// The acting user's open shift at this desk, if any.
pub fn current(conn: &Connection, ctx: &Ctx) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.id FROM shifts s WHERE s.cashier_id = ?1 AND s.desk = ?2
             AND NOT EXISTS (SELECT 1 FROM shift_closes c WHERE c.shift_id = s.id) ORDER BY s.id DESC LIMIT 1",
        )?
        .query_row(params![ctx.actor.user_id, ctx.desk], |r| r.get(0))
        .optional()?)
}

/// The open shift money actions go into; refuses when there is none.
pub fn require_open(conn: &Connection, ctx: &Ctx) -> Result<i64> {
    current(conn, ctx)?.ok_or_else(|| {
        err!(NoOpenShift, ("{} 尚未开班，请先开班（录入备用金）再收款", ctx.actor.display_name), ("{} has no open shift; open one (with the float) first", ctx.actor.username))
    })
}

pub fn is_closed(conn: &Connection, shift_id: i64) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT EXISTS(SELECT 1 FROM shift_closes WHERE shift_id = ?1)")?.query_row([shift_id], |r| r.get(0))?)
}

pub fn open(tx: &Transaction, ctx: &Ctx, float: Money) -> Result<i64> {
    ctx.actor.require(Perm::Collect)?;
    if float.is_negative() {
        return Err(err!(AmountNegative, "备用金不能为负数", "the float cannot be negative"));
    }
    if let Some(id) = current(tx, ctx)? {
        return Err(err!(ShiftAlreadyOpen, "已有未交班的班次 #{id}，请先交班", "shift #{id} is still open; close it first"));
    }
    tx.execute(
        "INSERT INTO shifts(desk, cashier_id, opened_at, float_fen) VALUES (?1, ?2, ?3, ?4)",
        params![ctx.desk, ctx.actor.user_id, ctx.now_text(), float.fen()],
    )?;
    let id = tx.last_insert_rowid();
    outbox::append(tx, ctx, &Event::ShiftOpened { shift: id, cashier: ctx.actor.username.clone(), float_fen: float.fen() })?;
    crate::auth::audit(tx, ctx, "open_shift", &format!("shift {id}"), &format!("float {float}"), None, None)?;
    Ok(id)
}

/// Cash the drawer should hold: the float plus every movement on the cash account in this shift.
pub fn expected_cash(conn: &Connection, shift_id: i64) -> Result<Money> {
    let (float, moved): (i64, i64) = conn.query_row(
        "SELECT s.float_fen, COALESCE((SELECT SUM(p.amount_fen) FROM journal_entries j JOIN postings p ON p.entry_id = j.id
                                       WHERE j.shift_id = s.id AND p.account = ?2), 0)
         FROM shifts s WHERE s.id = ?1",
        params![shift_id, Account::Cash.code()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Money::from_fen(float + moved))
}

/// Close the acting cashier's open shift with the counted cash. The difference is recorded as counted.
pub fn close(tx: &Transaction, ctx: &Ctx, counted_cash: Money, note: &str) -> Result<(i64, Money, Money)> {
    ctx.actor.require(Perm::Collect)?;
    if counted_cash.is_negative() {
        return Err(err!(AmountNegative, "清点金额不能为负数", "the counted cash cannot be negative"));
    }
    let id = require_open(tx, ctx)?;
    let expected = expected_cash(tx, id)?;
    tx.execute(
        "INSERT INTO shift_closes(shift_id, closed_at, closed_by, expected_cash_fen, counted_cash_fen, note, last_entry_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT COALESCE(MAX(id), 0) FROM journal_entries))",
        params![id, ctx.now_text(), ctx.actor.user_id, expected.fen(), counted_cash.fen(), note],
    )?;
    outbox::append(tx, ctx, &Event::ShiftClosed { shift: id, expected_cash_fen: expected.fen(), counted_cash_fen: counted_cash.fen() })?;
    crate::auth::audit(tx, ctx, "close_shift", &format!("shift {id}"), &format!("expected {expected} counted {counted_cash}"), Some(note), None)?;
    Ok((id, expected, counted_cash - expected))
}

pub fn list(conn: &Connection, limit: usize) -> Result<Vec<Shift>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.desk, u.username, s.opened_at, s.float_fen, c.closed_at
         FROM shifts s JOIN users u ON u.id = s.cashier_id LEFT JOIN shift_closes c ON c.shift_id = s.id
         ORDER BY s.id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(Shift { id: r.get(0)?, desk: r.get(1)?, cashier: r.get(2)?, opened_at: r.get(3)?, float_fen: r.get(4)?, closed_at: r.get(5)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
