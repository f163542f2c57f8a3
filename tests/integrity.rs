//! Integrity at start and faults of the medium, on real files: a damaged, truncated, newer or read-only
//! ledger file, or one whose event chain ends wrong, is not opened and not changed, and the message says
//! what to do; a full disk refuses a payment whole and the next one works once there is space again.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::*;
use feedesk_api::{self as api, ErrorCode, Ledger};

/// A ledger with a day's receipts and a good backup, closed (its log folded in): its path.
fn closed_ledger() -> (tempfile::TempDir, PathBuf, String) {
    let mut w = World::new();
    w.set_time(at(2026, 2, 3, 9));
    w.bill("2026-02");
    w.open_shift();
    w.collect_all("3-2-1201", vec![cash(500)]).unwrap();
    let copy = api::backup_now(&w.l, &w.admin).unwrap().file;
    let path = w.path.clone();
    drop(w.l);
    (w.dir, path, copy)
}

/// Open must fail with `code`, leave the file's bytes as they were, and say what to do.
fn refused(path: &Path, code: ErrorCode) -> api::Error {
    let before = std::fs::read(path).unwrap();
    let e = Ledger::open(path).err().expect("the file was opened");
    assert_eq!(e.code, code, "{}", e.zh);
    assert_eq!(std::fs::read(path).unwrap(), before, "the file changed");
    e
}

#[test]
fn a_damaged_file_is_not_opened_and_the_last_good_backup_is_named() {
    let (_dir, path, copy) = closed_ledger();
    let mut bytes = std::fs::read(&path).unwrap();
    let n = bytes.len();
    bytes[n / 2..n / 2 + 8192].fill(0xC3);
    std::fs::write(&path, bytes).unwrap();
    let e = refused(&path, ErrorCode::LedgerDamaged);
    assert!(
        e.zh.contains("从备份恢复") && e.zh.contains(&copy),
        "{}",
        e.zh
    );
    assert!(e.en.contains("restore") && e.en.contains(&copy), "{}", e.en);
}

#[test]
fn a_truncated_file_is_not_opened() {
    let (_dir, path, _) = closed_ledger();
    let n = std::fs::metadata(&path).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(n / 2)
        .unwrap();
    let e = refused(&path, ErrorCode::LedgerDamaged);
    assert!(e.zh.contains("检查未通过"), "{}", e.zh);
}

#[test]
fn a_file_from_a_newer_version_is_not_opened() {
    let (_dir, path, _) = closed_ledger();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO refinery_schema_history(version, name, applied_on, checksum) VALUES (999, 'future', '2030-01-01T00:00:00Z', '0')",
            [],
        )
        .unwrap();
    let e = refused(&path, ErrorCode::SchemaTooNew);
    assert!(e.zh.contains("请升级程序"), "{}", e.zh);
}

#[test]
fn a_read_only_file_is_not_opened() {
    let (_dir, path, _) = closed_ledger();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let e = refused(&path, ErrorCode::ReadOnly);
    assert!(
        e.zh.contains("只读") && e.en.contains("read-only"),
        "{}",
        e.zh
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    Ledger::open(&path).unwrap();
}

#[test]
fn an_event_chain_that_ends_wrong_is_not_opened() {
    let (_dir, path, _) = closed_ledger();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER outbox_no_update;
         UPDATE outbox SET payload = replace(payload, '50000', '5000') WHERE seq = (SELECT MAX(seq) FROM outbox);",
    )
    .unwrap();
    drop(conn);
    let e = refused(&path, ErrorCode::LedgerDamaged);
    assert!(e.en.contains("event chain head"), "{}", e.en);
}

/// The ledger on a small tmpfs that fills up: the payment is refused whole with a clear message, and
/// the next one works once there is space again.
#[test]
fn a_full_disk_refuses_a_payment_whole_and_the_next_one_works_with_space_again() {
    let Some(fs) = tiny_fs(6 * 1024) else {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    };
    let mut w = World::in_folder("A01", tempfile::tempdir_in(fs.path()).unwrap());
    w.set_time(at(2026, 2, 3, 9));
    w.bill("2026-02");
    w.open_shift();
    // The log folded in and cut to nothing: the payment's pages need new space on the disk.
    w.db()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let filler = fs.path().join("filler");
    fill(&filler);
    let before = w.fingerprint();
    let owed = w.arrears("3-2-1201");
    let e = w.collect_all("3-2-1201", vec![cash(500)]).unwrap_err();
    assert_eq!(e.code, ErrorCode::DiskFull, "{}", e.zh);
    assert!(
        e.zh.contains("磁盘已满") && e.zh.contains("没有写入"),
        "{}",
        e.zh
    );
    assert_eq!(w.fingerprint(), before, "nothing half-written");
    assert_eq!(w.arrears("3-2-1201"), owed);
    std::fs::remove_file(&filler).unwrap();
    let r = w.collect_all("3-2-1201", vec![cash(500)]).unwrap();
    assert_eq!(r.number, "A01-2026-000001");
    w.assert_invariants();
}

/// Write until the file system is full.
fn fill(path: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(path).unwrap();
    let block = vec![0u8; 4096];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
}
