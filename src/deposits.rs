//! 装修押金: decoration deposits, from collection to refund, forfeit or transfer to prepayment.
//!
//! A deposit is taken on a numbered receipt (kind `deposit`) and held on `2241:deposit:<unit>`
//! until it is closed. Its life is the append-only `deposit_events`; the latest event decides the
//! state:
//!
//! ```text
//! collected ─▶ under_way ─▶ inspection_failed ⇄ (re-inspect) ─▶ inspection_passed
//!   inspection_passed ─▶ refund_requested ─▶ refund_approved ─▶ refunded          (closed)
//!                        refund_requested/approved ─(reject)─▶ inspection_passed
//!   inspection_passed ─▶ transferred (to the unit's prepayment, with approval)    (closed)
//!   any open state    ─▶ forfeited (with approval)                                 (closed)
//! ```
//!
//! Rules: no refund without a passed inspection and a supervisor's approval of the request, by
//! someone other than the requester; deductions plus the refund are exactly the amount held, never
//! more; while a deposit is open its whole amount is held, so the held total always equals the
//! deposit liability accounts (checked in [`crate::check`]). Every step is one transaction with a
//! deposit event, an outbox event and an audit line.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::{self, Actor, Approval, Ctx, Perm, Role};
use crate::collect::{self, Draft, LineDraft, PayMethod, PaymentDraft, Receipt, Tender};
use crate::estate;
use crate::fees;
use crate::ledger::{self, Account, EntryLinks, JournalEntry, Posting};
use crate::outbox::{self, AllocationRecord, Event};
use crate::shift;
use crate::{err, Error, Money, Result};

/// The largest deposit taken at the counter: ¥1,000,000.00.
pub const MAX_DEPOSIT: Money = Money::from_fen(100_000_000);
/// At most this many itemised deductions and unpaid charges on one refund request.
pub const MAX_DEDUCTIONS: usize = 50;
const MAX_TEXT: usize = 500;

const COLLECTED: &str = "collected";
const INSPECTED_PASSED: &str = "inspected_passed";
const INSPECTED_FAILED: &str = "inspected_failed";
const REFUND_REQUESTED: &str = "refund_requested";
const REFUND_APPROVED: &str = "refund_approved";
const REFUND_REJECTED: &str = "refund_rejected";
const REFUNDED: &str = "refunded";
const FORFEITED: &str = "forfeited";
const TRANSFERRED: &str = "transferred";
const VOIDED: &str = "voided";

/// The deposit events that close a deposit (SQL list, used by the reads and by `check`).
pub const CLOSING_KINDS_SQL: &str = "('refunded', 'forfeited', 'transferred', 'voided')";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum DepositState {
    UnderWay,
    InspectionFailed,
    InspectionPassed,
    RefundRequested,
    RefundApproved,
    Refunded,
    Forfeited,
    Transferred,
    /// Taken in error: its receipt voided in the same shift (supervisor's approval).
    Voided,
}

impl DepositState {
    pub fn code(self) -> &'static str {
        match self {
            DepositState::UnderWay => "under_way",
            DepositState::InspectionFailed => "inspection_failed",
            DepositState::InspectionPassed => "inspection_passed",
            DepositState::RefundRequested => "refund_requested",
            DepositState::RefundApproved => "refund_approved",
            DepositState::Refunded => "refunded",
            DepositState::Forfeited => "forfeited",
            DepositState::Transferred => "transferred",
            DepositState::Voided => "voided",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            DepositState::UnderWay => "装修中",
            DepositState::InspectionFailed => "验收未通过",
            DepositState::InspectionPassed => "验收通过",
            DepositState::RefundRequested => "退款待审批",
            DepositState::RefundApproved => "退款已批准",
            DepositState::Refunded => "已退款",
            DepositState::Forfeited => "已没收",
            DepositState::Transferred => "已转预存",
            DepositState::Voided => "已作废",
        }
    }
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            DepositState::Refunded
                | DepositState::Forfeited
                | DepositState::Transferred
                | DepositState::Voided
        )
    }
    /// The state after an event of `kind`.
    fn after(self, kind: &str) -> DepositState {
        match kind {
            COLLECTED => DepositState::UnderWay,
            INSPECTED_FAILED => DepositState::InspectionFailed,
            INSPECTED_PASSED | REFUND_REJECTED => DepositState::InspectionPassed,
            REFUND_REQUESTED => DepositState::RefundRequested,
            REFUND_APPROVED => DepositState::RefundApproved,
            REFUNDED => DepositState::Refunded,
            FORFEITED => DepositState::Forfeited,
            TRANSFERRED => DepositState::Transferred,
            VOIDED => DepositState::Voided,
            _ => self,
        }
    }
}

fn step_zh(kind: &str) -> &'static str {
    match kind {
        COLLECTED => "收取押金",
        INSPECTED_PASSED => "验收通过",
        INSPECTED_FAILED => "验收不通过",
        REFUND_REQUESTED => "申请退款",
        REFUND_APPROVED => "批准退款",
        REFUND_REJECTED => "驳回退款",
        REFUNDED => "退款",
        FORFEITED => "没收",
        TRANSFERRED => "转预存",
        VOIDED => "作废",
        _ => "其他",
    }
}

/// What a deduction from the deposit is for; each becomes other income (`6051:deposit-<kind>`).
/// Unpaid charges of the unit are deducted separately (they settle the charges instead).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum DeductionKind {
    /// 损坏赔偿: damage to common areas.
    Damage,
    /// 垃圾清运/保洁: rubbish removal and cleaning.
    Cleaning,
    /// 超期: work beyond the permitted period.
    Overdue,
}

impl DeductionKind {
    pub fn code(self) -> &'static str {
        match self {
            DeductionKind::Damage => "damage",
            DeductionKind::Cleaning => "cleaning",
            DeductionKind::Overdue => "overdue",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            DeductionKind::Damage => "损坏赔偿",
            DeductionKind::Cleaning => "垃圾清运/保洁",
            DeductionKind::Overdue => "超期扣款",
        }
    }
    pub fn account(self) -> Account {
        Account::OtherIncome(format!("deposit-{}", self.code()))
    }
    pub fn parse(s: &str) -> Result<DeductionKind> {
        Ok(match s.trim().to_lowercase().as_str() {
            "damage" | "损坏" | "损坏赔偿" | "赔偿" => DeductionKind::Damage,
            "cleaning" | "清运" | "垃圾清运" | "保洁" | "垃圾清运/保洁" => {
                DeductionKind::Cleaning
            }
            "overdue" | "超期" | "超期扣款" => DeductionKind::Overdue,
            _ => {
                return Err(err!(
                    InvalidInput,
                    "扣款类别「{s}」无效，可选：损坏赔偿、垃圾清运/保洁、超期",
                    "unknown deduction \"{s}\"; use damage, cleaning or overdue"
                ))
            }
        })
    }
}

// ------------------------------------------------------------------------- requests

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CollectDepositRequest {
    pub unit: String,
    /// Who pays (and is refunded); None = the unit's owner.
    pub payer: Option<String>,
    /// 施工单位 and its phone.
    pub contractor: String,
    pub contractor_phone: String,
    pub amount: Money,
    /// 装修许可证号.
    pub permit_no: String,
    /// 计划完工日期.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub planned_end: NaiveDate,
    pub tenders: Vec<Tender>,
    #[serde(default)]
    pub note: String,
}

/// The result of the 竣工验收: passed, or failed with what must be put right.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Inspection {
    pub passed: bool,
    #[serde(default)]
    pub findings: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Deduction {
    pub kind: DeductionKind,
    pub amount: Money,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RefundRequest {
    #[serde(default)]
    pub deductions: Vec<Deduction>,
    /// Open charges of the unit to settle from the deposit (ids as listed in the unit's arrears).
    #[serde(default)]
    pub charges: Vec<i64>,
    #[serde(default)]
    pub note: String,
}

// ------------------------------------------------------------------------- results

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DeductionLine {
    pub kind: DeductionKind,
    pub amount_fen: i64,
    pub note: String,
}

/// An unpaid charge of the unit, settled from the deposit, with its open amount when requested.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ChargeDeduction {
    pub charge_id: i64,
    pub item: String,
    pub item_name: String,
    pub period: String,
    pub open_fen: i64,
}

/// A refund request as recorded: what is deducted and what is paid back. Nothing moves until the
/// refund itself; `held_fen = deductions_fen + refund_fen`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RefundPlan {
    pub held_fen: i64,
    pub deductions: Vec<DeductionLine>,
    pub charges: Vec<ChargeDeduction>,
    pub deductions_fen: i64,
    pub refund_fen: i64,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DepositStep {
    pub at: String,
    pub step: String,
    pub step_zh: String,
    pub user: String,
    pub approved_by: Option<String>,
    pub note: String,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub detail: serde_json::Value,
    /// The document of the step: the deposit receipt or the refund voucher.
    pub document: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Deposit {
    pub id: i64,
    pub unit: String,
    pub payer: String,
    pub contractor: String,
    /// Masked unless the reader may see personal data.
    pub contractor_phone: String,
    pub amount_fen: i64,
    pub permit_no: String,
    pub planned_end: String,
    pub collected_at: String,
    /// The deposit receipt's number.
    pub receipt: String,
    pub state: DepositState,
    pub state_zh: String,
    pub closed: bool,
    pub closed_at: Option<String>,
    pub inspection_passed: bool,
    /// Planned end passed, no inspection passed, still open.
    pub overdue_for_inspection: bool,
    /// Held now: the whole amount while open, nothing once closed.
    pub held_fen: i64,
    pub deducted_fen: i64,
    pub refunded_fen: i64,
    pub forfeited_fen: i64,
    pub transferred_fen: i64,
    /// The latest refund request (pending, approved or carried out).
    pub request: Option<RefundPlan>,
    pub refund_voucher: Option<String>,
    pub events: Vec<DepositStep>,
}

/// A deposit with the document issued by the step (collection or refund).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DepositReceipt {
    pub deposit: Deposit,
    pub receipt: Receipt,
}

/// Which deposits to list (装修押金统计).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "which", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum DepositFilter {
    /// Every deposit not closed: what the liability account holds.
    Held,
    /// Planned end passed, inspection not passed, not closed.
    OverdueInspection,
    /// Refunded in a month (`YYYY-MM`).
    RefundedIn {
        month: String,
    },
    All,
}

impl DepositFilter {
    pub fn zh(&self) -> String {
        match self {
            DepositFilter::Held => "在押押金".into(),
            DepositFilter::OverdueInspection => "逾期未验收".into(),
            DepositFilter::RefundedIn { month } => format!("{month} 已退押金"),
            DepositFilter::All => "全部押金".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DepositList {
    pub filter: DepositFilter,
    pub title: String,
    pub deposits: Vec<Deposit>,
    pub count: usize,
    pub amount_fen: i64,
    pub held_fen: i64,
    pub deducted_fen: i64,
    pub refunded_fen: i64,
    pub forfeited_fen: i64,
    pub transferred_fen: i64,
}

// ------------------------------------------------------------------------- loading

/// A deposit as the operations need it.
struct Loaded {
    d: Deposit,
    unit_id: i64,
    /// Who made the current refund request, and who approved it.
    requester: Option<i64>,
    approver: Option<i64>,
}

fn not_found(id: i64) -> Error {
    err!(
        NotFound,
        "装修押金 #{id} 不存在",
        "decoration deposit #{id} not found"
    )
}

fn load(conn: &Connection, ctx: &Ctx, id: i64) -> Result<Loaded> {
    let full = auth::allows(ctx.actor.role, Perm::SeePersonalData);
    let row = conn
        .prepare_cached(
            "SELECT d.id, d.unit_id, u.code, d.payer, d.contractor, d.contractor_phone, d.amount_fen, d.permit_no, d.planned_end,
                    d.created_at, r.number
             FROM deposits d JOIN units u ON u.id = d.unit_id JOIN receipts r ON r.id = d.receipt_id WHERE d.id = ?1",
        )?
        .query_row([id], |r| {
            let phone: String = r.get(5)?;
            Ok((
                r.get::<_, i64>(1)?,
                Deposit {
                    id: r.get(0)?,
                    unit: r.get(2)?,
                    payer: r.get(3)?,
                    contractor: r.get(4)?,
                    contractor_phone: if full { phone } else { estate::mask_phone(&phone) },
                    amount_fen: r.get(6)?,
                    permit_no: r.get(7)?,
                    planned_end: r.get(8)?,
                    collected_at: r.get(9)?,
                    receipt: r.get(10)?,
                    state: DepositState::UnderWay,
                    state_zh: String::new(),
                    closed: false,
                    closed_at: None,
                    inspection_passed: false,
                    overdue_for_inspection: false,
                    held_fen: 0,
                    deducted_fen: 0,
                    refunded_fen: 0,
                    forfeited_fen: 0,
                    transferred_fen: 0,
                    request: None,
                    refund_voucher: None,
                    events: vec![],
                },
            ))
        })
        .optional()?
        .ok_or_else(|| not_found(id))?;
    let (unit_id, mut d) = row;
    let mut stmt = conn.prepare_cached(
        "SELECT e.kind, e.at, u.display_name, e.user_id, a.display_name, e.note, e.detail, r.number
         FROM deposit_events e JOIN users u ON u.id = e.user_id LEFT JOIN users a ON a.id = e.approved_by
         LEFT JOIN receipts r ON r.id = e.receipt_id WHERE e.deposit_id = ?1 ORDER BY e.id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, Option<String>>(7)?,
        ))
    })?;
    let (mut requester, mut approver) = (None, None);
    let mut state = DepositState::UnderWay;
    for row in rows {
        let (kind, at, user, user_id, approved_name, note, detail, document) = row?;
        let detail: serde_json::Value = serde_json::from_str(&detail).map_err(|e| {
            err!(
                Storage,
                "押金 #{id} 的记录无法解析：{e}",
                "deposit #{id} has an unreadable event: {e}"
            )
        })?;
        let fen = |k: &str| detail.get(k).and_then(|v| v.as_i64()).unwrap_or(0);
        match kind.as_str() {
            INSPECTED_PASSED => d.inspection_passed = true,
            REFUND_REQUESTED => {
                d.request = Some(serde_json::from_value(detail.clone()).map_err(|e| {
                    err!(
                        Storage,
                        "押金 #{id} 的退款申请无法解析：{e}",
                        "deposit #{id} has an unreadable refund request: {e}"
                    )
                })?);
                requester = Some(user_id);
                approver = None;
            }
            REFUND_APPROVED => approver = Some(user_id),
            REFUND_REJECTED => approver = None,
            REFUNDED => {
                d.deducted_fen = fen("deductions_fen");
                d.refunded_fen = fen("refund_fen");
                d.refund_voucher = document.clone();
            }
            FORFEITED => d.forfeited_fen = fen("held_fen"),
            TRANSFERRED => d.transferred_fen = fen("held_fen"),
            _ => {}
        }
        state = state.after(&kind);
        if state.is_closed() && d.closed_at.is_none() {
            d.closed_at = Some(at.clone());
        }
        d.events.push(DepositStep {
            at,
            step_zh: step_zh(&kind).into(),
            step: kind,
            user,
            approved_by: approved_name,
            note,
            detail,
            document,
        });
    }
    d.state = state;
    d.state_zh = state.zh().into();
    d.closed = state.is_closed();
    d.held_fen = if d.closed { 0 } else { d.amount_fen };
    d.overdue_for_inspection = !d.closed
        && !d.inspection_passed
        && d.planned_end < ctx.today().format("%Y-%m-%d").to_string();
    Ok(Loaded {
        d,
        unit_id,
        requester,
        approver,
    })
}

/// One deposit with its events and state.
pub fn get(conn: &Connection, ctx: &Ctx, id: i64) -> Result<Deposit> {
    ctx.actor.require(Perm::Read)?;
    Ok(load(conn, ctx, id)?.d)
}

/// Deposits by filter, with totals (装修押金统计), oldest first.
pub fn list(conn: &Connection, ctx: &Ctx, filter: &DepositFilter) -> Result<DepositList> {
    ctx.actor.require(Perm::Read)?;
    let filter = match filter {
        DepositFilter::RefundedIn { month } => DepositFilter::RefundedIn {
            month: fees::parse_period(month)?,
        },
        f => f.clone(),
    };
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM deposits ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut deposits = vec![];
    for id in ids {
        let d = load(conn, ctx, id)?.d;
        let keep = match &filter {
            DepositFilter::Held => !d.closed,
            DepositFilter::OverdueInspection => d.overdue_for_inspection,
            DepositFilter::RefundedIn { month } => {
                d.state == DepositState::Refunded
                    && d.closed_at
                        .as_deref()
                        .is_some_and(|at| at.starts_with(month.as_str()))
            }
            DepositFilter::All => true,
        };
        if keep {
            deposits.push(d);
        }
    }
    let sum = |f: fn(&Deposit) -> i64| deposits.iter().map(f).sum::<i64>();
    Ok(DepositList {
        title: filter.zh(),
        count: deposits.len(),
        // A deposit voided as taken in error was never held: listed, not counted.
        amount_fen: sum(|d| {
            if d.state == DepositState::Voided {
                0
            } else {
                d.amount_fen
            }
        }),
        held_fen: sum(|d| d.held_fen),
        deducted_fen: sum(|d| d.deducted_fen),
        refunded_fen: sum(|d| d.refunded_fen),
        forfeited_fen: sum(|d| d.forfeited_fen),
        transferred_fen: sum(|d| d.transferred_fen),
        filter,
        deposits,
    })
}

// ------------------------------------------------------------------------- helpers

fn text(s: &str, max: usize, (zh, en): (&str, &str)) -> Result<String> {
    let t = s.trim();
    if t.chars().count() > max {
        return Err(err!(
            InvalidInput,
            "{zh}过长（最多 {max} 字）",
            "{en} is too long (at most {max} characters)"
        ));
    }
    Ok(t.to_string())
}

fn required(s: &str, max: usize, what: (&str, &str)) -> Result<String> {
    let t = text(s, max, what)?;
    if t.is_empty() {
        let (zh, en) = what;
        return Err(err!(InvalidInput, "请填写{zh}", "the {en} is required"));
    }
    Ok(t)
}

fn reason(s: &str) -> Result<String> {
    let t = text(s, MAX_TEXT, ("原因", "reason"))?;
    if t.chars().count() < 2 {
        return Err(err!(InvalidInput, "请填写原因", "give a reason"));
    }
    Ok(t)
}

fn closed_err(d: &Deposit) -> Error {
    err!(
        WrongState,
        (
            "装修押金 #{}（{}）{}，不能再办理",
            d.id,
            d.unit,
            d.state.zh()
        ),
        (
            "decoration deposit #{} ({}) is {}; nothing more can be done with it",
            d.id,
            d.unit,
            d.state.code()
        )
    )
}

fn wrong_state(d: &Deposit, zh: &str, en: &str) -> Error {
    if d.closed {
        return closed_err(d);
    }
    err!(
        WrongState,
        ("装修押金 #{} 当前状态为「{}」，{}", d.id, d.state.zh(), zh),
        ("decoration deposit #{} is {}: {}", d.id, d.state.code(), en)
    )
}

fn actor(conn: &Connection, user_id: i64) -> Result<Actor> {
    let (username, display_name, role): (String, String, String) = conn
        .prepare_cached("SELECT username, display_name, role FROM users WHERE id = ?1")?
        .query_row([user_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(Actor {
        user_id,
        username,
        display_name,
        role: Role::parse(&role)?,
    })
}

fn yuan(fen: i64) -> String {
    Money::from_fen(fen).grouped()
}

/// Write one step: the deposit event, the outbox event (same transaction) and the audit line.
#[allow(clippy::too_many_arguments)]
fn record(
    tx: &Transaction,
    ctx: &Ctx,
    d: &Deposit,
    kind: &str,
    approver: Option<&Actor>,
    note: &str,
    detail: serde_json::Value,
    receipt_id: Option<i64>,
    postings: Vec<Posting>,
    audit_detail: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO deposit_events(deposit_id, kind, at, user_id, approved_by, note, detail, receipt_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![d.id, kind, ctx.now_text(), ctx.actor.user_id, approver.map(|a| a.user_id), note, detail.to_string(), receipt_id])?;
    outbox::append(
        tx,
        ctx,
        &Event::DepositEvent {
            deposit: d.id,
            unit: d.unit.clone(),
            step: kind.into(),
            user: ctx.actor.username.clone(),
            approved_by: approver.map(|a| a.username.clone()),
            detail,
            postings,
        },
    )?;
    let reason = (!note.is_empty()).then_some(note);
    auth::audit(
        tx,
        ctx,
        &format!("deposit_{kind}"),
        &format!("deposit #{} {}", d.id, d.unit),
        audit_detail,
        reason,
        approver.map(|a| a.user_id),
    )
}

fn receipt_id(tx: &Transaction, number: &str) -> Result<i64> {
    Ok(tx
        .prepare_cached("SELECT id FROM receipts WHERE number = ?1")?
        .query_row([number], |r| r.get(0))?)
}

// ------------------------------------------------------------------------- operations

/// Take a deposit: a numbered receipt (kind `deposit`) in the cashier's open shift, the money to
/// the method accounts and the liability `2241:deposit:<unit>`.
pub fn collect(tx: &Transaction, ctx: &Ctx, req: &CollectDepositRequest) -> Result<DepositReceipt> {
    ctx.actor.require(Perm::Collect)?;
    let shift_id = shift::require_open(tx, ctx)?;
    let unit_id = estate::unit_id(tx, &req.unit)?;
    let unit_code = estate::unit_code(tx, unit_id)?;
    let amount = req.amount;
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
    let contractor = required(&req.contractor, 100, ("施工单位", "contractor"))?;
    let phone = required(
        &req.contractor_phone,
        32,
        ("施工单位电话", "contractor's phone"),
    )?;
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
    let open_same_permit: Option<i64> = tx
        .prepare_cached(&format!(
            "SELECT d.id FROM deposits d WHERE d.permit_no = ?1
             AND NOT EXISTS (SELECT 1 FROM deposit_events e WHERE e.deposit_id = d.id AND e.kind IN {CLOSING_KINDS_SQL}) LIMIT 1"
        ))?
        .query_row([&permit], |r| r.get(0))
        .optional()?;
    if let Some(other) = open_same_permit {
        return Err(err!(
            Duplicate,
            "装修许可证 {permit} 已收押金（#{other}，尚未结清）",
            "permit {permit} already has an open deposit (#{other})"
        ));
    }
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
    let (payments, _) = collect::settle_tenders(amount, &req.tenders, false, None)?;
    let mut jl = collect::payment_lines(&payments, Some(&unit_code), 1)?;
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
    let receipt = collect::issue(
        tx,
        ctx,
        Draft {
            kind: "deposit",
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
    let open = collect::open_charges(tx, x.unit_id)?;
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
                yuan(total),
                yuan(held)
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
    match x.d.state {
        DepositState::RefundApproved => {}
        DepositState::RefundRequested => {
            return Err(err!(
                ApprovalRequired,
                ("装修押金 #{} 的退款申请尚未经主管审批，不能退款", x.d.id),
                (
                    "the refund of decoration deposit #{} has not been approved by a supervisor",
                    x.d.id
                )
            ))
        }
        DepositState::InspectionPassed => {
            return Err(wrong_state(
                &x.d,
                "请先提出退款申请并经主管审批",
                "request the refund and have it approved first",
            ))
        }
        DepositState::UnderWay | DepositState::InspectionFailed => {
            return Err(wrong_state(
                &x.d,
                "验收通过并经审批后才能退款",
                "a refund needs a passed inspection and an approval",
            ))
        }
        _ => return Err(closed_err(&x.d)),
    }
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
    let held = Money::from_fen(x.d.held_fen);
    let refund = Money::from_fen(plan.refund_fen);
    if plan.held_fen != held.fen()
        || plan.refund_fen < 0
        || plan.deductions_fen + plan.refund_fen != plan.held_fen
    {
        return Err(err!(
            ExceedsHeld,
            "退款申请与押金余额不符，请重新提出退款申请",
            "the refund request does not match the deposit held; make a new request"
        ));
    }
    // The unit's charges must be as they were when the request was approved.
    let open = collect::open_charges(tx, x.unit_id)?;
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
    let mut lines = vec![LineDraft {
        kind: "deposit",
        charge_id: None,
        item_id: None,
        item_code: None,
        quantity: None,
        rate: None,
        period: None,
        description: "退还装修押金".into(),
        basis: format!("押金收据 {}，许可证 {}", x.d.receipt, x.d.permit_no),
        amount: -held,
    }];
    let mut jl = vec![(Account::Deposit(unit_code.clone()), held)];
    for dd in &plan.deductions {
        let amt = Money::from_fen(dd.amount_fen);
        lines.push(LineDraft {
            kind: "deduction",
            charge_id: None,
            item_id: None,
            item_code: None,
            quantity: None,
            rate: None,
            period: None,
            description: dd.kind.zh().into(),
            basis: dd.note.clone(),
            amount: amt,
        });
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
            kind: "charge",
            charge_id: Some(c.charge_id),
            item_id: Some(fees::item(tx, &c.item)?.id),
            item_code: Some(c.item.clone()),
            quantity: None,
            rate: None,
            period: Some(c.period.clone()),
            description: format!("抵扣 {}", c.item_name),
            basis,
            amount: amt,
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
    jl.push((Account::Receivable(unit_code.clone()), -charges_total));
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
    jl.extend(collect::payment_lines(&payments, Some(&unit_code), 1)?);
    let entry = JournalEntry::new(
        "deposit_refund",
        format!("{unit_code} 装修押金 #{id} 退款"),
        jl,
    )?;
    // `issue` also brings the unit's balance row up to date (the settled charges).
    let receipt = collect::issue(
        tx,
        ctx,
        Draft {
            kind: "refund",
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
    ledger::post(tx, ctx, &entry, EntryLinks::default())?;
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
    ledger::post(tx, ctx, &entry, EntryLinks::default())?;
    collect::update_unit_balance(tx, x.unit_id, &x.d.unit, &entry, None)?;
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
