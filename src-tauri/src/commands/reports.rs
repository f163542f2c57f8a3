//! The reports screen: arrears, cross-check and review, collection rates, workbooks saved and opened.

use feedesk_api::{
    self as api, ArrearsList, CollectionRates, ExportRequest, FollowUp, FollowUpInput, Result,
    SavedFile, ShiftCheck,
};

use super::S;

/// 催缴记录: a contact with a unit about its arrears.
#[tauri::command(async, rename_all = "snake_case")]
pub fn record_follow_up(s: S, input: FollowUpInput) -> Result<FollowUp> {
    s.with(|l, c| api::record_follow_up(l, c, &input))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn follow_ups(s: S, unit: String) -> Result<Vec<FollowUp>> {
    s.with(|l, c| api::follow_ups(l, c, &unit))
}

/// The units whose next contact is due today or earlier.
#[tauri::command(async, rename_all = "snake_case")]
pub fn follow_ups_due(s: S) -> Result<Vec<FollowUp>> {
    s.with(|l, c| api::follow_ups_due(l, c, None))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn arrears_list(s: S, building: Option<String>) -> Result<ArrearsList> {
    s.with(|l, c| api::arrears_list(l, c, building.as_deref()))
}

/// 核对统计 between two dates (`YYYY-MM-DD`, inclusive).
#[tauri::command(async, rename_all = "snake_case")]
pub fn cross_check(
    s: S,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<ShiftCheck>> {
    s.with(|l, c| api::cross_check(l, c, from, to))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unreviewed_shifts(s: S, days: i64) -> Result<Vec<ShiftCheck>> {
    s.with(|l, c| api::unreviewed_shifts(l, c, days))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn review_shift(s: S, shift_id: i64, note: String) -> Result<()> {
    s.with(|l, c| api::review_shift(l, c, shift_id, &note))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn collection_rates(s: S, from: String, to: String) -> Result<CollectionRates> {
    s.with(|l, c| api::collection_rates(l, c, &from, &to))
}

/// A report saved as XLSX under the app-data folder (reports/) and handed to the system's viewer.
#[tauri::command(async, rename_all = "snake_case")]
pub fn export_report(s: S, req: ExportRequest) -> Result<SavedFile> {
    let dir = s.reports_dir();
    s.with(|l, c| api::save_export(l, c, &req, &dir))
}
