//! The receipt (收据), the document under every yuan taken or given back: its kinds, gapless numbers
//! per desk series and year, and the one place that writes a receipt with everything under it
//! (lines, payments, allocations, journal entry, balances, outbox event, audit line).

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::{self, Ctx};
use crate::charges::update_unit_balance;
use crate::journal::{self, Account, EntryLinks, JournalEntry};
use crate::outbox::{self, AllocationRecord, Event, LineRecord, PaymentRecord};
use crate::tender::{PayMethod, PaymentDraft};
use crate::{err, Money, Result};

/// What a receipt is for. Stored as its code (`payment`, `sale`, …) in `receipts.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ReceiptKind {
    /// 收费: a unit's charges (and prepayment) paid.
    Payment,
    /// 柜台: a counter sale of paid services.
    Sale,
    /// 红冲: the negative receipt that reverses another.
    Reversal,
    /// 押金: a decoration deposit taken.
    Deposit,
    /// 退款凭证: a decoration deposit paid back (its own series, `TK`).
    Refund,
}

impl ReceiptKind {
    pub const ALL: [ReceiptKind; 5] = [
        ReceiptKind::Payment,
        ReceiptKind::Sale,
        ReceiptKind::Reversal,
        ReceiptKind::Deposit,
        ReceiptKind::Refund,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReceiptKind::Payment => "payment",
            ReceiptKind::Sale => "sale",
            ReceiptKind::Reversal => "reversal",
            ReceiptKind::Deposit => "deposit",
            ReceiptKind::Refund => "refund",
        }
    }

    pub fn from_code(s: &str) -> Option<ReceiptKind> {
        ReceiptKind::ALL.into_iter().find(|k| k.code() == s)
    }

    /// The kind in the words of the office's lists and exports.
    pub fn zh(self) -> &'static str {
        match self {
            ReceiptKind::Payment => "收费",
            ReceiptKind::Sale => "柜台",
            ReceiptKind::Reversal => "红冲",
            ReceiptKind::Deposit => "押金",
            ReceiptKind::Refund => "退款凭证",
        }
    }

    /// The numbered series: receipts (收据) `R`, refund vouchers (退款凭证) `TK`.
    pub fn series(self) -> &'static str {
        match self {
            ReceiptKind::Refund => "TK",
            _ => "R",
        }
    }

    /// Documents of a decoration deposit: only the deposit steps undo them.
    pub fn is_deposit_document(self) -> bool {
        matches!(self, ReceiptKind::Deposit | ReceiptKind::Refund)
    }
}

impl rusqlite::ToSql for ReceiptKind {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.code().into())
    }
}

impl rusqlite::types::FromSql for ReceiptKind {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let s = v.as_str()?;
        ReceiptKind::from_code(s).ok_or_else(|| {
            rusqlite::types::FromSqlError::Other(format!("unknown receipt kind {s}").into())
        })
    }
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
    pub kind: ReceiptKind,
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
    /// Paid in part (部分缴纳): what stays owed on the charges the payer was asked for.
    pub remaining_fen: Option<i64>,
}

impl Receipt {
    pub fn change_fen(&self) -> i64 {
        self.payments.iter().filter_map(|p| p.change_fen).sum()
    }
}

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

pub(crate) struct Draft<'a> {
    pub(crate) kind: ReceiptKind,
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
    /// Paid in part: what stays owed on the charges chosen.
    pub(crate) remaining: Option<Money>,
}

/// `A01-2026-000123` for receipts, `A01-TK2026-000005` for refund vouchers.
pub fn format_number(desk: &str, series: &str, year: i32, seq: i64) -> String {
    match series {
        "R" => format!("{desk}-{year}-{seq:06}"),
        s => format!("{desk}-{s}{year}-{seq:06}"),
    }
}

/// The parts of a document number (`format_number`'s inverse): desk, series, year, sequence.
pub fn parse_number(number: &str) -> Option<(String, String, i32, i64)> {
    let mut parts = number.trim().rsplitn(3, '-');
    let seq = parts.next()?.parse().ok().filter(|s: &i64| *s > 0)?;
    let middle = parts.next()?;
    let desk = parts.next().filter(|d| !d.is_empty())?;
    let split = middle.find(|c: char| c.is_ascii_digit())?;
    let (series, year) = middle.split_at(split);
    let series = if series.is_empty() { "R" } else { series };
    let year = year.parse().ok()?;
    let canonical = format_number(desk, series, year, seq) == number.trim();
    canonical.then(|| (desk.to_string(), series.to_string(), year, seq))
}

/// Next number of a series: one more than the highest, under the transaction's write lock, so a
/// rolled-back operation leaves no gap. Numbers lost in a restore (`lost_numbers`) count as used.
fn next_number(tx: &Transaction, desk: &str, series: &str, year: i32) -> Result<(i64, String)> {
    let seq: i64 = tx
        .prepare_cached(
            "SELECT MAX(COALESCE((SELECT MAX(seq) FROM receipts WHERE desk = ?1 AND series = ?2 AND year = ?3), 0),
                        COALESCE((SELECT MAX(to_seq) FROM lost_numbers WHERE desk = ?1 AND series = ?2 AND year = ?3), 0)) + 1",
        )?
        .query_row(params![desk, series, year], |r| r.get(0))?;
    Ok((seq, format_number(desk, series, year, seq)))
}

/// The receipt row and the rows under it (lines, payments, allocations); the new receipt's id.
fn write_rows(
    tx: &Transaction,
    ctx: &Ctx,
    d: &Draft,
    (year, seq, series, number): (i32, i64, &str, &str),
    total: Money,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO receipts(uuid, number, desk, series, year, seq, kind, unit_id, payer, shift_id, cashier_id, issued_at, total_fen, note,
                              reverses_receipt_id, reason, approved_by, remaining_fen)
         VALUES (?1, ?2, ?3, ?17, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?18)",
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
        series,
        d.remaining.map(|m| m.fen())
    ])?;
    let receipt_id = tx.last_insert_rowid();
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
    Ok(receipt_id)
}

/// The event head office receives for an issued receipt.
fn issued_event(ctx: &Ctx, d: &Draft, number: &str, total: Money) -> Event {
    Event::ReceiptIssued {
        number: number.to_string(),
        receipt_kind: d.kind.code().into(),
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
        remaining_fen: d.remaining.map(|m| m.fen()),
    }
}

/// What was just written, without reading it back.
fn issued(ctx: &Ctx, d: Draft, number: String, total: Money) -> Receipt {
    Receipt {
        number,
        kind: d.kind,
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
        remaining_fen: d.remaining.map(|m| m.fen()),
    }
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
    let series = d.kind.series();
    let (seq, number) = next_number(tx, &ctx.desk, series, year)?;
    let total: Money = d.lines.iter().map(|l| l.amount).sum();
    let paid: Money = d.payments.iter().map(|p| p.amount).sum();
    assert_eq!(total, paid, "receipt lines and payments must agree");
    let receipt_id = write_rows(tx, ctx, &d, (year, seq, series, &number), total)?;
    let links = EntryLinks {
        shift_id: Some(d.shift_id),
        receipt_id: Some(receipt_id),
        reverses_entry_id: d.reverses.as_ref().map(|r| r.2),
    };
    journal::post(tx, ctx, &d.entry, links)?;
    if let Some((uid, code)) = &d.unit {
        let reopened = d
            .allocations
            .iter()
            .filter(|(_, a)| a.fen < 0)
            .map(|(_, a)| a.period.as_str())
            .min();
        update_unit_balance(tx, *uid, code, &d.entry, reopened)?;
    }
    outbox::append(tx, ctx, &issued_event(ctx, &d, &number, total))?;
    let action = match d.kind {
        ReceiptKind::Reversal => "reverse_receipt",
        _ => "issue_receipt",
    };
    let detail = format!("{} {}", d.kind.code(), total);
    let approver = d.approver.as_ref().map(|a| a.user_id);
    auth::audit(
        tx,
        ctx,
        action,
        &number,
        &detail,
        d.reason.as_deref(),
        approver,
    )?;
    Ok(issued(ctx, d, number, total))
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

/// A receipt with its lines, payments and void/reversal state.
pub fn receipt(conn: &Connection, number: &str) -> Result<Receipt> {
    let number = number.trim();
    let (id, mut r) = conn
        .prepare_cached(
            "SELECT r.id, r.number, r.kind, u.code, r.payer, r.shift_id, c.display_name, r.issued_at, r.total_fen, r.note,
                    o.number, (SELECT x.number FROM receipts x WHERE x.reverses_receipt_id = r.id), r.reason, r.remaining_fen
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
                        remaining_fen: r.get(13)?,
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
    pub kind: ReceiptKind,
    pub unit: Option<String>,
    pub payer: String,
    pub issued_at: String,
    pub total_fen: i64,
    pub voided: bool,
}

/// The desk's secret for receipt QR codes: 32 random bytes, made on first use and kept (hex) in
/// `settings.desk_secret`. Call inside the printing transaction so two first prints cannot race.
pub fn desk_secret(conn: &Connection) -> Result<Vec<u8>> {
    if let Some(h) = crate::db::setting(conn, "desk_secret")? {
        return hex::decode(h.trim()).map_err(|_| {
            err!(
                Storage,
                "收银台密钥（desk_secret）已损坏",
                "the desk secret (desk_secret) is damaged"
            )
        });
    }
    let mut key = vec![0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
    crate::db::set_setting(conn, "desk_secret", &hex::encode(&key))?;
    Ok(key)
}
