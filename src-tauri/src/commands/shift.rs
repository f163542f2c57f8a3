//! Shifts (班次): open, cash in and out, close with the count, the day close (日结); the daily cash report.

use feedesk_api::{
    self as api, CloseRequest, DailyCashReport, DailyScope, Money, Result, SavedFile, Shift,
    ShiftClosed,
};

use super::S;

#[tauri::command(async, rename_all = "snake_case")]
pub fn current_shift(s: S) -> Result<Option<i64>> {
    s.with(|l, c| api::current_shift(l, c))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn shifts(s: S, limit: usize) -> Result<Vec<Shift>> {
    s.with(|l, c| api::shifts(l, c, limit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn open_shift(s: S, float: Money) -> Result<i64> {
    s.with(|l, c| api::open_shift(l, c, float))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn cash_movement(s: S, amount: Money, reason: String) -> Result<i64> {
    s.with(|l, c| api::cash_movement(l, c, amount, &reason))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn close_shift(s: S, req: CloseRequest) -> Result<ShiftClosed> {
    s.with(|l, c| api::close_shift(l, c, &req))
}

/// 日结 of a day (`YYYY-MM-DD`) at this desk, once all its shifts are closed.
#[tauri::command(async, rename_all = "snake_case")]
pub fn close_day(s: S, date: chrono::NaiveDate) -> Result<()> {
    s.with(|l, c| api::close_day(l, c, date))
}

/// The last day closed at this desk.
#[tauri::command(async, rename_all = "snake_case")]
pub fn last_day_close(s: S) -> Result<Option<String>> {
    s.with(|l, c| api::last_day_close(l, c))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn daily_report(s: S, scope: DailyScope) -> Result<DailyCashReport> {
    s.with(|l, c| api::daily_report(l, c, &scope))
}

/// 现金日报表 as an A4 PDF saved under the app-data folder (reports/) and opened.
#[tauri::command(async, rename_all = "snake_case")]
pub fn daily_report_pdf(s: S, scope: DailyScope) -> Result<SavedFile> {
    let dir = s.reports_dir();
    s.with(|l, c| api::save_daily_report_pdf(l, c, &scope, &dir))
}
