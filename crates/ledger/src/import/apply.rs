//! Storing checked import rows: new units and owners added, changed ones updated, equal ones left
//! alone, each unit's search terms refreshed, one outbox event for head office.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use super::ImportRow;
use crate::auth::{Ctx, Perm};
use crate::outbox::{self, Event, UnitRecord};
use crate::Result;

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
