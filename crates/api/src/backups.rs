//! Backups (备份) and restore (恢复): the copies made at shift close, 日结, daily and on request, their
//! status for the shift screen, and putting a copy back in place of a damaged or lost ledger file.

use chrono::{DateTime, FixedOffset};
use feedesk_ledger::{auth, backup, integrity, restore};

use crate::*;

/// A copy now, on request; the record says whether it was written and passed its check.
pub fn backup_now(l: &Ledger, ctx: &Ctx) -> Result<BackupRecord> {
    ctx.actor.require(auth::Perm::Read)?;
    let rec = backup::take(&l.conn, &l.path, ctx.now, BackupReason::Manual)?;
    auth::audit(
        &l.conn,
        ctx,
        "backup.manual",
        &rec.file,
        &rec.detail_en,
        None,
        None,
    )?;
    Ok(rec)
}

/// The backup due now (after a shift close or 日结, or the day's first), if any.
pub fn backup_due(l: &Ledger, now: DateTime<FixedOffset>) -> Result<Option<BackupReason>> {
    backup::due(&l.conn, now)
}

/// Make the backup due now, if any, on this connection (the CLI, after each command).
pub fn run_due_backup(l: &Ledger, now: DateTime<FixedOffset>) -> Result<Option<BackupRecord>> {
    match backup::due(&l.conn, now)? {
        Some(reason) => backup::take(&l.conn, &l.path, now, reason).map(Some),
        None => Ok(None),
    }
}

/// Make a backup of the ledger at `path` on a connection of its own: the desktop app runs it away from
/// the counter's connection, which stays free while the copy is written and checked.
pub fn take_backup_of(
    path: &Path,
    now: DateTime<FixedOffset>,
    reason: BackupReason,
) -> Result<BackupRecord> {
    let conn = feedesk_ledger::db::connect(path)?;
    backup::take(&conn, path, now, reason)
}

pub fn backup_status(l: &Ledger, ctx: &Ctx) -> Result<BackupStatus> {
    ctx.actor.require(auth::Perm::Read)?;
    backup::status(&l.conn, &l.path, ctx.now)
}

/// The latest backups tried, newest first.
pub fn backups(l: &Ledger, ctx: &Ctx, limit: usize) -> Result<Vec<BackupRecord>> {
    ctx.actor.require(auth::Perm::Read)?;
    backup::list(&l.conn, limit)
}

/// The backup folder (empty: the default beside the ledger) and how many copies are kept. Admin only.
pub fn set_backup_settings(l: &Ledger, ctx: &Ctx, dir: &str, keep: u32) -> Result<BackupSettings> {
    backup::set_settings(&l.conn, ctx, dir, keep)?;
    backup::settings(&l.conn, &l.path)
}

/// Put a backup in place of the ledger file at `path` (closed by the caller first). See `restore`.
pub fn restore_backup(
    path: &Path,
    req: &RestoreRequest,
    now: DateTime<FixedOffset>,
) -> Result<RestoreReport> {
    restore::restore(path, req, now)
}

/// Check a backup copy (integrity and every ledger rule) without changing it.
pub fn verify_backup(path: &Path) -> Result<()> {
    backup::verify(path)
}

/// The last good backup noted beside the ledger file: what a damaged file's message names.
pub fn last_good_backup(path: &Path) -> Option<LastGood> {
    integrity::last_good(path)
}

/// The copies a restore can choose from, newest first: in the folder set (when the ledger opens), the
/// default one beside the ledger, and the folder of the last good copy noted beside it.
pub fn backup_files(path: &Path, l: Option<&Ledger>) -> Vec<BackupFile> {
    let mut dirs = vec![];
    if let Some(set) = l.and_then(|l| backup::settings(&l.conn, &l.path).ok()) {
        dirs.push(PathBuf::from(set.dir));
    }
    dirs.push(backup::default_dir(path));
    if let Some(dir) =
        integrity::last_good(path).and_then(|g| Path::new(&g.file).parent().map(Path::to_path_buf))
    {
        dirs.push(dir);
    }
    backup::files_in(&dirs)
}
