//! The billing screen: fee items and standards, meter readings, shared costs, the run, notices.

use feedesk_api::{
    self as api, BillingPreview, BillingResult, Building, Decimal, FeeItem, MeterRow, Method,
    NewPool, NoticeKind, NoticeTarget, Pool, RateCheck, Reading, ReadingInput, ReadingUsage,
    Result, Scope, Standard,
};
use tauri::ipc::Channel;
use tauri::AppHandle;

use super::{long, Progress, S};

#[tauri::command(async, rename_all = "snake_case")]
pub fn buildings(s: S) -> Result<Vec<Building>> {
    s.with(|l, c| api::buildings(l, c))
}

/// The office's order of fee items for partial payments.
#[tauri::command(async, rename_all = "snake_case")]
pub fn set_pay_order(s: S, codes: Vec<String>) -> Result<Vec<FeeItem>> {
    s.with(|l, c| api::set_pay_order(l, c, &codes))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_fee_item(
    s: S,
    code: String,
    name: String,
    method: Method,
    unit_label: String,
) -> Result<FeeItem> {
    s.with(|l, c| api::create_fee_item(l, c, &code, &name, method, &unit_label))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn fee_standards(s: S) -> Result<Vec<Standard>> {
    s.with(|l, c| api::fee_standards(l, c))
}

/// Whether a rate as typed would be accepted for an item of this method (before it is saved).
#[tauri::command(async, rename_all = "snake_case")]
pub fn rate_check(text: String, method: Method) -> RateCheck {
    api::rate_check(&text, method)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_fee_standard(
    s: S,
    item: String,
    rate: Decimal,
    scope: Scope,
    start_period: String,
) -> Result<i64> {
    s.with(|l, c| api::set_fee_standard(l, c, &item, rate, &scope, &start_period))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn meter_sheet(
    s: S,
    item: String,
    period: String,
    building: Option<String>,
) -> Result<Vec<MeterRow>> {
    s.with(|l, c| api::meter_sheet(l, c, &item, &period, building.as_deref()))
}

/// The usage a reading as typed would give (before it is saved).
#[tauri::command(async, rename_all = "snake_case")]
pub fn reading_usage(r: ReadingUsage) -> Option<String> {
    api::reading_usage(&r)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn record_reading(s: S, r: ReadingInput) -> Result<Reading> {
    s.with(|l, c| api::record_reading(l, c, &r))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn allocation_pools(s: S, period: String) -> Result<Vec<Pool>> {
    s.with(|l, c| api::allocation_pools(l, c, &period))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_allocation_pool(s: S, pool: NewPool) -> Result<i64> {
    s.with(|l, c| api::create_allocation_pool(l, c, &pool))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn billing_preview(s: S, period: String) -> Result<BillingPreview> {
    s.with(|l, c| api::billing_preview(l, c, &period))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn billing_run(
    app: AppHandle,
    progress: Channel<Progress>,
    period: String,
) -> Result<BillingResult> {
    long(app, progress, "billing", move |s, step| {
        s.with(|l, c| api::billing_run_reporting(l, c, &period, step))
    })
    .await
}

/// 交费/催费通知单 as a PDF saved under the app-data folder (notices/) and opened; its path is returned.
#[tauri::command(async, rename_all = "snake_case")]
pub fn notice_pdf(s: S, kind: NoticeKind, period: String, target: NoticeTarget) -> Result<String> {
    let dir = s.data_dir.join("notices");
    s.with(|l, c| api::save_notice_pdf(l, c, kind, &period, &target, &dir).map(|f| f.path))
}
