//! Taking a deposit (收押金) and voiding one taken in error.
use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::json;

use super::*;
use crate::auth::{Actor, Ctx, Perm};
use crate::estate;
use crate::journal::{Account, JournalEntry};
use crate::receipts::{issue, payment_lines, Draft, LineDraft, ReceiptKind};
use crate::shift;
use crate::tender::{settle, PayMethod};
use crate::{err, Result};

/// A deposit is a positive amount up to [`MAX_DEPOSIT`].
fn check_amount(amount: Money) -> Result<()> {
    if amount.is_negative() {
        return Err(err!(
            AmountNegative,
            "押金金额不能为负数",
            "the deposit cannot be negative"
        ));
    }
    if amount.is_zero() {
        return Err(err!(
            AmountEmpty,
            "请填写押金金额",
            "enter the deposit amount"
        ));
    }
    if amount > MAX_DEPOSIT {
        return Err(err!(
            AmountTooLarge,
            (
                "押金 ¥{} 超过上限 ¥{}",
                amount.grouped(),
                MAX_DEPOSIT.grouped()
            ),
            (
                "a deposit of {} is beyond the limit of {}",
                amount,
                MAX_DEPOSIT
            )
        ));
    }
    Ok(())
}

/// The contractor's phone: at least seven digits, nothing but digits and ` -+()`.
fn check_phone(given: &str) -> Result<String> {
    let phone = required(given, 32, ("施工单位电话", "contractor's phone"))?;
    if phone.chars().filter(|c| c.is_ascii_digit()).count() < 7
        || !phone
            .chars()
            .all(|c| c.is_ascii_digit() || " -+()".contains(c))
    {
        return Err(err!(
            InvalidInput,
            "电话「{phone}」无效",
            "phone number \"{phone}\" is invalid"
        ));
    }
    Ok(phone)
}

/// One open deposit per decoration permit.
fn check_permit_free(tx: &Transaction, permit: &str) -> Result<()> {
    let open_same_permit: Option<i64> = tx
        .prepare_cached(&format!(
            "SELECT d.id FROM deposits d WHERE d.permit_no = ?1
             AND NOT EXISTS (SELECT 1 FROM deposit_events e WHERE e.deposit_id = d.id AND e.kind IN {CLOSING_KINDS_SQL}) LIMIT 1"
        ))?
        .query_row([permit], |r| r.get(0))
        .optional()?;
    if let Some(other) = open_same_permit {
        return Err(err!(
            Duplicate,
            "装修许可证 {permit} 已收押金（#{other}，尚未结清）",
            "permit {permit} already has an open deposit (#{other})"
        ));
    }
    Ok(())
}

/// Take a deposit: a numbered receipt (kind `deposit`) in the cashier's open shift, the money to
/// the method accounts and the liability `2241:deposit:<unit>`.
pub fn collect(tx: &Transaction, ctx: &Ctx, req: &CollectDepositRequest) -> Result<DepositReceipt> {
    ctx.actor.require(Perm::Collect)?;
    let shift_id = shift::require_open(tx, ctx)?;
    let unit_id = estate::unit_id(tx, &req.unit)?;
    let unit_code = estate::unit_code(tx, unit_id)?;
    let amount = req.amount;
    check_amount(amount)?;
    let contractor = required(&req.contractor, 100, ("施工单位", "contractor"))?;
    let phone = check_phone(&req.contractor_phone)?;
    let permit = required(&req.permit_no, 50, ("装修许可证号", "permit number"))?;
    let note = text(&req.note, MAX_TEXT, ("备注", "note"))?;
    if req.planned_end < ctx.today() {
        let d = req.planned_end;
        return Err(err!(
            InvalidInput,
            "计划完工日期 {d} 已过，请核对",
            "the planned end {d} is already past; check it"
        ));
    }
    check_permit_free(tx, &permit)?;
    if req
        .tenders
        .iter()
        .any(|t| t.method == PayMethod::Prepayment)
    {
        return Err(err!(
            InvalidInput,
            "装修押金不能用预存款抵扣",
            "a decoration deposit cannot be paid from the prepayment balance"
        ));
    }
    let (payments, _) = settle(amount, &req.tenders, false, None)?;
    let mut jl = payment_lines(&payments, Some(&unit_code), 1)?;
    jl.push((Account::Deposit(unit_code.clone()), -amount));
    let entry = JournalEntry::new("deposit", format!("{unit_code} 装修押金"), jl)?;
    let payer = match &req.payer {
        Some(p) if !p.trim().is_empty() => text(p, 100, ("交款人", "payer"))?,
        _ => estate::owner_name(tx, unit_id)?.unwrap_or_else(|| unit_code.clone()),
    };
    let line = LineDraft {
        kind: "deposit",
        charge_id: None,
        item_id: None,
        item_code: None,
        quantity: None,
        rate: None,
        period: None,
        description: "装修押金".into(),
        basis: format!(
            "许可证 {permit}，施工单位 {contractor}，计划完工 {}",
            req.planned_end
        ),
        amount,
    };
    let receipt = issue(
        tx,
        ctx,
        Draft {
            kind: ReceiptKind::Deposit,
            shift_id,
            unit: Some((unit_id, unit_code.clone())),
            payer: payer.clone(),
            note: &note,
            lines: vec![line],
            payments,
            allocations: vec![],
            entry,
            reverses: None,
            reason: None,
            approver: None,
            remaining: None,
        },
    )?;
    let rid = receipt_id(tx, &receipt.number)?;
    tx.prepare_cached(
        "INSERT INTO deposits(unit_id, receipt_id, payer, contractor, contractor_phone, amount_fen, permit_no, planned_end, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![unit_id, rid, payer, contractor, phone, amount.fen(), permit, req.planned_end.to_string(), ctx.now_text()])?;
    let id = tx.last_insert_rowid();
    let d = load(tx, ctx, id)?.d;
    record(
        tx,
        ctx,
        &d,
        COLLECTED,
        None,
        &note,
        json!({
            "receipt": receipt.number,
            "amount_fen": amount.fen(),
            "payer": payer,
            "contractor": contractor,
            // Head office gets the contractor's phone masked, like every other personal datum.
            "contractor_phone": estate::mask_phone(&phone),
            "permit_no": permit,
            "planned_end": req.planned_end.to_string(),
        }),
        Some(rid),
        vec![],
        &format!("amount {amount} receipt {}", receipt.number),
    )?;
    Ok(DepositReceipt {
        deposit: load(tx, ctx, id)?.d,
        receipt,
    })
}

/// The deposit whose receipt `receipt_id` is about to be voided: only one taken in error, with nothing
/// done since (no inspection, no refund request), may go.
pub(crate) fn before_void(tx: &Transaction, ctx: &Ctx, receipt_id: i64) -> Result<Deposit> {
    let id: i64 = tx
        .prepare_cached("SELECT id FROM deposits WHERE receipt_id = ?1")?
        .query_row([receipt_id], |r| r.get(0))?;
    let d = load(tx, ctx, id)?.d;
    if d.closed {
        return Err(closed_err(&d));
    }
    if d.events.len() > 1 {
        return Err(err!(
            WrongState,
            (
                "装修押金 #{}（{}）已有后续办理（{}），收据不能作废；请办理退还",
                d.id,
                d.unit,
                d.events.last().map(|e| e.step_zh.as_str()).unwrap_or_default()
            ),
            (
                "decoration deposit #{} ({}) has steps after its collection; its receipt cannot be voided, refund it instead",
                d.id,
                d.unit
            )
        ));
    }
    Ok(d)
}

/// The step that closes a deposit whose receipt was just voided (the void's own entry reverses the money).
pub(crate) fn record_void(
    tx: &Transaction,
    ctx: &Ctx,
    d: &Deposit,
    reason: &str,
    approver: &Actor,
    receipt_id: i64,
) -> Result<()> {
    record(
        tx,
        ctx,
        d,
        VOIDED,
        Some(approver),
        reason,
        json!({ "receipt": d.receipt, "amount_fen": d.amount_fen }),
        Some(receipt_id),
        vec![],
        &format!("receipt {} voided", d.receipt),
    )
}
