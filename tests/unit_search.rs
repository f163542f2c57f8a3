//! The counter's search box: room codes, room numbers, names, pinyin, phone digits; kept current when
//! units and parties change, and rebuilt for a ledger made before the index existed.

mod common;

use common::*;
use feedesk_api::{self as api, Ledger};

fn codes(w: &World, q: &str) -> Vec<String> {
    api::search_units(&w.l, &w.cashier, q, 20)
        .unwrap()
        .into_iter()
        .map(|h| h.code)
        .collect()
}

#[test]
fn every_way_a_cashier_types_finds_the_unit() {
    let w = World::new();
    assert_eq!(
        codes(&w, "3-2-1201")[0],
        "3-2-1201",
        "exact room code first"
    );
    assert_eq!(codes(&w, "321201"), vec!["3-2-1201"]);
    assert_eq!(
        codes(&w, "３２１２０１"),
        vec!["3-2-1201"],
        "full-width digits"
    );
    assert_eq!(codes(&w, "3-2-"), vec!["3-2-1201", "3-2-1202"]);
    assert_eq!(codes(&w, "1201"), vec!["3-2-1201"], "room number alone");
    assert_eq!(codes(&w, "张三"), vec!["3-2-1201"]);
    assert_eq!(codes(&w, "张"), vec!["3-2-1201", "3-2-1202"]);
    assert_eq!(
        codes(&w, "zs"),
        vec!["3-2-1201", "3-2-1202"],
        "pinyin initials; whole first"
    );
    assert_eq!(codes(&w, "zsf"), vec!["3-2-1202"]);
    assert_eq!(codes(&w, "ZSF"), vec!["3-2-1202"], "initials in capitals");
    assert_eq!(codes(&w, "zhangsan"), vec!["3-2-1201"], "full pinyin");
    assert_eq!(codes(&w, "ljg"), vec!["3-1-301"]);
    assert_eq!(
        codes(&w, "5678"),
        vec!["3-2-1201"],
        "last four phone digits"
    );
    // A prefix of phone digits or of a room number is not a match: it would find half the estate.
    assert!(!codes(&w, "567").contains(&"3-2-1201".to_string()));
    assert!(codes(&w, "xyz").is_empty());
    assert!(codes(&w, "  ").is_empty());
    // Owner shown, phone masked.
    let hit = &api::search_units(&w.l, &w.cashier, "zs", 5).unwrap()[0];
    assert_eq!(hit.owner.as_deref(), Some("张三"));
    assert_eq!(hit.phone_masked.as_deref(), Some("138****5678"));
}

#[test]
fn a_new_owner_or_tenant_is_found_and_the_old_owner_no_longer() {
    let mut w = World::new();
    for (role, name, phone) in [
        ("owner", "曾小明", "13600009999"),
        ("租户", "陈红", "13500001234"),
    ] {
        api::add_party(
            &mut w.l,
            &w.admin,
            &feedesk_api::NewParty {
                unit: "3-2-1201".into(),
                role: role.into(),
                name: name.into(),
                phone: phone.into(),
                id_number: None,
                move_in_date: None,
            },
        )
        .unwrap();
    }
    assert!(
        codes(&w, "zhangsan").is_empty(),
        "the old owner is inactive"
    );
    assert!(codes(&w, "5678").is_empty());
    assert_eq!(codes(&w, "zxm"), vec!["3-2-1201"]);
    assert_eq!(codes(&w, "cxm"), vec!["3-2-1201"], "曾 read as ceng too");
    assert_eq!(codes(&w, "ch"), vec!["3-2-1201"], "a tenant's initials");
    assert_eq!(codes(&w, "9999"), vec!["3-2-1201"]);
    assert_eq!(codes(&w, "1234"), vec!["3-2-1201"]);
}

#[test]
fn imported_units_are_searchable_and_an_old_ledger_gets_its_index_at_open() {
    let mut w = World::new();
    let csv = w.dir.path().join("more.csv");
    std::fs::write(
        &csv,
        "楼栋,单元,房号,房屋类型,建筑面积,业主姓名,联系电话\n7,1,101,住宅,90.00,欧阳娜娜,13300004321\n",
    )
    .unwrap();
    api::import_units(&mut w.l, &w.admin, &csv).unwrap();
    assert_eq!(codes(&w, "oynn"), vec!["7-1-101"]);
    // A ledger whose index is missing (made before it existed) is indexed again when opened.
    w.db()
        .execute_batch(
            "DELETE FROM unit_search; DELETE FROM settings WHERE key = 'unit_search_version';",
        )
        .unwrap();
    assert!(codes(&w, "oynn").is_empty());
    let path = w.path.clone();
    w.l = Ledger::open(&path).unwrap();
    assert_eq!(codes(&w, "oynn"), vec!["7-1-101"]);
    assert_eq!(codes(&w, "321201"), vec!["3-2-1201"]);
}
