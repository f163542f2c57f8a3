//! 抄表: meter readings, their usage (across a meter change) and the building's meter sheet.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::auth::{Ctx, Perm};
use crate::estate::{self};
use crate::fees::{self, Method};
use crate::{err, period, Result};

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

/// The usage a reading gives: current − previous, or across a meter change (old meter's end − previous)
/// + (current − new meter's start).
pub fn usage(previous: Decimal, current: Decimal, change: Option<(Decimal, Decimal)>) -> Decimal {
    match change {
        None => current - previous,
        Some((old_end, new_start)) => (old_end - previous) + (current - new_start),
    }
}

/// A reading as typed on the meter sheet, before it is saved (decimal texts).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ReadingUsage {
    /// The previous reading on record; None for a meter's first reading, which then needs `start`.
    pub previous: Option<String>,
    pub start: String,
    pub current: String,
    /// (old meter's end, new meter's start) when the meter was changed.
    pub meter_change: Option<(String, String)>,
}

/// The usage the sheet's row would give, as [`record_reading`] computes it; None while something it
/// needs is not typed or not a number. A negative usage is given as it is: saving refuses it.
pub fn usage_preview(r: &ReadingUsage) -> Option<String> {
    let num = |s: &str| crate::money::parse_decimal(s, 3, &[], ("读数", "reading")).ok();
    let previous = num(r.previous.as_deref().unwrap_or(&r.start))?;
    let current = num(&r.current)?;
    let change = match &r.meter_change {
        None => None,
        Some((old_end, new_start)) => Some((num(old_end)?, num(new_start)?)),
    };
    Some(usage(previous, current, change).normalize().to_string())
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
    let period = period::parse_period(&r.period)?;
    period::require_open(tx, &period)?;
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
        Some((old_end, new_start)) if old_end < previous || r.current < new_start => {
            return Err(err!(ReadingInvalid, ("{} 换表读数不合理", r.unit), ("{}: meter change readings do not add up", r.unit)));
        }
        change => usage(previous, r.current, change),
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
    let period = period::parse_period(period)?;
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

#[cfg(test)]
mod usage_tests {
    use super::*;

    fn draft(
        previous: Option<&str>,
        start: &str,
        current: &str,
        change: Option<(&str, &str)>,
    ) -> ReadingUsage {
        ReadingUsage {
            previous: previous.map(String::from),
            start: start.into(),
            current: current.into(),
            meter_change: change.map(|(a, b)| (a.into(), b.into())),
        }
    }

    #[test]
    fn usage_preview_is_the_usage_a_reading_records() {
        assert_eq!(
            usage_preview(&draft(Some("112.5"), "", "130", None)).as_deref(),
            Some("17.5")
        );
        assert_eq!(
            usage_preview(&draft(Some("112.5"), "", "110", None)).as_deref(),
            Some("-2.5")
        );
        assert_eq!(usage_preview(&draft(None, "", "50", None)), None);
        assert_eq!(
            usage_preview(&draft(None, "42.4", "50", None)).as_deref(),
            Some("7.6")
        );
        assert_eq!(
            usage_preview(&draft(Some("112.5"), "", "5", Some(("120", "0")))).as_deref(),
            Some("12.5")
        );
        assert_eq!(
            usage_preview(&draft(Some("112.5"), "", "5", Some(("120", "")))),
            None
        );
    }
}
