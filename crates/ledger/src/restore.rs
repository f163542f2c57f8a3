//! Restore from a backup (从备份恢复): an admin of the backup picks a checked copy; the current file is
//! moved aside (never overwritten) and the copy takes its place. Receipts issued after the copy was made
//! are not in it: their numbers are read from the file moved aside when it can still be read, or from
//! the last numbers on the paper stubs the admin states, recorded as lost (so numbering continues after
//! them and never reuses one) and reported range by range.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use rusqlite::{params, Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::auth::{self, Perm};
use crate::receipts::{format_number, parse_number};
use crate::{backup, db, err, outbox, Result};

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RestoreRequest {
    pub backup_file: String,
    /// An admin of the backup signs in against it (the current file may not open).
    pub username: String,
    pub password: String,
    /// The last numbers on the paper stubs, one per series, when the current file cannot be read.
    #[serde(default)]
    pub last_issued: Vec<String>,
}

/// Numbers issued after the backup, not in the restored ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LostRange {
    pub first: String,
    pub last: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
    /// replaced_file (read from the file moved aside) or stated (the paper stubs)
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RestoreReport {
    pub backup_file: String,
    /// Where the file it replaced was moved (None: there was none).
    pub replaced_file: Option<String>,
    /// The replaced file could be read for the numbers it held.
    pub replaced_readable: bool,
    pub lost: Vec<LostRange>,
    /// The next number of each series from now on.
    pub next_numbers: Vec<String>,
    /// Events of the replaced file after the backup's last one (lost with it; head office may hold them).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub events_lost: i64,
}

/// (desk, series, year) → highest sequence used (issued or recorded lost).
type Highs = BTreeMap<(String, String, i32), i64>;

/// The highest numbers a ledger file holds, read without changing it.
fn highs(path: &Path) -> Result<(Highs, i64)> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut out = Highs::new();
    let has_lost: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE name = 'lost_numbers')",
        [],
        |r| r.get(0),
    )?;
    let lost = if has_lost {
        " UNION ALL SELECT desk, series, year, to_seq FROM lost_numbers"
    } else {
        ""
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT desk, series, year, MAX(seq) FROM (SELECT desk, series, year, seq FROM receipts{lost}) GROUP BY desk, series, year"
    ))?;
    for r in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))? {
        let (d, s, y, n) = r?;
        out.insert((d, s, y), n);
    }
    let (head, _) = outbox::head(&conn)?;
    Ok((out, head))
}

/// The stated paper-stub numbers as highs; a number that is not one is refused.
fn stated(numbers: &[String]) -> Result<Highs> {
    let mut out = Highs::new();
    for n in numbers.iter().filter(|n| !n.trim().is_empty()) {
        let (d, s, y, seq) = parse_number(n).ok_or_else(|| {
            err!(
                InvalidInput,
                "「{n}」不是收据号（例如 A01-2026-000123 或 A01-TK2026-000005）",
                "\"{n}\" is not a receipt number (such as A01-2026-000123 or A01-TK2026-000005)"
            )
        })?;
        let e = out.entry((d, s, y)).or_insert(0);
        *e = (*e).max(seq);
    }
    Ok(out)
}

/// Check the copy and its admin, move the current file aside, put the copy in its place, and record
/// the numbers it lacks. Nothing changes unless the copy passes and the admin signs in.
pub fn restore(
    ledger: &Path,
    req: &RestoreRequest,
    now: DateTime<FixedOffset>,
) -> Result<RestoreReport> {
    let source = Path::new(req.backup_file.trim());
    backup::verify(source)?;
    let actor = {
        let conn = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        auth::login(&conn, &req.username, &req.password)?
    };
    actor.require(Perm::Administer)?;
    let stated = stated(&req.last_issued)?;
    let (from_copy, copy_head) = highs(source)?;
    let current = ledger.exists().then(|| highs(ledger));
    let replaced_readable = matches!(current, Some(Ok(_)));
    let (from_current, current_head) = match current {
        Some(Ok(h)) => h,
        _ => (Highs::new(), 0),
    };
    let lost = lost_ranges(&from_copy, &from_current, &stated);
    let replaced = move_aside(ledger, now)?;
    copy_in(source, ledger)?;
    let mut conn = db::open(ledger)?;
    let ctx = auth::ctx_for(&conn, actor, now)?;
    db::with_tx(&mut conn, |tx| {
        for (key, lo, hi, src) in &lost {
            tx.execute(
                "INSERT INTO lost_numbers(desk, series, year, from_seq, to_seq, recorded_at, source, backup_file) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![key.0, key.1, key.2, lo, hi, ctx.now_text(), src, req.backup_file],
            )?;
        }
        let detail = format!(
            "replaced file: {}",
            replaced
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        );
        auth::audit(
            tx,
            &ctx,
            "ledger.restore",
            &req.backup_file,
            &detail,
            None,
            None,
        )
    })?;
    Ok(RestoreReport {
        backup_file: req.backup_file.clone(),
        replaced_file: replaced.map(|p| p.display().to_string()),
        replaced_readable,
        lost: lost
            .iter()
            .map(|(k, lo, hi, src)| LostRange {
                first: format_number(&k.0, &k.1, k.2, *lo),
                last: format_number(&k.0, &k.1, k.2, *hi),
                count: hi - lo + 1,
                source: src.to_string(),
            })
            .collect(),
        next_numbers: next_numbers(&conn)?,
        events_lost: (current_head - copy_head).max(0),
    })
}

/// For each series: the numbers above the copy's highest, up to the highest the current file or the
/// stubs show.
fn lost_ranges(
    copy: &Highs,
    current: &Highs,
    stated: &Highs,
) -> Vec<((String, String, i32), i64, i64, &'static str)> {
    let mut keys: Vec<_> = current.keys().chain(stated.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let have = copy.get(&k).copied().unwrap_or(0);
            let (cur, st) = (
                current.get(&k).copied().unwrap_or(0),
                stated.get(&k).copied().unwrap_or(0),
            );
            let (hi, src) = if cur >= st {
                (cur, "replaced_file")
            } else {
                (st, "stated")
            };
            (hi > have).then_some((k, have + 1, hi, src))
        })
        .collect()
}

/// Move the ledger file and its log aside under a dated name; None when there is no file.
fn move_aside(ledger: &Path, now: DateTime<FixedOffset>) -> Result<Option<PathBuf>> {
    if !ledger.exists() {
        return Ok(None);
    }
    let mut aside = ledger.as_os_str().to_owned();
    aside.push(format!(".replaced-{}", now.format("%Y%m%d-%H%M%S")));
    let aside = PathBuf::from(aside);
    for suffix in ["-wal", "-shm", ""] {
        let (mut from, mut to) = (ledger.as_os_str().to_owned(), aside.as_os_str().to_owned());
        from.push(suffix);
        to.push(suffix);
        if Path::new(&from).exists() {
            std::fs::rename(&from, &to).map_err(|e| {
                err!(
                    Storage,
                    (
                        "无法把当前账套文件移到 {}：{e}。没有做任何改动",
                        aside.display()
                    ),
                    (
                        "cannot move the current ledger file to {}: {e}. Nothing was changed",
                        aside.display()
                    )
                )
            })?;
        }
    }
    Ok(Some(aside))
}

/// Copy the backup into the (now free) ledger path through SQLite's backup API.
fn copy_in(source: &Path, ledger: &Path) -> Result<()> {
    let from = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut to = Connection::open(ledger)?;
    let b = rusqlite::backup::Backup::new(&from, &mut to)?;
    b.run_to_completion(1024, std::time::Duration::ZERO, None)?;
    Ok(())
}

/// The next number of each series this ledger has used (or lost), the current year's receipts first.
fn next_numbers(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT desk, series, year, MAX(hi) + 1 FROM (SELECT desk, series, year, seq AS hi FROM receipts
             UNION ALL SELECT desk, series, year, to_seq FROM lost_numbers)
         GROUP BY desk, series, year ORDER BY year DESC, series",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(format_number(
            &r.get::<_, String>(0)?,
            &r.get::<_, String>(1)?,
            r.get(2)?,
            r.get(3)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
