//! What the desktop Billing screen reads: buildings, the meter sheet (抄表单) and the recorded shared costs.

mod common;

use common::*;
use feedesk_api::{self as api, Basis, ReadingInput};
use feedesk_api::{ErrorCode, Money};

#[test]
fn buildings_are_listed_with_their_unit_counts() {
    let w = World::new();
    let b = api::buildings(&w.l, &w.cashier).unwrap();
    let got: Vec<(&str, i64)> = b.iter().map(|b| (b.code.as_str(), b.units)).collect();
    assert_eq!(got, vec![("3", 3), ("P", 1), ("S", 1)]);
}

#[test]
fn the_meter_sheet_shows_the_previous_reading_and_the_period_once_entered() {
    let mut w = World::new();
    api::record_reading(
        &mut w.l,
        &w.admin,
        &reading("3-2-1201", "2026-01", "112.5", Some("100")),
    )
    .unwrap();
    // February, before entering: January's reading is what February is read against.
    let sheet = api::meter_sheet(&w.l, &w.supervisor, "SF", "2026-02", Some("3")).unwrap();
    let units: Vec<&str> = sheet.iter().map(|r| r.unit.as_str()).collect();
    assert_eq!(units, vec!["3-1-301", "3-2-1201", "3-2-1202"]);
    let r = &sheet[1];
    assert_eq!(r.previous, Some(d("112.5")));
    assert_eq!(r.previous_period.as_deref(), Some("2026-01"));
    assert_eq!((r.current, r.usage, r.flagged), (None, None, false));
    assert_eq!(
        sheet[0].previous, None,
        "never read: the starting reading is needed"
    );
    // Entered: the sheet shows the period's own reading and usage.
    api::record_reading(
        &mut w.l,
        &w.admin,
        &reading("3-2-1201", "2026-02", "130", None),
    )
    .unwrap();
    let sheet = api::meter_sheet(&w.l, &w.supervisor, "水费", "2026-2", Some("3")).unwrap();
    let r = &sheet[1];
    assert_eq!(
        (r.previous, r.current, r.usage),
        (Some(d("112.5")), Some(d("130")), Some(d("17.5")))
    );
    assert_eq!(r.previous_period, None);
    // January's sheet is unchanged by February's reading.
    let jan = api::meter_sheet(&w.l, &w.supervisor, "SF", "2026-01", None).unwrap();
    assert_eq!(jan.len(), 5, "no building: every unit of the estate");
    let r = jan.iter().find(|r| r.unit == "3-2-1201").unwrap();
    assert_eq!((r.previous, r.current), (Some(d("100")), Some(d("112.5"))));
}

#[test]
fn the_meter_sheet_is_refused_to_a_cashier_and_for_items_that_are_not_metered() {
    let w = World::new();
    let e = api::meter_sheet(&w.l, &w.cashier, "SF", "2026-01", None).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = api::meter_sheet(&w.l, &w.admin, "WYF", "2026-01", None).unwrap_err();
    assert_eq!(e.code, ErrorCode::ReadingInvalid);
    let e = api::meter_sheet(&w.l, &w.admin, "SF", "2026-01", Some("9")).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[test]
fn recorded_shared_costs_are_listed_per_period() {
    let mut w = World::new();
    for (building, total, basis) in [
        (Some("3".to_string()), Money::from_fen(100_001), Basis::Area),
        (None, Money::from_yuan(50), Basis::Household),
    ] {
        api::create_allocation_pool(
            &mut w.l,
            &w.supervisor,
            &api::NewPool {
                item: "GTDF".into(),
                period: "2026-01".into(),
                building,
                total,
                basis,
                note: "电表 #7".into(),
            },
        )
        .unwrap();
    }
    let pools = api::allocation_pools(&w.l, &w.supervisor, "2026-01").unwrap();
    let got: Vec<(Option<&str>, i64, Basis)> = pools
        .iter()
        .map(|p| (p.building.as_deref(), p.total.fen(), p.basis))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some("3"), 100_001, Basis::Area),
            (None, 5_000, Basis::Household)
        ]
    );
    assert!(api::allocation_pools(&w.l, &w.supervisor, "2026-02")
        .unwrap()
        .is_empty());
    assert_eq!(
        api::allocation_pools(&w.l, &w.cashier, "2026-01")
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
}

/// The requests exactly as the UI sends them (ui/src/api.ts): decimals as strings, money as integer fen.
#[test]
fn the_screens_requests_are_read_as_sent() {
    let mut w = World::new();
    let r: ReadingInput = serde_json::from_str(
        r#"{"unit":"3-2-1201","item":"SF","period":"2026-01","current":"112.5","previous":"100","meter_change":null,"note":""}"#,
    )
    .unwrap();
    assert_eq!(
        api::record_reading(&mut w.l, &w.admin, &r).unwrap().usage,
        d("12.5")
    );
    let r: ReadingInput = serde_json::from_str(
        r#"{"unit":"3-2-1201","item":"SF","period":"2026-02","current":"5","previous":null,"meter_change":["120","0"],"note":""}"#,
    )
    .unwrap();
    assert_eq!(r.meter_change, Some((d("120"), d("0"))));
    let scope: api::Scope = serde_json::from_str(r#"{"unit_type":"shop"}"#).unwrap();
    assert_eq!(scope, api::Scope::UnitType(feedesk_api::UnitType::Shop));
    let scope: api::Scope = serde_json::from_str(r#"{"units":["3-2-1201"]}"#).unwrap();
    assert_eq!(scope, api::Scope::Units(vec!["3-2-1201".into()]));
    let pool: api::NewPool = serde_json::from_str(
        r#"{"item":"GTDF","period":"2026-01","building":null,"total":100001,"basis":"household","note":""}"#,
    )
    .unwrap();
    assert_eq!(
        (pool.total.fen(), pool.basis, pool.building),
        (100_001, Basis::Household, None)
    );
    let target: api::NoticeTarget = serde_json::from_str(r#"{"building":"3"}"#).unwrap();
    assert_eq!(target, api::NoticeTarget::Building("3".into()));
    let kind: api::NoticeKind = serde_json::from_str(r#""dunning""#).unwrap();
    assert_eq!(kind, api::NoticeKind::Dunning);
    // A float for a rate is not accepted: rates travel as strings.
    assert!(serde_json::from_str::<api::Decimal>("2.35").is_err());
    assert_eq!(
        serde_json::from_str::<api::Decimal>(r#""2.35""#).unwrap(),
        d("2.35")
    );
}
