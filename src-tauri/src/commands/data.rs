//! The data screen: importing units and owners, users.

use feedesk_api::{self as api, ImportCheck, ImportSummary, NewUser, Result, UserRow};
use tauri::ipc::Channel;
use tauri::AppHandle;

use super::{long, Progress, S};

/// Check an import file: every bad row, without importing anything.
#[tauri::command(async, rename_all = "snake_case")]
pub fn import_check(s: S, path: String) -> Result<ImportCheck> {
    s.with(|_, c| api::import_check(c, std::path::Path::new(&path)))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_units(
    app: AppHandle,
    progress: Channel<Progress>,
    path: String,
) -> Result<ImportSummary> {
    long(app, progress, "import", move |s, _| {
        s.with(|l, c| api::import_units(l, c, std::path::Path::new(&path)))
    })
    .await
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_users(s: S) -> Result<Vec<UserRow>> {
    s.with(|l, c| api::list_users(l, c))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_user(s: S, req: NewUser) -> Result<UserRow> {
    s.with(|l, c| api::create_user(l, c, &req))
}
