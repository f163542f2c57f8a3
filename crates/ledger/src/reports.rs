//! Reports read from the ledger. Arrears (欠费) for a unit and for the estate; the collection rate
//! (收缴率) per building.

use rusqlite::{params, Connection};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::auth::{Ctx, Perm};
use crate::charges::{self, OpenCharge};
use crate::estate::{self, mask_phone};
use crate::follow_up::{ArrearsReason, ContactWay};
use crate::period::parse_period;
use crate::{err, Money, Result};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct UnitArrears {
    pub unit: String,
    pub owner: Option<String>,
    pub charges: Vec<OpenCharge>,
    pub total_fen: i64,
    pub prepayment_fen: i64,
    /// The unit's charges of the latest month billed: what a month costs it (0 if never billed).
    pub monthly_fen: i64,
}

/// A unit's open charges, oldest first, with their total and the prepayment balance.
pub fn unit_arrears(conn: &Connection, ctx: &Ctx, code: &str) -> Result<UnitArrears> {
    ctx.actor.require(Perm::Read)?;
    let id = estate::unit_id(conn, code)?;
    let charges = charges::open_charges(conn, id)?;
    Ok(UnitArrears {
        unit: estate::unit_code(conn, id)?,
        owner: estate::owner_name(conn, id)?,
        total_fen: charges.iter().map(|c| c.open_fen).sum(),
        charges,
        prepayment_fen: charges::prepayment_balance(conn, id)?.fen(),
        monthly_fen: monthly_fen(conn, id)?,
    })
}

/// The latest month billed (`YYYY-MM`), if any.
fn latest_billed(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT MAX(period) FROM billing_runs")?
        .query_row([], |r| r.get(0))?)
}

/// A unit's charges of the latest month billed: one id range.
fn monthly_fen(conn: &Connection, unit_id: i64) -> Result<i64> {
    let Some(p) = latest_billed(conn)? else {
        return Ok(0);
    };
    let lo = charges::period_base(&p) | unit_id << charges::ITEM_BITS;
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(amount_fen), 0) FROM charges WHERE id BETWEEN ?1 AND ?2",
        )?
        .query_row(params![lo, lo + (1 << charges::ITEM_BITS) - 1], |r| {
            r.get(0)
        })?)
}

/// A unit whose prepayment will not cover next month (预存不足).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LowBalance {
    pub unit: String,
    pub owner: Option<String>,
    pub prepayment_fen: i64,
    /// Its charges of the latest month billed, the estimate of the next.
    pub monthly_fen: i64,
}

/// Units holding prepayment that is less than a month of their charges (the latest month billed),
/// the smallest balance first: the ones to remind before the next billing run.
pub fn low_balances(conn: &Connection, ctx: &Ctx) -> Result<Vec<LowBalance>> {
    ctx.actor.require(Perm::Read)?;
    let Some(p) = latest_billed(conn)? else {
        return Ok(vec![]);
    };
    let lo = charges::period_base(&p);
    let hi = lo + (1 << (charges::UNIT_BITS + charges::ITEM_BITS));
    let mut stmt = conn.prepare_cached(
        "SELECT u.code, o.name, ub.prepayment_fen, m.fen
         FROM (SELECT unit_id, SUM(amount_fen) AS fen FROM charges WHERE id >= ?1 AND id < ?2 GROUP BY unit_id) m
         JOIN unit_balances ub ON ub.unit_id = m.unit_id JOIN units u ON u.id = m.unit_id
         LEFT JOIN parties o ON o.unit_id = u.id AND o.role = 'owner' AND o.active = 1
         WHERE ub.prepayment_fen > 0 AND ub.prepayment_fen < m.fen
         ORDER BY ub.prepayment_fen, u.code",
    )?;
    let rows = stmt.query_map(params![lo, hi], |r| {
        Ok(LowBalance {
            unit: r.get(0)?,
            owner: r.get(1)?,
            prepayment_fen: r.get(2)?,
            monthly_fen: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ArrearsRow {
    pub unit: String,
    pub building: String,
    pub owner: Option<String>,
    pub phone: Option<String>,
    pub arrears_fen: i64,
    pub open_charges: i64,
    pub oldest_period: Option<String>,
    pub prepayment_fen: i64,
    /// The latest 催缴 contact: when, how, why the unit says it has not paid, the date promised.
    pub last_contact_on: Option<String>,
    pub last_way: Option<ContactWay>,
    pub reason: Option<ArrearsReason>,
    pub promised_on: Option<String>,
    pub next_on: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ArrearsList {
    pub rows: Vec<ArrearsRow>,
    pub units: usize,
    pub total_fen: i64,
}

/// Every unit in arrears (optionally one building), largest first. Phones masked unless allowed.
pub fn arrears_list(conn: &Connection, ctx: &Ctx, building: Option<&str>) -> Result<ArrearsList> {
    ctx.actor.require(Perm::Read)?;
    let full = crate::auth::allows(ctx.actor.role, Perm::SeePersonalData);
    let mut stmt = conn.prepare_cached(
        "SELECT u.code, b.code, p.name, p.phone, ub.receivable_fen, ub.open_charges, ub.oldest_open, ub.prepayment_fen,
                f.contacted_on, f.way, f.reason, f.promised_on, f.next_on
         FROM unit_balances ub JOIN units u ON u.id = ub.unit_id JOIN buildings b ON b.id = u.building_id
         LEFT JOIN parties p ON p.unit_id = u.id AND p.role = 'owner' AND p.active = 1
         -- The latest contact of the arrears it owes now (not of arrears paid off before).
         LEFT JOIN follow_ups f ON f.id = (SELECT max(x.id) FROM follow_ups x
                                           WHERE x.unit_id = u.id AND x.contacted_on >= ub.oldest_open || '-01')
         WHERE ub.receivable_fen > 0 AND (?1 IS NULL OR b.code = ?1)
         ORDER BY ub.receivable_fen DESC, u.code",
    )?;
    let rows = stmt
        .query_map(params![building], |r| {
            let phone: Option<String> = r.get(3)?;
            Ok(ArrearsRow {
                unit: r.get(0)?,
                building: r.get(1)?,
                owner: r.get(2)?,
                phone: phone.map(|p| if full { p } else { mask_phone(&p) }),
                arrears_fen: r.get(4)?,
                open_charges: r.get(5)?,
                oldest_period: r.get(6)?,
                prepayment_fen: r.get(7)?,
                last_contact_on: r.get(8)?,
                last_way: r
                    .get::<_, Option<String>>(9)?
                    .and_then(|w| ContactWay::parse(&w).ok()),
                reason: r
                    .get::<_, Option<String>>(10)?
                    .and_then(|w| ArrearsReason::parse(&w).ok()),
                promised_on: r.get(11)?,
                next_on: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total: Money = rows.iter().map(|r| Money::from_fen(r.arrears_fen)).sum();
    Ok(ArrearsList {
        units: rows.len(),
        total_fen: total.fen(),
        rows,
    })
}

/// 收缴率 of one building (or of the estate, `building` = "合计") over a range of periods.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CollectionRate {
    pub building: String,
    /// Charges billed for the periods.
    pub charges: i64,
    pub billed_fen: i64,
    /// What settles those charges now: allocations net of the negative rows of voids and reversals.
    pub collected_fen: i64,
    pub outstanding_fen: i64,
    /// collected ÷ billed in percent, 2 decimals rounded half-up (e.g. "87.50"); None when nothing was billed.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub rate_percent: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CollectionRates {
    /// First and last period, `YYYY-MM`.
    pub from: String,
    pub to: String,
    pub buildings: Vec<CollectionRate>,
    pub total: CollectionRate,
}

/// collected ÷ billed × 100 to 2 decimals, half-up, in integers: exact, never a float.
pub fn rate_percent(collected_fen: i64, billed_fen: i64) -> Option<Decimal> {
    if billed_fen <= 0 {
        return None;
    }
    let (n, d) = (collected_fen as i128 * 10_000, billed_fen as i128);
    let hundredths = (2 * n.abs() + d) / (2 * d) * n.signum();
    Some(Decimal::from_i128_with_scale(hundredths, 2))
}

/// A rate as printed: the exact decimal with "%" ("87.50%"), or "—" when nothing was due.
pub fn percent_text(p: Option<Decimal>) -> String {
    p.map_or("—".into(), |p| format!("{p}%"))
}

fn rate_row(building: String, charges: i64, billed_fen: i64, collected_fen: i64) -> CollectionRate {
    CollectionRate {
        building,
        charges,
        billed_fen,
        collected_fen,
        outstanding_fen: billed_fen - collected_fen,
        rate_percent: rate_percent(collected_fen, billed_fen),
    }
}

/// 收缴率 per building for the charges of periods `from`..=`to` (months): billed, collected so far and
/// the rate, plus the estate's total. A management report: supervisors, finance and administrators
/// (the roles that may bill), not cashiers.
pub fn collection_rates(
    conn: &Connection,
    ctx: &Ctx,
    from: &str,
    to: &str,
) -> Result<CollectionRates> {
    ctx.actor.require(Perm::Bill)?;
    let (from, to) = (parse_period(from)?, parse_period(to)?);
    if to < from {
        return Err(err!(
            InvalidInput,
            "结束账期 {to} 早于开始账期 {from}",
            "the last period {to} is before the first period {from}"
        ));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT b.code, COUNT(*), SUM(c.amount_fen),
                COALESCE(SUM((SELECT SUM(a.amount_fen) FROM allocations a WHERE a.charge_id = c.id)), 0)
         FROM charges c JOIN units u ON u.id = c.unit_id JOIN buildings b ON b.id = u.building_id
         WHERE c.period BETWEEN ?1 AND ?2
         GROUP BY b.id ORDER BY length(b.code), b.code",
    )?;
    let buildings = stmt
        .query_map(params![from, to], |r| {
            Ok(rate_row(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total = rate_row(
        "合计".into(),
        buildings.iter().map(|b| b.charges).sum(),
        buildings.iter().map(|b| b.billed_fen).sum(),
        buildings.iter().map(|b| b.collected_fen).sum(),
    );
    Ok(CollectionRates {
        from,
        to,
        buildings,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::rate_percent;

    #[test]
    fn rate_is_exact_and_rounds_half_up() {
        let r = |c, b| rate_percent(c, b).map(|d| d.to_string());
        assert_eq!(r(1, 3), Some("33.33".into()));
        assert_eq!(r(2, 3), Some("66.67".into()));
        assert_eq!(r(1, 8), Some("12.50".into()));
        // 1/16 = 6.25%; 1/1600 = 0.0625% → 0.06; 1/800 = 0.125% → 0.13 (half-up).
        assert_eq!(r(1, 800), Some("0.13".into()));
        assert_eq!(r(1, 1600), Some("0.06".into()));
        assert_eq!(r(5, 5), Some("100.00".into()));
        assert_eq!(r(0, 5), Some("0.00".into()));
        assert_eq!(r(0, 0), None);
    }
}
