//! 水电公摊: a shared meter's cost for a period, to be allocated over the units that share it.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::auth::{Ctx, Perm};
use crate::fees::{self, Method};
use crate::{err, period, Money, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Basis {
    Area,
    Household,
}

impl Basis {
    pub fn parse(s: &str) -> Result<Basis> {
        match s.trim() {
            "area" | "面积" | "按面积" => Ok(Basis::Area),
            "household" | "户" | "按户" => Ok(Basis::Household),
            o => Err(err!(
                InvalidInput,
                "分摊方式「{o}」无效：area 按面积 或 household 按户",
                "unknown basis \"{o}\": area or household"
            )),
        }
    }
    fn code(self) -> &'static str {
        match self {
            Basis::Area => "area",
            Basis::Household => "household",
        }
    }
}

/// A shared meter's cost for a period (水电公摊), over a building or (None) the whole estate.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewPool {
    pub item: String,
    pub period: String,
    pub building: Option<String>,
    pub total: Money,
    pub basis: Basis,
    pub note: String,
}

/// Record a shared meter's cost for a period; the next billing run splits it.
pub fn create_pool(tx: &Transaction, ctx: &Ctx, pool: &NewPool) -> Result<i64> {
    ctx.actor.require(Perm::Bill)?;
    let NewPool {
        item,
        period,
        building,
        total,
        basis,
        note,
    } = pool;
    let (total, basis) = (*total, *basis);
    let it = fees::item(tx, item)?;
    if it.method != Method::Allocation {
        return Err(err!(
            InvalidInput,
            ("「{}」不是公摊项目", it.name),
            ("\"{}\" is not an allocation item", it.code)
        ));
    }
    if !total.is_positive() {
        return Err(err!(
            AmountNegative,
            "公摊总额必须大于零",
            "the shared cost must be greater than zero"
        ));
    }
    let period = period::parse_period(period)?;
    period::require_open(tx, &period)?;
    let building_id: Option<i64> = match building.as_deref() {
        None => None,
        Some(b) => Some(
            tx.query_row(
                "SELECT id FROM buildings WHERE code = ?1",
                [b.trim()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| err!(NotFound, "楼栋「{b}」不存在", "building \"{b}\" not found"))?,
        ),
    };
    let dup: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM allocation_pools WHERE fee_item_id = ?1 AND period = ?2 AND building_id IS ?3)",
        params![it.id, period, building_id],
        |r| r.get(0),
    )?;
    if dup {
        return Err(err!(
            Duplicate,
            ("{} {period} 的公摊已录入", it.name),
            (
                "the shared cost of {} for {period} is already recorded",
                it.code
            )
        ));
    }
    tx.execute(
        "INSERT INTO allocation_pools(fee_item_id, period, building_id, total_fen, basis, note, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![it.id, period, building_id, total.fen(), basis.code(), note, ctx.now_text(), ctx.actor.user_id],
    )?;
    crate::auth::audit(
        tx,
        ctx,
        "allocation_pool",
        &it.code,
        &format!("{period} {} {}", total, basis.code()),
        None,
        None,
    )?;
    Ok(tx.last_insert_rowid())
}

/// A recorded shared cost, as listed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Pool {
    pub id: i64,
    pub item: String,
    pub period: String,
    /// None: the whole estate.
    pub building: Option<String>,
    pub total: Money,
    pub basis: Basis,
    pub note: String,
}

/// The shared costs recorded for a period.
pub fn pools(conn: &Connection, ctx: &Ctx, period: &str) -> Result<Vec<Pool>> {
    ctx.actor.require(Perm::Bill)?;
    let period = period::parse_period(period)?;
    let mut stmt = conn.prepare(
        "SELECT p.id, f.code, p.period, b.code, p.total_fen, p.basis, p.note
         FROM allocation_pools p JOIN fee_items f ON f.id = p.fee_item_id
         LEFT JOIN buildings b ON b.id = p.building_id
         WHERE p.period = ?1 ORDER BY p.id",
    )?;
    let rows = stmt.query_map([&period], |r| {
        Ok(Pool {
            id: r.get(0)?,
            item: r.get(1)?,
            period: r.get(2)?,
            building: r.get(3)?,
            total: Money::from_fen(r.get(4)?),
            basis: if r.get::<_, String>(5)? == "household" {
                Basis::Household
            } else {
                Basis::Area
            },
            note: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
