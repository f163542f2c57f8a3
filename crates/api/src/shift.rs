//! Shifts (班次): opening with a float, cash in and out, the close with its count, the day close (日结).

use feedesk_ledger::db::with_tx;
use feedesk_ledger::{auth, shift};

use crate::*;

pub fn open_shift(l: &mut Ledger, ctx: &Ctx, float: Money) -> Result<i64> {
    with_tx(&mut l.conn, |tx| shift::open(tx, ctx, float))
}

pub fn close_shift(l: &mut Ledger, ctx: &Ctx, req: &CloseRequest) -> Result<ShiftClosed> {
    with_tx(&mut l.conn, |tx| shift::close(tx, ctx, req))
}

/// Cash into the drawer (positive) or out of it (negative), with a reason.
pub fn cash_movement(l: &mut Ledger, ctx: &Ctx, amount: Money, reason: &str) -> Result<i64> {
    with_tx(&mut l.conn, |tx| {
        shift::cash_movement(tx, ctx, amount, reason)
    })
}

/// The cash difference allowed at a shift close without a supervisor (default ¥5.00).
pub fn set_cash_tolerance(l: &mut Ledger, ctx: &Ctx, tolerance: Money) -> Result<()> {
    with_tx(&mut l.conn, |tx| shift::set_tolerance(tx, ctx, tolerance))
}

/// 日结 of a date at this desk.
pub fn close_day(l: &mut Ledger, ctx: &Ctx, date: chrono::NaiveDate) -> Result<()> {
    with_tx(&mut l.conn, |tx| {
        feedesk_ledger::day_close::close_day(tx, ctx, date)
    })
}

/// The last day closed (日结) at this desk.
pub fn last_day_close(l: &Ledger, ctx: &Ctx) -> Result<Option<String>> {
    feedesk_ledger::day_close::last_closed(&l.conn, ctx)
}

pub fn current_shift(l: &Ledger, ctx: &Ctx) -> Result<Option<i64>> {
    shift::current(&l.conn, ctx)
}

pub fn shifts(l: &Ledger, ctx: &Ctx, limit: usize) -> Result<Vec<Shift>> {
    ctx.actor.require(auth::Perm::Read)?;
    shift::list(&l.conn, limit)
}
