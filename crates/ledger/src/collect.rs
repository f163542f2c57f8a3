//! Collection (收款): paying a unit's open charges (optionally keeping the excess as prepayment) and
//! counter sales of paid services (有偿服务, 会所). Each issues one receipt in the cashier's shift.

use rusqlite::Transaction;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::allocation::{allocate, chosen_charges, AllocatedCharge, Allocation};
use crate::auth::{Ctx, Perm};
use crate::charges::prepayment_balance;
use crate::estate;
use crate::fees::{self, Method, StandardBook};
use crate::journal::{Account, JournalEntry};
use crate::outbox::AllocationRecord;
use crate::period;
use crate::receipts::{issue, payment_lines, Draft, LineDraft, Receipt, ReceiptKind};
use crate::shift;
use crate::tender::{settle, Tender};
use crate::{err, Money, Result};

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CollectRequest {
    pub unit: String,
    /// Which open charges to pay; None = all of them.
    pub charges: Option<Vec<i64>>,
    pub tenders: Vec<Tender>,
    /// Put what is paid beyond the charges into the unit's prepayment balance (预存) instead of giving change.
    #[serde(default)]
    pub to_prepayment: bool,
    pub payer: Option<String>,
    #[serde(default)]
    pub note: String,
    /// Pay only this much of the charges (部分缴纳), in fen: oldest period first, then the office's
    /// order of fee items; the last charge reached stays open for the rest. None = all of them.
    #[serde(default)]
    pub amount_fen: Option<i64>,
}

impl CollectRequest {
    /// The counter's default: every open charge of the unit, paid with these tenders.
    pub fn all_open(unit: &str, tenders: Vec<Tender>) -> CollectRequest {
        CollectRequest {
            unit: unit.to_string(),
            charges: None,
            tenders,
            to_prepayment: false,
            amount_fen: None,
            payer: None,
            note: String::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SaleLine {
    pub item: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub quantity: Decimal,
    /// Overrides the standard's price (items without a fixed price, e.g. clubhouse bookings).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub unit_price: Option<Decimal>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SaleRequest {
    pub unit: Option<String>,
    pub payer: Option<String>,
    pub lines: Vec<SaleLine>,
    pub tenders: Vec<Tender>,
    #[serde(default)]
    pub note: String,
}

/// A receipt line for a charge settled (in full, or in part with what stays open).
fn charge_line(a: &AllocatedCharge) -> LineDraft {
    let c = &a.charge;
    // Paid in part, the rate's basis would not explain the amount: the line says what stays owed
    // instead (short enough for the receipt's basis column).
    let basis = if a.paid_fen < c.open_fen {
        let rest = Money::from_fen(c.open_fen - a.paid_fen);
        format!("部分缴纳，本项尚欠 ¥{rest}")
    } else if c.open_fen < c.amount_fen {
        format!("补缴余款（应收 ¥{}）", Money::from_fen(c.amount_fen))
    } else {
        c.basis.clone()
    };
    LineDraft {
        kind: "charge",
        charge_id: Some(c.charge_id),
        item_id: Some(c.fee_item_id),
        item_code: Some(c.item.clone()),
        quantity: None,
        rate: None,
        period: Some(c.period.clone()),
        description: c.item_name.clone(),
        basis,
        amount: Money::from_fen(a.paid_fen),
    }
}

/// Pay a unit's open charges (or some of them, or part of them), optionally adding to its prepayment
/// balance.
pub fn collect(tx: &Transaction, ctx: &Ctx, req: &CollectRequest) -> Result<Receipt> {
    ctx.actor.require(Perm::Collect)?;
    let shift_id = shift::require_open(tx, ctx)?;
    let unit_id = estate::unit_id(tx, &req.unit)?;
    let unit_code = estate::unit_code(tx, unit_id)?;
    let chosen = chosen_charges(tx, unit_id, &unit_code, req.charges.as_deref())?;
    if chosen.is_empty() && req.amount_fen.is_some() {
        return Err(err!(
            InvalidInput,
            "没有选择要收的费用",
            "no charges chosen to collect"
        ));
    }
    let plan = if chosen.is_empty() {
        Allocation {
            charges: vec![],
            due_fen: 0,
            paid_fen: 0,
            remaining_fen: 0,
            groups: vec![],
        }
    } else {
        allocate(chosen, req.amount_fen)?
    };
    if plan.remaining_fen > 0 && req.to_prepayment {
        return Err(err!(
            InvalidInput,
            "部分缴纳时不能存入预存款",
            "a partial payment cannot also add to the prepayment balance"
        ));
    }
    let due = Money::from_fen(plan.paid_fen);
    let prepay = prepayment_balance(tx, unit_id)?;
    let (payments, to_prepay) = settle(due, &req.tenders, req.to_prepayment, Some(prepay))?;
    let mut lines: Vec<LineDraft> = plan.charges.iter().map(charge_line).collect();
    if to_prepay.is_positive() {
        lines.push(LineDraft {
            kind: "prepayment",
            charge_id: None,
            item_id: None,
            item_code: None,
            quantity: None,
            rate: None,
            period: None,
            description: "预存款".into(),
            basis: String::new(),
            amount: to_prepay,
        });
    }
    let mut jl = payment_lines(&payments, Some(&unit_code), 1)?;
    jl.push((Account::Receivable(unit_code.clone()), -due));
    jl.push((Account::Prepayment(unit_code.clone()), -to_prepay));
    let entry = JournalEntry::new("collect", format!("{unit_code} 收款"), jl)?;
    let allocations = plan
        .charges
        .iter()
        .map(|a| {
            (
                a.charge.charge_id,
                AllocationRecord {
                    unit: unit_code.clone(),
                    item: a.charge.item.clone(),
                    period: a.charge.period.clone(),
                    fen: a.paid_fen,
                },
            )
        })
        .collect();
    let payer = match &req.payer {
        Some(p) if !p.trim().is_empty() => p.trim().to_string(),
        _ => estate::owner_name(tx, unit_id)?.unwrap_or_else(|| unit_code.clone()),
    };
    issue(
        tx,
        ctx,
        Draft {
            kind: ReceiptKind::Payment,
            shift_id,
            unit: Some((unit_id, unit_code)),
            payer,
            note: &req.note,
            lines,
            payments,
            allocations,
            entry,
            reverses: None,
            reason: None,
            approver: None,
            remaining: (plan.remaining_fen > 0).then(|| Money::from_fen(plan.remaining_fen)),
        },
    )
}

/// A counter sale without a prior charge (有偿服务, 会所): quantity × price per line.
pub fn sale(tx: &Transaction, ctx: &Ctx, req: &SaleRequest) -> Result<Receipt> {
    ctx.actor.require(Perm::Collect)?;
    let shift_id = shift::require_open(tx, ctx)?;
    if req.lines.is_empty() {
        return Err(err!(
            InvalidInput,
            "请至少选择一项服务",
            "choose at least one item"
        ));
    }
    let unit = match &req.unit {
        Some(u) if !u.trim().is_empty() => {
            let id = estate::unit_id(tx, u)?;
            Some((id, estate::unit_code(tx, id)?))
        }
        _ => None,
    };
    let book = StandardBook::load(tx)?;
    let period = period::period_of(ctx.today());
    let mut lines = Vec::new();
    let mut jl = Vec::new();
    for l in &req.lines {
        let item = fees::item(tx, &l.item)?;
        if item.method != Method::PerQuantity {
            return Err(err!(
                InvalidInput,
                ("「{}」不是柜台销售项目（按数量计费）", item.name),
                ("\"{}\" is not a counter item (per quantity)", item.code)
            ));
        }
        if l.quantity <= Decimal::ZERO {
            return Err(err!(
                InvalidInput,
                ("{} 数量必须大于零", item.name),
                ("{}: quantity must be greater than zero", item.code)
            ));
        }
        let price = match l.unit_price.or_else(|| book.price(item.id, &period)) {
            Some(p) if p > Decimal::ZERO => p,
            _ => {
                return Err(err!(
                    InvalidInput,
                    ("{} 没有收费标准，请输入单价", item.name),
                    ("{} has no price; enter one", item.code)
                ))
            }
        };
        let amount = Money::from_decimal_round(l.quantity * price);
        if !amount.is_positive() {
            return Err(err!(
                InvalidInput,
                ("{} 金额为零", item.name),
                ("{}: the amount is zero", item.code)
            ));
        }
        jl.push((Account::Revenue(item.code.clone()), -amount));
        lines.push(LineDraft {
            kind: "sale",
            charge_id: None,
            item_id: Some(item.id),
            item_code: Some(item.code.clone()),
            quantity: Some(l.quantity.normalize().to_string()),
            rate: Some(price.normalize().to_string()),
            period: None,
            description: item.name.clone(),
            basis: format!(
                "{}{} × {}",
                l.quantity.normalize(),
                item.unit_label,
                price.normalize()
            ),
            amount,
        });
    }
    let due: Money = lines.iter().map(|l| l.amount).sum();
    let prepay = match &unit {
        Some((id, _)) => Some(prepayment_balance(tx, *id)?),
        None => None,
    };
    let (payments, _) = settle(due, &req.tenders, false, prepay)?;
    jl.extend(payment_lines(
        &payments,
        unit.as_ref().map(|u| u.1.as_str()),
        1,
    )?);
    let entry = JournalEntry::new("sale", "柜台收费", jl)?;
    let payer = match (&req.payer, &unit) {
        (Some(p), _) if !p.trim().is_empty() => p.trim().to_string(),
        (_, Some((id, code))) => estate::owner_name(tx, *id)?.unwrap_or_else(|| code.clone()),
        _ => "散客".to_string(),
    };
    issue(
        tx,
        ctx,
        Draft {
            kind: ReceiptKind::Sale,
            shift_id,
            unit,
            payer,
            note: &req.note,
            lines,
            payments,
            allocations: vec![],
            entry,
            reverses: None,
            reason: None,
            approver: None,
            remaining: None,
        },
    )
}
