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

use crate::auth::{self, Actor, Ctx, Perm, Role};
use crate::estate;
use crate::journal::{Account, Posting};
use crate::outbox::{self, Event};
use crate::receipts::Receipt;
use crate::tender::Tender;
use crate::{err, period, Error, Money, Result};

mod close;
mod refund;
mod take;

pub use close::{forfeit, transfer};
pub use refund::{approve_refund, inspect, refund, reject_refund, request_refund};
pub use take::collect;
pub(crate) use take::{before_void, record_void};

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
            month: period::parse_period(month)?,
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
