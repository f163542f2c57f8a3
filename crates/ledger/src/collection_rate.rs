//! 收缴率 month by month, per building (the same definitions as head office's console):
//! - 户收费率: households whose charges of the month were all settled by its end ÷ households billed for it;
//! - 收费率: what settled the month's charges by its end ÷ what was billed for it;
//! - 清缴率: earlier months' arrears collected in the month ÷ those arrears at the month's start.
//!
//! Today's amount-based rate over a range of periods, collected so far, stays in `reports`.

use std::collections::BTreeMap;

use rusqlite::{params, Connection};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::auth::{Ctx, Perm};
use crate::charges::period_base;
use crate::month_scan::{bounds, day, MonthScan};
use crate::period::parse_period;
use crate::reports::rate_percent;
use crate::{err, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MonthRates {
    /// `YYYY-MM`
    pub month: String,
    /// Building code, or "合计" for the estate.
    pub building: String,
    pub households_billed: i64,
    pub households_paid: i64,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub household_rate: Option<Decimal>,
    pub billed_fen: i64,
    pub settled_fen: i64,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub collection_rate: Option<Decimal>,
    pub arrears_at_start_fen: i64,
    pub arrears_collected_fen: i64,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub clearance_rate: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RatesByMonth {
    pub from: String,
    pub to: String,
    /// Month by month: each building, then the estate (building "合计").
    pub rows: Vec<MonthRates>,
}

/// The longest range one request reads: each month is a pass over its charges and documents.
pub const MAX_MONTHS: usize = 36;

const ESTATE: &str = "合计";

/// 户收费率, 收费率 and 清缴率 per building for each month `from`..=`to`.
pub fn by_month(conn: &Connection, ctx: &Ctx, from: &str, to: &str) -> Result<RatesByMonth> {
    ctx.actor.require(Perm::Bill)?;
    let months = months(from, to)?;
    let mut arrears = arrears_at_start(conn, &months[0])?;
    let mut rows = vec![];
    for m in &months {
        let scan = MonthScan::read(conn, ctx.today(), m)?;
        rows.extend(month_rows(m, &scan, &arrears));
        // What was owed at the next month's start: less what was recovered, plus what the month left open.
        for b in scan.buildings() {
            let t = scan.building_total(&b);
            *arrears.entry(b).or_default() += t.open_fen - t.recovered_fen;
        }
    }
    Ok(RatesByMonth {
        from: months[0].clone(),
        to: months[months.len() - 1].clone(),
        rows,
    })
}

/// The rates of one month already read (the monthly report's).
pub(crate) fn rates_of(
    conn: &Connection,
    month: &str,
    scan: &MonthScan,
) -> Result<Vec<MonthRates>> {
    Ok(month_rows(month, scan, &arrears_at_start(conn, month)?))
}

fn months(from: &str, to: &str) -> Result<Vec<String>> {
    let (from, to) = (parse_period(from)?, parse_period(to)?);
    if to < from {
        return Err(err!(
            InvalidInput,
            "结束月份 {to} 早于开始月份 {from}",
            "the last month {to} is before the first month {from}"
        ));
    }
    let mut months = vec![from];
    while *months.last().expect("one") < to {
        let next = day(bounds(months.last().expect("one")).1);
        months.push(next[..7].to_string());
        if months.len() > MAX_MONTHS {
            return Err(err!(
                InvalidInput,
                "一次最多查询 {MAX_MONTHS} 个月",
                "at most {MAX_MONTHS} months at a time"
            ));
        }
    }
    Ok(months)
}

fn month_rows(month: &str, scan: &MonthScan, arrears: &BTreeMap<String, i64>) -> Vec<MonthRates> {
    let mut buildings: Vec<String> = scan.buildings();
    for b in arrears.keys() {
        if !buildings.contains(b) {
            buildings.push(b.clone());
        }
    }
    buildings.retain(|b| !b.is_empty());
    buildings.sort_by_key(|b| (b.len(), b.clone()));
    let mut rows: Vec<MonthRates> = buildings
        .iter()
        .map(|b| {
            let t = scan.building_total(b);
            let (billed, paid) = scan.households.get(b).copied().unwrap_or_default();
            rates(
                month,
                b,
                (billed, paid),
                (t.billed_fen, t.billed_fen - t.open_fen),
                (arrears.get(b).copied().unwrap_or(0), t.recovered_fen),
            )
        })
        // A building with nothing billed, owed or recovered has no rates to show.
        .filter(|r: &MonthRates| {
            (
                r.households_billed,
                r.arrears_at_start_fen,
                r.arrears_collected_fen,
            ) != (0, 0, 0)
        })
        .collect();
    let sum = |f: fn(&MonthRates) -> i64| rows.iter().map(f).sum::<i64>();
    let estate = rates(
        month,
        ESTATE,
        (sum(|r| r.households_billed), sum(|r| r.households_paid)),
        (sum(|r| r.billed_fen), sum(|r| r.settled_fen)),
        (
            sum(|r| r.arrears_at_start_fen),
            sum(|r| r.arrears_collected_fen),
        ),
    );
    rows.push(estate);
    rows
}

fn rates(
    month: &str,
    building: &str,
    (households_billed, households_paid): (i64, i64),
    (billed_fen, settled_fen): (i64, i64),
    (arrears_at_start_fen, arrears_collected_fen): (i64, i64),
) -> MonthRates {
    MonthRates {
        month: month.into(),
        building: building.into(),
        households_billed,
        households_paid,
        household_rate: rate_percent(households_paid, households_billed),
        billed_fen,
        settled_fen,
        collection_rate: rate_percent(settled_fen, billed_fen),
        arrears_at_start_fen,
        arrears_collected_fen,
        clearance_rate: rate_percent(arrears_collected_fen, arrears_at_start_fen),
    }
}

/// Per building, earlier months' charges still open at `month`'s start. After a closed month, what
/// the close kept; otherwise worked back from today's balances (kept with every change and checked
/// against the journal) so that only the charges and documents since that month are read, not the
/// whole history: owed now − owed now on charges of `month` and later + paid since on charges before it.
pub(crate) fn arrears_at_start(conn: &Connection, month: &str) -> Result<BTreeMap<String, i64>> {
    let previous = day(bounds(month).0.pred_opt().expect("in range"))[..7].to_string();
    let closed: bool = conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM month_closes WHERE month = ?1)")?
        .query_row([&previous], |r| r.get(0))?;
    if closed {
        let mut stmt = conn.prepare_cached(
            "SELECT building, owed_fen FROM month_close_arrears WHERE month = ?1",
        )?;
        let kept = stmt.query_map([&previous], |r| Ok((r.get(0)?, r.get(1)?)))?;
        return Ok(kept.collect::<rusqlite::Result<_>>()?);
    }
    let base = period_base(month);
    let from = day(bounds(month).0);
    let mut owed: BTreeMap<String, i64> = BTreeMap::new();
    let mut add = |sql: &str, p: &[&dyn rusqlite::ToSql], sign: i64| -> Result<()> {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query(p)?;
        while let Some(r) = rows.next()? {
            *owed.entry(r.get(0)?).or_default() += sign * r.get::<_, i64>(1)?;
        }
        Ok(())
    };
    add(
        "SELECT b.code, SUM(ub.receivable_fen) FROM unit_balances ub JOIN units u ON u.id = ub.unit_id
         JOIN buildings b ON b.id = u.building_id GROUP BY b.id",
        params![],
        1,
    )?;
    add(
        "SELECT b.code, SUM(c.amount_fen - COALESCE((SELECT SUM(a.amount_fen) FROM allocations a WHERE a.charge_id = c.id), 0))
         FROM charges c JOIN units u ON u.id = c.unit_id JOIN buildings b ON b.id = u.building_id
         WHERE c.id >= ?1 GROUP BY b.id",
        params![base],
        -1,
    )?;
    add(
        // CROSS JOIN keeps SQLite on the documents since the month (by issue time): left to itself it
        // walks the whole allocation index for `charge_id < base`, every settlement ever made.
        "SELECT b.code, SUM(a.amount_fen) FROM receipts r CROSS JOIN allocations a ON a.receipt_id = r.id
         JOIN charges c ON c.id = a.charge_id JOIN units u ON u.id = c.unit_id JOIN buildings b ON b.id = u.building_id
         WHERE r.issued_at >= ?1 AND a.charge_id < ?2 GROUP BY b.id",
        params![from, base],
        1,
    )?;
    Ok(owed)
}
