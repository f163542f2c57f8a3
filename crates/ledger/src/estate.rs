//! Estate master data: buildings, units, parties (owners/tenants), parking spaces.

use serde::{Deserialize, Serialize};

/// 房屋类型. Stored as its Chinese name so the database reads naturally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum UnitType {
    Residential,
    Shop,
    Parking,
    Other,
}

impl UnitType {
    pub const ALL: [UnitType; 4] = [
        UnitType::Residential,
        UnitType::Shop,
        UnitType::Parking,
        UnitType::Other,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            UnitType::Residential => "住宅",
            UnitType::Shop => "商铺",
            UnitType::Parking => "车位",
            UnitType::Other => "其他",
        }
    }

    /// Accepts the Chinese names offices write (住宅/商铺/车位/其他 and common variants) and the English ones.
    pub fn parse(s: &str) -> Option<UnitType> {
        let s = s.trim();
        Some(match s {
            "住宅" | "住房" | "普通住宅" | "公寓" | "洋房" | "别墅" | "residential" => {
                UnitType::Residential
            }
            "商铺" | "商业" | "门面" | "底商" | "商铺/门面" | "shop" => UnitType::Shop,
            "车位" | "车库" | "停车位" | "parking" => UnitType::Parking,
            "其他" | "其它" | "办公" | "储藏室" | "other" => UnitType::Other,
            _ => return None,
        })
    }
}

use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;

use crate::auth::{Ctx, Perm};
use crate::{err, Result};

impl UnitType {
    pub fn code(self) -> &'static str {
        match self {
            UnitType::Residential => "residential",
            UnitType::Shop => "shop",
            UnitType::Parking => "parking",
            UnitType::Other => "other",
        }
    }
    pub fn from_code(s: &str) -> Option<UnitType> {
        UnitType::ALL.into_iter().find(|t| t.code() == s)
    }
}

/// `138****5678`: the first three and last four digits of a mobile; landlines keep area code and last four.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

/// `110105********123X`: the first six (region) and last four characters of an ID number.
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..chars.len().min(18) / 3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!(
        "{head}{}{tail}",
        "*".repeat(chars.len() - head.chars().count() - 4)
    )
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Party {
    pub role: String,
    pub name: String,
    /// Masked unless the viewer may see personal data.
    pub phone: String,
    pub id_number: Option<String>,
    pub move_in_date: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Unit {
    pub id: i64,
    pub code: String,
    pub building: String,
    pub entrance: String,
    pub room: String,
    pub unit_type: UnitType,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub area_m2: Decimal,
    pub occupancy: String,
    pub handover_date: Option<String>,
    pub billing_start: Option<String>,
    pub parties: Vec<Party>,
}

impl Unit {
    pub fn owner_name(&self) -> Option<&str> {
        self.parties
            .iter()
            .find(|p| p.role == "owner")
            .map(|p| p.name.as_str())
    }
}

/// A unit by its code (`3-2-1201`), or by the code typed without dashes (`321201`) when that is unambiguous.
pub fn unit_id(conn: &Connection, code: &str) -> Result<i64> {
    let code = code.trim();
    if let Some(id) = conn
        .prepare_cached("SELECT id FROM units WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    let compact: String = code
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .collect();
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM units WHERE replace(code, '-', '') = ?1 LIMIT 2")?
        .query_map([&compact], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match ids.as_slice() {
        [id] => Ok(*id),
        [] => Err(err!(
            NotFound,
            "房号「{code}」不存在",
            "unit \"{code}\" not found"
        )),
        _ => Err(err!(
            InvalidInput,
            "房号「{code}」不唯一，请输入带“-”的完整房号",
            "unit \"{code}\" is ambiguous; type the full code with dashes"
        )),
    }
}

pub fn unit_code(conn: &Connection, id: i64) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT code FROM units WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

/// A unit with its parties; phone and ID masked unless `ctx` may see personal data.
pub fn get_unit(conn: &Connection, ctx: &Ctx, code: &str) -> Result<Unit> {
    ctx.actor.require(Perm::Read)?;
    let id = unit_id(conn, code)?;
    let full = crate::auth::allows(ctx.actor.role, Perm::SeePersonalData);
    let mut unit = conn.query_row(
        "SELECT u.id, u.code, b.code, u.entrance, u.room, u.unit_type, u.area_m2, u.occupancy, u.handover_date, u.billing_start
         FROM units u JOIN buildings b ON b.id = u.building_id WHERE u.id = ?1",
        [id],
        |r| {
            Ok(Unit {
                id: r.get(0)?,
                code: r.get(1)?,
                building: r.get(2)?,
                entrance: r.get(3)?,
                room: r.get(4)?,
                unit_type: UnitType::from_code(&r.get::<_, String>(5)?).unwrap_or(UnitType::Other),
                area_m2: r.get::<_, String>(6)?.parse().unwrap_or_default(),
                occupancy: r.get(7)?,
                handover_date: r.get(8)?,
                billing_start: r.get(9)?,
                parties: vec![],
            })
        },
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT role, name, phone, id_number, move_in_date FROM parties WHERE unit_id = ?1 AND active = 1 ORDER BY role, id",
    )?;
    unit.parties = stmt
        .query_map([id], |r| {
            let phone: String = r.get(2)?;
            let idn: Option<String> = r.get(3)?;
            Ok(Party {
                role: r.get(0)?,
                name: r.get(1)?,
                phone: if full {
                    phone.clone()
                } else {
                    mask_phone(&phone)
                },
                id_number: idn.map(|i| if full { i.clone() } else { mask_id(&i) }),
                move_in_date: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(unit)
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct UnitHit {
    pub code: String,
    pub unit_type: UnitType,
    pub area_m2: String,
    pub owner: Option<String>,
    pub phone_masked: Option<String>,
    pub arrears_fen: i64,
}

/// The unit's current owner's name.
pub fn owner_name(conn: &Connection, unit_id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM parties WHERE unit_id = ?1 AND role = 'owner' AND active = 1 ORDER BY id DESC LIMIT 1")?
        .query_row([unit_id], |r| r.get(0))
        .optional()?)
}

/// One line of the units and owners list (房屋业主清单).
#[derive(Debug, Clone, Serialize)]
pub struct RosterRow {
    pub code: String,
    pub building: String,
    pub unit_type: UnitType,
    pub area_m2: Decimal,
    pub occupancy: String,
    pub owner: Option<String>,
    /// Masked unless the reader may see personal data.
    pub phone: Option<String>,
    pub handover_date: Option<String>,
    pub arrears_fen: i64,
    pub prepayment_fen: i64,
}

/// Every unit with its current owner and balances, in unit-code order.
pub fn roster(conn: &Connection, ctx: &Ctx) -> Result<Vec<RosterRow>> {
    ctx.actor.require(Perm::Read)?;
    let full = crate::auth::allows(ctx.actor.role, Perm::SeePersonalData);
    let mut stmt = conn.prepare_cached(
        "SELECT u.code, b.code, u.unit_type, u.area_m2, u.occupancy, p.name, p.phone, u.handover_date,
                COALESCE(ub.receivable_fen, 0), COALESCE(ub.prepayment_fen, 0)
         FROM units u JOIN buildings b ON b.id = u.building_id
         LEFT JOIN parties p ON p.id = (SELECT MAX(id) FROM parties WHERE unit_id = u.id AND role = 'owner' AND active = 1)
         LEFT JOIN unit_balances ub ON ub.unit_id = u.id
         ORDER BY u.code",
    )?;
    let rows = stmt.query_map([], |r| {
        let phone: Option<String> = r.get(6)?;
        let occupancy: String = r.get(4)?;
        Ok(RosterRow {
            code: r.get(0)?,
            building: r.get(1)?,
            unit_type: UnitType::from_code(&r.get::<_, String>(2)?).unwrap_or(UnitType::Other),
            area_m2: r.get::<_, String>(3)?.parse().unwrap_or_default(),
            occupancy: OCCUPANCIES
                .iter()
                .find(|(c, _)| *c == occupancy)
                .map_or(occupancy.clone(), |(_, z)| z.to_string()),
            owner: r.get(5)?,
            phone: phone.map(|p| if full { p } else { mask_phone(&p) }),
            handover_date: r.get(7)?,
            arrears_fen: r.get(8)?,
            prepayment_fen: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A building with its number of units, for choosing one (meter sheets, notices, shared costs).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Building {
    pub code: String,
    pub name: String,
    pub units: i64,
}

pub fn buildings(conn: &Connection, ctx: &Ctx) -> Result<Vec<Building>> {
    ctx.actor.require(Perm::Read)?;
    let mut stmt = conn.prepare(
        "SELECT b.code, b.name, (SELECT COUNT(*) FROM units u WHERE u.building_id = b.id) FROM buildings b ORDER BY b.code",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Building {
            code: r.get(0)?,
            name: r.get(1)?,
            units: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// 入住状态.
pub const OCCUPANCIES: [(&str, &str); 4] = [
    ("vacant", "空置"),
    ("occupied", "自住"),
    ("decorating", "装修中"),
    ("rented", "出租"),
];
