//! Cashier shifts (班次) and the day close (日结). Every money action belongs to the acting
//! cashier's open shift at this desk. A closed shift is frozen (ledger rule 5): its difference
//! (长短款) is recorded as counted and posted, never hidden.
//!
//! The drawer is the cash account `1001`: the float comes in from the safe when the shift opens,
//! and at the close the counted cash goes back to the safe, the difference to over/short `1901`.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::auth::{self, Actor, Approval, Ctx, Perm};
use crate::journal::{self, Account, EntryLinks, JournalEntry, Posting};
use crate::outbox::{self, Event};
use crate::tender::PayMethod;
use crate::{db, err, Money, Result};

/// The notes and coins a drawer holds, in fen: 100, 50, 20, 10, 5, 1, 0.5 and 0.1 yuan.
pub const DENOMINATIONS: [i64; 8] = [10000, 5000, 2000, 1000, 500, 100, 50, 10];

/// Default tolerance for a cash difference before a supervisor must approve it (settings key `cash_tolerance_fen`).
pub const DEFAULT_TOLERANCE_FEN: i64 = 500;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Shift {
    pub id: i64,
    pub desk: String,
    pub cashier: String,
    pub opened_at: String,
    pub float_fen: i64,
    pub closed_at: Option<String>,
}

/// The acting user's open shift at this desk, if any.
pub fn current(conn: &Connection, ctx: &Ctx) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.id FROM shifts s WHERE s.cashier_id = ?1 AND s.desk = ?2
             AND NOT EXISTS (SELECT 1 FROM shift_closes c WHERE c.shift_id = s.id) ORDER BY s.id DESC LIMIT 1",
        )?
        .query_row(params![ctx.actor.user_id, ctx.desk], |r| r.get(0))
        .optional()?)
}

fn require_day_open(conn: &Connection, ctx: &Ctx) -> Result<()> {
    let last: Option<String> = conn
        .prepare_cached("SELECT MAX(date) FROM day_closes WHERE desk = ?1")?
        .query_row([&ctx.desk], |r| r.get(0))?;
    let today = ctx.today().format("%Y-%m-%d").to_string();
    match last {
        Some(d) if d >= today => Err(err!(
            ShiftClosed,
            "{d} 已日结，不能再录入 {today} 及以前的收付款",
            "{d} has been closed (day close); nothing more can be entered for {today} or earlier"
        )),
        _ => Ok(()),
    }
}

/// The open shift money actions go into; refuses when there is none or the day is closed.
pub fn require_open(conn: &Connection, ctx: &Ctx) -> Result<i64> {
    require_day_open(conn, ctx)?;
    current(conn, ctx)?.ok_or_else(|| {
        err!(
            NoOpenShift,
            (
                "{} 尚未开班，请先开班（录入备用金）再收款",
                ctx.actor.display_name
            ),
            (
                "{} has no open shift; open one (with the float) first",
                ctx.actor.username
            )
        )
    })
}

pub fn is_closed(conn: &Connection, shift_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM shift_closes WHERE shift_id = ?1)")?
        .query_row([shift_id], |r| r.get(0))?)
}

pub fn open(tx: &Transaction, ctx: &Ctx, float: Money) -> Result<i64> {
    ctx.actor.require(Perm::Collect)?;
    if float.is_negative() {
        return Err(err!(
            AmountNegative,
            "备用金不能为负数",
            "the float cannot be negative"
        ));
    }
    require_day_open(tx, ctx)?;
    if let Some(id) = current(tx, ctx)? {
        return Err(err!(
            ShiftAlreadyOpen,
            "已有未交班的班次 #{id}，请先交班",
            "shift #{id} is still open; close it first"
        ));
    }
    tx.execute(
        "INSERT INTO shifts(desk, cashier_id, opened_at, float_fen) VALUES (?1, ?2, ?3, ?4)",
        params![ctx.desk, ctx.actor.user_id, ctx.now_text(), float.fen()],
    )?;
    let id = tx.last_insert_rowid();
    let postings = if float.is_positive() {
        drawer_move(tx, ctx, id, "float", &format!("班次 {id} 备用金"), float)?
    } else {
        vec![]
    };
    outbox::append(
        tx,
        ctx,
        &Event::ShiftOpened {
            shift: id,
            cashier: ctx.actor.username.clone(),
            float_fen: float.fen(),
            postings,
        },
    )?;
    auth::audit(
        tx,
        ctx,
        "open_shift",
        &format!("shift {id}"),
        &format!("float {float}"),
        None,
        None,
    )?;
    Ok(id)
}

/// Put cash into the drawer (positive: a float top-up) or take it out (negative: banking a surplus to the safe).
pub fn cash_movement(tx: &Transaction, ctx: &Ctx, amount: Money, reason: &str) -> Result<i64> {
    ctx.actor.require(Perm::Collect)?;
    let reason = reason.trim();
    if reason.chars().count() < 2 {
        return Err(err!(
            InvalidInput,
            "请填写存取现金的原因",
            "give a reason for the cash in/out"
        ));
    }
    if amount.is_zero() {
        return Err(err!(
            AmountEmpty,
            "金额不能为零",
            "the amount cannot be zero"
        ));
    }
    let id = require_open(tx, ctx)?;
    if amount.is_negative() {
        let held = expected_cash(tx, id)?;
        if -amount > held {
            return Err(err!(
                InvalidInput,
                (
                    "钱箱应有现金只有 ¥{}，不能取出 ¥{}",
                    held.grouped(),
                    (-amount).grouped()
                ),
                (
                    "the drawer should hold only {}, cannot take out {}",
                    held,
                    -amount
                )
            ));
        }
    }
    tx.execute(
        "INSERT INTO cash_movements(shift_id, amount_fen, reason, at, user_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, amount.fen(), reason, ctx.now_text(), ctx.actor.user_id],
    )?;
    let postings = drawer_move(tx, ctx, id, "cash_movement", reason, amount)?;
    outbox::append(
        tx,
        ctx,
        &Event::CashMoved {
            shift: id,
            fen: amount.fen(),
            reason: reason.into(),
            postings,
        },
    )?;
    auth::audit(
        tx,
        ctx,
        "cash_movement",
        &format!("shift {id}"),
        &amount.to_string(),
        Some(reason),
        None,
    )?;
    Ok(id)
}

/// Post cash between the safe and the shift's drawer (positive: into the drawer). Returns the postings.
fn drawer_move(
    tx: &Transaction,
    ctx: &Ctx,
    shift_id: i64,
    kind: &'static str,
    memo: &str,
    amount: Money,
) -> Result<Vec<Posting>> {
    let e = JournalEntry::new(
        kind,
        memo,
        [(Account::Cash, amount), (Account::Safe, -amount)],
    )?;
    journal::post(
        tx,
        ctx,
        &e,
        EntryLinks {
            shift_id: Some(shift_id),
            ..Default::default()
        },
    )?;
    Ok(e.postings().to_vec())
}

/// Cash the drawer should hold: every movement on the cash account in this shift (float included).
pub fn expected_cash(conn: &Connection, shift_id: i64) -> Result<Money> {
    expected(conn, shift_id, &Account::Cash)
}

fn expected(conn: &Connection, shift_id: i64, account: &Account) -> Result<Money> {
    // `+p.account` keeps SQLite on the shift's entries instead of every posting ever made to the account.
    let fen: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(p.amount_fen), 0) FROM journal_entries j JOIN postings p ON p.entry_id = j.id
             WHERE j.shift_id = ?1 AND +p.account = ?2 AND j.kind <> 'shift_close'",
        )?
        .query_row(params![shift_id, account.code()], |r| r.get(0))?;
    Ok(Money::from_fen(fen))
}

/// What the cashier counted at the close.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CloseRequest {
    /// Which shift; None = the acting cashier's open shift. Someone else's shift is refused.
    pub shift_id: Option<i64>,
    /// (denomination in fen, count): 100 yuan = 10000 … 0.1 yuan = 10.
    pub cash_counts: Vec<(i64, i64)>,
    /// Totals read off the settlement slips (微信/支付宝/银联/转账), as the cashier sees them.
    pub non_cash: Vec<(PayMethod, Money)>,
    pub note: String,
    /// Needed when a difference is beyond the tolerance.
    pub approval: Option<Approval>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MethodLine {
    pub method: PayMethod,
    pub expected_fen: i64,
    pub counted_fen: i64,
    pub difference_fen: i64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ShiftClosed {
    pub shift_id: i64,
    pub expected_cash_fen: i64,
    pub counted_cash_fen: i64,
    pub difference_fen: i64,
    pub methods: Vec<MethodLine>,
    pub tolerance_fen: i64,
    pub approved_by: Option<String>,
}

/// Set the cash difference a cashier may close with before a supervisor must approve (administrators).
pub fn set_tolerance(tx: &Transaction, ctx: &Ctx, tolerance: Money) -> Result<()> {
    ctx.actor.require(Perm::Administer)?;
    if tolerance.is_negative() || tolerance > Money::from_yuan(1000) {
        return Err(err!(
            InvalidInput,
            "长短款容差应在 0 至 1000 元之间",
            "the tolerance must be between 0 and 1,000 yuan"
        ));
    }
    db::set_setting(tx, "cash_tolerance_fen", &tolerance.fen().to_string())?;
    auth::audit(
        tx,
        ctx,
        "set_cash_tolerance",
        "settings",
        &tolerance.to_string(),
        None,
        None,
    )
}

pub fn tolerance(conn: &Connection) -> Result<Money> {
    Ok(Money::from_fen(
        db::setting(conn, "cash_tolerance_fen")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_TOLERANCE_FEN),
    ))
}

/// Count the cash by denomination. Refuses a denomination that does not exist or a negative count.
pub fn count_cash(counts: &[(i64, i64)]) -> Result<Money> {
    let mut total = Money::ZERO;
    let mut seen = vec![];
    for (denom, n) in counts {
        if !DENOMINATIONS.contains(denom) {
            let d = Money::from_fen(*denom);
            return Err(err!(
                InvalidInput,
                "没有面额为 ¥{d} 的人民币；可填 100、50、20、10、5、1、0.5、0.1 元",
                "there is no ¥{d} note or coin; use 100, 50, 20, 10, 5, 1, 0.5 or 0.1 yuan"
            ));
        }
        if *n < 0 || *n > 100_000 {
            let d = Money::from_fen(*denom);
            return Err(err!(
                InvalidInput,
                "¥{d} 的张数「{n}」无效，不能为负数",
                "count \"{n}\" for ¥{d} is invalid: it cannot be negative"
            ));
        }
        if seen.contains(denom) {
            let d = Money::from_fen(*denom);
            return Err(err!(
                InvalidInput,
                "面额 ¥{d} 填了两次",
                "¥{d} counted twice"
            ));
        }
        seen.push(*denom);
        total += Money::from_fen(denom * n);
    }
    Ok(total)
}

/// Which shift to close: the acting cashier's open shift, or the one named, if it is theirs and open.
fn shift_to_close(tx: &Transaction, ctx: &Ctx, req: &CloseRequest) -> Result<i64> {
    Ok(match req.shift_id {
        None => require_open(tx, ctx)?,
        Some(id) => {
            let owner: Option<(i64, String)> = tx
                .query_row(
                    "SELECT cashier_id, desk FROM shifts WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match owner {
                None => return Err(err!(NotFound, "班次 #{id} 不存在", "shift #{id} not found")),
                Some((c, desk)) if c != ctx.actor.user_id || desk != ctx.desk => {
                    return Err(err!(
                        Forbidden,
                        "班次 #{id} 不是你的班次，不能替他人交班",
                        "shift #{id} is not yours; you cannot close someone else's shift"
                    ))
                }
                _ => {}
            }
            if is_closed(tx, id)? {
                return Err(err!(
                    ShiftClosed,
                    "班次 #{id} 已交班",
                    "shift #{id} is already closed"
                ));
            }
            id
        }
    })
}

/// Expected against counted for cash and every non-cash method with a slip or takings. A method with
/// takings and no slip is refused, as is a slip for cash or prepayment.
fn method_lines(
    tx: &Transaction,
    id: i64,
    expected_cash: Money,
    counted_cash: Money,
    req: &CloseRequest,
) -> Result<Vec<MethodLine>> {
    let mut methods = vec![];
    methods.push(MethodLine {
        method: PayMethod::Cash,
        expected_fen: expected_cash.fen(),
        counted_fen: counted_cash.fen(),
        difference_fen: (counted_cash - expected_cash).fen(),
    });
    for m in [
        PayMethod::Wechat,
        PayMethod::Alipay,
        PayMethod::Unionpay,
        PayMethod::Transfer,
    ] {
        let exp = expected(tx, id, &Account::Clearing(m))?;
        let given: Vec<Money> = req
            .non_cash
            .iter()
            .filter(|(x, _)| *x == m)
            .map(|(_, a)| *a)
            .collect();
        if given.len() > 1 {
            return Err(err!(
                InvalidInput,
                ("{}对账金额填了两次", m.zh()),
                ("{} slip total given twice", m.code())
            ));
        }
        // A method with no slip is taken as zero only when nothing was expected. A slip may be net
        // negative when refunds went back through that method.
        let counted = match given.first() {
            Some(c) => *c,
            None if exp.is_zero() => Money::ZERO,
            None => {
                return Err(err!(
                    InvalidInput,
                    ("请填写{}对账单金额（应收 ¥{}）", m.zh(), exp.grouped()),
                    ("enter the {} settlement total (expected {})", m.code(), exp)
                ))
            }
        };
        if !exp.is_zero() || !counted.is_zero() {
            methods.push(MethodLine {
                method: m,
                expected_fen: exp.fen(),
                counted_fen: counted.fen(),
                difference_fen: (counted - exp).fen(),
            });
        }
    }
    if req
        .non_cash
        .iter()
        .any(|(m, _)| *m == PayMethod::Cash || *m == PayMethod::Prepayment)
    {
        return Err(err!(
            InvalidInput,
            "现金请按面额清点；预存款不是收款方式",
            "count cash by denomination; prepayment is not a tender to count"
        ));
    }
    Ok(methods)
}

/// A supervisor's approval, needed (with a note) for a cash difference beyond the tolerance or any
/// difference on a slip.
fn approval_for(
    tx: &Transaction,
    ctx: &Ctx,
    req: &CloseRequest,
    tol: Money,
    cash_diff: Money,
    methods: &[MethodLine],
) -> Result<Option<Actor>> {
    let needs_approval =
        cash_diff.abs() > tol || methods.iter().skip(1).any(|m| m.difference_fen != 0);
    let approver = match (&req.approval, needs_approval) {
        (Some(a), true) => Some(auth::approve(tx, ctx, a)?),
        (None, true) => {
            return Err(err!(
                ApprovalRequired,
                ("长短款超出容差 ¥{}（现金差额 {}），需客服主管确认并填写说明", tol.grouped(), cash_diff.grouped()),
                ("the difference is beyond the tolerance of {} (cash {}); a supervisor must approve it with a note", tol, cash_diff)
            ))
        }
        (_, false) => None,
    };
    if needs_approval && req.note.trim().chars().count() < 2 {
        return Err(err!(
            InvalidInput,
            "超出容差的长短款请填写说明",
            "explain a difference beyond the tolerance in the note"
        ));
    }
    Ok(approver)
}

/// Drawer back to the safe as counted, the difference to over/short; the postings for the event.
fn post_close_entry(
    tx: &Transaction,
    ctx: &Ctx,
    id: i64,
    expected_cash: Money,
    counted_cash: Money,
) -> Result<Vec<Posting>> {
    let cash_diff = counted_cash - expected_cash;
    let entry = JournalEntry::new(
        "shift_close",
        format!("班次 {id} 交班"),
        [
            (Account::Safe, counted_cash),
            (Account::Cash, -expected_cash),
            (Account::OverShort, -cash_diff),
        ],
    );
    Ok(match entry {
        Ok(e) => {
            journal::post(
                tx,
                ctx,
                &e,
                EntryLinks {
                    shift_id: Some(id),
                    ..Default::default()
                },
            )?;
            e.postings().to_vec()
        }
        Err(_) => vec![], // an empty drawer counted empty moves nothing
    })
}

/// Close a shift with the counted cash and slips. Differences are recorded as entered; beyond the
/// tolerance (cash) or any non-cash difference, a supervisor's approval is required.
pub fn close(tx: &Transaction, ctx: &Ctx, req: &CloseRequest) -> Result<ShiftClosed> {
    ctx.actor.require(Perm::Collect)?;
    let counted_cash = count_cash(&req.cash_counts)?;
    let id = shift_to_close(tx, ctx, req)?;
    let expected_cash = expected_cash(tx, id)?;
    let methods = method_lines(tx, id, expected_cash, counted_cash, req)?;
    let tol = tolerance(tx)?;
    let cash_diff = counted_cash - expected_cash;
    let approver = approval_for(tx, ctx, req, tol, cash_diff, &methods)?;
    let postings = post_close_entry(tx, ctx, id, expected_cash, counted_cash)?;
    tx.execute(
        "INSERT INTO shift_closes(shift_id, closed_at, closed_by, expected_cash_fen, counted_cash_fen, note, tolerance_fen, approved_by, last_entry_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, (SELECT COALESCE(MAX(id), 0) FROM journal_entries))",
        params![id, ctx.now_text(), ctx.actor.user_id, expected_cash.fen(), counted_cash.fen(), req.note.trim(), tol.fen(), approver.as_ref().map(|a| a.user_id)],
    )?;
    for (d, n) in &req.cash_counts {
        tx.execute(
            "INSERT INTO shift_close_cash(shift_id, denomination_fen, count) VALUES (?1, ?2, ?3)",
            params![id, d, n],
        )?;
    }
    for m in &methods {
        tx.execute(
            "INSERT INTO shift_close_methods(shift_id, method, expected_fen, counted_fen) VALUES (?1, ?2, ?3, ?4)",
            params![id, m.method.code(), m.expected_fen, m.counted_fen],
        )?;
    }
    outbox::append(
        tx,
        ctx,
        &Event::ShiftClosed {
            shift: id,
            expected_cash_fen: expected_cash.fen(),
            counted_cash_fen: counted_cash.fen(),
            methods: methods
                .iter()
                .map(|m| (m.method.code().to_string(), m.expected_fen, m.counted_fen))
                .collect(),
            approved_by: approver.as_ref().map(|a| a.username.clone()),
            postings,
        },
    )?;
    auth::audit(
        tx,
        ctx,
        "close_shift",
        &format!("shift {id}"),
        &format!("expected {expected_cash} counted {counted_cash} difference {cash_diff}"),
        Some(req.note.trim()),
        approver.as_ref().map(|a| a.user_id),
    )?;
    db::mark_backup_due(tx, "shift_close")?;
    Ok(ShiftClosed {
        shift_id: id,
        expected_cash_fen: expected_cash.fen(),
        counted_cash_fen: counted_cash.fen(),
        difference_fen: cash_diff.fen(),
        methods,
        tolerance_fen: tol.fen(),
        approved_by: approver.map(|a| a.display_name),
    })
}

pub fn list(conn: &Connection, limit: usize) -> Result<Vec<Shift>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.desk, u.username, s.opened_at, s.float_fen, c.closed_at
         FROM shifts s JOIN users u ON u.id = s.cashier_id LEFT JOIN shift_closes c ON c.shift_id = s.id
         ORDER BY s.id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(Shift {
            id: r.get(0)?,
            desk: r.get(1)?,
            cashier: r.get(2)?,
            opened_at: r.get(3)?,
            float_fen: r.get(4)?,
            closed_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The fewest notes and coins making up `amount`, rounded down to the 0.1 yuan the drawer can hold.
pub fn counts_for(amount: Money) -> Vec<(i64, i64)> {
    let mut left = amount.fen().max(0);
    DENOMINATIONS
        .iter()
        .map(|d| {
            let n = left / d;
            left -= n * d;
            (*d, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// What each settlement slip should show for a shift: the non-cash methods' movements.
pub fn expected_non_cash(conn: &Connection, shift_id: i64) -> Result<Vec<(PayMethod, Money)>> {
    let mut out = vec![];
    for m in [
        PayMethod::Wechat,
        PayMethod::Alipay,
        PayMethod::Unionpay,
        PayMethod::Transfer,
    ] {
        let e = expected(conn, shift_id, &Account::Clearing(m))?;
        if !e.is_zero() {
            out.push((m, e));
        }
    }
    Ok(out)
}
