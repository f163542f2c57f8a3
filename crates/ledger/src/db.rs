//! Opening the ledger file: pragmas, migrations, the one transaction helper, settings.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::{err, integrity, Result};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// The schema version this build writes. A file with a higher version was made by a newer feedesk.
pub fn schema_version() -> i64 {
    embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| m.version() as i64)
        .max()
        .unwrap_or(0)
}

/// Open (creating if absent) a ledger file, refuse one made by a newer version, and migrate it.
/// Durability: WAL with synchronous=FULL, so a committed receipt survives a power cut.
/// Checkpoints (copying the WAL into the main file) are not run inside a cashier's commit: the
/// owner of the connection calls [`checkpoint`] when idle and when it closes the ledger.
///
/// An existing file is first checked (`integrity`): a read-only, damaged or newer file is not opened and
/// nothing in it changes.
pub fn open(path: &Path) -> Result<Connection> {
    let existed = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
    integrity::before_open(path)?;
    let mut conn = Connection::open(path).map_err(|e| {
        err!(
            Storage,
            ("无法打开账套文件 {}：{e}", path.display()),
            ("cannot open ledger file {}: {e}", path.display())
        )
    })?;
    let opened = configure(&conn).and_then(|_| match existed {
        true => integrity::quick_check(&conn, path),
        false => Ok(()),
    });
    opened.map_err(|e| integrity::explain(path, e))?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// A second connection to a ledger already opened (and so checked and migrated) elsewhere in the
/// process: a background job's own, so the counter's connection stays free.
pub fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    configure(&conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // A collection touches a few dozen statements; the default cache of 16 would re-parse them each time.
    conn.set_prepared_statement_cache_capacity(256);
    // The caller folds the WAL in when it chooses (never during a payment); once folded, the file is cut
    // back to 16 MiB instead of keeping its largest size.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -65536;
         PRAGMA temp_store = MEMORY;
         PRAGMA wal_autocheckpoint = 0;
         PRAGMA journal_size_limit = 16777216;",
    )?;
    Ok(())
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let has_history: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type='table' AND name='refinery_schema_history')",
        [],
        |r| r.get(0),
    )?;
    if has_history {
        let found: Option<i64> = conn.query_row(
            "SELECT MAX(version) FROM refinery_schema_history",
            [],
            |r| r.get(0),
        )?;
        let ours = schema_version();
        if let Some(found) = found.filter(|v| *v > ours) {
            return Err(err!(
                SchemaTooNew,
                "此账套由较新版本的 feedesk 创建（数据库版本 {found}，本程序支持到 {ours}），为保护数据拒绝打开，请升级程序",
                "this ledger was made by a newer feedesk (schema {found}, this program knows up to {ours}); refusing to open it, please upgrade"
            ));
        }
    }
    embedded::migrations::runner()
        .set_grouped(true)
        .run(conn)
        .map_err(|e| {
            err!(
                Storage,
                "数据库升级失败：{e}",
                "database migration failed: {e}"
            )
        })?;
    Ok(())
}

/// Copy what the WAL holds into the main file, without waiting for readers (PASSIVE).
pub fn checkpoint(conn: &Connection) -> Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
    Ok(())
}

/// Run `f` in one IMMEDIATE transaction: all of it commits, or none of it (ledger rule 7).
/// IMMEDIATE takes the write lock first, so numbering (max+1) cannot race another writer.
pub fn with_tx<T>(conn: &mut Connection, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}

/// A transaction for a bulk writer whose every reference is read or written inside the same transaction
/// (the billing run takes its unit, fee item and run ids from rows it reads or inserts in that transaction):
/// SQLite's per-row foreign-key lookups would only re-find rows it has just read, at three lookups per
/// charge, so they are switched off for it. `check` (and every test that runs it) still verifies every
/// reference of the file with `PRAGMA foreign_key_check`.
pub fn with_bulk_tx<T>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction) -> Result<T>,
) -> Result<T> {
    // The pragma is a no-op inside a transaction, so it is set around it and always restored.
    conn.execute_batch("PRAGMA foreign_keys = OFF")?;
    let out = with_tx(conn, f);
    let restored = conn.execute_batch("PRAGMA foreign_keys = ON");
    let out = out?;
    restored?;
    Ok(out)
}

/// Insert rows given flat (`cols` values a row) with one statement per 64 rows. Rows whose keys rise
/// (posting lines) then append through one open cursor, where a one-row INSERT with an explicit key
/// descends the B-tree from its root for every row. (Measured: the journal's postings and the balances'
/// upsert gain a third; the billing run's charges, a rowid table, are faster one row a statement.)
pub fn insert_rows(
    conn: &Connection,
    head: &str,
    cols: usize,
    values: &[impl rusqlite::ToSql],
) -> Result<()> {
    insert_rows_then(conn, head, cols, values, "")
}

/// `insert_rows` with a clause after the values, such as an `ON CONFLICT … DO UPDATE` (an upsert).
pub fn insert_rows_then(
    conn: &Connection,
    head: &str,
    cols: usize,
    values: &[impl rusqlite::ToSql],
    tail: &str,
) -> Result<()> {
    const CHUNK: usize = 64;
    let row = format!("({})", vec!["?"; cols].join(","));
    for chunk in values.chunks(CHUNK * cols) {
        let n = chunk.len() / cols;
        let sql = format!("{head} VALUES {} {tail}", vec![row.as_str(); n].join(","));
        conn.prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(chunk))?;
    }
    Ok(())
}

/// The setting that says a backup is due and why (`backup::BackupReason` codes): written in the same
/// transaction as the shift close or day close that calls for it, so a crash before the copy is made
/// leaves it due; cleared when the backup is tried.
pub const BACKUP_DUE: &str = "backup_due";

pub fn mark_backup_due(conn: &Connection, reason: &str) -> Result<()> {
    set_setting(conn, BACKUP_DUE, reason)
}

pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ledger of the V5 build that had applied a version of head office's standards is carried
    /// into V6 whole: the version kept as applied, its item head office's for every unit type, and the
    /// desk's read position where it was.
    #[test]
    fn v6_keeps_what_v5_applied() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("l.db")).unwrap();
        embedded::migrations::runner()
            .set_target(refinery::Target::Version(5))
            .run(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO fee_items(id, code, name, method, created_at) VALUES (7, 'WYF', '物业服务费', 'per_area', 'x');
             INSERT INTO hq_standards VALUES (3, 'abc', 'EST1', '2027-01', '', 'boss', 'p', '[]', 'a3');
             INSERT INTO hq_fee_items VALUES (7, 3);",
        )
        .unwrap();
        drop(conn);
        let conn = open(&dir.path().join("l.db")).unwrap();
        let row: (i64, String, String, Option<String>) = conn
            .query_row(
                "SELECT version, outcome, at, reason_zh FROM hq_standards",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(row, (3, "applied".into(), "a3".into(), None));
        let types: i64 = conn
            .query_row(
                "SELECT count(*) FROM hq_fee_items WHERE fee_item_id = 7 AND version = 3",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(types, 4);
        assert_eq!(
            setting(&conn, "hq_standards_position").unwrap().as_deref(),
            Some("3 abc")
        );
        assert!(conn.execute("DELETE FROM hq_standards", []).is_err());
    }
}
