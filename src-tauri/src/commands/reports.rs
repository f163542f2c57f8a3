//! The reports screen: arrears, cross-check and review, collection rates, workbooks saved and opened.

use feedesk_api::{
    self as api, ArrearsList, CollectionRates, ExportRequest, FeeLedger, FollowUp, FollowUpInput,
    LowBalance, MonthClose, MonthlyReport, RatesByMonth, Result, SavedFile, ShiftCheck,
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

/// 预存不足: units whose prepayment is less than a month of their charges.
#[tauri::command(async, rename_all = "snake_case")]
pub fn low_balances(s: S) -> Result<Vec<LowBalance>> {
    s.with(|l, c| api::low_balances(l, c))
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

/// 收费月报表 of a month (`YYYY-MM`).
#[tauri::command(async, rename_all = "snake_case")]
pub fn monthly_report(s: S, month: String) -> Result<MonthlyReport> {
    s.with(|l, c| api::monthly_report(l, c, &month))
}

/// 收费月报表 as a PDF saved under the app-data folder (reports/) and opened.
#[tauri::command(async, rename_all = "snake_case")]
pub fn monthly_report_pdf(s: S, month: String) -> Result<SavedFile> {
    let dir = s.reports_dir();
    s.with(|l, c| api::save_monthly_report_pdf(l, c, &month, &dir))
}

/// 收费台账 of one unit.
#[tauri::command(async, rename_all = "snake_case")]
pub fn fee_ledger(s: S, unit: String) -> Result<FeeLedger> {
    s.with(|l, c| api::fee_ledger(l, c, &unit))
}

/// 收费台账 as a PDF saved under the app-data folder (reports/) and opened.
#[tauri::command(async, rename_all = "snake_case")]
pub fn fee_ledger_pdf(s: S, unit: String) -> Result<SavedFile> {
    let dir = s.reports_dir();
    s.with(|l, c| api::save_fee_ledger_pdf(l, c, &unit, &dir))
}

/// 月结: close a month (supervisors); its monthly report is frozen.
#[tauri::command(async, rename_all = "snake_case")]
pub fn close_month(s: S, month: String) -> Result<MonthClose> {
    s.with(|l, c| api::close_month(l, c, &month))
}

/// 户收费率, 收费率 and 清缴率 per building, month by month.
#[tauri::command(async, rename_all = "snake_case")]
pub fn rates_by_month(s: S, from: String, to: String) -> Result<RatesByMonth> {
    s.with(|l, c| api::rates_by_month(l, c, &from, &to))
}

/// A report saved as XLSX under the app-data folder (reports/) and handed to the system's viewer.
#[tauri::command(async, rename_all = "snake_case")]
pub fn export_report(s: S, req: ExportRequest) -> Result<SavedFile> {
    let dir = s.reports_dir();
    s.with(|l, c| api::save_export(l, c, &req, &dir))
}
