//! The counter: collecting, counter sales, voids and reversals, receipts looked up.

use feedesk_ledger::db::with_tx;
use feedesk_ledger::{auth, collect, corrections, receipt_search, receipts};

use crate::*;

pub fn collect(l: &mut Ledger, ctx: &Ctx, req: &CollectRequest) -> Result<Receipt> {
    with_tx(&mut l.conn, |tx| collect::collect(tx, ctx, req))
}

/// What paying the unit's chosen charges (all of them without ids) would settle: in full, or as far
/// as `amount_fen` reaches (部分缴纳); with the charges grouped by fee item.
pub fn allocation(
    l: &Ledger,
    ctx: &Ctx,
    unit: &str,
    charges: Option<&[i64]>,
    amount_fen: Option<i64>,
) -> Result<Allocation> {
    ctx.actor.require(auth::Perm::Read)?;
    feedesk_ledger::allocation::allocation(&l.conn, unit, charges, amount_fen)
}

pub fn sale(l: &mut Ledger, ctx: &Ctx, req: &SaleRequest) -> Result<Receipt> {
    with_tx(&mut l.conn, |tx| collect::sale(tx, ctx, req))
}

pub fn void_receipt(
    l: &mut Ledger,
    ctx: &Ctx,
    number: &str,
    reason: &str,
    approval: &Approval,
) -> Result<Receipt> {
    with_tx(&mut l.conn, |tx| {
        corrections::void(tx, ctx, number, reason, approval)
    })
}

pub fn reverse_receipt(
    l: &mut Ledger,
    ctx: &Ctx,
    number: &str,
    reason: &str,
    approval: &Approval,
) -> Result<Receipt> {
    with_tx(&mut l.conn, |tx| {
        corrections::reverse(tx, ctx, number, reason, approval)
    })
}

pub fn receipt(l: &Ledger, ctx: &Ctx, number: &str) -> Result<Receipt> {
    ctx.actor.require(auth::Perm::Read)?;
    receipts::receipt(&l.conn, number)
}

pub fn receipts(l: &Ledger, ctx: &Ctx, query: &str, limit: usize) -> Result<Vec<ReceiptRow>> {
    ctx.actor.require(auth::Perm::Read)?;
    receipt_search::search(&l.conn, query, limit)
}

/// What the tenders typed so far come to against `due_fen`: tendered, change (from cash only), missing.
pub fn tender_preview(due_fen: i64, lines: &[TenderLine]) -> TenderPreview {
    feedesk_ledger::tender::preview(Money::from_fen(due_fen), lines)
}
