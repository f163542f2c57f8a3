//! Collection (收款): paying a unit's open charges, counter sales, receipts with gapless numbers,
//! voids (作废) within the open shift and reversals (红冲) after it. Each is one transaction.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::{self, Approval, Ctx, Perm};
use crate::deposits;
use crate::estate;
use crate::fees::{self, Method, StandardBook};
use crate::ledger::{self, Account, EntryLinks, JournalEntry};
use crate::outbox::{self, AllocationRecord, Event, LineRecord, PaymentRecord};
use crate::shift;
use crate::{err, Money, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum PayMethod {
    Cash,
    Wechat,
    Alipay,
    Unionpay,
    Transfer,
    Prepayment,
}

impl PayMethod {
    pub const ALL: [PayMethod; 6] = [
        PayMethod::Cash,
        PayMethod::Wechat,
        PayMethod::Alipay,
        PayMethod::Unionpay,
        PayMethod::Transfer,
        PayMethod::Prepayment,
    ];
    pub fn code(self) -> &'static str {
        match self {
            PayMethod::Cash => "cash",
            PayMethod::Wechat => "wechat",
            PayMethod::Alipay => "alipay",
            PayMethod::Unionpay => "unionpay",
            PayMethod::Transfer => "transfer",
            PayMethod::Prepayment => "prepayment",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            PayMethod::Cash => "现金",
            PayMethod::Wechat => "微信",
            PayMethod::Alipay => "支付宝",
            PayMethod::Unionpay => "银联刷卡",
            PayMethod::Transfer => "银行转账",
            PayMethod::Prepayment => "预存款抵扣",
        }
    }
    pub fn from_code(s: &str) -> Option<PayMethod> {
        PayMethod::ALL.into_iter().find(|m| m.code() == s)
    }
    /// Accepts codes, Chinese names and the short forms cashiers type.
    pub fn parse(s: &str) -> Result<PayMethod> {
        let t = s.trim().to_lowercase();
        Ok(match t.as_str() {
            "cash" | "现金" | "xj" => PayMethod::Cash,
            "wechat" | "微信" | "wx" | "weixin" => PayMethod::Wechat,
            "alipay" | "支付宝" | "zfb" => PayMethod::Alipay,
            "unionpay" | "银联" | "刷卡" | "银联刷卡" | "card" | "yl" => PayMethod::Unionpay,
            "transfer" | "转账" | "银行转账" | "bank" | "zz" => PayMethod::Transfer,
            "prepayment" | "预存" | "预存款" | "预存款抵扣" | "yc" => PayMethod::Prepayment,
            _ => {
                return Err(err!(
                    InvalidInput,
                    "收款方式「{s}」无效，可选：现金、微信、支付宝、银联、转账、预存款",
                    "unknown payment method \"{s}\"; use cash, wechat, alipay, unionpay, transfer or prepayment"
                ))
            }
        })
    }
}

/// One way the payer pays. For cash, `amount` is what was handed over (change is worked out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Tender {
    pub method: PayMethod,
    pub amount: Money,
    #[serde(default)]
    pub reference: String,
}

impl Tender {
    /// Parses `cash:500`, `微信:120.50`, `wechat=120.5` as typed on the command line.
    pub fn parse(s: &str) -> Result<Tender> {
        let (m, a) = s.split_once([':', '=', '：']).ok_or_else(|| {
            err!(
                InvalidInput,
                "收款「{s}」格式应为 方式:金额，如 现金:500",
                "tender \"{s}\" should be METHOD:AMOUNT, e.g. cash:500"
            )
        })?;
        Ok(Tender {
            method: PayMethod::parse(m)?,
            amount: Money::parse(a)?,
            reference: String::new(),
        })
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct OpenCharge {
    pub charge_id: i64,
    #[serde(skip)]
    pub fee_item_id: i64,
    pub item: String,
    pub item_name: String,
    pub period: String,
    pub basis: String,
    pub amount_fen: i64,
    pub open_fen: i64,
    pub due_date: String,
}

/// A unit's open charges, oldest first. Only charges from the unit's oldest open period on are read
/// (kept in `unit_balances`), so the cost does not grow with years of paid history.
pub fn open_charges(conn: &Connection, unit_id: i64) -> Result<Vec<OpenCharge>> {
    let since: Option<String> = conn
        .prepare_cached("SELECT oldest_open FROM unit_balances WHERE unit_id = ?1")?
        .query_row([unit_id], |r| r.get(0))
        .optional()?
        .flatten();
    match since {
        Some(since) => open_charges_since(conn, unit_id, &since),
        None => Ok(vec![]),
    }
}

/// Open charges of periods from `since` on, read from the charges and allocations themselves.
/// `""` reads the whole history (the check the tests run against the projection). A unit's charges of
/// one period are one id range (see `billing::charge_id`), looked up for each billed period in turn.
pub fn open_charges_since(conn: &Connection, unit_id: i64, since: &str) -> Result<Vec<OpenCharge>> {
    let sql = format!(
        "WITH RECURSIVE months(p) AS (
             SELECT MIN(period) FROM billing_runs WHERE period >= ?2
             UNION ALL
             SELECT (SELECT MIN(b.period) FROM billing_runs b WHERE b.period > months.p) FROM months WHERE months.p IS NOT NULL
         ),
         ranges(lo) AS (SELECT {base} | (?1 << 10) FROM months WHERE p IS NOT NULL)
         SELECT c.id, f.code, f.name, c.period, c.basis, c.amount_fen,
                c.amount_fen - COALESCE((SELECT SUM(a.amount_fen) FROM allocations a WHERE a.charge_id = c.id), 0),
                c.due_date, c.fee_item_id
         FROM ranges CROSS JOIN charges c JOIN fee_items f ON f.id = c.fee_item_id
         WHERE c.id BETWEEN ranges.lo AND ranges.lo + 1023 ORDER BY c.period, f.id, c.id",
        base = crate::billing::PERIOD_BASE_SQL
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![unit_id, since], |r| {
        Ok(OpenCharge {
            charge_id: r.get(0)?,
            item: r.get(1)?,
            item_name: r.get(2)?,
            period: r.get(3)?,
            basis: r.get(4)?,
            amount_fen: r.get(5)?,
            open_fen: r.get(6)?,
            due_date: r.get(7)?,
            fee_item_id: r.get(8)?,
        })
    })?;
    let mut out = Vec::new();
    for r in rows {
        let c = r?;
        if c.open_fen > 0 {
            out.push(c);
        }
    }
    Ok(out)
}

pub fn prepayment_balance(conn: &Connection, unit_id: i64) -> Result<Money> {
    let fen: Option<i64> = conn
        .prepare_cached("SELECT prepayment_fen FROM unit_balances WHERE unit_id = ?1")?
        .query_row([unit_id], |r| r.get(0))
        .optional()?;
    Ok(Money::from_fen(fen.unwrap_or(0)))
}

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
}

impl CollectRequest {
    /// The counter's default: every open charge of the unit, paid with these tenders.
    pub fn all_open(unit: &str, tenders: Vec<Tender>) -> CollectRequest {
        CollectRequest {
            unit: unit.to_string(),
            charges: None,
            tenders,
            to_prepayment: false,
            payer: None,
            note: String::new(),
        }
    }
}

impl Tender {
    pub fn cash(amount: Money) -> Tender {
        Tender {
            method: PayMethod::Cash,
            amount,
            reference: String::new(),
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

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ReceiptLine {
    pub kind: String,
    pub item: Option<String>,
    pub period: Option<String>,
    pub description: String,
    pub basis: String,
    pub amount_fen: i64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PaymentLine {
    pub method: PayMethod,
    pub amount_fen: i64,
    pub tendered_fen: Option<i64>,
    pub change_fen: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VoidInfo {
    pub reason: String,
    pub voided_by: String,
    pub approved_by: String,
    pub voided_at: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Receipt {
    pub number: String,
    pub kind: String,
    pub unit: Option<String>,
    pub payer: String,
    pub shift_id: i64,
    pub cashier: String,
    pub issued_at: String,
    pub total_fen: i64,
    pub note: String,
    pub lines: Vec<ReceiptLine>,
    pub payments: Vec<PaymentLine>,
    pub void: Option<VoidInfo>,
    /// For a reversal: the receipt it reverses. For an original: its reversal, if any.
    pub reverses: Option<String>,
    pub reversed_by: Option<String>,
    pub reason: Option<String>,
}

impl Receipt {
    pub fn change_fen(&self) -> i64 {
        self.payments.iter().filter_map(|p| p.change_fen).sum()
    }
}

// ------------------------------------------------------------------------- internals

pub(crate) struct LineDraft {
    pub(crate) kind: &'static str,
    pub(crate) charge_id: Option<i64>,
    pub(crate) item_id: Option<i64>,
    pub(crate) item_code: Option<String>,
    pub(crate) quantity: Option<String>,
    pub(crate) rate: Option<String>,
    pub(crate) period: Option<String>,
    pub(crate) description: String,
    pub(crate) basis: String,
    pub(crate) amount: Money,
}

pub(crate) struct PaymentDraft {
    pub(crate) method: PayMethod,
    pub(crate) amount: Money,
    pub(crate) tendered: Option<Money>,
    pub(crate) change: Option<Money>,
    pub(crate) reference: String,
}

pub(crate) struct Draft<'a> {
    pub(crate) kind: &'static str,
    pub(crate) shift_id: i64,
    pub(crate) unit: Option<(i64, String)>,
    pub(crate) payer: String,
    pub(crate) note: &'a str,
    pub(crate) lines: Vec<LineDraft>,
    pub(crate) payments: Vec<PaymentDraft>,
    /// (charge id, its natural key, amount settled; negative to reopen)
    pub(crate) allocations: Vec<(i64, AllocationRecord)>,
    pub(crate) entry: JournalEntry,
    pub(crate) reverses: Option<(i64, String, i64)>,
    pub(crate) reason: Option<String>,
    pub(crate) approver: Option<auth::Actor>,
}

/// Work out payments from tenders for an amount due. Returns the payments and the amount that goes
/// to prepayment. Cash over the due amount is change unless the cashier chose prepayment.
pub(crate) fn settle_tenders(
    due: Money,
    tenders: &[Tender],
    to_prepayment: bool,
    prepay_available: Option<Money>,
) -> Result<(Vec<PaymentDraft>, Money)> {
    let mut by_method: BTreeMap<PayMethod, (Money, String)> = BTreeMap::new();
    for t in tenders {
        if !t.amount.is_positive() {
            return Err(err!(
                AmountNegative,
                ("{}金额必须大于零", t.method.zh()),
                ("the {} amount must be greater than zero", t.method.code())
            ));
        }
        let e = by_method
            .entry(t.method)
            .or_insert((Money::ZERO, String::new()));
        e.0 += t.amount;
        if !t.reference.is_empty() {
            e.1 = t.reference.clone();
        }
    }
    if let Some((used, _)) = by_method.get(&PayMethod::Prepayment) {
        let avail = prepay_available.ok_or_else(|| {
            err!(
                InvalidInput,
                "没有房号，不能使用预存款",
                "prepayment needs a unit"
            )
        })?;
        if *used > avail {
            return Err(err!(
                InvalidInput,
                "预存款余额只有 ¥{avail}，不足 ¥{used}",
                "prepayment balance is only {avail}, not {used}"
            ));
        }
        if to_prepayment {
            return Err(err!(
                InvalidInput,
                "同一张收据不能既使用又存入预存款",
                "a receipt cannot both use and add to the prepayment balance"
            ));
        }
    }
    let received: Money = by_method.values().map(|v| v.0).sum();
    if received < due {
        let short = due - received;
        return Err(err!(
            Underpaid,
            "实收 ¥{received} 不足应收 ¥{due}，还差 ¥{short}",
            "received {received} is less than the {due} due; {short} short"
        ));
    }
    let excess = received - due;
    let cash = by_method
        .get(&PayMethod::Cash)
        .map(|v| v.0)
        .unwrap_or(Money::ZERO);
    let (change, to_prepay) = if to_prepayment {
        if excess.is_zero() && due.is_zero() {
            return Err(err!(
                InvalidInput,
                "请输入预存金额",
                "enter the amount to prepay"
            ));
        }
        (Money::ZERO, excess)
    } else {
        if due.is_zero() {
            return Err(err!(
                InvalidInput,
                "没有选择要收的费用",
                "no charges chosen to collect"
            ));
        }
        if excess > cash {
            return Err(err!(Overpaid, ("非现金金额超出应收 ¥{}；请改正金额，或选择把多出部分存入预存款", excess - cash), ("non-cash tenders exceed the {} due; correct them or choose to keep the excess as prepayment", excess - cash)));
        }
        if !cash.is_zero() && excess == cash {
            return Err(err!(
                InvalidInput,
                "非现金已足额，无需再收现金",
                "non-cash tenders already cover the amount; no cash needed"
            ));
        }
        (excess, Money::ZERO)
    };
    let payments = by_method
        .into_iter()
        .map(|(method, (amount, reference))| {
            if method == PayMethod::Cash {
                PaymentDraft {
                    method,
                    amount: amount - change,
                    tendered: Some(amount),
                    change: Some(change),
                    reference,
                }
            } else {
                PaymentDraft {
                    method,
                    amount,
                    tendered: None,
                    change: None,
                    reference,
                }
            }
        })
        .collect();
    Ok((payments, to_prepay))
}

/// The numbered series a document belongs to: receipts (收据) or refund vouchers (退款凭证).
pub fn series_of(kind: &str) -> &'static str {
    if kind == "refund" {
        "TK"
    } else {
        "R"
    }
}

/// `A01-2026-000123` for receipts, `A01-TK2026-000005` for refund vouchers.
pub fn format_number(desk: &str, series: &str, year: i32, seq: i64) -> String {
    match series {
        "R" => format!("{desk}-{year}-{seq:06}"),
        s => format!("{desk}-{s}{year}-{seq:06}"),
    }
}

/// Next number of a series: one more than the highest, under the transaction's write lock, so a
/// rolled-back operation leaves no gap.
fn next_number(tx: &Transaction, desk: &str, series: &str, year: i32) -> Result<(i64, String)> {
    let seq: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM receipts WHERE desk = ?1 AND series = ?2 AND year = ?3")?
        .query_row(params![desk, series, year], |r| r.get(0))?;
    Ok((seq, format_number(desk, series, year, seq)))
}

/// Apply an entry's movements on a unit's receivable and prepayment accounts to its balance row,
/// then recount its open charges.
/// `reopened_from` is the oldest period of any charge the entry reopened (voids and reversals).
pub(crate) fn update_unit_balance(
    tx: &Transaction,
    unit_id: i64,
    unit_code: &str,
    entry: &JournalEntry,
    reopened_from: Option<&str>,
) -> Result<()> {
    let d_ar = entry.movement(&Account::Receivable(unit_code.to_string()));
    let d_pp = -entry.movement(&Account::Prepayment(unit_code.to_string()));
    tx.prepare_cached(
        "INSERT INTO unit_balances(unit_id, receivable_fen, prepayment_fen) VALUES (?1, ?2, ?3)
         ON CONFLICT(unit_id) DO UPDATE SET receivable_fen = receivable_fen + excluded.receivable_fen,
                                            prepayment_fen = prepayment_fen + excluded.prepayment_fen",
    )?
    .execute(params![unit_id, d_ar, d_pp])?;
    let oldest: Option<String> = tx
        .prepare_cached("SELECT oldest_open FROM unit_balances WHERE unit_id = ?1")?
        .query_row([unit_id], |r| r.get(0))?;
    let since = match (oldest.as_deref(), reopened_from) {
        (Some(a), Some(b)) => a.min(b).to_string(),
        (a, b) => a.or(b).unwrap_or("9999").to_string(),
    };
    let open = open_charges_since(tx, unit_id, &since)?;
    tx.prepare_cached(
        "UPDATE unit_balances SET open_charges = ?2, oldest_open = ?3 WHERE unit_id = ?1",
    )?
    .execute(params![
        unit_id,
        open.len() as i64,
        open.first().map(|c| c.period.clone())
    ])?;
    Ok(())
}

/// Write a receipt with everything under it: lines, payments, allocations, journal entry, balances,
/// outbox event and audit line. The caller holds the transaction.
pub(crate) fn issue(tx: &Transaction, ctx: &Ctx, d: Draft) -> Result<Receipt> {
    let year = ctx
        .now
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .expect("year");
    let series = series_of(d.kind);
    let (seq, number) = next_number(tx, &ctx.desk, series, year)?;
    let total: Money = d.lines.iter().map(|l| l.amount).sum();
    let paid: Money = d.payments.iter().map(|p| p.amount).sum();
    assert_eq!(total, paid, "receipt lines and payments must agree");
    tx.prepare_cached(
        "INSERT INTO receipts(uuid, number, desk, series, year, seq, kind, unit_id, payer, shift_id, cashier_id, issued_at, total_fen, note,
                              reverses_receipt_id, reason, approved_by)
         VALUES (?1, ?2, ?3, ?17, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        Uuid::now_v7().to_string(),
        number,
        ctx.desk,
        year,
        seq,
        d.kind,
        d.unit.as_ref().map(|u| u.0),
        d.payer,
        d.shift_id,
        ctx.actor.user_id,
        ctx.now_text(),
        total.fen(),
        d.note,
        d.reverses.as_ref().map(|r| r.0),
        d.reason,
        d.approver.as_ref().map(|a| a.user_id),
        series
    ])?;
    let receipt_id = tx.last_insert_rowid();
    {
        let mut ins = tx.prepare_cached(
            "INSERT INTO receipt_lines(receipt_id, line_no, kind, charge_id, fee_item_id, quantity, rate, period, description, basis, amount_fen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for (i, l) in d.lines.iter().enumerate() {
            ins.execute(params![
                receipt_id,
                i as i64 + 1,
                l.kind,
                l.charge_id,
                l.item_id,
                l.quantity,
                l.rate,
                l.period,
                l.description,
                l.basis,
                l.amount.fen()
            ])?;
        }
        let mut ins = tx.prepare_cached(
            "INSERT INTO payments(receipt_id, line_no, method, amount_fen, tendered_fen, change_fen, reference) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (i, p) in d.payments.iter().enumerate() {
            ins.execute(params![
                receipt_id,
                i as i64 + 1,
                p.method.code(),
                p.amount.fen(),
                p.tendered.map(|m| m.fen()),
                p.change.map(|m| m.fen()),
                p.reference
            ])?;
        }
        let mut ins = tx.prepare_cached(
            "INSERT INTO allocations(charge_id, receipt_id, amount_fen) VALUES (?1, ?2, ?3)",
        )?;
        for (cid, a) in &d.allocations {
            ins.execute(params![cid, receipt_id, a.fen])?;
        }
    }
    let links = EntryLinks {
        shift_id: Some(d.shift_id),
        receipt_id: Some(receipt_id),
        reverses_entry_id: d.reverses.as_ref().map(|r| r.2),
    };
    ledger::post(tx, ctx, &d.entry, links)?;
    if let Some((uid, code)) = &d.unit {
        let reopened = d
            .allocations
            .iter()
            .filter(|(_, a)| a.fen < 0)
            .map(|(_, a)| a.period.as_str())
            .min();
        update_unit_balance(tx, *uid, code, &d.entry, reopened)?;
    }
    let event = Event::ReceiptIssued {
        number: number.clone(),
        receipt_kind: d.kind.into(),
        unit: d.unit.as_ref().map(|u| u.1.clone()),
        payer: d.payer.clone(),
        shift: d.shift_id,
        cashier: ctx.actor.username.clone(),
        total_fen: total.fen(),
        reverses: d.reverses.as_ref().map(|r| r.1.clone()),
        reason: d.reason.clone(),
        approved_by: d.approver.as_ref().map(|a| a.username.clone()),
        lines: d
            .lines
            .iter()
            .map(|l| LineRecord {
                kind: l.kind.into(),
                item: l.item_code.clone(),
                period: l.period.clone(),
                description: l.description.clone(),
                basis: l.basis.clone(),
                fen: l.amount.fen(),
            })
            .collect(),
        payments: d
            .payments
            .iter()
            .map(|p| PaymentRecord {
                method: p.method.code().into(),
                fen: p.amount.fen(),
                tendered_fen: p.tendered.map(|m| m.fen()),
                change_fen: p.change.map(|m| m.fen()),
            })
            .collect(),
        allocations: d.allocations.iter().map(|(_, a)| a.clone()).collect(),
        postings: d.entry.postings().to_vec(),
    };
    outbox::append(tx, ctx, &event)?;
    auth::audit(
        tx,
        ctx,
        if d.kind == "reversal" {
            "reverse_receipt"
        } else {
            "issue_receipt"
        },
        &number,
        &format!("{} {}", d.kind, total),
        d.reason.as_deref(),
        d.approver.as_ref().map(|a| a.user_id),
    )?;
    // What was just written, without reading it back.
    Ok(Receipt {
        number,
        kind: d.kind.into(),
        unit: d.unit.map(|u| u.1),
        payer: d.payer,
        shift_id: d.shift_id,
        cashier: ctx.actor.display_name.clone(),
        issued_at: ctx.now_text(),
        total_fen: total.fen(),
        note: d.note.to_string(),
        lines: d
            .lines
            .into_iter()
            .map(|l| ReceiptLine {
                kind: l.kind.into(),
                item: l.item_code,
                period: l.period,
                description: l.description,
                basis: l.basis,
                amount_fen: l.amount.fen(),
            })
            .collect(),
        payments: d
            .payments
            .iter()
            .map(|p| PaymentLine {
                method: p.method,
                amount_fen: p.amount.fen(),
                tendered_fen: p.tendered.map(|m| m.fen()),
                change_fen: p.change.map(|m| m.fen()),
            })
            .collect(),
        void: None,
        reverses: d.reverses.map(|r| r.1),
        reversed_by: None,
        reason: d.reason,
    })
}

pub(crate) fn payment_lines(
    payments: &[PaymentDraft],
    unit: Option<&str>,
    sign: i64,
) -> Result<Vec<(Account, Money)>> {
    payments
        .iter()
        .map(|p| {
            Ok((
                Account::for_method(p.method, unit)?,
                Money::from_fen(sign * p.amount.fen()),
            ))
        })
        .collect()
}

// ------------------------------------------------------------------------- operations

/// Pay a unit's open charges (or some of them), optionally adding to its prepayment balance.
pub fn collect(tx: &Transaction, ctx: &Ctx, req: &CollectRequest) -> Result<Receipt> {
    ctx.actor.require(Perm::Collect)?;
    let shift_id = shift::require_open(tx, ctx)?;
    let unit_id = estate::unit_id(tx, &req.unit)?;
    let unit_code = estate::unit_code(tx, unit_id)?;
    let open = open_charges(tx, unit_id)?;
    let chosen: Vec<&OpenCharge> = match &req.charges {
        None => open.iter().collect(),
        Some(ids) => {
            let mut v = Vec::new();
            for id in ids {
                let c = open.iter().find(|c| c.charge_id == *id).ok_or_else(|| {
                    err!(
                        ChargeNotOpen,
                        "费用 #{id} 不是 {unit_code} 的未缴费用（可能已缴）",
                        "charge #{id} is not an open charge of {unit_code} (already paid?)"
                    )
                })?;
                if v.iter().any(|x: &&OpenCharge| x.charge_id == *id) {
                    return Err(err!(
                        InvalidInput,
                        "费用 #{id} 重复选择",
                        "charge #{id} chosen twice"
                    ));
                }
                v.push(c);
            }
            v
        }
    };
    let due: Money = chosen.iter().map(|c| Money::from_fen(c.open_fen)).sum();
    let prepay = prepayment_balance(tx, unit_id)?;
    let (payments, to_prepay) = settle_tenders(due, &req.tenders, req.to_prepayment, Some(prepay))?;
    let mut lines: Vec<LineDraft> = chosen
        .iter()
        .map(|c| LineDraft {
            kind: "charge",
            charge_id: Some(c.charge_id),
            item_id: Some(c.fee_item_id),
            item_code: Some(c.item.clone()),
            quantity: None,
            rate: None,
            period: Some(c.period.clone()),
            description: c.item_name.clone(),
            basis: c.basis.clone(),
            amount: Money::from_fen(c.open_fen),
        })
        .collect();
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
    let allocations = chosen
        .iter()
        .map(|c| {
            (
                c.charge_id,
                AllocationRecord {
                    unit: unit_code.clone(),
                    item: c.item.clone(),
                    period: c.period.clone(),
                    fen: c.open_fen,
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
            kind: "payment",
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
    let period = fees::period_of(ctx.today());
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
    let (payments, _) = settle_tenders(due, &req.tenders, false, prepay)?;
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
            kind: "sale",
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
        },
    )
}

struct Original {
    id: i64,
    number: String,
    kind: String,
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
    if row.kind == "refund" || (row.kind == "deposit" && !deposit_void) {
        return Err(err!(
            VoidNotAllowed,
            "{number} 是装修押金单据，请在押金管理中办理退还、没收或转预存",
            "{number} is a deposit document; use the deposit steps (refund, forfeit, transfer) instead"
        ));
    }
    if row.kind == "reversal" {
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
    if shift_closed && o.kind == "deposit" {
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
    let deposit = match o.kind.as_str() {
        "deposit" => Some(deposits::before_void(tx, ctx, o.id)?),
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
    ledger::post(
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
            kind: "reversal",
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
        },
    )
}

/// A receipt with its lines, payments and void/reversal state.
pub fn receipt(conn: &Connection, number: &str) -> Result<Receipt> {
    let number = number.trim();
    let (id, mut r) = conn
        .prepare_cached(
            "SELECT r.id, r.number, r.kind, u.code, r.payer, r.shift_id, c.display_name, r.issued_at, r.total_fen, r.note,
                    o.number, (SELECT x.number FROM receipts x WHERE x.reverses_receipt_id = r.id), r.reason
             FROM receipts r LEFT JOIN units u ON u.id = r.unit_id JOIN users c ON c.id = r.cashier_id
             LEFT JOIN receipts o ON o.id = r.reverses_receipt_id WHERE r.number = ?1")?
        .query_row(
            [number],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    Receipt {
                        number: r.get(1)?,
                        kind: r.get(2)?,
                        unit: r.get(3)?,
                        payer: r.get(4)?,
                        shift_id: r.get(5)?,
                        cashier: r.get(6)?,
                        issued_at: r.get(7)?,
                        total_fen: r.get(8)?,
                        note: r.get(9)?,
                        reverses: r.get(10)?,
                        reversed_by: r.get(11)?,
                        reason: r.get(12)?,
                        lines: vec![],
                        payments: vec![],
                        void: None,
                    },
                ))
            },
        )
        .optional()?
        .ok_or_else(|| err!(NotFound, "收据「{number}」不存在", "receipt \"{number}\" not found"))?;
    let mut stmt = conn.prepare_cached(
        "SELECT l.kind, f.code, l.period, l.description, l.basis, l.amount_fen FROM receipt_lines l
         LEFT JOIN fee_items f ON f.id = l.fee_item_id WHERE l.receipt_id = ?1 ORDER BY l.line_no",
    )?;
    r.lines = stmt
        .query_map([id], |x| {
            Ok(ReceiptLine {
                kind: x.get(0)?,
                item: x.get(1)?,
                period: x.get(2)?,
                description: x.get(3)?,
                basis: x.get(4)?,
                amount_fen: x.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT method, amount_fen, tendered_fen, change_fen FROM payments WHERE receipt_id = ?1 ORDER BY line_no",
    )?;
    r.payments = stmt
        .query_map([id], |x| {
            Ok(PaymentLine {
                method: PayMethod::from_code(&x.get::<_, String>(0)?).unwrap_or(PayMethod::Cash),
                amount_fen: x.get(1)?,
                tendered_fen: x.get(2)?,
                change_fen: x.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    r.void = conn
        .prepare_cached(
            "SELECT v.reason, a.display_name, b.display_name, v.voided_at FROM voids v
             JOIN users a ON a.id = v.voided_by JOIN users b ON b.id = v.approved_by WHERE v.receipt_id = ?1",
        )?
        .query_row([id], |x| Ok(VoidInfo { reason: x.get(0)?, voided_by: x.get(1)?, approved_by: x.get(2)?, voided_at: x.get(3)? }))
        .optional()?;
    Ok(r)
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ReceiptRow {
    pub number: String,
    pub kind: String,
    pub unit: Option<String>,
    pub payer: String,
    pub issued_at: String,
    pub total_fen: i64,
    pub voided: bool,
}

/// A receipt kind in the words of the office's lists and exports.
pub fn receipt_kind_zh(kind: &str) -> &'static str {
    match kind {
        "payment" => "收费",
        "sale" => "柜台",
        "reversal" => "红冲",
        "deposit" => "押金",
        "refund" => "退款凭证",
        _ => "其他",
    }
}
