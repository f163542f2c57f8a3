//! Backups (备份) and restore (恢复) on real ledger files: copies made through SQLite's backup API at
//! shift close and 日结, checked after writing, recorded, pruned; a missing or full backup disk never
//! stops the counter; a restore keeps the replaced file and never reuses a receipt number.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use feedesk_api::{self as api, BackupReason, ErrorCode, Ledger, RestoreRequest};

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn receipt_numbers(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT number FROM receipts ORDER BY number")
        .unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.map(|r| r.unwrap()).collect()
}

/// A day at the counter: billed, two units paid, the shift closed.
fn day(w: &mut World) {
    w.set_time(at(2026, 2, 3, 9));
    w.bill("2026-02");
    w.open_shift();
    w.collect_all("3-2-1201", vec![cash(500)]).unwrap();
    w.collect_all("3-1-301", vec![cash(500)]).unwrap();
}

#[test]
fn a_shift_close_and_a_day_close_each_leave_a_checked_copy() {
    let mut w = World::new();
    day(&mut w);
    w.set_time(at(2026, 2, 3, 17));
    assert_eq!(
        api::backup_due(&w.l, w.cashier.now).unwrap(),
        Some(BackupReason::Daily),
        "nothing tried today: the daily copy is due"
    );
    w.close_shift_exact();
    assert_eq!(
        api::backup_due(&w.l, w.cashier.now).unwrap(),
        Some(BackupReason::ShiftClose)
    );
    let rec = api::run_due_backup(&w.l, w.cashier.now).unwrap().unwrap();
    assert!(rec.ok, "{rec:?}");
    assert_eq!(rec.reason, "shift_close");
    let copy = PathBuf::from(&rec.file);
    assert_eq!(copy.parent().unwrap(), w.dir.path().join("backups"));
    assert!(
        !Path::new(&format!("{}-wal", rec.file)).exists(),
        "the copy is one file, no log beside it"
    );
    assert_eq!(receipt_numbers(&copy), receipt_numbers(&w.path));
    assert_eq!(rec.bytes as u64, std::fs::metadata(&copy).unwrap().len());
    api::verify_backup(&copy).unwrap();
    assert_eq!(api::backup_due(&w.l, w.cashier.now).unwrap(), None);

    api::close_day(
        &mut w.l,
        &w.supervisor,
        chrono::NaiveDate::from_ymd_opt(2026, 2, 3).unwrap(),
    )
    .unwrap();
    let rec = api::run_due_backup(&w.l, w.cashier.now).unwrap().unwrap();
    assert_eq!((rec.reason.as_str(), rec.ok), ("day_close", true));
    let status = api::backup_status(&w.l, &w.cashier).unwrap();
    assert_eq!(status.last_good.as_ref().unwrap().file, rec.file);
    assert!(!status.overdue);
    // The note beside the ledger names the last good copy, for a file that no longer opens.
    assert_eq!(api::last_good_backup(&w.path).unwrap().file, rec.file);
    // A day later without a good copy, the shift screen warns.
    w.set_time(at(2026, 2, 4, 18));
    assert!(api::backup_status(&w.l, &w.cashier).unwrap().overdue);
    w.assert_invariants();
}

#[test]
fn only_the_newest_copies_are_kept_and_other_files_are_left_alone() {
    let mut w = World::new();
    api::set_backup_settings(&w.l, &w.admin, "", 3).unwrap();
    let dir = w.dir.path().join("backups");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "the office's own file").unwrap();
    let mut made = vec![];
    for h in 9..14 {
        w.set_time(at(2026, 2, 3, h));
        made.push(api::backup_now(&w.l, &w.admin).unwrap().file);
    }
    let kept: Vec<String> = made[2..]
        .iter()
        .map(|f| {
            Path::new(f)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut expected = kept.clone();
    expected.push("notes.txt".into());
    expected.sort();
    assert_eq!(files_in(&dir), expected);
    assert_eq!(
        api::backups(&w.l, &w.admin, 10).unwrap().len(),
        5,
        "every attempt stays on record"
    );
    // Settings: admin only, a full path, 1–365 copies.
    let e = api::set_backup_settings(&w.l, &w.cashier, "", 3).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = api::set_backup_settings(&w.l, &w.admin, "backups", 3).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.zh.contains("完整路径"), "{}", e.zh);
    let e = api::set_backup_settings(&w.l, &w.admin, "", 0).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
}

#[test]
fn a_missing_backup_disk_is_recorded_and_the_counter_carries_on() {
    let mut w = World::new();
    // A "folder" under a plain file: like a USB stick pulled out, it cannot be made or written.
    let blocker = w.dir.path().join("not-a-disk");
    std::fs::write(&blocker, "x").unwrap();
    let dir = blocker.join("backups");
    api::set_backup_settings(&w.l, &w.admin, dir.to_str().unwrap(), 5).unwrap();
    day(&mut w);
    w.close_shift_exact();
    let rec = api::run_due_backup(&w.l, w.cashier.now).unwrap().unwrap();
    assert!(!rec.ok);
    assert!(
        rec.detail.contains("备份失败") && rec.detail.contains("收费不受影响"),
        "{}",
        rec.detail
    );
    assert!(rec.detail_en.contains("backup failed"), "{}", rec.detail_en);
    let status = api::backup_status(&w.l, &w.cashier).unwrap();
    assert!(status.overdue && status.last_good.is_none());
    assert_eq!(status.last.unwrap().id, rec.id);
    // The counter goes on: the next shift takes money.
    w.open_shift();
    w.collect_all("3-2-1202", vec![cash(800)]).unwrap();
    // The stick is back (the default folder): the next copy is good and the warning goes.
    api::set_backup_settings(&w.l, &w.admin, "", 5).unwrap();
    assert!(api::backup_now(&w.l, &w.admin).unwrap().ok);
    assert!(!api::backup_status(&w.l, &w.cashier).unwrap().overdue);
    w.assert_invariants();
}

/// A real full disk: a 64 KiB tmpfs as the backup folder. Needs the right to mount (root in CI).
#[test]
fn a_full_backup_disk_leaves_no_half_copy() {
    let w = World::new();
    let Some(mount) = common::tiny_fs(64) else {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    };
    api::set_backup_settings(&w.l, &w.admin, mount.path().to_str().unwrap(), 5).unwrap();
    let rec = api::backup_now(&w.l, &w.admin).unwrap();
    assert!(!rec.ok, "the ledger fit in 64 KiB?");
    assert!(rec.detail.contains("磁盘已满"), "{}", rec.detail);
    assert!(
        rec.detail_en.contains("the disk is full"),
        "{}",
        rec.detail_en
    );
    assert!(
        files_in(mount.path()).is_empty(),
        "left behind: {:?}",
        files_in(mount.path())
    );
}

fn restore_req(file: &str, user: &str, password: &str) -> RestoreRequest {
    RestoreRequest {
        backup_file: file.into(),
        username: user.into(),
        password: password.into(),
        last_issued: vec![],
    }
}

#[test]
fn a_restore_keeps_the_replaced_file_and_never_reuses_a_number() {
    let mut w = World::new();
    day(&mut w);
    let copy = api::backup_now(&w.l, &w.admin).unwrap().file;
    let in_copy = receipt_numbers(Path::new(&copy));
    w.collect_all("3-2-1202", vec![cash(800)]).unwrap();
    w.collect_all("S-101", vec![cash(800)]).unwrap();
    let issued = receipt_numbers(&w.path);
    assert_eq!(issued.len(), in_copy.len() + 2);
    let path = w.path.clone();
    let admin = w.admin.clone();
    drop(w.l);
    let before = std::fs::read(&path).unwrap();

    // Refused, nothing changed: a cashier, a wrong password, a damaged copy, a bad stub number.
    let e = api::restore_backup(
        &path,
        &restore_req(&copy, "lisi", "cashier-pass"),
        admin.now,
    );
    assert_eq!(e.unwrap_err().code, ErrorCode::Forbidden);
    let e = api::restore_backup(&path, &restore_req(&copy, "admin", "wrong"), admin.now);
    assert_eq!(e.unwrap_err().code, ErrorCode::AuthFailed);
    let bad = w.dir.path().join("bad-copy.sqlite");
    let mut bytes = std::fs::read(&copy).unwrap();
    let n = bytes.len();
    bytes[n / 2..n / 2 + 8192].fill(0xA5);
    std::fs::write(&bad, bytes).unwrap();
    let e = api::restore_backup(
        &path,
        &restore_req(bad.to_str().unwrap(), "admin", "admin-pass"),
        admin.now,
    );
    assert_eq!(e.unwrap_err().code, ErrorCode::BackupFailed);
    let mut req = restore_req(&copy, "admin", "admin-pass");
    req.last_issued = vec!["A01-2026-12".into()];
    let e = api::restore_backup(&path, &req, admin.now).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the ledger file is untouched"
    );

    let r =
        api::restore_backup(&path, &restore_req(&copy, "admin", "admin-pass"), admin.now).unwrap();
    let aside = PathBuf::from(r.replaced_file.clone().unwrap());
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        before,
        "the replaced file is kept as it was"
    );
    assert!(r.replaced_readable);
    assert_eq!(r.lost.len(), 1);
    assert_eq!(
        (&r.lost[0].first, &r.lost[0].last),
        (&issued[in_copy.len()], issued.last().unwrap())
    );
    assert_eq!(
        (r.lost[0].count, r.lost[0].source.as_str()),
        (2, "replaced_file")
    );
    assert!(r.events_lost >= 2, "{r:?}");
    let next = format!("A01-2026-{:06}", issued.len() + 1);
    assert_eq!(r.next_numbers, vec![next.clone()]);

    // The restored ledger holds the copy's receipts, passes every rule with the gap explained, and the
    // next receipt takes the number after the lost ones.
    let mut w2 = World::reopen(w.dir, path.clone(), at(2026, 2, 3, 15));
    assert_eq!(receipt_numbers(&path), in_copy);
    w2.assert_invariants();
    let got = w2.collect_all("3-2-1202", vec![cash(800)]).unwrap();
    assert_eq!(got.number, next);
    w2.assert_invariants();
    let audit = api::audit_log(&w2.l, &w2.admin, 5).unwrap();
    assert!(
        audit.iter().any(|a| a.action == "ledger.restore"),
        "{audit:?}"
    );
}

#[test]
fn a_restore_over_an_unreadable_file_takes_the_lost_numbers_from_the_paper_stubs() {
    let mut w = World::new();
    day(&mut w);
    let copy = api::backup_now(&w.l, &w.admin).unwrap().file;
    let n_copy = receipt_numbers(Path::new(&copy)).len();
    for u in ["3-2-1202", "S-101", "P-B1-023"] {
        w.collect_all(u, vec![cash(800)]).unwrap();
    }
    let path = w.path.clone();
    let now = w.admin.now;
    drop(w.l);
    // The disk scrambled the file's first pages: it cannot be read at all.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[..16384].fill(0x5A);
    std::fs::write(&path, &bytes).unwrap();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", path.display()));
    }
    let e = Ledger::open(&path).err().unwrap();
    assert_eq!(e.code, ErrorCode::LedgerDamaged);
    assert!(
        e.zh.contains(&copy),
        "the message names the last good copy: {}",
        e.zh
    );

    let last = format!("A01-2026-{:06}", n_copy + 3);
    let mut req = restore_req(&copy, "admin", "admin-pass");
    req.last_issued = vec![last.clone()];
    let r = api::restore_backup(&path, &req, now).unwrap();
    assert!(!r.replaced_readable);
    assert_eq!(r.lost.len(), 1);
    assert_eq!(r.lost[0].first, format!("A01-2026-{:06}", n_copy + 1));
    assert_eq!(
        (
            r.lost[0].last.as_str(),
            r.lost[0].count,
            r.lost[0].source.as_str()
        ),
        (last.as_str(), 3, "stated")
    );
    let mut w2 = World::reopen(w.dir, path, at(2026, 2, 3, 15));
    let got = w2.collect_all("3-2-1202", vec![cash(800)]).unwrap();
    assert_eq!(got.number, format!("A01-2026-{:06}", n_copy + 4));
    w2.assert_invariants();
}
