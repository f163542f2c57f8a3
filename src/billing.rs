//! Charge generation (应收): meter readings, shared-meter allocation (水电公摊) and the monthly billing run.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use rusqlite::{params, Connection, OptionalExtension, ToSql, Transaction};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::auth::{Ctx, Perm};
use crate::estate::{self, UnitType};
use crate::fees::{self, Method, StandardBook};
use crate::ledger::{self, Account, EntryLinks, JournalEntry};
use crate::outbox::{self, ChargeRecord, Event};
use crate::{err, Money, Result};

/// Split `total` over `weights` so the parts sum to exactly `total`: each part is rounded down to
/// the fen, and the remaining fen go one each to the largest fractions (ties: the earlier index).
/// Deterministic for the same inputs. Refuses empty or all-zero weights.
pub fn allocate(total: Money, weights: &[Decimal]) -> Result<Vec<Money>> {
    let sum: Decimal = weights.iter().copied().sum();
    if weights.is_empty() || sum <= Decimal::ZERO || weights.iter().any(|w| w.is_sign_negative()) {
        return Err(err!(
            InvalidInput,
            "分摊对象为空或权重无效",
            "nothing to allocate over, or invalid weights"
        ));
    }
    let total_d = Decimal::from(total.fen());
    let mut parts = Vec::with_capacity(weights.len());
    let mut fracs = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = total_d * *w / sum;
        let floor = exact.round_dp_with_strategy(0, RoundingStrategy::ToNegativeInfinity);
        parts.push(i64::try_from(floor.mantissa() / 10i128.pow(floor.scale())).expect("fits"));
        fracs.push((exact - floor, i));
    }
    let assigned: i64 = parts.iter().sum();
    let left = total.fen() - assigned;
    fracs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in fracs.iter().take(left as usize) {
        parts[*i] += 1;
    }
    Ok(parts.into_iter().map(Money::from_fen).collect())
}

/// A charge's id: its period, unit and fee item packed into one integer (period in the high bits).
/// It stays below 2^53, so it travels safely as a JSON number.
pub fn charge_id(period: &str, unit_id: i64, item_id: i64) -> Result<i64> {
    if !(0..1 << UNIT_BITS).contains(&unit_id) || !(0..1 << ITEM_BITS).contains(&item_id) {
        return Err(err!(
            Storage,
            "房屋或收费项目编号超出范围",
            "unit or fee item id out of range"
        ));
    }
    Ok(period_base(period) | unit_id << ITEM_BITS | item_id)
}

const UNIT_BITS: u32 = 24;
const ITEM_BITS: u32 = 10;

/// The first charge id of a period (`YYYY-MM`, validated).
pub fn period_base(period: &str) -> i64 {
    let (y, m) = period.split_once('-').expect("validated period");
    let index = y.parse::<i64>().expect("year") * 12 + m.parse::<i64>().expect("month") - 1;
    index << (UNIT_BITS + ITEM_BITS)
}

/// SQL computing `period_base` of the column or parameter `p`, for range lookups inside queries.
pub(crate) const PERIOD_BASE_SQL: &str =
    "((CAST(substr(p, 1, 4) AS INTEGER) * 12 + CAST(substr(p, 6, 2) AS INTEGER) - 1) << 34)";

// ---------------------------------------------------------------- meter readings

/// Readings travel as decimal strings ("1234.5"), never as floats.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ReadingInput {
    pub unit: String,
    pub item: String,
    pub period: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub current: Decimal,
    /// Only for a meter's first reading: where it started.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub previous: Option<Decimal>,
    /// The meter was changed this period: (old meter's final reading, new meter's start).
    #[cfg_attr(feature = "ts", ts(type = "[string, string] | null"))]
    pub meter_change: Option<(Decimal, Decimal)>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Reading {
    pub unit: String,
    pub item: String,
    pub period: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub previous: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub current: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub usage: Decimal,
    /// An abnormal jump: more than 3× the average of the last three months.
    pub flagged: bool,
}

pub fn record_reading(tx: &Transaction, ctx: &Ctx, r: &ReadingInput) -> Result<Reading> {
    ctx.actor.require(Perm::Bill)?;
    let item = fees::item(tx, &r.item)?;
    if item.method != Method::Metered {
        return Err(err!(
            ReadingInvalid,
            ("「{}」不是按表计量的项目", item.name),
            ("\"{}\" is not a metered item", item.code)
        ));
    }
    let period = fees::parse_period(&r.period)?;
    let unit_id = estate::unit_id(tx, &r.unit)?;
    let last: Option<(String, String)> = tx
        .query_row(
            "SELECT period, current FROM meter_readings WHERE unit_id = ?1 AND fee_item_id = ?2 ORDER BY period DESC LIMIT 1",
            params![unit_id, item.id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let previous = match (&last, r.previous) {
        (Some((p, _)), _) if *p >= period => {
            return Err(err!(
                ReadingInvalid,
                ("{} {} 已有 {p} 的读数，不能重复或倒录", r.unit, period),
                ("{} {} already has a reading for {p}", r.unit, period)
            ))
        }
        (Some((_, cur)), _) => cur
            .parse::<Decimal>()
            .map_err(|_| err!(Storage, "读数损坏", "corrupt reading"))?,
        (None, Some(p)) => p,
        (None, None) => {
            return Err(err!(
                ReadingInvalid,
                ("{} 首次抄表，请同时录入起始读数", r.unit),
                ("first reading of {}: give the starting reading too", r.unit)
            ))
        }
    };
    let usage = match r.meter_change {
        None if r.current < previous => {
            return Err(err!(ReadingInvalid, ("{} 本期读数 {} 小于上期 {}；若已换表，请录入旧表止数和新表起数", r.unit, r.current, previous), ("{}: current reading {} is below the previous {}; if the meter was changed, record the change", r.unit, r.current, previous)))
        }
        None => r.current - previous,
        Some((old_end, new_start)) => {
            if old_end < previous || r.current < new_start {
                return Err(err!(ReadingInvalid, ("{} 换表读数不合理", r.unit), ("{}: meter change readings do not add up", r.unit)));
            }
            (old_end - previous) + (r.current - new_start)
        }
    };
    let mut stmt = tx.prepare_cached(
        "SELECT usage FROM meter_readings WHERE unit_id = ?1 AND fee_item_id = ?2 ORDER BY period DESC LIMIT 3",
    )?;
    let history: Vec<Decimal> = stmt
        .query_map(params![unit_id, item.id], |row| row.get::<_, String>(0))?
        .filter_map(|s| s.ok().and_then(|s| s.parse().ok()))
        .collect();
    let flagged = if history.is_empty() {
        false
    } else {
        let avg = history.iter().copied().sum::<Decimal>() / Decimal::from(history.len());
        usage > avg * Decimal::from(3) && usage > Decimal::from(10)
    };
    tx.execute(
        "INSERT INTO meter_readings(unit_id, fee_item_id, period, previous, current, old_meter_end, new_meter_start, usage, flagged, note, read_at, read_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            unit_id,
            item.id,
            period,
            previous.to_string(),
            r.current.to_string(),
            r.meter_change.map(|m| m.0.to_string()),
            r.meter_change.map(|m| m.1.to_string()),
            usage.to_string(),
            flagged,
            r.note,
            ctx.now_text(),
            ctx.actor.user_id
        ],
    )?;
    Ok(Reading {
        unit: r.unit.trim().into(),
        item: item.code,
        period,
        previous,
        current: r.current,
        usage,
        flagged,
    })
}

/// One unit's line of a meter sheet (抄表单): what to read against, and the period's reading once entered.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MeterRow {
    pub unit: String,
    /// The reading this period's is checked against: the entered reading's own, else the last one
    /// before the period. None: the meter's first reading (the starting reading is needed too).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub previous: Option<Decimal>,
    pub previous_period: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub current: Option<Decimal>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub usage: Option<Decimal>,
    pub flagged: bool,
}

/// The meter sheet of a metered item for a period: every unit of a building (or of the estate), in
/// unit order, with the previous reading and this period's if it was entered.
pub fn meter_sheet(
    conn: &Connection,
    ctx: &Ctx,
    item: &str,
    period: &str,
    building: Option<&str>,
) -> Result<Vec<MeterRow>> {
    ctx.actor.require(Perm::Bill)?;
    let it = fees::item(conn, item)?;
    if it.method != Method::Metered {
        return Err(err!(
            ReadingInvalid,
            ("「{}」不是按表计量的项目", it.name),
            ("\"{}\" is not a metered item", it.code)
        ));
    }
    let period = fees::parse_period(period)?;
    let building = building.map(str::trim).filter(|b| !b.is_empty());
    if let Some(b) = building {
        let known: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM buildings WHERE code = ?1)",
            [b],
            |r| r.get(0),
        )?;
        if !known {
            return Err(err!(
                NotFound,
                "楼栋「{b}」不存在",
                "building \"{b}\" not found"
            ));
        }
    }
    let dec = |s: String| -> rusqlite::Result<Decimal> {
        s.parse().map_err(|_| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                "reading".into(),
            )
        })
    };
    // The newest reading up to the period per unit: this period's, or the one before it.
    let mut stmt = conn.prepare(
        "SELECT u.code, r.period, r.previous, r.current, r.usage, r.flagged
         FROM units u JOIN buildings b ON b.id = u.building_id
         LEFT JOIN meter_readings r ON r.id = (
             SELECT id FROM meter_readings m WHERE m.unit_id = u.id AND m.fee_item_id = ?1 AND m.period <= ?2
             ORDER BY m.period DESC LIMIT 1)
         WHERE ?3 IS NULL OR b.code = ?3
         ORDER BY u.code",
    )?;
    let rows = stmt.query_map(params![it.id, period, building], |r| {
        let unit: String = r.get(0)?;
        let read: Option<String> = r.get(1)?;
        Ok(match read {
            Some(p) if p == period => MeterRow {
                unit,
                previous: Some(dec(r.get(2)?)?),
                previous_period: None,
                current: Some(dec(r.get(3)?)?),
                usage: Some(dec(r.get(4)?)?),
                flagged: r.get(5)?,
            },
            Some(p) => MeterRow {
                unit,
                previous: Some(dec(r.get(3)?)?),
                previous_period: Some(p),
                current: None,
                usage: None,
                flagged: false,
            },
            None => MeterRow {
                unit,
                previous: None,
                previous_period: None,
                current: None,
                usage: None,
                flagged: false,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------- allocation pools

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
    let period = fees::parse_period(period)?;
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
    let period = fees::parse_period(period)?;
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

// ---------------------------------------------------------------- the billing run

#[derive(Debug, Clone)]
struct NewCharge {
    /// Index into the plan's units and items.
    unit: usize,
    item: usize,
    amount: Money,
    quantity: Decimal,
    rate: Decimal,
    /// The rate as stored; shared by every charge of the same standard or pool.
    rate_text: Arc<str>,
    basis: BasisKind,
}

/// How a charge was worked out; its text (计费依据) is written when the charge is stored.
#[derive(Debug, Clone, Copy)]
enum BasisKind {
    Area,
    Fixed,
    Usage,
    Pool {
        total: Money,
        sum: Decimal,
        members: usize,
        by_area: bool,
    },
}

impl NewCharge {
    /// The quantity and basis texts stored with the charge (the rate text is shared by all charges of
    /// a rate). A run writes tens of thousands of them: the area text is borrowed from the unit.
    fn texts<'a>(&self, unit: &'a UnitRow) -> (Cow<'a, str>, String) {
        let rate_text = &*self.rate_text;
        let by_area = matches!(self.basis, BasisKind::Area)
            || matches!(self.basis, BasisKind::Pool { by_area: true, .. });
        let qty = if by_area {
            Cow::Borrowed(unit.area_text.as_str())
        } else {
            Cow::Owned(self.quantity.to_string())
        };
        // Concatenated rather than formatted: this runs once per charge of a run.
        let concat = |parts: &[&str]| {
            let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
            parts.iter().for_each(|p| s.push_str(p));
            s
        };
        let basis = match self.basis {
            BasisKind::Area => concat(&[&unit.area_text, "㎡ × ", rate_text]),
            BasisKind::Fixed => concat(&[rate_text, "元/期"]),
            BasisKind::Usage => format!(
                "用量 {} × {}",
                self.quantity.normalize(),
                self.rate.normalize()
            ),
            BasisKind::Pool {
                total,
                sum,
                by_area: true,
                ..
            } => format!("公摊 {total} 按面积 {}/{sum}㎡", self.quantity),
            BasisKind::Pool { total, members, .. } => format!("公摊 {total} 按户 1/{members}"),
        };
        (qty, basis)
    }
}

/// What a billing run would create.
struct Plan {
    units: Vec<UnitRow>,
    items: Vec<fees::FeeItem>,
    charges: Vec<NewCharge>,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ItemPreview {
    pub item: String,
    pub name: String,
    pub charges: usize,
    pub total_fen: i64,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BillingPreview {
    pub period: String,
    pub items: Vec<ItemPreview>,
    pub charges: usize,
    pub total_fen: i64,
    /// Charges that already exist for this period and are not created again.
    pub already_billed: usize,
    /// Units with a metered standard but no reading for the period (not billed until read).
    pub missing_readings: Vec<String>,
    /// Readings flagged as an abnormal jump, billed as read: check them.
    pub flagged_readings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BillingResult {
    pub run_id: Option<i64>,
    pub preview: BillingPreview,
}

struct UnitRow {
    id: i64,
    code: String,
    unit_type: UnitType,
    area: Decimal,
    /// The area as stored, written back as the quantity without formatting it again.
    area_text: String,
    building_id: i64,
    start: Option<String>,
}

fn compute(conn: &Connection, period: &str) -> Result<(Plan, BillingPreview)> {
    let book = StandardBook::load(conn)?;
    let items = fees::items(conn)?;
    let mut units = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            // In id order, so each item's charges come out in charge-id order (see `run`).
            "SELECT id, code, unit_type, area_m2, building_id, COALESCE(billing_start, substr(handover_date, 1, 7)) FROM units ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            units.push(UnitRow {
                id: r.get(0)?,
                code: r.get(1)?,
                unit_type: UnitType::from_code(&r.get::<_, String>(2)?).unwrap_or(UnitType::Other),
                area: r
                    .get::<_, String>(3)?
                    .parse()
                    .map_err(|_| err!(Storage, "面积数据损坏", "corrupt area"))?,
                area_text: r.get(3)?,
                building_id: r.get(4)?,
                start: r.get(5)?,
            });
        }
    }
    let mut billed: HashSet<(i64, i64)> = HashSet::new();
    {
        // The period's charges are one id range (charge_id): a range read of the primary key, whatever
        // the size of the ledger, and the unit and item come out of the id itself.
        let base = period_base(period);
        let mut stmt = conn.prepare_cached("SELECT id FROM charges WHERE id >= ?1 AND id < ?2")?;
        let mut rows = stmt.query([base, base + (1 << (UNIT_BITS + ITEM_BITS))])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            billed.insert((
                (id >> ITEM_BITS) & ((1 << UNIT_BITS) - 1),
                id & ((1 << ITEM_BITS) - 1),
            ));
        }
    }
    let mut readings: BTreeMap<(i64, i64), (Decimal, bool)> = BTreeMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT unit_id, fee_item_id, usage, flagged FROM meter_readings WHERE period = ?1",
        )?;
        let mut rows = stmt.query([period])?;
        while let Some(r) = rows.next()? {
            let usage: Decimal = r
                .get::<_, String>(2)?
                .parse()
                .map_err(|_| err!(Storage, "读数损坏", "corrupt reading"))?;
            readings.insert((r.get(0)?, r.get(1)?), (usage, r.get(3)?));
        }
    }
    let mut out = Vec::new();
    let mut preview = BillingPreview {
        period: period.to_string(),
        already_billed: billed.len(),
        ..Default::default()
    };
    let due = |u: &UnitRow| u.start.as_deref().is_none_or(|s| s <= period);
    for (item_idx, item) in items.iter().enumerate() {
        let mut ip = ItemPreview {
            item: item.code.clone(),
            name: item.name.clone(),
            ..Default::default()
        };
        let mut push = |c: NewCharge, ip: &mut ItemPreview| {
            ip.charges += 1;
            ip.total_fen += c.amount.fen();
            out.push(c);
        };
        match item.method {
            Method::PerQuantity => continue,
            Method::PerArea | Method::Fixed | Method::Metered => {
                for (unit_idx, u) in units
                    .iter()
                    .enumerate()
                    .filter(|(_, u)| due(u) && !billed.contains(&(u.id, item.id)))
                {
                    let Some((rate, rate_text)) =
                        book.rate_with_text(item.id, u.id, u.unit_type, period)
                    else {
                        continue;
                    };
                    let (qty, basis) = match item.method {
                        Method::PerArea => (u.area, BasisKind::Area),
                        Method::Fixed => (Decimal::ONE, BasisKind::Fixed),
                        _ => match readings.get(&(u.id, item.id)) {
                            None => {
                                preview.missing_readings.push(u.code.clone());
                                continue;
                            }
                            Some((usage, flagged)) => {
                                if *flagged {
                                    preview.flagged_readings.push(u.code.clone());
                                }
                                (*usage, BasisKind::Usage)
                            }
                        },
                    };
                    let amount = Money::from_decimal_round(qty * rate);
                    if amount.is_positive() {
                        push(
                            NewCharge {
                                unit: unit_idx,
                                item: item_idx,
                                amount,
                                quantity: qty,
                                rate,
                                rate_text,
                                basis,
                            },
                            &mut ip,
                        );
                    }
                }
            }
            Method::Allocation => {
                let mut stmt = conn.prepare_cached(
                    "SELECT building_id, total_fen, basis FROM allocation_pools WHERE fee_item_id = ?1 AND period = ?2 ORDER BY id",
                )?;
                let pools: Vec<(Option<i64>, i64, String)> = stmt
                    .query_map(params![item.id, period], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                for (building, total_fen, basis) in pools {
                    let mut members: Vec<(usize, &UnitRow)> = units
                        .iter()
                        .enumerate()
                        .filter(|(_, u)| due(u) && building.is_none_or(|b| b == u.building_id))
                        .filter(|(_, u)| book.rate(item.id, u.id, u.unit_type, period).is_some())
                        .collect();
                    // A pool is split once, over everyone at that moment: never top it up unit by unit.
                    if members.is_empty()
                        || members
                            .iter()
                            .any(|(_, u)| billed.contains(&(u.id, item.id)))
                    {
                        continue;
                    }
                    // The remainder fen go by room code, whatever order the units were read in.
                    members.sort_by(|a, b| a.1.code.cmp(&b.1.code));
                    let by_area = basis == "area";
                    let weights: Vec<Decimal> = members
                        .iter()
                        .map(|(_, u)| if by_area { u.area } else { Decimal::ONE })
                        .collect();
                    let sum: Decimal = weights.iter().copied().sum();
                    let total = Money::from_fen(total_fen);
                    let parts = allocate(total, &weights)?;
                    let rate_text: Arc<str> = total.to_decimal().normalize().to_string().into();
                    for ((unit_idx, u), part) in members.iter().zip(parts) {
                        if !part.is_positive() {
                            continue;
                        }
                        let c = NewCharge {
                            unit: *unit_idx,
                            item: item_idx,
                            amount: part,
                            quantity: if by_area { u.area } else { Decimal::ONE },
                            rate: total.to_decimal(),
                            rate_text: rate_text.clone(),
                            basis: BasisKind::Pool {
                                total,
                                sum,
                                members: members.len(),
                                by_area,
                            },
                        };
                        push(c, &mut ip);
                    }
                }
            }
        }
        preview.charges += ip.charges;
        preview.total_fen += ip.total_fen;
        preview.items.push(ip);
    }
    // Units are read in id order; the lists a person reads are in room-code order.
    preview.missing_readings.sort();
    preview.flagged_readings.sort();
    Ok((
        Plan {
            units,
            items,
            charges: out,
        },
        preview,
    ))
}

/// What a billing run for `period` would create, without creating it.
pub fn preview(conn: &Connection, ctx: &Ctx, period: &str) -> Result<BillingPreview> {
    ctx.actor.require(Perm::Bill)?;
    let period = fees::parse_period(period)?;
    Ok(compute(conn, &period)?.1)
}

/// Create the period's charges. Running the same period again creates only what is missing
/// (a unit added later, a reading entered later), never a charge twice.
pub fn run(tx: &Transaction, ctx: &Ctx, period: &str) -> Result<BillingResult> {
    run_reporting(tx, ctx, period, &crate::progress::silent)
}

/// `run`, reporting the charges written (done, total) as it goes.
pub fn run_reporting(
    tx: &Transaction,
    ctx: &Ctx,
    period: &str,
    on_step: crate::progress::OnStep,
) -> Result<BillingResult> {
    ctx.actor.require(Perm::Bill)?;
    let period = fees::parse_period(period)?;
    let (plan, preview) = compute(tx, &period)?;
    if plan.charges.is_empty() {
        return Ok(BillingResult {
            run_id: None,
            preview,
        });
    }
    let Plan {
        units,
        items,
        charges,
    } = &plan;
    // In charge-id order (unit, then item) every insert lands at the end of the table. The charges
    // are sorted through their ids, not moved; they come as one ascending run per item, which the
    // stable sort merges in linear time.
    let mut order: Vec<(i64, usize)> = charges
        .iter()
        .enumerate()
        .map(|(k, c)| Ok((charge_id(&period, units[c.unit].id, items[c.item].id)?, k)))
        .collect::<Result<_>>()?;
    order.sort();
    let charges: Vec<&NewCharge> = order.iter().map(|(_, k)| &charges[*k]).collect();
    tx.execute(
        "INSERT INTO billing_runs(period, charges, total_fen, run_at, run_by) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![period, charges.len() as i64, preview.total_fen, ctx.now_text(), ctx.actor.user_id],
    )?;
    let run_id = tx.last_insert_rowid();
    let (_, last_day) = fees::period_bounds(&period);
    let due = last_day.format("%Y-%m-%d").to_string();
    // The texts, the journal entry and the events need no database: a second thread makes them while
    // this one writes the charges, handing the rows over a chunk at a time as they are ready.
    let (prepared, per_unit) = std::thread::scope(|s| -> Result<_> {
        let (send, recv) = std::sync::mpsc::channel::<Vec<ChargeRow>>();
        let prep = s.spawn(|| prepare(send, &order, &charges, units, items, &period, run_id));
        // One row a statement: measured faster here than multi-row VALUES lists (db::insert_rows).
        let mut insert = tx.prepare_cached(
            "INSERT INTO charges(id, unit_id, fee_item_id, period, amount_fen, quantity, rate, basis, due_date, billing_run_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut progress = crate::progress::Percent::new(on_step, charges.len() as u64);
        let mut done = 0;
        for rows in recv {
            done += rows.len() as u64;
            for r in &rows {
                insert.execute(params![
                    r.id, r.unit, r.item, period, r.fen, r.quantity, r.rate, r.basis, due, run_id
                ])?;
            }
            progress.at(done);
        }
        let per_unit = per_unit(&charges);
        Ok((
            prep.join()
                .expect("the billing run's preparing thread panicked")?,
            per_unit,
        ))
    })?;
    ledger::post(tx, ctx, &prepared.entry, EntryLinks::default())?;
    {
        let rows: Vec<(i64, i64, i64)> = per_unit
            .iter()
            .map(|(u, amt, n)| (units[*u].id, amt.fen(), *n))
            .collect();
        let values: Vec<&dyn ToSql> = rows
            .iter()
            .flat_map(|(id, fen, n)| [id as &dyn ToSql, fen, n, &period])
            .collect();
        crate::db::insert_rows_then(
            tx,
            "INSERT INTO unit_balances(unit_id, receivable_fen, open_charges, oldest_open)",
            4,
            &values,
            "ON CONFLICT(unit_id) DO UPDATE SET receivable_fen = receivable_fen + excluded.receivable_fen,
               open_charges = open_charges + excluded.open_charges,
               oldest_open = MIN(COALESCE(oldest_open, excluded.oldest_open), excluded.oldest_open)",
        )?;
    }
    for event in &prepared.events {
        outbox::append_serialised(tx, ctx, event)?;
    }
    crate::auth::audit(
        tx,
        ctx,
        "billing_run",
        &period,
        &format!("{} charges, {} fen", charges.len(), preview.total_fen),
        None,
        None,
    )?;
    Ok(BillingResult {
        run_id: Some(run_id),
        preview,
    })
}

/// One charge's row as written, its texts made by the preparing thread.
struct ChargeRow<'a> {
    id: i64,
    unit: i64,
    item: i64,
    fen: i64,
    quantity: Cow<'a, str>,
    rate: &'a str,
    basis: String,
}

struct Prepared {
    entry: JournalEntry,
    events: Vec<outbox::Serialised>,
}

/// Per unit, in the charges' order: its index, the amount billed and the number of charges.
fn per_unit(charges: &[&NewCharge]) -> Vec<(usize, Money, i64)> {
    let mut out: Vec<(usize, Money, i64)> = Vec::new();
    for c in charges {
        match out.last_mut() {
            Some(u) if u.0 == c.unit => {
                u.1 += c.amount;
                u.2 += 1;
            }
            _ => out.push((c.unit, c.amount, 1)),
        }
    }
    out
}

/// The preparing thread of a run: the charge rows in chunks (sent as soon as made), then the journal
/// entry and the serialised events.
fn prepare<'a>(
    send: std::sync::mpsc::Sender<Vec<ChargeRow<'a>>>,
    order: &[(i64, usize)],
    charges: &[&'a NewCharge],
    units: &'a [UnitRow],
    items: &[fees::FeeItem],
    period: &str,
    run_id: i64,
) -> Result<Prepared> {
    for (ids, chunk) in order.chunks(64).zip(charges.chunks(64)) {
        let rows = ids
            .iter()
            .zip(chunk)
            .map(|((id, _), c)| {
                let (quantity, basis) = c.texts(&units[c.unit]);
                ChargeRow {
                    id: *id,
                    unit: units[c.unit].id,
                    item: items[c.item].id,
                    fen: c.amount.fen(),
                    quantity,
                    rate: &c.rate_text,
                    basis,
                }
            })
            .collect();
        if send.send(rows).is_err() {
            // The writer stopped on an error, which it returns; nothing more to make.
            return Err(err!(Storage, "计费已中止", "billing run stopped"));
        }
    }
    drop(send);
    // One receivable line per unit and one revenue line per item keep the journal compact.
    let per_unit = per_unit(charges);
    let mut per_item: BTreeMap<usize, Money> = BTreeMap::new();
    for c in charges {
        *per_item.entry(c.item).or_insert(Money::ZERO) += c.amount;
    }
    let lines = per_item
        .iter()
        .map(|(i, amt)| (Account::Revenue(items[*i].code.clone()), -*amt))
        .chain(
            per_unit
                .iter()
                .map(|(u, amt, _)| (Account::Receivable(units[*u].code.clone()), *amt)),
        );
    let entry = JournalEntry::new("billing", format!("{period} 计费"), lines)?;
    // Events carry the charges grouped by unit, 500 units a part; the entry follows from them.
    let mut events = Vec::new();
    let mut start = 0;
    for (part, units_of_part) in per_unit.chunks(500).enumerate() {
        let n: usize = units_of_part.iter().map(|u| u.2 as usize).sum();
        let mut records: Vec<ChargeRecord> = Vec::with_capacity(units_of_part.len());
        for c in &charges[start..start + n] {
            let item = (items[c.item].code.clone(), c.amount.fen());
            match records.last_mut() {
                Some(r) if r.unit == units[c.unit].code => r.items.push(item),
                _ => records.push(ChargeRecord {
                    unit: units[c.unit].code.clone(),
                    items: vec![item],
                }),
            }
        }
        start += n;
        events.push(outbox::Serialised::of(&Event::ChargesBilled {
            period: period.to_string(),
            run: run_id,
            part: part as u32,
            charges: records,
            postings: Vec::new(),
        }));
    }
    Ok(Prepared { entry, events })
}
