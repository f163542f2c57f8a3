//! The counter: finding a unit, what it owes, collecting, counter sales, the tender preview.

use feedesk_api::{
    self as api, Allocation, CollectRequest, FeeItem, Receipt, Result, SaleRequest, TenderLine,
    TenderPreview, Unit, UnitArrears, UnitHit,
};

use super::S;

#[tauri::command(async, rename_all = "snake_case")]
pub fn search_units(s: S, query: String, limit: usize) -> Result<Vec<UnitHit>> {
    s.with(|l, c| api::search_units(l, c, &query, limit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unit(s: S, code: String) -> Result<Unit> {
    s.with(|l, c| api::unit(l, c, &code))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unit_arrears(s: S, code: String) -> Result<UnitArrears> {
    s.with(|l, c| api::unit_arrears(l, c, &code))
}

/// What the tenders typed so far come to against the amount due: tendered, change, still missing.
#[tauri::command(async, rename_all = "snake_case")]
pub fn tender_preview(due_fen: i64, lines: Vec<TenderLine>) -> TenderPreview {
    api::tender_preview(due_fen, &lines)
}

/// What paying the chosen charges would settle: in full, or as far as `amount_fen` reaches.
#[tauri::command(async, rename_all = "snake_case")]
pub fn allocation(
    s: S,
    unit: String,
    charges: Vec<i64>,
    amount_fen: Option<i64>,
) -> Result<Allocation> {
    s.with(|l, c| api::allocation(l, c, &unit, Some(&charges), amount_fen))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn collect(s: S, req: CollectRequest) -> Result<Receipt> {
    s.with(|l, c| api::collect(l, c, &req))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sale(s: S, req: SaleRequest) -> Result<Receipt> {
    s.with(|l, c| api::sale(l, c, &req))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn fee_items(s: S) -> Result<Vec<FeeItem>> {
    s.with(|l, c| api::fee_items(l, c))
}
