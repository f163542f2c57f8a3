//! Import through the API: all rows or none, and the same file twice changes nothing.

mod common;

use common::*;
use feedesk_api::ErrorCode;
use feedesk_api::{self as api, Ledger};

#[test]
fn reimporting_the_same_file_changes_nothing() {
    let mut w = World::new();
    let csv = w.dir.path().join("units.csv");
    std::fs::write(&csv, UNITS_CSV).unwrap();
    let before = w.fingerprint();
    let s = api::import_units(&mut w.l, &w.admin, &csv).unwrap();
    assert_eq!(
        (
            s.rows,
            s.unchanged,
            s.units_added,
            s.units_updated,
            s.owners_added,
            s.owners_updated
        ),
        (5, 5, 0, 0, 0, 0)
    );
    assert_eq!(
        before,
        w.fingerprint(),
        "no row, no event, no audit line added"
    );
}

#[test]
fn a_changed_row_updates_and_a_new_owner_keeps_the_old_one_as_history() {
    let mut w = World::new();
    let csv = w.dir.path().join("changed.csv");
    let changed = UNITS_CSV
        .replace(
            "3,2,1202,住宅,118.62,张淑芬,13900000021",
            "3,2,1202,住宅,118.62,赵大宝,13900000099",
        )
        .replace("64.05", "64.50");
    std::fs::write(&csv, changed).unwrap();
    let s = api::import_units(&mut w.l, &w.admin, &csv).unwrap();
    assert_eq!((s.units_updated, s.owners_updated, s.unchanged), (1, 1, 3));
    assert_eq!(
        api::unit(&w.l, &w.admin, "3-2-1202").unwrap().owner_name(),
        Some("赵大宝")
    );
    assert_eq!(
        api::unit(&w.l, &w.admin, "3-1-301")
            .unwrap()
            .area_m2
            .to_string(),
        "64.50"
    );
    let history: i64 = w
        .db()
        .query_row(
            "SELECT COUNT(*) FROM parties WHERE name = '张淑芬' AND active = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(history, 1);
}

#[test]
fn a_file_with_bad_rows_imports_nothing_and_lists_every_bad_row() {
    let mut w = World::new();
    let csv = w.dir.path().join("bad.csv");
    std::fs::write(
        &csv,
        "楼号,单元,房间号,类型,面积,业主,手机\n7,1,101,住宅,88.5,好人,13800000001\n7,1,102,住宅,88.555,坏面积,13800000002\n7,1,103,别墅区,88,坏类型,13800000003\n7,1,104,住宅,88,坏电话,12345\n",
    )
    .unwrap();
    let before = w.fingerprint();
    let e = api::import_units(&mut w.l, &w.admin, &csv).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImportRows);
    for row in ["第3行", "第4行", "第5行"] {
        assert!(e.zh.contains(row), "{row} missing from: {}", e.zh);
    }
    assert!(!e.zh.contains("第2行"));
    assert!(e.en.contains("row 3") && e.en.contains("row 5"));
    assert_eq!(before, w.fingerprint());
    assert_eq!(
        api::search_units(&w.l, &w.admin, "7-1-101", 5)
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn only_an_administrator_imports() {
    let mut w = World::new();
    let csv = w.dir.path().join("units.csv");
    std::fs::write(&csv, UNITS_CSV).unwrap();
    assert_eq!(
        api::import_units(&mut w.l, &w.cashier, &csv)
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
}

#[test]
fn the_shipped_xlsx_template_imports() {
    let mut w = World::new();
    let t = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/templates/units_import_template.xlsx");
    let s = api::import_units(&mut w.l, &w.admin, &t).unwrap();
    assert_eq!(s.rows, 3);
    w.assert_invariants();
}

#[test]
fn a_ledger_from_a_newer_version_is_refused() {
    let w = World::new();
    let path = w.path.clone();
    w.db()
        .execute(
            "INSERT INTO refinery_schema_history(version, name, applied_on, checksum) VALUES (999, 'future', '2030-01-01T00:00:00Z', '0')",
            [],
        )
        .unwrap();
    drop(w.l);
    let e = Ledger::open(&path).err().expect("refused");
    assert_eq!(e.code, ErrorCode::SchemaTooNew);
    assert!(e.zh.contains("较新版本"));
    assert!(e.en.contains("newer"));
}

#[test]
fn tenants_and_occupancy() {
    let mut w = World::new();
    let p = feedesk_api::NewParty {
        unit: "3-2-1201".into(),
        role: "租户".into(),
        name: "  陈  小明 ".into(),
        phone: "139-1234-5678".into(),
        id_number: None,
        move_in_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 1),
    };
    api::add_party(&mut w.l, &w.admin, &p).unwrap();
    let u = api::unit(&w.l, &w.cashier, "3-2-1201").unwrap();
    let tenant = u.parties.iter().find(|p| p.role == "tenant").unwrap();
    assert_eq!(
        (tenant.name.as_str(), tenant.phone.as_str()),
        ("陈 小明", "139****5678")
    );
    assert_eq!(
        u.owner_name(),
        Some("张三"),
        "a tenant does not replace the owner"
    );
    api::set_occupancy(&mut w.l, &w.admin, "3-2-1201", "出租").unwrap();
    assert_eq!(
        api::unit(&w.l, &w.cashier, "3-2-1201").unwrap().occupancy,
        "rented"
    );
    assert_eq!(
        api::set_occupancy(&mut w.l, &w.admin, "3-2-1201", "sold")
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        api::set_occupancy(&mut w.l, &w.cashier, "3-2-1201", "空置")
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
}
