//! Closing a deposit without a refund: 没收 (forfeit) or moving it to the unit's prepayment.
use rusqlite::Transaction;
use serde_json::json;

use super::*;
use crate::auth::{self, Approval, Ctx, Perm};
use crate::charges;
use crate::journal::{self, Account, EntryLinks, JournalEntry};
use crate::{Money, Result};

/// 没收: the whole deposit becomes other income, with a supervisor's approval. No money moves.
pub fn forfeit(
    tx: &Transaction,
    ctx: &Ctx,
    id: i64,
    why: &str,
    approval: &Approval,
) -> Result<Deposit> {
    ctx.actor.require(Perm::Collect)?;
    let why = reason(why)?;
    let x = load(tx, ctx, id)?;
    if x.d.closed {
        return Err(closed_err(&x.d));
    }
    let approver = auth::approve(tx, ctx, approval)?;
    let held = Money::from_fen(x.d.held_fen);
    let entry = JournalEntry::new(
        "deposit_forfeit",
        format!("{} 装修押金 #{id} 没收", x.d.unit),
        [
            (Account::Deposit(x.d.unit.clone()), held),
            (Account::OtherIncome("deposit-forfeit".into()), -held),
        ],
    )?;
    journal::post(tx, ctx, &entry, EntryLinks::default())?;
    record(
        tx,
        ctx,
        &x.d,
        FORFEITED,
        Some(&approver),
        &why,
        json!({"held_fen": held.fen()}),
        None,
        entry.postings().to_vec(),
        &format!("forfeited {held}"),
    )?;
    Ok(load(tx, ctx, id)?.d)
}

/// 转预存: after a passed inspection, the whole deposit becomes the unit's prepayment balance, with a
/// supervisor's approval. No money moves.
pub fn transfer(
    tx: &Transaction,
    ctx: &Ctx,
    id: i64,
    why: &str,
    approval: &Approval,
) -> Result<Deposit> {
    ctx.actor.require(Perm::Collect)?;
    let why = reason(why)?;
    let x = load(tx, ctx, id)?;
    match x.d.state {
        DepositState::InspectionPassed => {}
        DepositState::RefundRequested | DepositState::RefundApproved => {
            return Err(wrong_state(
                &x.d,
                "已有退款申请，请先由主管驳回再转预存",
                "a refund request is open; have it rejected first",
            ))
        }
        DepositState::UnderWay | DepositState::InspectionFailed => {
            return Err(wrong_state(
                &x.d,
                "验收通过后才能转为预存款",
                "it can be transferred only after the inspection has passed",
            ))
        }
        _ => return Err(closed_err(&x.d)),
    }
    let approver = auth::approve(tx, ctx, approval)?;
    let held = Money::from_fen(x.d.held_fen);
    let entry = JournalEntry::new(
        "deposit_transfer",
        format!("{} 装修押金 #{id} 转预存", x.d.unit),
        [
            (Account::Deposit(x.d.unit.clone()), held),
            (Account::Prepayment(x.d.unit.clone()), -held),
        ],
    )?;
    journal::post(tx, ctx, &entry, EntryLinks::default())?;
    charges::update_unit_balance(tx, x.unit_id, &x.d.unit, &entry, None)?;
    record(
        tx,
        ctx,
        &x.d,
        TRANSFERRED,
        Some(&approver),
        &why,
        json!({"held_fen": held.fen()}),
        None,
        entry.postings().to_vec(),
        &format!("transferred {held} to prepayment"),
    )?;
    Ok(load(tx, ctx, id)?.d)
}
