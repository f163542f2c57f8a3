//! Fee items (收费项目) and their standards (收费标准): how much, for which units, from when.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::auth::{Ctx, Perm};
use crate::estate::{self, UnitType};
use crate::outbox::{self, Event};
use crate::period::parse_period;
use crate::{err, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Method {
    /// rate × floor area, per month
    PerArea,
    /// rate per unit per period
    Fixed,
    /// usage from meter readings × unit price
    Metered,
    /// quantity × unit price, sold at the counter (有偿服务, 会所)
    PerQuantity,
    /// a shared meter's cost split over units (水电公摊)
    Allocation,
}

impl Method {
    pub const ALL: [Method; 5] = [
        Method::PerArea,
        Method::Fixed,
        Method::Metered,
        Method::PerQuantity,
        Method::Allocation,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Method::PerArea => "per_area",
            Method::Fixed => "fixed",
            Method::Metered => "metered",
            Method::PerQuantity => "per_quantity",
            Method::Allocation => "allocation",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Method::PerArea => "按面积",
            Method::Fixed => "固定金额",
            Method::Metered => "按表计量",
            Method::PerQuantity => "按数量",
            Method::Allocation => "公摊分摊",
        }
    }
    pub fn parse(s: &str) -> Result<Method> {
        let s = s.trim();
        Method::ALL.into_iter().find(|m| m.code() == s || m.zh() == s).ok_or_else(|| {
            err!(
                InvalidInput,
                "计费方式「{s}」无效，可选：per_area 按面积、fixed 固定金额、metered 按表计量、per_quantity 按数量、allocation 公摊分摊",
                "unknown method \"{s}\"; use per_area, fixed, metered, per_quantity or allocation"
            )
        })
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FeeItem {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub method: Method,
    pub unit_label: String,
    /// Head office's newest version that set its standards (for the unit types it publishes, which only
    /// head office changes).
    pub hq_version: Option<i64>,
    /// Where the item stands when a partial payment settles one period's charges (lowest first; ties
    /// by the item's id).
    pub pay_order: i64,
}

const ITEM_COLUMNS: &str = "id, code, name, method, unit_label, (SELECT max(version) FROM hq_fee_items h WHERE h.fee_item_id = fee_items.id), pay_order";

fn item_from_row(r: &rusqlite::Row) -> rusqlite::Result<FeeItem> {
    Ok(FeeItem {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        method: Method::parse(&r.get::<_, String>(3)?).unwrap_or(Method::Fixed),
        unit_label: r.get(4)?,
        hq_version: r.get(5)?,
        pay_order: r.get(6)?,
    })
}

/// A unit type's standards of an item head office publishes come from head office only (a unit's own
/// exception stays the office's to set).
fn refuse_if_published(tx: &Transaction, ctx: &Ctx, it: &FeeItem, scope: &Scope) -> Result<()> {
    let Scope::UnitType(t) = scope else {
        return Ok(());
    };
    if ctx.actor.is_head_office() {
        return Ok(());
    }
    let v: Option<i64> = tx
        .query_row(
            "SELECT version FROM hq_fee_items WHERE fee_item_id = ?1 AND unit_type = ?2",
            params![it.id, t.code()],
            |r| r.get(0),
        )
        .optional()?;
    match v {
        Some(v) => Err(err!(
            SetByHq,
            (
                "收费项目「{} {}」{}的收费标准由总部发布（第 {v} 版），收费台不能修改；请联系总部发布新版本",
                it.code,
                it.name,
                t.zh()
            ),
            (
                "the {} standards of fee item \"{} {}\" are published by head office (version {v}) and cannot be changed at the desk; ask head office to publish a new version",
                t.code(),
                it.code,
                it.name
            )
        )),
        None => Ok(()),
    }
}

pub fn item(conn: &Connection, code: &str) -> Result<FeeItem> {
    let code = code.trim();
    conn.prepare_cached(&format!(
        "SELECT {ITEM_COLUMNS} FROM fee_items WHERE code = ?1 OR name = ?1"
    ))?
    .query_row([code], item_from_row)
    .optional()?
    .ok_or_else(|| {
        err!(
            NotFound,
            "收费项目「{code}」不存在",
            "fee item \"{code}\" not found"
        )
    })
}

pub fn items(conn: &Connection) -> Result<Vec<FeeItem>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ITEM_COLUMNS} FROM fee_items ORDER BY pay_order, id"
    ))?;
    let rows = stmt.query_map([], item_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn create_item(
    tx: &Transaction,
    ctx: &Ctx,
    code: &str,
    name: &str,
    method: Method,
    unit_label: &str,
) -> Result<FeeItem> {
    ctx.actor.require(Perm::Administer)?;
    let code = code.trim();
    let name = name.trim();
    if code.is_empty() || name.is_empty() || code.contains(':') {
        return Err(err!(
            InvalidInput,
            "收费项目需要编码和名称（编码不能含冒号）",
            "a fee item needs a code and a name (no ':' in the code)"
        ));
    }
    let dup: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM fee_items WHERE code = ?1 OR name = ?2)",
        [code, name],
        |r| r.get(0),
    )?;
    if dup {
        return Err(err!(
            Duplicate,
            "收费项目「{code} {name}」已存在",
            "fee item \"{code} {name}\" already exists"
        ));
    }
    tx.execute(
        // A new item goes last in the office's order for part payments.
        "INSERT INTO fee_items(code, name, method, unit_label, created_at, pay_order)
         VALUES (?1, ?2, ?3, ?4, ?5, (SELECT COALESCE(MAX(pay_order), 0) + 1 FROM fee_items))",
        params![code, name, method.code(), unit_label, ctx.now_text()],
    )?;
    outbox::append(
        tx,
        ctx,
        &Event::FeeItemCreated {
            code: code.into(),
            name: name.into(),
            method: method.code().into(),
        },
    )?;
    crate::auth::audit(tx, ctx, "create_fee_item", code, name, None, None)?;
    item(tx, code)
}

/// The office's order of its fee items for partial payments: the items named come first, in the order
/// given; the others follow in their present order.
pub fn set_pay_order(tx: &Transaction, ctx: &Ctx, codes: &[String]) -> Result<Vec<FeeItem>> {
    ctx.actor.require(Perm::Administer)?;
    let mut ordered: Vec<FeeItem> = vec![];
    for code in codes {
        let it = item(tx, code)?;
        if ordered.iter().any(|o| o.id == it.id) {
            return Err(err!(
                InvalidInput,
                ("收费项目「{}」重复", it.code),
                ("fee item \"{}\" is named twice", it.code)
            ));
        }
        ordered.push(it);
    }
    let rest: Vec<FeeItem> = items(tx)?
        .into_iter()
        .filter(|i| !ordered.iter().any(|o| o.id == i.id))
        .collect();
    ordered.extend(rest);
    let mut stmt = tx.prepare_cached("UPDATE fee_items SET pay_order = ?1 WHERE id = ?2")?;
    for (i, it) in ordered.iter().enumerate() {
        stmt.execute(params![i as i64 + 1, it.id])?;
    }
    let order: Vec<&str> = ordered.iter().map(|i| i.code.as_str()).collect();
    crate::auth::audit(
        tx,
        ctx,
        "set_pay_order",
        "fee_items",
        &order.join(","),
        None,
        None,
    )?;
    items(tx)
}

/// Who a standard applies to: `{"unit_type": "residential"}` or `{"units": ["3-2-1201"]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Scope {
    UnitType(UnitType),
    Units(Vec<String>),
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Standard {
    pub id: i64,
    pub item: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub rate: Decimal,
    pub unit_type: Option<UnitType>,
    pub units: usize,
    pub start_period: String,
    /// Set by head office (a published version), not at this desk.
    pub from_hq: bool,
}

/// Add a standard: from `start_period` on, `rate` applies to the scope. Earlier standards stay as history.
pub fn set_standard(
    tx: &Transaction,
    ctx: &Ctx,
    item_code: &str,
    rate: Decimal,
    scope: &Scope,
    start_period: &str,
) -> Result<i64> {
    ctx.actor.require(Perm::Administer)?;
    let it = item(tx, item_code)?;
    refuse_if_published(tx, ctx, &it, scope)?;
    let start = parse_period(start_period)?;
    check_rate(rate, it.method)?;
    let unit_type = match scope {
        Scope::UnitType(t) => Some(t.code()),
        Scope::Units(_) => None,
    };
    tx.execute(
        "INSERT INTO fee_standards(fee_item_id, rate, unit_type, start_period, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![it.id, rate.normalize().to_string(), unit_type, start, ctx.now_text(), ctx.actor.user_id],
    )?;
    let sid = tx.last_insert_rowid();
    let mut codes = vec![];
    if let Scope::Units(units) = scope {
        if units.is_empty() {
            return Err(err!(
                InvalidInput,
                "请指定适用的房号",
                "name the units the standard applies to"
            ));
        }
        for code in units {
            let uid = estate::unit_id(tx, code)?;
            tx.execute(
                "INSERT OR IGNORE INTO fee_standard_units(standard_id, unit_id) VALUES (?1, ?2)",
                [sid, uid],
            )?;
            codes.push(code.trim().to_string());
        }
    }
    outbox::append(
        tx,
        ctx,
        &Event::FeeStandardSet {
            item: it.code.clone(),
            rate: rate.normalize().to_string(),
            unit_type: unit_type.map(String::from),
            units: codes,
            start_period: start.clone(),
        },
    )?;
    crate::auth::audit(
        tx,
        ctx,
        "set_fee_standard",
        &it.code,
        &format!("rate {rate} from {start}"),
        None,
        None,
    )?;
    Ok(sid)
}

pub fn standards(conn: &Connection) -> Result<Vec<Standard>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, f.code, s.rate, s.unit_type, s.start_period,
                (SELECT COUNT(*) FROM fee_standard_units su WHERE su.standard_id = s.id),
                s.created_by = (SELECT id FROM users WHERE username = '@hq')
         FROM fee_standards s JOIN fee_items f ON f.id = s.fee_item_id ORDER BY f.id, s.start_period, s.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Standard {
            id: r.get(0)?,
            item: r.get(1)?,
            rate: r.get::<_, String>(2)?.parse().unwrap_or_default(),
            unit_type: r
                .get::<_, Option<String>>(3)?
                .and_then(|t| UnitType::from_code(&t)),
            start_period: r.get(4)?,
            units: r.get::<_, i64>(5)? as usize,
            from_hq: r.get::<_, Option<bool>>(6)?.unwrap_or(false),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// All standards in memory, to resolve which one applies to a unit in a period without a query per unit.
pub struct StandardBook {
    /// Per fee item, newest start first.
    by_item: HashMap<i64, Vec<BookEntry>>,
    /// Per standard without a unit type, the units it names.
    chosen: HashMap<i64, HashSet<i64>>,
}

struct BookEntry {
    id: i64,
    rate: Decimal,
    /// The rate as written on a charge, made once per standard instead of once per charge.
    rate_text: Arc<str>,
    unit_type: Option<UnitType>,
    start_period: String,
}

impl StandardBook {
    pub fn load(conn: &Connection) -> Result<StandardBook> {
        let mut by_item: HashMap<i64, Vec<_>> = HashMap::new();
        let mut stmt = conn.prepare("SELECT id, fee_item_id, rate, unit_type, start_period FROM fee_standards ORDER BY start_period DESC, id DESC")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let rate: Decimal = r
                .get::<_, String>(2)?
                .parse()
                .map_err(|_| err!(Storage, "收费标准单价损坏", "corrupt standard rate"))?;
            let t: Option<String> = r.get(3)?;
            by_item.entry(r.get(1)?).or_default().push(BookEntry {
                id: r.get(0)?,
                rate_text: rate.normalize().to_string().into(),
                rate,
                unit_type: t.and_then(|t| UnitType::from_code(&t)),
                start_period: r.get(4)?,
            });
        }
        let mut chosen: HashMap<i64, HashSet<i64>> = HashMap::new();
        let mut stmt = conn.prepare("SELECT standard_id, unit_id FROM fee_standard_units")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            chosen.entry(r.get(0)?).or_default().insert(r.get(1)?);
        }
        Ok(StandardBook { by_item, chosen })
    }

    /// The rate for a unit in a period: the newest standard that started by then and names this unit,
    /// else the newest one for its type. None when no standard applies.
    pub fn rate(
        &self,
        item_id: i64,
        unit_id: i64,
        unit_type: UnitType,
        period: &str,
    ) -> Option<Decimal> {
        self.rate_with_text(item_id, unit_id, unit_type, period)
            .map(|(r, _)| r)
    }

    /// The rate and its text as stored on a charge.
    pub fn rate_with_text(
        &self,
        item_id: i64,
        unit_id: i64,
        unit_type: UnitType,
        period: &str,
    ) -> Option<(Decimal, Arc<str>)> {
        let list = self.by_item.get(&item_id)?;
        let started = || list.iter().filter(|s| s.start_period.as_str() <= period);
        started()
            .find(|s| {
                s.unit_type.is_none()
                    && self.chosen.get(&s.id).is_some_and(|u| u.contains(&unit_id))
            })
            .or_else(|| started().find(|s| s.unit_type == Some(unit_type)))
            .map(|s| (s.rate, s.rate_text.clone()))
    }

    /// The counter price of a per-quantity item: its newest standard that has started.
    pub fn price(&self, item_id: i64, period: &str) -> Option<Decimal> {
        self.by_item
            .get(&item_id)?
            .iter()
            .find(|s| s.start_period.as_str() <= period)
            .map(|s| s.rate)
    }
}

/// The most decimals a rate may have (元/㎡ to 0.000001).
pub const RATE_SCALE: u32 = 6;

/// A standard's rate is positive; only a shared-cost item's (水电公摊) may be zero, its amount coming
/// from the pool.
pub fn check_rate(rate: Decimal, method: Method) -> Result<()> {
    if rate.is_sign_negative() || (rate.is_zero() && method != Method::Allocation) {
        return Err(err!(
            InvalidInput,
            "收费标准单价必须大于零",
            "a standard's rate must be greater than zero"
        ));
    }
    Ok(())
}

/// Whether a rate as typed would be accepted, before it is saved: None, or why not (`empty`,
/// `invalid`, `precision`, `negative`, `zero`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RateCheck {
    pub error: Option<String>,
}

pub fn rate_check(text: &str, method: Method) -> RateCheck {
    use crate::ErrorCode::*;
    let error = match crate::money::parse_decimal(text, RATE_SCALE, &["元"], ("单价", "rate")) {
        Ok(rate) => check_rate(rate, method).err().map(|_| "zero"),
        Err(e) => Some(match e.code {
            AmountEmpty => "empty",
            AmountTooPrecise => "precision",
            AmountNegative => "negative",
            _ => "invalid",
        }),
    };
    RateCheck {
        error: error.map(String::from),
    }
}

#[cfg(test)]
mod rate_tests {
    use super::*;

    #[test]
    fn rate_check_answers_as_the_standard_would() {
        let e = |t: &str, m: Method| rate_check(t, m).error;
        assert_eq!(e("2.35", Method::PerArea), None);
        assert_eq!(e("0.123456", Method::Metered), None);
        assert_eq!(e("0", Method::PerArea).as_deref(), Some("zero"));
        assert_eq!(e("0", Method::Allocation), None);
        assert_eq!(e("2,35元x", Method::Fixed).as_deref(), Some("invalid"));
        assert_eq!(e("1.1234567", Method::Fixed).as_deref(), Some("precision"));
        assert_eq!(e("-1", Method::Fixed).as_deref(), Some("negative"));
        assert_eq!(e("", Method::Fixed).as_deref(), Some("empty"));
    }
}
