//! 月结 (the month close): once the month is billed and its last day closed (日结), a supervisor or
//! finance closes the month.
//! Its 收费月报表 is kept as it stood (the frozen report: shown from then on, and recomputed by
//! `check`, which must give the same); nothing can be billed, read or allocated into the month or an
//! earlier one afterwards (`period::require_open`), and money is never dated into it because its days
//! are closed. Corrections after the close (a reversal, a late payment) go into the month they are made in.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::auth::{self, Ctx, Perm, Role};
use crate::collection_rate::MonthRates;
use crate::month_scan::{bounds, day};
use crate::monthly_report::{self, MonthClose, MonthFigures, MonthlyReport};
use crate::outbox::{self, Event};
use crate::period::parse_period;
use crate::{err, Result};

/// 月结: close `month` (`YYYY-MM`). Months close in order, each once, after its billing and its last
/// day's 日结; by a supervisor or finance.
pub fn close(tx: &Transaction, ctx: &Ctx, month: &str) -> Result<MonthClose> {
    if ctx.actor.role != Role::Finance {
        ctx.actor.require(Perm::Approve)?;
    }
    let month = parse_period(month)?;
    let (_, next) = bounds(&month);
    let last_day = day(next.pred_opt().expect("in range"));
    if next > ctx.today() {
        return Err(err!(
            InvalidInput,
            "{month} 尚未结束，月末（{last_day}）日结后才能月结",
            "{month} has not ended; close it after its last day ({last_day}) is closed"
        ));
    }
    in_order(tx, &month)?;
    let billed: bool = tx
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM billing_runs WHERE period = ?1)")?
        .query_row([&month], |r| r.get(0))?;
    if !billed {
        return Err(err!(
            WrongState,
            "{month} 尚未计费：月结后就不能再计入本月费用，请先计费",
            "{month} has not been billed: after the close nothing can be billed into it; run its billing first"
        ));
    }
    let closed_through: Option<String> = tx
        .prepare_cached("SELECT MAX(date) FROM day_closes WHERE desk = ?1")?
        .query_row([&ctx.desk], |r| r.get(0))?;
    if closed_through
        .as_deref()
        .is_none_or(|d| d < last_day.as_str())
    {
        return Err(err!(
            WrongState,
            "{month} 的最后一天 {last_day} 尚未日结：请先交班并日结",
            "{month}'s last day {last_day} is not closed yet: close the shifts and the day first"
        ));
    }
    let report = monthly_report::build(tx, ctx, &month)?;
    let json = serde_json::to_string(&report).expect("serialise");
    let (billed, received, open) = (
        report.total.billed_fen,
        report.total.received_fen(),
        report.total.open_fen,
    );
    tx.execute(
        "INSERT INTO month_closes(month, closed_at, closed_by, report, billed_fen, received_fen, open_fen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![month, ctx.now_text(), ctx.actor.user_id, json, billed, received, open],
    )?;
    keep_arrears(tx, &report)?;
    outbox::append(
        tx,
        ctx,
        &Event::MonthClosed {
            month: month.clone(),
            billed_fen: billed,
            received_fen: received,
            open_fen: open,
        },
    )?;
    auth::audit(tx, ctx, "close_month", &month, "", None, None)?;
    Ok(closed(tx, &month)?.expect("just written"))
}

/// What each building owed on earlier months' charges at the month's end: the next month's start.
fn keep_arrears(tx: &Transaction, r: &MonthlyReport) -> Result<()> {
    let mut ins = tx.prepare_cached(
        "INSERT INTO month_close_arrears(month, building, owed_fen) VALUES (?1, ?2, ?3)",
    )?;
    for x in r.rates.iter().filter(|x| x.building != "合计") {
        let open = r
            .buildings
            .iter()
            .find(|b| b.building == x.building)
            .map_or(0, |b| b.figures.open_fen);
        ins.execute(params![
            r.month,
            x.building,
            x.arrears_at_start_fen - x.arrears_collected_fen + open
        ])?;
    }
    Ok(())
}

/// The first close may be of any month; after it, each month closes right after the one before.
fn in_order(tx: &Transaction, month: &str) -> Result<()> {
    let last: Option<String> = tx
        .prepare_cached("SELECT MAX(month) FROM month_closes")?
        .query_row([], |r| r.get(0))?;
    let Some(last) = last else { return Ok(()) };
    if month <= last.as_str() {
        return Err(err!(
            MonthClosed,
            "{month} 已月结（已月结至 {last}）",
            "{month} is already closed (closed through {last})"
        ));
    }
    let expected = day(bounds(&last).1)[..7].to_string();
    if month != expected {
        return Err(err!(
            WrongState,
            "月结须逐月进行：请先月结 {expected}",
            "months close in order: close {expected} first"
        ));
    }
    Ok(())
}

fn closed(conn: &Connection, month: &str) -> Result<Option<MonthClose>> {
    Ok(conn
        .prepare_cached(
            "SELECT m.month, m.closed_at, u.display_name, m.billed_fen, m.received_fen, m.open_fen
             FROM month_closes m JOIN users u ON u.id = m.closed_by WHERE m.month = ?1",
        )?
        .query_row([month], |r| {
            Ok(MonthClose {
                month: r.get(0)?,
                closed_at: r.get(1)?,
                closed_by: r.get(2)?,
                billed_fen: r.get(3)?,
                received_fen: r.get(4)?,
                open_fen: r.get(5)?,
            })
        })
        .optional()?)
}

/// Every month closed, newest first.
pub fn list(conn: &Connection, ctx: &Ctx) -> Result<Vec<MonthClose>> {
    ctx.actor.require(Perm::Bill)?;
    let months: Vec<String> = conn
        .prepare_cached("SELECT month FROM month_closes ORDER BY month DESC")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    months
        .iter()
        .map(|m| Ok(closed(conn, m)?.expect("listed")))
        .collect()
}

/// The 收费月报表 of `month`: the frozen one if the month is closed, else computed now.
pub fn report(conn: &Connection, ctx: &Ctx, month: &str) -> Result<MonthlyReport> {
    let month = parse_period(month)?;
    let Some(close) = closed(conn, &month)? else {
        return monthly_report::build(conn, ctx, &month);
    };
    ctx.actor.require(Perm::Bill)?;
    let mut r = frozen(conn, &month)?;
    r.closed = Some(close);
    Ok(r)
}

fn frozen(conn: &Connection, month: &str) -> Result<MonthlyReport> {
    let json: String = conn.query_row(
        "SELECT report FROM month_closes WHERE month = ?1",
        [month],
        |r| r.get(0),
    )?;
    serde_json::from_str(&json).map_err(|e| {
        err!(
            Storage,
            "{month} 的月结报表无法读取：{e}",
            "{month}'s frozen report cannot be read: {e}"
        )
    })
}

/// Closed months whose report, computed again, differs from the frozen one (for `check`). Oldest
/// first, so that each month starts from what the one before it kept.
pub fn differing(conn: &Connection) -> Result<Vec<String>> {
    let months: Vec<String> = conn
        .prepare_cached("SELECT month FROM month_closes ORDER BY month")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = vec![];
    for m in months {
        // Any day after the month's end reads it as at its end.
        let now = monthly_report::compute(conn, chrono::NaiveDate::MAX, &m)?;
        if figures(&frozen(conn, &m)?) != figures(&now) {
            out.push(m);
        }
    }
    Ok(out)
}

/// A report's figures, whatever their order and the names shown: by building and item, by building,
/// the total, the rates by building; rows with nothing in them left out.
type Figures = (
    BTreeMap<(String, String), MonthFigures>,
    BTreeMap<String, MonthFigures>,
    MonthFigures,
    BTreeMap<String, MonthRates>,
);

fn figures(r: &MonthlyReport) -> Figures {
    let zero = MonthFigures::default();
    (
        r.rows
            .iter()
            .filter(|x| x.figures != zero)
            .map(|x| ((x.building.clone(), x.item.clone()), x.figures))
            .collect(),
        r.buildings
            .iter()
            .filter(|x| x.figures != zero)
            .map(|x| (x.building.clone(), x.figures))
            .collect(),
        r.total,
        r.rates
            .iter()
            .map(|x| (x.building.clone(), x.clone()))
            .collect(),
    )
}
