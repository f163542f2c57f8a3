//! Corrections (更正): 作废 voids a receipt of a still-open shift (its number stays, marked void);
//! 红冲 reverses one of a closed shift with a new negative receipt that points at it. Both need a
//! supervisor's approval and a reason, and reopen the charges the receipt settled.

use rusqlite::{params, OptionalExtension, Transaction};

use crate::auth::{self, Approval, Ctx, Perm};
use crate::charges::{prepayment_balance, update_unit_balance};
use crate::deposits;
use crate::fees;
use crate::journal::{self, Account, EntryLinks, JournalEntry};
use crate::outbox::{self, AllocationRecord, Event};
use crate::receipts::{issue, receipt, Draft, LineDraft, Receipt, ReceiptKind};
use crate::shift;
use crate::tender::PaymentDraft;
use crate::{err, Money, Result};

struct Original {
    id: i64,
    number: String,
    kind: ReceiptKind,
    unit: Option<(i64, String)>,
    shift_id: i64,
    cashier_id: i64,
    payer: String,
    voided: bool,
    reversed: bool,
    entry_id: i64,
}

/// The receipt to void or reverse. A deposit receipt may only be voided (`deposit_void`): a deposit
/// taken in error, in the same shift; any later undoing of a deposit is its refund.
fn load_original(tx: &Transaction, number: &str, deposit_void: bool) -> Result<Original> {
    let number = number.trim();
    let row = tx
        .query_row(
            "SELECT r.id, r.number, r.kind, r.unit_id, u.code, r.shift_id, r.cashier_id, r.payer,
                    EXISTS(SELECT 1 FROM voids v WHERE v.receipt_id = r.id),
                    EXISTS(SELECT 1 FROM receipts x WHERE x.reverses_receipt_id = r.id),
                    (SELECT MIN(j.id) FROM journal_entries j WHERE j.receipt_id = r.id)
             FROM receipts r LEFT JOIN units u ON u.id = r.unit_id WHERE r.number = ?1",
            [number],
            |r| {
                let uid: Option<i64> = r.get(3)?;
                let ucode: Option<String> = r.get(4)?;
                Ok(Original {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    kind: r.get(2)?,
                    unit: uid.zip(ucode),
                    shift_id: r.get(5)?,
                    cashier_id: r.get(6)?,
                    payer: r.get(7)?,
                    voided: r.get(8)?,
                    reversed: r.get(9)?,
                    entry_id: r.get(10)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| {
            err!(
                NotFound,
                "收据「{number}」不存在",
                "receipt \"{number}\" not found"
            )
        })?;
    if row.voided {
        return Err(err!(
            AlreadyVoided,
            "收据 {number} 已作废",
            "receipt {number} is already void"
        ));
    }
    if row.reversed {
        return Err(err!(
            AlreadyVoided,
            "收据 {number} 已红冲",
            "receipt {number} has already been reversed"
        ));
    }
    if row.kind == ReceiptKind::Refund || (row.kind == ReceiptKind::Deposit && !deposit_void) {
        return Err(err!(
            VoidNotAllowed,
            "{number} 是装修押金单据，请在押金管理中办理退还、没收或转预存",
            "{number} is a deposit document; use the deposit steps (refund, forfeit, transfer) instead"
        ));
    }
    if row.kind == ReceiptKind::Reversal {
        return Err(err!(
            VoidNotAllowed,
            "{number} 是红冲收据，不能再作废或红冲",
            "{number} is a reversal; it cannot be voided or reversed"
        ));
    }
    Ok(row)
}

/// Undoing a receipt must not take back prepayment the unit has since spent.
fn check_prepayment_still_there(tx: &Transaction, o: &Original, undo: &JournalEntry) -> Result<()> {
    if let Some((uid, code)) = &o.unit {
        let d = -undo.movement(&Account::Prepayment(code.clone()));
        let bal = prepayment_balance(tx, *uid)?;
        if bal.fen() + d < 0 {
            return Err(err!(VoidNotAllowed, ("{} 存入的预存款已被使用（余额 ¥{bal}），不能撤销", o.number), ("the prepayment added by {} has since been used (balance {bal}); it cannot be undone", o.number)));
        }
    }
    Ok(())
}

fn reopen_allocations(tx: &Transaction, o: &Original) -> Result<Vec<(i64, AllocationRecord)>> {
    let mut stmt = tx.prepare_cached(
        "SELECT a.charge_id, u.code, f.code, c.period, a.amount_fen FROM allocations a
         JOIN charges c ON c.id = a.charge_id JOIN units u ON u.id = c.unit_id JOIN fee_items f ON f.id = c.fee_item_id
         WHERE a.receipt_id = ?1 ORDER BY a.id",
    )?;
    let rows = stmt.query_map([o.id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            AllocationRecord {
                unit: r.get(1)?,
                item: r.get(2)?,
                period: r.get(3)?,
                fen: -r.get::<_, i64>(4)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn require_reason(reason: &str) -> Result<String> {
    let r = reason.trim();
    if r.chars().count() < 2 {
        return Err(err!(InvalidInput, "请填写原因", "give a reason"));
    }
    Ok(r.to_string())
}

/// 作废: void a receipt of a still-open shift. The number stays, marked void; its charges reopen.
pub fn void(
    tx: &Transaction,
    ctx: &Ctx,
    number: &str,
    reason: &str,
    approval: &Approval,
) -> Result<Receipt> {
    ctx.actor.require(Perm::Collect)?;
    let reason = require_reason(reason)?;
    let o = load_original(tx, number, true)?;
    let shift_closed = shift::is_closed(tx, o.shift_id)?;
    if shift_closed && o.kind == ReceiptKind::Deposit {
        return Err(err!(
            VoidNotAllowed,
            ("押金收据 {} 所在班次已交班，不能作废；请在押金管理中办理退还", o.number),
            (
                "deposit receipt {}'s shift is closed; it cannot be voided: refund the deposit instead",
                o.number
            )
        ));
    }
    if shift_closed {
        return Err(err!(
            VoidNotAllowed,
            ("收据 {} 所在班次已交班，不能作废，只能红冲", o.number),
            (
                "receipt {}'s shift is closed; it cannot be voided, only reversed",
                o.number
            )
        ));
    }
    if o.cashier_id != ctx.actor.user_id && !auth::allows(ctx.actor.role, Perm::Approve) {
        return Err(err!(
            Forbidden,
            "只能作废自己开具的收据",
            "you can only void your own receipts"
        ));
    }
    let deposit = match o.kind {
        ReceiptKind::Deposit => Some(deposits::before_void(tx, ctx, o.id)?),
        _ => None,
    };
    let approver = auth::approve(tx, ctx, approval)?;
    let original = JournalEntry::load(tx, o.entry_id)?;
    let undo = original.negated("void", format!("作废 {}", o.number));
    check_prepayment_still_there(tx, &o, &undo)?;
    tx.execute(
        "INSERT INTO voids(receipt_id, reason, voided_by, approved_by, voided_at, shift_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![o.id, reason, ctx.actor.user_id, approver.user_id, ctx.now_text(), o.shift_id],
    )?;
    journal::post(
        tx,
        ctx,
        &undo,
        EntryLinks {
            shift_id: Some(o.shift_id),
            receipt_id: Some(o.id),
            reverses_entry_id: Some(o.entry_id),
        },
    )?;
    let allocations = reopen_allocations(tx, &o)?;
    {
        let mut ins = tx.prepare_cached(
            "INSERT INTO allocations(charge_id, receipt_id, amount_fen) VALUES (?1, ?2, ?3)",
        )?;
        for (cid, a) in &allocations {
            ins.execute(params![cid, o.id, a.fen])?;
        }
    }
    if let Some((uid, code)) = &o.unit {
        let reopened = allocations.iter().map(|(_, a)| a.period.as_str()).min();
        update_unit_balance(tx, *uid, code, &undo, reopened)?;
    }
    outbox::append(
        tx,
        ctx,
        &Event::ReceiptVoided {
            number: o.number.clone(),
            reason: reason.clone(),
            voided_by: ctx.actor.username.clone(),
            approved_by: approver.username.clone(),
            allocations: allocations.into_iter().map(|(_, a)| a).collect(),
            postings: undo.postings().to_vec(),
        },
    )?;
    if let Some(d) = &deposit {
        deposits::record_void(tx, ctx, d, &reason, &approver, o.id)?;
    }
    auth::audit(
        tx,
        ctx,
        "void_receipt",
        &o.number,
        "",
        Some(&reason),
        Some(approver.user_id),
    )?;
    receipt(tx, &o.number)
}

/// 红冲: reverse a receipt whose shift is closed, with a new (negative) receipt in the current shift
/// that points at the original. Money goes back by the methods it came in.
pub fn reverse(
    tx: &Transaction,
    ctx: &Ctx,
    number: &str,
    reason: &str,
    approval: &Approval,
) -> Result<Receipt> {
    ctx.actor.require(Perm::Collect)?;
    let reason = require_reason(reason)?;
    let shift_id = shift::require_open(tx, ctx)?;
    let o = load_original(tx, number, false)?;
    if !shift::is_closed(tx, o.shift_id)? {
        return Err(err!(
            VoidNotAllowed,
            ("收据 {} 所在班次尚未交班，请直接作废", o.number),
            (
                "receipt {}'s shift is still open; void it instead",
                o.number
            )
        ));
    }
    let approver = auth::approve(tx, ctx, approval)?;
    let original = JournalEntry::load(tx, o.entry_id)?;
    let undo = original.negated("reversal", format!("红冲 {}", o.number));
    check_prepayment_still_there(tx, &o, &undo)?;
    let orig = receipt(tx, &o.number)?;
    let lines = orig
        .lines
        .iter()
        .map(|l| -> Result<LineDraft> {
            Ok(LineDraft {
                kind: match l.kind.as_str() {
                    "charge" => "charge",
                    "sale" => "sale",
                    _ => "prepayment", // deposit documents never get here: load_original refuses them
                },
                charge_id: None,
                item_id: l
                    .item
                    .as_deref()
                    .map(|code| fees::item(tx, code).map(|f| f.id))
                    .transpose()?,
                item_code: l.item.clone(),
                quantity: None,
                rate: None,
                period: l.period.clone(),
                description: format!("红冲 {}", l.description),
                basis: l.basis.clone(),
                amount: -Money::from_fen(l.amount_fen),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let payments = orig
        .payments
        .iter()
        .map(|p| PaymentDraft {
            method: p.method,
            amount: -Money::from_fen(p.amount_fen),
            tendered: None,
            change: None,
            reference: String::new(),
        })
        .collect();
    let allocations = reopen_allocations(tx, &o)?;
    issue(
        tx,
        ctx,
        Draft {
            kind: ReceiptKind::Reversal,
            shift_id,
            unit: o.unit.clone(),
            payer: o.payer.clone(),
            note: "",
            lines,
            payments,
            allocations,
            entry: undo,
            reverses: Some((o.id, o.number.clone(), o.entry_id)),
            reason: Some(reason),
            approver: Some(approver),
            remaining: None,
        },
    )
}
