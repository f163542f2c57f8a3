//! Backups of the ledger file (备份): at shift close, at 日结, daily and on request, through SQLite's
//! online backup API (a file copy of a live WAL database can miss what the log holds). Each copy is
//! written under a temporary name, opened again and checked (`integrity_check` and the ledger's own
//! `check`) before it takes its name; the result is recorded, good or not, and only the newest N good
//! copies are kept. A missing or full backup disk is recorded and reported, never raised into the
//! counter's operation that triggered it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

use crate::auth::{Ctx, Perm};
use crate::integrity::{self, LastGood};
use crate::{check, db, err, outbox, Result};

/// Good copies kept unless the office sets otherwise.
pub const KEEP_DEFAULT: u32 = 14;
/// Hours without a good copy after which the shift screen warns.
pub const OVERDUE_HOURS: i64 = 24;

/// What made a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupReason {
    ShiftClose,
    DayClose,
    Daily,
    Manual,
}

impl BackupReason {
    pub fn parse(code: &str) -> Option<BackupReason> {
        [
            BackupReason::ShiftClose,
            BackupReason::DayClose,
            BackupReason::Daily,
            BackupReason::Manual,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            BackupReason::ShiftClose => "shift_close",
            BackupReason::DayClose => "day_close",
            BackupReason::Daily => "daily",
            BackupReason::Manual => "manual",
        }
    }
}

/// One backup made or tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BackupRecord {
    pub id: i64,
    pub taken_at: String,
    /// shift_close, day_close, daily, manual
    pub reason: String,
    pub file: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: i64,
    pub ok: bool,
    pub detail: String,
    pub detail_en: String,
    /// The last event the copy holds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub last_seq: i64,
}

/// Where copies go and how many are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BackupSettings {
    pub dir: String,
    /// The folder is the default one beside the ledger (none was set).
    pub default_dir: bool,
    pub keep: u32,
}

/// What the shift screen shows: the last good copy, the last attempt, and whether one is overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BackupStatus {
    pub settings: BackupSettings,
    pub last_good: Option<BackupRecord>,
    pub last: Option<BackupRecord>,
    /// No good copy for more than `OVERDUE_HOURS` (or never).
    pub overdue: bool,
}

/// The default folder: `backups` beside the ledger file.
pub fn default_dir(ledger: &Path) -> PathBuf {
    ledger.parent().unwrap_or(Path::new(".")).join("backups")
}

pub fn settings(conn: &Connection, ledger: &Path) -> Result<BackupSettings> {
    let dir = db::setting(conn, "backup_dir")?.filter(|d| !d.trim().is_empty());
    let keep = db::setting(conn, "backup_keep")?
        .and_then(|k| k.parse().ok())
        .unwrap_or(KEEP_DEFAULT);
    Ok(BackupSettings {
        default_dir: dir.is_none(),
        dir: dir.unwrap_or_else(|| default_dir(ledger).display().to_string()),
        keep,
    })
}

/// Set the folder (empty: the default one) and the generations kept (1–365). Admin only.
pub fn set_settings(conn: &Connection, ctx: &Ctx, dir: &str, keep: u32) -> Result<()> {
    ctx.actor.require(Perm::Administer)?;
    if !(1..=365).contains(&keep) {
        return Err(err!(
            InvalidInput,
            "保留份数应在 1 到 365 之间",
            "the number of copies kept should be 1 to 365"
        ));
    }
    let dir = dir.trim();
    if !dir.is_empty() && !Path::new(dir).is_absolute() {
        return Err(err!(
            InvalidInput,
            "备份文件夹「{dir}」应为完整路径（例如 D:\\备份 或 /media/usb/备份）",
            "the backup folder \"{dir}\" should be a full path (such as D:\\backup or /media/usb/backup)"
        ));
    }
    db::set_setting(conn, "backup_dir", dir)?;
    db::set_setting(conn, "backup_keep", &keep.to_string())?;
    crate::auth::audit(
        conn,
        ctx,
        "backup.settings",
        dir,
        &format!("keep {keep}"),
        None,
        None,
    )
}

/// Copy the ledger now, check the copy, record the result, prune old copies. A failure to write or
/// check the copy is recorded and returned as a record with `ok: false`; only a failure to record it
/// in the ledger itself is an error.
pub fn take(
    conn: &Connection,
    ledger: &Path,
    now: DateTime<FixedOffset>,
    reason: BackupReason,
) -> Result<BackupRecord> {
    let set = settings(conn, ledger)?;
    let desk = db::setting(conn, "desk_code")?.unwrap_or_else(|| "desk".into());
    let (last_seq, _) = outbox::head(conn)?;
    let at = now.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let outcome = write_checked(conn, Path::new(&set.dir), &desk, now, reason);
    let (file, bytes, ok, zh, en) = match outcome {
        Ok((file, bytes)) => (
            file.display().to_string(),
            bytes,
            true,
            "副本已重新打开并检查通过".to_string(),
            "the copy was opened again and passed every check".to_string(),
        ),
        Err(e) => (String::new(), 0, false, e.zh, e.en),
    };
    db::set_setting(conn, db::BACKUP_DUE, "")?;
    conn.execute(
        "INSERT INTO backups(taken_at, reason, file, bytes, ok, detail, detail_en, last_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![at, reason.code(), file, bytes, ok, zh, en, last_seq],
    )?;
    if ok {
        integrity::note_last_good(
            ledger,
            &LastGood {
                file: file.clone(),
                taken_at: at.clone(),
            },
        );
        prune(Path::new(&set.dir), &desk, set.keep);
    }
    Ok(last(conn, false)?.expect("the row just written"))
}

/// Write the copy under a temporary name, check it, then give it its name. The copy's path and size.
fn write_checked(
    conn: &Connection,
    dir: &Path,
    desk: &str,
    now: DateTime<FixedOffset>,
    reason: BackupReason,
) -> Result<(PathBuf, i64)> {
    std::fs::create_dir_all(dir).map_err(|e| disk_error(dir, &e))?;
    let stem = format!("{desk}-{}-{}", now.format("%Y%m%d-%H%M%S"), reason.code());
    let mut target = dir.join(format!("{stem}.sqlite"));
    for n in 2.. {
        if !target.exists() {
            break;
        }
        target = dir.join(format!("{stem}-{n}.sqlite"));
    }
    let partial = target.with_extension("partial");
    let written = copy_into(conn, &partial).and_then(|_| verify(&partial));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, &target).map_err(|e| disk_error(dir, &e))?;
    let bytes = std::fs::metadata(&target)
        .map(|m| m.len() as i64)
        .unwrap_or(0);
    Ok((target, bytes))
}

/// SQLite's online backup into a new file, left as one self-contained file (no log beside it) and
/// flushed to the medium.
fn copy_into(conn: &Connection, dest: &Path) -> Result<()> {
    let fail = |e: rusqlite::Error| {
        match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => {
            disk_error(dest, &std::io::Error::from_raw_os_error(28))
        }
        _ => err!(
            BackupFailed,
            ("备份失败：无法写入 {}（{e}）。收费不受影响；请检查备份盘或在设置中更换备份文件夹", dest.display()),
            ("backup failed: cannot write {} ({e}). The counter carries on; check the backup disk or choose another folder in Settings", dest.display())
        ),
    }
    };
    let mut out = Connection::open(dest).map_err(fail)?;
    {
        // All pages in one step: one read of one snapshot, so the counter's commits meanwhile (on its
        // own connection, WAL) neither wait for the copy nor make it start over.
        let b = rusqlite::backup::Backup::new(conn, &mut out).map_err(fail)?;
        let mut tries = 0;
        while b.step(-1).map_err(fail)? != rusqlite::backup::StepResult::Done {
            tries += 1;
            if tries > 50 {
                return Err(fail(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    None,
                )));
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
    out.pragma_update(None, "journal_mode", "DELETE")
        .map_err(fail)?;
    out.close().map_err(|(_, e)| fail(e))?;
    std::fs::File::open(dest)
        .and_then(|f| f.sync_all())
        .map_err(|e| disk_error(dest, &e))
}

/// Open a copy read-only and run every check on it; the first problem found is the error.
pub fn verify(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| copy_error(path, &e.to_string()))?;
    let rep = check::check(&conn).map_err(|e| copy_error(path, &e.en))?;
    if !rep.ok() {
        let first = rep
            .violations
            .first()
            .cloned()
            .unwrap_or_else(|| rep.integrity.clone());
        return Err(copy_error(path, &first));
    }
    Ok(())
}

fn copy_error(path: &Path, detail: &str) -> crate::Error {
    err!(
        BackupFailed,
        ("备份副本 {} 未通过检查：{detail}", path.display()),
        (
            "the backup copy {} failed its check: {detail}",
            path.display()
        )
    )
}

/// A folder that cannot be made or written: missing stick, full disk, no permission.
fn disk_error(path: &Path, e: &std::io::Error) -> crate::Error {
    let full = e.raw_os_error() == Some(28); // ENOSPC
    let (zh, en) = match full {
        true => ("磁盘已满", "the disk is full"),
        false => ("无法写入", "cannot write there"),
    };
    err!(
        BackupFailed,
        ("备份失败：{} {zh}（{e}）。收费不受影响；请检查备份盘或在设置中更换备份文件夹", path.display()),
        ("backup failed: {} — {en} ({e}). The counter carries on; check the backup disk or choose another folder in Settings", path.display())
    )
}

/// Delete the oldest good copies of this desk beyond `keep`; other files in the folder are left alone.
fn prune(dir: &Path, desk: &str, keep: u32) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut ours: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with(&format!("{desk}-")) && name.ends_with(".sqlite")
        })
        .collect();
    ours.sort(); // the names start with the time, so oldest first
    let extra = ours.len().saturating_sub(keep as usize);
    for p in &ours[..extra] {
        let _ = std::fs::remove_file(p);
    }
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<BackupRecord> {
    Ok(BackupRecord {
        id: r.get(0)?,
        taken_at: r.get(1)?,
        reason: r.get(2)?,
        file: r.get(3)?,
        bytes: r.get(4)?,
        ok: r.get(5)?,
        detail: r.get(6)?,
        detail_en: r.get(7)?,
        last_seq: r.get(8)?,
    })
}

const COLUMNS: &str = "id, taken_at, reason, file, bytes, ok, detail, detail_en, last_seq";

/// The latest backup tried (`good_only`: the latest good one).
pub fn last(conn: &Connection, good_only: bool) -> Result<Option<BackupRecord>> {
    let filter = if good_only { "WHERE ok = 1" } else { "" };
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM backups {filter} ORDER BY id DESC LIMIT 1"),
            [],
            row,
        )
        .optional()?)
}

/// The latest `limit` backups tried, newest first.
pub fn list(conn: &Connection, limit: usize) -> Result<Vec<BackupRecord>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM backups ORDER BY id DESC LIMIT ?1"
    ))?;
    let rows = stmt.query_map([limit as i64], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn status(
    conn: &Connection,
    ledger: &Path,
    now: DateTime<FixedOffset>,
) -> Result<BackupStatus> {
    let last_good = last(conn, true)?;
    let overdue = match &last_good {
        None => true,
        Some(g) => DateTime::parse_from_rfc3339(&g.taken_at)
            .map(|t| (now - t).num_hours() >= OVERDUE_HOURS)
            .unwrap_or(true),
    };
    Ok(BackupStatus {
        settings: settings(conn, ledger)?,
        last_good,
        last: last(conn, false)?,
        overdue,
    })
}

/// The backup due now, if any: one a shift close or day close called for, else the day's first.
pub fn due(conn: &Connection, now: DateTime<FixedOffset>) -> Result<Option<BackupReason>> {
    if db::setting(conn, "desk_code")?.is_none() {
        return Ok(None); // not set up yet: nothing worth keeping
    }
    let marked = db::setting(conn, db::BACKUP_DUE)?.and_then(|c| BackupReason::parse(&c));
    if marked.is_some() {
        return Ok(marked);
    }
    Ok(daily_due(conn, now)?.then_some(BackupReason::Daily))
}

/// Whether the daily copy is due: none tried today (local date of `now`).
fn daily_due(conn: &Connection, now: DateTime<FixedOffset>) -> Result<bool> {
    let today = now.format("%Y-%m-%d").to_string();
    let tried: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM backups WHERE substr(taken_at, 1, 10) = ?1)",
        [today],
        |r| r.get(0),
    )?;
    Ok(!tried)
}

/// A copy found in a backup folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BackupFile {
    pub file: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: i64,
    /// When it was last written, local time (RFC 3339).
    pub modified: String,
}

/// The copies (`*.sqlite`) in these folders, newest first; a folder that cannot be read is skipped.
pub fn files_in(dirs: &[PathBuf]) -> Vec<BackupFile> {
    let mut out: Vec<(std::time::SystemTime, BackupFile)> = vec![];
    let mut seen = std::collections::BTreeSet::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for p in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            let Ok(meta) = std::fs::metadata(&p) else {
                continue;
            };
            let is_copy = p.extension().is_some_and(|x| x == "sqlite") && meta.is_file();
            if !is_copy || !seen.insert(p.clone()) {
                continue;
            }
            let at = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
            let local: DateTime<FixedOffset> =
                DateTime::<chrono::Utc>::from(at).with_timezone(&crate::auth::cst());
            out.push((
                at,
                BackupFile {
                    file: p.display().to_string(),
                    bytes: meta.len() as i64,
                    modified: local.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                },
            ));
        }
    }
    out.sort_by(|a, b| b.0.cmp(&a.0));
    out.into_iter().map(|(_, f)| f).collect()
}
