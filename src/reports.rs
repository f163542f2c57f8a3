//! Reports read from the ledger. Arrears (欠费) for a unit and for the estate.

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::auth::{Ctx, Perm};
use crate::collect::{self, OpenCharge};
use crate::estate::{self, mask_phone};
use crate::{Money, Result};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct UnitArrears {
    pub unit: String,
    pub owner: Option<String>,
    pub charges: Vec<OpenCharge>,
    pub total_fen: i64,
    pub prepayment_fen: i64,
}

/// A unit's open charges, oldest first, with their total and the prepayment balance.
pub fn unit_arrears(conn: &Connection, ctx: &Ctx, code: &str) -> Result<UnitArrears> {
    ctx.actor.require(Perm::Read)?;
    let id = estate::unit_id(conn, code)?;
    let charges = collect::open_charges(conn, id)?;
    Ok(UnitArrears {
        unit: estate::unit_code(conn, id)?,
        owner: estate::owner_name(conn, id)?,
        total_fen: charges.iter().map(|c| c.open_fen).sum(),
        charges,
        prepayment_fen: collect::prepayment_balance(conn, id)?.fen(),
    })
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
        "SELECT u.code, b.code, p.name, p.phone, ub.receivable_fen, ub.open_charges, ub.oldest_open, ub.prepayment_fen
         FROM unit_balances ub JOIN units u ON u.id = ub.unit_id JOIN buildings b ON b.id = u.building_id
         LEFT JOIN parties p ON p.unit_id = u.id AND p.role = 'owner' AND p.active = 1
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
