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

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use rust_decimal::Decimal;

use crate::auth::{Ctx, Perm};
use crate::import::ImportRow;
use crate::outbox::{self, Event, UnitRecord};
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

fn building_id(tx: &Transaction, code: &str) -> Result<i64> {
    if let Some(id) = tx
        .prepare_cached("SELECT id FROM buildings WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    let name = if code.chars().all(|c| c.is_ascii_digit()) {
        format!("{code}栋")
    } else {
        code.to_string()
    };
    tx.prepare_cached("INSERT INTO buildings(code, name) VALUES (?1, ?2)")?
        .execute(params![code, name])?;
    Ok(tx.last_insert_rowid())
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ImportSummary {
    pub rows: usize,
    pub units_added: usize,
    pub units_updated: usize,
    pub owners_added: usize,
    pub owners_updated: usize,
    pub unchanged: usize,
}

/// Store validated import rows: add new units and owners, update changed ones, leave equal ones alone,
/// so importing the same file twice changes nothing.
pub fn apply_import(tx: &Transaction, ctx: &Ctx, rows: &[ImportRow]) -> Result<ImportSummary> {
    ctx.actor.require(Perm::Administer)?;
    let mut s = ImportSummary {
        rows: rows.len(),
        ..Default::default()
    };
    let mut changed = Vec::new();
    for row in rows {
        let code = row.unit_code();
        let b = building_id(tx, &row.building)?;
        let area = row.area_m2.round_dp(2).to_string();
        let handover = row.handover_date.map(|d| d.format("%Y-%m-%d").to_string());
        let existing: Option<(i64, String, String, Option<String>)> = tx
            .prepare_cached(
                "SELECT id, unit_type, area_m2, handover_date FROM units WHERE code = ?1",
            )?
            .query_row([&code], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let mut unit_changed = false;
        let unit_id = match existing {
            None => {
                tx.prepare_cached(
                    "INSERT INTO units(building_id, entrance, room, code, unit_type, area_m2, handover_date, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![b, row.entrance, row.room, code, row.unit_type.code(), area, handover, ctx.now_text()])?;
                s.units_added += 1;
                unit_changed = true;
                tx.last_insert_rowid()
            }
            Some((id, t, a, h)) => {
                if t != row.unit_type.code() || a != area || (handover.is_some() && h != handover) {
                    tx.prepare_cached(
                        "UPDATE units SET unit_type = ?2, area_m2 = ?3, handover_date = COALESCE(?4, handover_date) WHERE id = ?1",
                    )?
                    .execute(params![id, row.unit_type.code(), area, handover])?;
                    s.units_updated += 1;
                    unit_changed = true;
                }
                id
            }
        };
        let owner: Option<(i64, String, String, Option<String>)> = tx
            .prepare_cached("SELECT id, name, phone, id_number FROM parties WHERE unit_id = ?1 AND role = 'owner' AND active = 1")?
            .query_row([unit_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        match owner {
            None => {
                tx.prepare_cached(
                    "INSERT INTO parties(unit_id, role, name, phone, id_number, move_in_date, created_at)
                     VALUES (?1, 'owner', ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![unit_id, row.owner_name, row.phone, row.id_number, handover, ctx.now_text()])?;
                s.owners_added += 1;
                unit_changed = true;
            }
            Some((pid, name, phone, idn)) => {
                let same_person = name == row.owner_name;
                if !same_person {
                    // A new owner (the unit was sold): keep the old record, inactive, for history.
                    tx.execute("UPDATE parties SET active = 0 WHERE id = ?1", [pid])?;
                    tx.prepare_cached(
                        "INSERT INTO parties(unit_id, role, name, phone, id_number, move_in_date, created_at)
                         VALUES (?1, 'owner', ?2, ?3, ?4, ?5, ?6)",
                    )?
                    .execute(params![unit_id, row.owner_name, row.phone, row.id_number, handover, ctx.now_text()])?;
                    s.owners_updated += 1;
                    unit_changed = true;
                } else if phone != row.phone || (row.id_number.is_some() && idn != row.id_number) {
                    tx.execute(
                        "UPDATE parties SET phone = ?2, id_number = COALESCE(?3, id_number) WHERE id = ?1",
                        params![pid, row.phone, row.id_number],
                    )?;
                    s.owners_updated += 1;
                    unit_changed = true;
                }
            }
        }
        if unit_changed {
            crate::unit_search::refresh_unit(tx, unit_id)?;
            changed.push(UnitRecord {
                code: code.clone(),
                building: row.building.clone(),
                entrance: row.entrance.clone(),
                room: row.room.clone(),
                unit_type: row.unit_type.code().into(),
                area_m2: area,
                owner: Some(row.owner_name.clone()),
            });
        } else {
            s.unchanged += 1;
        }
    }
    for chunk in changed.chunks(500) {
        outbox::append(
            tx,
            ctx,
            &Event::UnitsUpserted {
                units: chunk.to_vec(),
            },
        )?;
    }
    if !changed.is_empty() {
        crate::auth::audit(
            tx,
            ctx,
            "import_units",
            &format!("{} rows", rows.len()),
            &format!(
                "added {} updated {} owners added {} updated {}",
                s.units_added, s.units_updated, s.owners_added, s.owners_updated
            ),
            None,
            None,
        )?;
    }
    Ok(s)
}

/// Set the first period a unit is billed (e.g. its handover month).
pub fn set_billing_start(tx: &Transaction, ctx: &Ctx, code: &str, period: &str) -> Result<()> {
    ctx.actor.require(Perm::Administer)?;
    let period = crate::fees::parse_period(period)?;
    let id = unit_id(tx, code)?;
    tx.execute(
        "UPDATE units SET billing_start = ?2 WHERE id = ?1",
        params![id, period],
    )?;
    crate::auth::audit(tx, ctx, "set_billing_start", code, &period, None, None)?;
    Ok(())
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

/// Find units for the counter's search box (see `unit_search`).
pub fn search(conn: &Connection, ctx: &Ctx, query: &str, limit: usize) -> Result<Vec<UnitHit>> {
    crate::unit_search::search(conn, ctx, query, limit)
}

/// The unit's current owner's name.
pub fn owner_name(conn: &Connection, unit_id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM parties WHERE unit_id = ?1 AND role = 'owner' AND active = 1 ORDER BY id DESC LIMIT 1")?
        .query_row([unit_id], |r| r.get(0))
        .optional()?)
}

/// 入住状态.
pub const OCCUPANCIES: [(&str, &str); 4] = [
    ("vacant", "空置"),
    ("occupied", "自住"),
    ("decorating", "装修中"),
    ("rented", "出租"),
];

pub fn set_occupancy(tx: &Transaction, ctx: &Ctx, code: &str, occupancy: &str) -> Result<()> {
    ctx.actor.require(Perm::Administer)?;
    let occ = OCCUPANCIES
        .iter()
        .find(|(c, z)| *c == occupancy.trim() || *z == occupancy.trim())
        .map(|(c, _)| *c)
        .ok_or_else(|| {
            err!(
                InvalidInput,
                "入住状态「{occupancy}」无效：空置、自住、装修中、出租",
                "unknown occupancy \"{occupancy}\": vacant, occupied, decorating, rented"
            )
        })?;
    let id = unit_id(tx, code)?;
    tx.execute(
        "UPDATE units SET occupancy = ?2 WHERE id = ?1",
        params![id, occ],
    )?;
    crate::auth::audit(tx, ctx, "set_occupancy", code, occ, None, None)?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize)]
pub struct NewParty {
    pub unit: String,
    /// owner | tenant (业主 | 租户)
    pub role: String,
    pub name: String,
    pub phone: String,
    pub id_number: Option<String>,
    pub move_in_date: Option<chrono::NaiveDate>,
}

/// Add a tenant, or a new owner (the previous owner stays on record, inactive).
pub fn add_party(tx: &Transaction, ctx: &Ctx, p: &NewParty) -> Result<()> {
    ctx.actor.require(Perm::Administer)?;
    let role = match p.role.trim() {
        "owner" | "业主" => "owner",
        "tenant" | "租户" => "tenant",
        r => {
            return Err(err!(
                InvalidInput,
                "身份「{r}」无效：业主或租户",
                "unknown role \"{r}\": owner or tenant"
            ))
        }
    };
    let name = p.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > 40 {
        return Err(err!(
            InvalidInput,
            "姓名不能为空，最多 40 字",
            "a name is required, at most 40 characters"
        ));
    }
    let phone: String = p
        .phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    let digits = phone.chars().filter(|c| c.is_ascii_digit()).count();
    if !(7..=12).contains(&digits) {
        return Err(err!(
            InvalidInput,
            ("电话「{}」无效", p.phone),
            ("invalid phone \"{}\"", p.phone)
        ));
    }
    let id = unit_id(tx, &p.unit)?;
    if role == "owner" {
        tx.execute(
            "UPDATE parties SET active = 0 WHERE unit_id = ?1 AND role = 'owner'",
            [id],
        )?;
    }
    tx.execute(
        "INSERT INTO parties(unit_id, role, name, phone, id_number, move_in_date, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, role, name, phone, p.id_number, p.move_in_date.map(|d| d.format("%Y-%m-%d").to_string()), ctx.now_text()],
    )?;
    crate::unit_search::refresh_unit(tx, id)?;
    crate::auth::audit(
        tx,
        ctx,
        "add_party",
        &p.unit,
        &format!("{role} {name}"),
        None,
        None,
    )?;
    Ok(())
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
