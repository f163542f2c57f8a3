//! The estate: units and owners imported or edited, looked up, listed.

use std::path::Path;

use feedesk_ledger::db::with_tx;
use feedesk_ledger::{auth, estate, estate_edit, import, unit_search};

use crate::*;

/// Import units and owners from an XLSX or CSV file: all rows or none.
pub fn import_units(l: &mut Ledger, ctx: &Ctx, path: &Path) -> Result<ImportSummary> {
    ctx.actor.require(auth::Perm::Administer)?;
    let rows = import::parse_file(path).map_err(|f| f.into_error())?;
    with_tx(&mut l.conn, |tx| import::apply_import(tx, ctx, &rows))
}

/// Check an import file without importing: every bad row with its row number, column and reason.
pub fn import_check(ctx: &Ctx, path: &Path) -> Result<import::ImportCheck> {
    ctx.actor.require(auth::Perm::Administer)?;
    import::check_file(path)
}

pub fn unit(l: &Ledger, ctx: &Ctx, code: &str) -> Result<Unit> {
    estate::get_unit(&l.conn, ctx, code)
}

pub fn search_units(l: &Ledger, ctx: &Ctx, query: &str, limit: usize) -> Result<Vec<UnitHit>> {
    unit_search::search(&l.conn, ctx, query, limit)
}

pub fn set_occupancy(l: &mut Ledger, ctx: &Ctx, unit: &str, occupancy: &str) -> Result<()> {
    with_tx(&mut l.conn, |tx| {
        estate_edit::set_occupancy(tx, ctx, unit, occupancy)
    })
}

pub fn add_party(l: &mut Ledger, ctx: &Ctx, p: &NewParty) -> Result<()> {
    with_tx(&mut l.conn, |tx| estate_edit::add_party(tx, ctx, p))
}

/// The estate's buildings with their number of units.
pub fn buildings(l: &Ledger, ctx: &Ctx) -> Result<Vec<Building>> {
    estate::buildings(&l.conn, ctx)
}

pub fn set_billing_start(l: &mut Ledger, ctx: &Ctx, unit: &str, period: &str) -> Result<()> {
    with_tx(&mut l.conn, |tx| {
        estate_edit::set_billing_start(tx, ctx, unit, period)
    })
}

/// 房屋业主清单: every unit with its owner (phone masked unless allowed), arrears and prepayment.
pub fn units_list(l: &Ledger, ctx: &Ctx) -> Result<Vec<RosterRow>> {
    estate::roster(&l.conn, ctx)
}
