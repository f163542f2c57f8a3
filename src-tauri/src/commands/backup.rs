//! Backups of the ledger file and restoring one: the shift screen's status, the settings' folder, the
//! restore (also from the screen shown when the ledger file failed its checks at start).

use feedesk_api::{
    self as api, BackupFile, BackupRecord, BackupSettings, BackupStatus, RestoreReport,
    RestoreRequest, Result,
};

use super::S;

#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_status(s: S) -> Result<BackupStatus> {
    s.with(|l, c| api::backup_status(l, c))
}

/// A copy now; the record says whether it was written and passed its check.
#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_now(s: S) -> Result<BackupRecord> {
    s.with(|l, c| api::backup_now(l, c))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn backups(s: S, limit: usize) -> Result<Vec<BackupRecord>> {
    s.with(|l, c| api::backups(l, c, limit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_backup_settings(s: S, dir: String, keep: u32) -> Result<BackupSettings> {
    s.with(|l, c| api::set_backup_settings(l, c, &dir, keep))
}

/// The copies a restore can choose from, newest first (no session needed: the ledger may not open).
#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_files(s: S) -> Result<Vec<BackupFile>> {
    let path = s.db_path.lock().expect("path").clone();
    let g = s.ledger.lock().expect("ledger");
    Ok(api::backup_files(&path, g.as_ref()))
}

/// Put a backup in place of the ledger; an admin of the backup signs in with the request.
#[tauri::command(async, rename_all = "snake_case")]
pub fn restore_backup(s: S, req: RestoreRequest) -> Result<RestoreReport> {
    s.restore(&req)
}
