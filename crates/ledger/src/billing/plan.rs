//! What a billing run would write: every unit's charges for the period, computed from the standards,
//! the readings and the pools, with the preview of counts and totals per item.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use rusqlite::{params, Connection};
use rust_decimal::Decimal;

use super::*;
use crate::charges::{period_base, ITEM_BITS, UNIT_BITS};
use crate::estate::UnitType;
use crate::fees::{self, FeeItem, Method, StandardBook};
use crate::{err, Money, Result};

#[derive(Debug, Clone)]
pub(super) struct NewCharge {
    /// Index into the plan's units and items.
    pub(super) unit: usize,
    pub(super) item: usize,
    pub(super) amount: Money,
    pub(super) quantity: Decimal,
    pub(super) rate: Decimal,
    /// The rate as stored; shared by every charge of the same standard or pool.
    pub(super) rate_text: Arc<str>,
    pub(super) basis: BasisKind,
}

/// How a charge was worked out; its text (计费依据) is written when the charge is stored.
#[derive(Debug, Clone, Copy)]
pub(super) enum BasisKind {
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
    pub(super) fn texts<'a>(&self, unit: &'a UnitRow) -> (Cow<'a, str>, String) {
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
pub(super) struct Plan {
    pub(super) units: Vec<UnitRow>,
    pub(super) items: Vec<fees::FeeItem>,
    pub(super) charges: Vec<NewCharge>,
}

pub(super) struct UnitRow {
    pub(super) id: i64,
    pub(super) code: String,
    pub(super) unit_type: UnitType,
    pub(super) area: Decimal,
    /// The area as stored, written back as the quantity without formatting it again.
    pub(super) area_text: String,
    pub(super) building_id: i64,
    pub(super) start: Option<String>,
}

/// The units in id order, so each item's charges come out in charge-id order (see `run`).
fn load_units(conn: &Connection) -> Result<Vec<UnitRow>> {
    let mut units = Vec::new();
    let mut stmt = conn.prepare_cached(
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
    Ok(units)
}

/// (unit, item) already billed for the period. The period's charges are one id range (charge_id): a
/// range read of the primary key, whatever the size of the ledger, the unit and item in the id itself.
fn already_billed(conn: &Connection, period: &str) -> Result<HashSet<(i64, i64)>> {
    let mut billed = HashSet::new();
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
    Ok(billed)
}

/// The period's meter readings: (unit, item) → (usage, flagged).
fn period_readings(
    conn: &Connection,
    period: &str,
) -> Result<BTreeMap<(i64, i64), (Decimal, bool)>> {
    let mut readings = BTreeMap::new();
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
    Ok(readings)
}

/// What a run reads before it computes anything.
struct Inputs<'a> {
    period: &'a str,
    book: StandardBook,
    units: Vec<UnitRow>,
    billed: HashSet<(i64, i64)>,
    readings: BTreeMap<(i64, i64), (Decimal, bool)>,
}

impl Inputs<'_> {
    /// A unit is billed from its billing start (or handover) on.
    fn due(&self, u: &UnitRow) -> bool {
        u.start.as_deref().is_none_or(|s| s <= self.period)
    }
}

/// Charges of a per-area, fixed or metered item: rate × area, 1 or usage, for every unit with a
/// standard not yet billed. Units without the period's reading are listed, flagged readings too.
fn unit_charges(
    inp: &Inputs,
    item_idx: usize,
    item: &FeeItem,
    preview: &mut BillingPreview,
) -> Vec<NewCharge> {
    let mut out = vec![];
    for (unit_idx, u) in inp.units.iter().enumerate() {
        if !inp.due(u) || inp.billed.contains(&(u.id, item.id)) {
            continue;
        }
        let Some((rate, rate_text)) =
            inp.book
                .rate_with_text(item.id, u.id, u.unit_type, inp.period)
        else {
            continue;
        };
        let (qty, basis) = match item.method {
            Method::PerArea => (u.area, BasisKind::Area),
            Method::Fixed => (Decimal::ONE, BasisKind::Fixed),
            _ => match inp.readings.get(&(u.id, item.id)) {
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
            out.push(NewCharge {
                unit: unit_idx,
                item: item_idx,
                amount,
                quantity: qty,
                rate,
                rate_text,
                basis,
            });
        }
    }
    out
}

/// Charges of a shared-cost item: each pool of the period split over the units that share it (those
/// with a standard for the item, of the pool's building if it names one).
fn pool_charges(
    conn: &Connection,
    inp: &Inputs,
    item_idx: usize,
    item: &FeeItem,
) -> Result<Vec<NewCharge>> {
    let mut out = vec![];
    let mut stmt = conn.prepare_cached(
        "SELECT building_id, total_fen, basis FROM allocation_pools WHERE fee_item_id = ?1 AND period = ?2 ORDER BY id",
    )?;
    let pools: Vec<(Option<i64>, i64, String)> = stmt
        .query_map(params![item.id, inp.period], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (building, total_fen, basis) in pools {
        let mut members: Vec<(usize, &UnitRow)> = inp
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| inp.due(u) && building.is_none_or(|b| b == u.building_id))
            .filter(|(_, u)| {
                inp.book
                    .rate(item.id, u.id, u.unit_type, inp.period)
                    .is_some()
            })
            .collect();
        // A pool is split once, over everyone at that moment: never top it up unit by unit.
        if members.is_empty()
            || members
                .iter()
                .any(|(_, u)| inp.billed.contains(&(u.id, item.id)))
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
            if part.is_positive() {
                out.push(NewCharge {
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
                });
            }
        }
    }
    Ok(out)
}

/// Every charge a run of `period` would write, and its preview.
pub(super) fn compute(conn: &Connection, period: &str) -> Result<(Plan, BillingPreview)> {
    let items = fees::items(conn)?;
    let inp = Inputs {
        period,
        book: StandardBook::load(conn)?,
        units: load_units(conn)?,
        billed: already_billed(conn, period)?,
        readings: period_readings(conn, period)?,
    };
    let mut out = Vec::new();
    let mut preview = BillingPreview {
        period: period.to_string(),
        already_billed: inp.billed.len(),
        ..Default::default()
    };
    for (item_idx, item) in items.iter().enumerate() {
        let charges = match item.method {
            Method::PerQuantity => continue,
            Method::PerArea | Method::Fixed | Method::Metered => {
                unit_charges(&inp, item_idx, item, &mut preview)
            }
            Method::Allocation => pool_charges(conn, &inp, item_idx, item)?,
        };
        let ip = ItemPreview {
            item: item.code.clone(),
            name: item.name.clone(),
            charges: charges.len(),
            total_fen: charges.iter().map(|c| c.amount.fen()).sum(),
        };
        preview.charges += ip.charges;
        preview.total_fen += ip.total_fen;
        preview.items.push(ip);
        out.extend(charges);
    }
    // Units are read in id order; the lists a person reads are in room-code order.
    preview.missing_readings.sort();
    preview.flagged_readings.sort();
    Ok((
        Plan {
            units: inp.units,
            items,
            charges: out,
        },
        preview,
    ))
}
