//! The road to a refund: inspection (竣工验收), the request with its deductions, a supervisor's
//! decision, and the payout on a refund voucher (退款凭证).
use rusqlite::Transaction;
use serde_json::json;

use super::*;
use crate::auth::{Ctx, Perm};
use crate::charges;
use crate::charges::OpenCharge;
use crate::journal::{Account, JournalEntry};
use crate::outbox::AllocationRecord;
use crate::receipts::{issue, payment_lines, Draft, LineDraft, ReceiptKind};
use crate::shift;
use crate::tender::{PayMethod, PaymentDraft};
use crate::{err, fees, money, Money, Result};

/// Record the inspection (竣工验收): passed, or failed with findings to put right. A failed
/// deposit can be inspected again.
pub fn inspect(tx: &Transaction, ctx: &Ctx, id: i64, r: &Inspection) -> Result<Deposit> {
    ctx.actor.require(Perm::Collect)?;
    let x = load(tx, ctx, id)?;
    let findings = text(&r.findings, MAX_TEXT * 2, ("验收意见", "findings"))?;
    if !r.passed && findings.chars().count() < 2 {
        return Err(err!(
            InvalidInput,
            "验收不通过请填写存在的问题（整改意见）",
            "a failed inspection needs its findings"
        ));
    }
    if !matches!(
        x.d.state,
        DepositState::UnderWay | DepositState::InspectionFailed
    ) {
        return Err(wrong_state(
            &x.d,
            "不能再登记验收",
            "the inspection cannot be recorded now",
        ));
    }
    let kind = if r.passed {
        INSPECTED_PASSED
    } else {
        INSPECTED_FAILED
    };
    record(
        tx,
        ctx,
        &x.d,
        kind,
        None,
        &findings,
        json!({"passed": r.passed, "findings": findings}),
        None,
        vec![],
        if r.passed {
            "inspection passed"
        } else {
            "inspection failed"
        },
    )?;
    Ok(load(tx, ctx, id)?.d)
}

/// Request the refund, with itemised deductions and unpaid charges of the unit to settle from it.
/// Only after a passed inspection. Records the plan; nothing moves until [`refund`]. A new request
/// replaces a pending or approved one (and needs approval again).
pub fn request_refund(
    tx: &Transaction,
    ctx: &Ctx,
    id: i64,
    req: &RefundRequest,
) -> Result<Deposit> {
    ctx.actor.require(Perm::Collect)?;
    let x = load(tx, ctx, id)?;
    match x.d.state {
        DepositState::InspectionPassed
        | DepositState::RefundRequested
        | DepositState::RefundApproved => {}
        DepositState::UnderWay | DepositState::InspectionFailed => {
            return Err(wrong_state(
                &x.d,
                "验收通过后才能申请退款",
                "a refund can be requested only after the inspection has passed",
            ))
        }
        _ => return Err(closed_err(&x.d)),
    }
    if req.deductions.len() + req.charges.len() > MAX_DEDUCTIONS {
        return Err(err!(
            InvalidInput,
            "扣款项目过多（最多 {MAX_DEDUCTIONS} 项）",
            "too many deductions (at most {MAX_DEDUCTIONS})"
        ));
    }
    let note = text(&req.note, MAX_TEXT, ("备注", "note"))?;
    let mut deductions = vec![];
    for dd in &req.deductions {
        if dd.amount.is_negative() {
            return Err(err!(
                AmountNegative,
                ("{}金额不能为负数", dd.kind.zh()),
                ("the {} deduction cannot be negative", dd.kind.code())
            ));
        }
        if dd.amount.is_zero() {
            return Err(err!(
                AmountEmpty,
                ("{}金额为零，请填写金额或删去该项", dd.kind.zh()),
                (
                    "the {} deduction is zero; enter an amount or drop it",
                    dd.kind.code()
                )
            ));
        }
        if dd.amount > MAX_DEPOSIT {
            return Err(err!(
                AmountTooLarge,
                ("{}金额 ¥{} 过大", dd.kind.zh(), dd.amount.grouped()),
                (
                    "the {} deduction of {} is too large",
                    dd.kind.code(),
                    dd.amount
                )
            ));
        }
        deductions.push(DeductionLine {
            kind: dd.kind,
            amount_fen: dd.amount.fen(),
            note: text(&dd.note, 200, ("扣款说明", "deduction note"))?,
        });
    }
    let open = charges::open_charges(tx, x.unit_id)?;
    let mut charges: Vec<ChargeDeduction> = vec![];
    for cid in &req.charges {
        if charges.iter().any(|c| c.charge_id == *cid) {
            return Err(err!(
                InvalidInput,
                "费用 #{cid} 重复选择",
                "charge #{cid} chosen twice"
            ));
        }
        let c = open.iter().find(|c| c.charge_id == *cid).ok_or_else(|| {
            err!(
                ChargeNotOpen,
                ("费用 #{} 不是 {} 的未缴费用（可能已缴）", cid, x.d.unit),
                (
                    "charge #{} is not an open charge of {} (already paid?)",
                    cid,
                    x.d.unit
                )
            )
        })?;
        charges.push(ChargeDeduction {
            charge_id: c.charge_id,
            item: c.item.clone(),
            item_name: c.item_name.clone(),
            period: c.period.clone(),
            open_fen: c.open_fen,
        });
    }
    let held = x.d.held_fen;
    let total: i64 = deductions.iter().map(|d| d.amount_fen).sum::<i64>()
        + charges.iter().map(|c| c.open_fen).sum::<i64>();
    if total > held {
        return Err(err!(
            ExceedsHeld,
            (
                "扣款合计 ¥{} 超过押金余额 ¥{}，不能办理",
                money::yuan(total),
                money::yuan(held)
            ),
            (
                "deductions of {} exceed the {} held",
                Money::from_fen(total),
                Money::from_fen(held)
            )
        ));
    }
    let plan = RefundPlan {
        held_fen: held,
        deductions,
        charges,
        deductions_fen: total,
        refund_fen: held - total,
        note: note.clone(),
    };
    let replaces = if x.d.state == DepositState::InspectionPassed {
        ""
    } else {
        " (replaces the earlier request)"
    };
    record(
        tx,
        ctx,
        &x.d,
        REFUND_REQUESTED,
        None,
        &note,
        serde_json::to_value(&plan).expect("plan serialises"),
        None,
        vec![],
        &format!(
            "held {} deductions {} refund {}{replaces}",
            Money::from_fen(held),
            Money::from_fen(total),
            Money::from_fen(held - total)
        ),
    )?;
    Ok(load(tx, ctx, id)?.d)
}

fn decide(tx: &Transaction, ctx: &Ctx, id: i64, approve: bool, note: &str) -> Result<Deposit> {
    ctx.actor.require(Perm::Approve)?;
    let x = load(tx, ctx, id)?;
    let ok = if approve {
        x.d.state == DepositState::RefundRequested
    } else {
        matches!(
            x.d.state,
            DepositState::RefundRequested | DepositState::RefundApproved
        )
    };
    if !ok {
        return Err(wrong_state(
            &x.d,
            "没有待审批的退款申请",
            "there is no refund request to decide",
        ));
    }
    if x.requester == Some(ctx.actor.user_id) {
        return Err(err!(
            SelfApproval,
            "不能审批自己提出的退款申请，请另一位主管审批",
            "you cannot approve or reject your own refund request; another supervisor must"
        ));
    }
    let plan =
        x.d.request
            .clone()
            .expect("a requested deposit has its plan");
    let me = ctx.actor.clone();
    let (kind, note) = if approve {
        (REFUND_APPROVED, text(note, MAX_TEXT, ("审批意见", "note"))?)
    } else {
        (REFUND_REJECTED, reason(note)?)
    };
    record(
        tx,
        ctx,
        &x.d,
        kind,
        Some(&me),
        &note,
        json!({"refund_fen": plan.refund_fen, "deductions_fen": plan.deductions_fen}),
        None,
        vec![],
        &format!(
            "{} refund {}",
            if approve { "approved" } else { "rejected" },
            Money::from_fen(plan.refund_fen)
        ),
    )?;
    Ok(load(tx, ctx, id)?.d)
}

/// A supervisor approves the refund request (not their own).
pub fn approve_refund(tx: &Transaction, ctx: &Ctx, id: i64, note: &str) -> Result<Deposit> {
    decide(tx, ctx, id, true, note)
}

/// A supervisor rejects the refund request (or withdraws an approval before the payout), with a
/// reason. The deposit goes back to "inspection passed".
pub fn reject_refund(tx: &Transaction, ctx: &Ctx, id: i64, reason: &str) -> Result<Deposit> {
    decide(tx, ctx, id, false, reason)
}

/// A refund is paid only once approved; the error says which step is missing.
fn require_approved(d: &Deposit) -> Result<()> {
    match d.state {
        DepositState::RefundApproved => Ok(()),
        DepositState::RefundRequested => Err(err!(
            ApprovalRequired,
            ("装修押金 #{} 的退款申请尚未经主管审批，不能退款", d.id),
            (
                "the refund of decoration deposit #{} has not been approved by a supervisor",
                d.id
            )
        )),
        DepositState::InspectionPassed => Err(wrong_state(
            d,
            "请先提出退款申请并经主管审批",
            "request the refund and have it approved first",
        )),
        DepositState::UnderWay | DepositState::InspectionFailed => Err(wrong_state(
            d,
            "验收通过并经审批后才能退款",
            "a refund needs a passed inspection and an approval",
        )),
        _ => Err(closed_err(d)),
    }
}

/// The approved plan must still fit: the amount held, and the unit's charges as they were.
fn check_plan(x: &Loaded, plan: &RefundPlan, open: &[OpenCharge]) -> Result<()> {
    if plan.held_fen != x.d.held_fen
        || plan.refund_fen < 0
        || plan.deductions_fen + plan.refund_fen != plan.held_fen
    {
        return Err(err!(
            ExceedsHeld,
            "退款申请与押金余额不符，请重新提出退款申请",
            "the refund request does not match the deposit held; make a new request"
        ));
    }
    for c in &plan.charges {
        if !open
            .iter()
            .any(|o| o.charge_id == c.charge_id && o.open_fen == c.open_fen)
        {
            return Err(err!(
                ChargeNotOpen,
                ("{} 的费用 #{}（{} {}）在申请后已有变化，请重新提出退款申请", x.d.unit, c.charge_id, c.item_name, c.period),
                ("charge #{} ({} {}) of {} has changed since the request; make a new refund request", c.charge_id, c.item, c.period, x.d.unit)
            ));
        }
    }
    Ok(())
}

/// The voucher's lines and journal lines: the deposit given back, each deduction kept as income,
/// each unpaid charge settled out of it; the allocations for the charges.
type VoucherParts = (
    Vec<LineDraft>,
    Vec<(Account, Money)>,
    Vec<(i64, AllocationRecord)>,
);

fn voucher_parts(
    tx: &Transaction,
    x: &Loaded,
    plan: &RefundPlan,
    open: &[OpenCharge],
) -> Result<VoucherParts> {
    let held = Money::from_fen(x.d.held_fen);
    let unit_code = x.d.unit.clone();
    let blank = |kind: &'static str, description: String, basis: String, amount: Money| LineDraft {
        kind,
        charge_id: None,
        item_id: None,
        item_code: None,
        quantity: None,
        rate: None,
        period: None,
        description,
        basis,
        amount,
    };
    let mut lines = vec![blank(
        "deposit",
        "退还装修押金".into(),
        format!("押金收据 {}，许可证 {}", x.d.receipt, x.d.permit_no),
        -held,
    )];
    let mut jl = vec![(Account::Deposit(unit_code.clone()), held)];
    for dd in &plan.deductions {
        let amt = Money::from_fen(dd.amount_fen);
        lines.push(blank(
            "deduction",
            dd.kind.zh().into(),
            dd.note.clone(),
            amt,
        ));
        jl.push((dd.kind.account(), -amt));
    }
    let mut allocations = vec![];
    let mut charges_total = Money::ZERO;
    for c in &plan.charges {
        let amt = Money::from_fen(c.open_fen);
        let basis = open
            .iter()
            .find(|o| o.charge_id == c.charge_id)
            .map(|o| o.basis.clone())
            .unwrap_or_default();
        lines.push(LineDraft {
            charge_id: Some(c.charge_id),
            item_id: Some(fees::item(tx, &c.item)?.id),
            item_code: Some(c.item.clone()),
            period: Some(c.period.clone()),
            ..blank("charge", format!("抵扣 {}", c.item_name), basis, amt)
        });
        charges_total += amt;
        allocations.push((
            c.charge_id,
            AllocationRecord {
                unit: unit_code.clone(),
                item: c.item.clone(),
                period: c.period.clone(),
                fen: c.open_fen,
            },
        ));
    }
    jl.push((Account::Receivable(unit_code), -charges_total));
    Ok((lines, jl, allocations))
}

/// Pay out an approved refund: a refund voucher (退款凭证, series TK) in the acting cashier's open
/// shift. Lines: the deposit returned (−held), each deduction (+), each settled charge (+); the
/// payment is the method with −refund (none when the deductions took everything).
pub fn refund(
    tx: &Transaction,
    ctx: &Ctx,
    id: i64,
    method: PayMethod,
    reference: &str,
) -> Result<DepositReceipt> {
    ctx.actor.require(Perm::Collect)?;
    let shift_id = shift::require_open(tx, ctx)?;
    let x = load(tx, ctx, id)?;
    require_approved(&x.d)?;
    if method == PayMethod::Prepayment {
        return Err(err!(
            InvalidInput,
            "退款不能退到预存款；请使用「押金转预存」",
            "a refund cannot go to the prepayment balance; use the transfer to prepayment"
        ));
    }
    let reference = text(reference, 100, ("交易参考号", "reference"))?;
    let plan =
        x.d.request
            .clone()
            .expect("an approved deposit has its plan");
    let refund = Money::from_fen(plan.refund_fen);
    let open = charges::open_charges(tx, x.unit_id)?;
    check_plan(&x, &plan, &open)?;
    if method == PayMethod::Cash {
        let drawer = shift::expected_cash(tx, shift_id)?;
        if refund > drawer {
            return Err(err!(
                InvalidInput,
                ("钱箱现金只有 ¥{}，不足退款 ¥{}；请先存入现金或改用其他方式", drawer.grouped(), refund.grouped()),
                ("the drawer holds only {}, not the {} to refund; add cash or use another method", drawer, refund)
            ));
        }
    }
    let approver = actor(
        tx,
        x.approver.expect("an approved request has its approver"),
    )?;
    let unit_code = x.d.unit.clone();
    let (lines, mut jl, allocations) = voucher_parts(tx, &x, &plan, &open)?;
    let payments = if refund.is_positive() {
        vec![PaymentDraft {
            method,
            amount: -refund,
            tendered: None,
            change: None,
            reference: reference.clone(),
        }]
    } else {
        vec![]
    };
    jl.extend(payment_lines(&payments, Some(&unit_code), 1)?);
    let entry = JournalEntry::new(
        "deposit_refund",
        format!("{unit_code} 装修押金 #{id} 退款"),
        jl,
    )?;
    // `issue` also brings the unit's balance row up to date (the settled charges).
    let receipt = issue(
        tx,
        ctx,
        Draft {
            kind: ReceiptKind::Refund,
            shift_id,
            unit: Some((x.unit_id, unit_code.clone())),
            payer: x.d.payer.clone(),
            note: &plan.note,
            lines,
            payments,
            allocations,
            entry,
            reverses: None,
            reason: Some(format!("装修押金 #{id} 退款")),
            approver: Some(approver.clone()),
            remaining: None,
        },
    )?;
    let rid = receipt_id(tx, &receipt.number)?;
    record(
        tx,
        ctx,
        &x.d,
        REFUNDED,
        Some(&approver),
        "",
        json!({
            "receipt": receipt.number,
            "method": if refund.is_positive() { Some(method.code()) } else { None },
            "held_fen": plan.held_fen,
            "deductions_fen": plan.deductions_fen,
            "refund_fen": plan.refund_fen,
        }),
        Some(rid),
        vec![],
        &format!(
            "refund {} by {} voucher {}",
            refund,
            method.code(),
            receipt.number
        ),
    )?;
    Ok(DepositReceipt {
        deposit: load(tx, ctx, id)?.d,
        receipt,
    })
}
