//! Integrity at start: a ledger file is opened only once a quick look says it is whole — writable,
//! its pages sound (`PRAGMA quick_check`), made by this version or an older one (`db::open`), its event
//! chain's last link intact (`outbox::head_broken`, checked by whoever opens the ledger for use). On a failure nothing is opened or changed, and the message says what to do, naming the
//! last good backup (read from a note beside the file, since the file itself cannot be trusted).

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::{err, Error, ErrorCode, Result};

/// The last good backup of a ledger, as noted beside the ledger file (`<file>.lastbackup`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LastGood {
    pub file: String,
    pub taken_at: String,
}

fn note_path(ledger: &Path) -> PathBuf {
    let mut p = ledger.as_os_str().to_owned();
    p.push(".lastbackup");
    PathBuf::from(p)
}

/// Note a good backup beside the ledger file. Best effort: the backups table holds the record too.
pub fn note_last_good(ledger: &Path, good: &LastGood) {
    if let Ok(text) = serde_json::to_string(good) {
        let _ = std::fs::write(note_path(ledger), text);
    }
}

/// The last good backup noted beside the ledger file, if any.
pub fn last_good(ledger: &Path) -> Option<LastGood> {
    let text = std::fs::read_to_string(note_path(ledger)).ok()?;
    serde_json::from_str(&text).ok()
}

/// What to do next, in both languages: restore, naming the last good backup.
fn advice(ledger: &Path) -> (String, String) {
    match last_good(ledger) {
        Some(g) => (
            format!("请由管理员从备份恢复（最近一次完好的备份：{}，{}）", g.file, g.taken_at),
            format!("an admin should restore it from a backup (last good backup: {}, taken {})", g.file, g.taken_at),
        ),
        None => (
            "请由管理员从备份恢复（未找到完好备份的记录，请在备份文件夹中查找）".to_string(),
            "an admin should restore it from a backup (no good backup is on record: look in the backup folder)".to_string(),
        ),
    }
}

/// Before opening an existing file: refuse a read-only one (a ledger that cannot record must not pretend to).
pub fn before_open(path: &Path) -> Result<()> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(()); // a new ledger
    };
    if meta.permissions().readonly() {
        return Err(err!(
            ReadOnly,
            ("账套文件 {} 是只读的，不能记账，已停止打开（没有改动任何内容）。请取消文件的只读属性，或把它复制到可写的磁盘后再打开", path.display()),
            ("the ledger file {} is read-only, so nothing could be recorded: it was not opened (nothing changed). Make it writable, or copy it to a writable disk, then open it", path.display())
        ));
    }
    Ok(())
}

/// Files up to this size get SQLite's quick check of every page at opening (about 250 MB: a 2,000-unit
/// estate after five years). A larger one gets it on the tables the desk must trust before anything else
/// (settings, users, schema history, enrollment, sync state, lost numbers): a whole-page read of
/// gigabytes would hold the counter for a minute on a slow disk. The full `integrity_check` runs on
/// every backup copy and in `feedesk check`.
pub const FULL_QUICK_CHECK_BYTES: u64 = 256 * 1024 * 1024;

const TRUSTED_FIRST: &[&str] = &[
    "settings",
    "users",
    "refinery_schema_history",
    "hq_enrollments",
    "sync_state",
    "lost_numbers",
];

/// SQLite's quick check; any finding, or a file that is not a database, is damage.
pub fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let pragmas: Vec<String> = if size <= FULL_QUICK_CHECK_BYTES {
        vec!["PRAGMA quick_check(5)".into()]
    } else {
        TRUSTED_FIRST
            .iter()
            .map(|t| format!("PRAGMA quick_check('{t}')"))
            .collect()
    };
    for sql in pragmas {
        let found: std::result::Result<Vec<String>, rusqlite::Error> = conn
            .prepare(&sql)
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect());
        match found {
            Ok(lines) if lines == ["ok"] => {}
            // A table this version does not have yet (an older file): nothing to check.
            Err(e) if e.to_string().contains("no such table") => {}
            Ok(lines) => return Err(damaged(path, &lines.join("; "))),
            Err(e) => return Err(damaged(path, &e.to_string())),
        }
    }
    Ok(())
}

/// A file whose event chain's last link does not hold (`outbox::head_broken`).
pub fn chain_broken(path: &Path, seq: i64, count: i64) -> Error {
    damaged_because(
        path,
        &format!("外发事件链末端第 {seq} 条对不上（共 {count} 条）"),
        &format!("event chain head {seq} does not match ({count} events)"),
    )
}

/// A damaged file's error, with what to do.
pub fn damaged(path: &Path, detail: &str) -> Error {
    damaged_because(path, detail, detail)
}

fn damaged_because(path: &Path, detail_zh: &str, detail_en: &str) -> Error {
    let (zh, en) = advice(path);
    Error::new(
        ErrorCode::LedgerDamaged,
        format!(
            "账套文件 {} 检查未通过（{detail_zh}），为保护数据已停止打开，没有改动任何内容。{zh}",
            path.display()
        ),
        format!(
            "the ledger file {} failed its check at opening ({detail_en}); to protect the data it was not opened and nothing changed: {en}",
            path.display()
        ),
    )
}

/// A failure while opening: SQLite's own "not a database" or "corrupt" become damage with advice.
pub fn explain(path: &Path, e: Error) -> Error {
    match e.code {
        ErrorCode::LedgerDamaged => damaged_because(
            path,
            "文件不是完好的 SQLite 数据库",
            "not a sound SQLite database",
        ),
        _ => e,
    }
}
