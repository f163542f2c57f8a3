//! Changes to the estate's units and parties (owners, tenants): occupancy, billing start, a new
//! owner or tenant. Each keeps the search index of the unit current in the same transaction.

use rusqlite::{params, Transaction};
use serde::Deserialize;

use crate::auth::{Ctx, Perm};
use crate::estate::{unit_id, OCCUPANCIES};
use crate::{err, Result};

/// Set the first period a unit is billed (e.g. its handover month).
pub fn set_billing_start(tx: &Transaction, ctx: &Ctx, code: &str, period: &str) -> Result<()> {
    ctx.actor.require(Perm::Administer)?;
    let period = crate::period::parse_period(period)?;
    let id = unit_id(tx, code)?;
    tx.execute(
        "UPDATE units SET billing_start = ?2 WHERE id = ?1",
        params![id, period],
    )?;
    crate::auth::audit(tx, ctx, "set_billing_start", code, &period, None, None)?;
    Ok(())
}

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
