//! Decoration deposits (装修押金): taken, inspected, refunded, forfeited or moved to prepayment.

use feedesk_ledger::db::with_tx;
use feedesk_ledger::deposits;

use crate::*;

/// Take a decoration deposit: a numbered receipt in the cashier's open shift.
pub fn deposit_collect(
    l: &mut Ledger,
    ctx: &Ctx,
    req: &CollectDepositRequest,
) -> Result<DepositReceipt> {
    with_tx(&mut l.conn, |tx| deposits::collect(tx, ctx, req))
}

/// Record the inspection: passed, or failed with findings.
pub fn deposit_inspect(
    l: &mut Ledger,
    ctx: &Ctx,
    id: i64,
    inspection: &Inspection,
) -> Result<Deposit> {
    with_tx(&mut l.conn, |tx| deposits::inspect(tx, ctx, id, inspection))
}

/// Request the refund with itemised deductions and unpaid charges to settle; nothing moves yet.
pub fn deposit_request_refund(
    l: &mut Ledger,
    ctx: &Ctx,
    id: i64,
    req: &RefundRequest,
) -> Result<Deposit> {
    with_tx(&mut l.conn, |tx| deposits::request_refund(tx, ctx, id, req))
}

/// A supervisor approves a refund request (never their own).
pub fn deposit_approve_refund(l: &mut Ledger, ctx: &Ctx, id: i64, note: &str) -> Result<Deposit> {
    with_tx(&mut l.conn, |tx| {
        deposits::approve_refund(tx, ctx, id, note)
    })
}

/// A supervisor rejects a refund request (or withdraws an approval before the payout).
pub fn deposit_reject_refund(l: &mut Ledger, ctx: &Ctx, id: i64, reason: &str) -> Result<Deposit> {
    with_tx(&mut l.conn, |tx| {
        deposits::reject_refund(tx, ctx, id, reason)
    })
}

/// Pay out an approved refund on a refund voucher (退款凭证) in the cashier's open shift.
pub fn deposit_refund(
    l: &mut Ledger,
    ctx: &Ctx,
    id: i64,
    method: PayMethod,
    reference: &str,
) -> Result<DepositReceipt> {
    with_tx(&mut l.conn, |tx| {
        deposits::refund(tx, ctx, id, method, reference)
    })
}

/// 没收 a deposit, with a supervisor's approval.
pub fn deposit_forfeit(
    l: &mut Ledger,
    ctx: &Ctx,
    id: i64,
    reason: &str,
    approval: &Approval,
) -> Result<Deposit> {
    with_tx(&mut l.conn, |tx| {
        deposits::forfeit(tx, ctx, id, reason, approval)
    })
}

/// Move a deposit to the unit's prepayment balance, with a supervisor's approval.
pub fn deposit_transfer(
    l: &mut Ledger,
    ctx: &Ctx,
    id: i64,
    reason: &str,
    approval: &Approval,
) -> Result<Deposit> {
    with_tx(&mut l.conn, |tx| {
        deposits::transfer(tx, ctx, id, reason, approval)
    })
}

/// One deposit with its events and state.
pub fn deposit(l: &Ledger, ctx: &Ctx, id: i64) -> Result<Deposit> {
    deposits::get(&l.conn, ctx, id)
}

/// 装修押金统计: held, overdue for inspection, refunded in a month, or all, with totals.
pub fn deposits(l: &Ledger, ctx: &Ctx, filter: &DepositFilter) -> Result<DepositList> {
    deposits::list(&l.conn, ctx, filter)
}
