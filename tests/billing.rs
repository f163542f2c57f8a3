//! Fee standards, meter readings, allocation and the billing run.

mod common;

use common::*;
use feedesk_api::{self as api, Basis, Scope};
use feedesk_api::{ErrorCode, Money};

#[test]
fn preview_then_run_then_nothing_twice() {
    let mut w = World::new();
    let p = api::billing_preview(&w.l, &w.admin, "2026-01").unwrap();
    // 3 flats: WYF + LJF each; the shop WYF + LJF; the parking space CWF. Water has no readings yet; no pool.
    let wyf = p.items.iter().find(|i| i.item == "WYF").unwrap();
    assert_eq!(wyf.charges, 4);
    // 89.47×2.35=210.2545→210.25; 118.62×2.35=278.757→278.76; 64.05×2.35=150.5175→150.52; 45.30×4.80=217.44
    assert_eq!(wyf.total_fen, 21025 + 27876 + 15052 + 21744);
    assert_eq!(
        p.items.iter().find(|i| i.item == "CWF").unwrap().total_fen,
        15000
    );
    assert_eq!(
        p.missing_readings.len(),
        3,
        "water needs readings for the three flats"
    );
    assert_eq!(w.count("charges"), 0, "a preview creates nothing");
    let r = w.bill("2026-01");
    assert_eq!(r.preview.charges, p.charges);
    assert_eq!(r.preview.total_fen, p.total_fen);
    let before = w.fingerprint();
    let again = w.bill("2026-01");
    assert_eq!(again.preview.charges, 0);
    assert_eq!(again.run_id, None);
    assert_eq!(again.preview.already_billed, p.charges);
    assert_eq!(
        before,
        w.fingerprint(),
        "the same period twice creates nothing new"
    );
    w.assert_invariants();
}

#[test]
fn a_unit_added_later_is_billed_by_running_again_and_billing_start_is_respected() {
    let mut w = World::new();
    w.bill("2026-01");
    let csv = w.dir.path().join("more.csv");
    std::fs::write(&csv, "楼栋,单元,房号,房屋类型,建筑面积,业主姓名,联系电话,交房日期\n5,1,101,住宅,100.00,新业主,13800001111,2026-03-15\n").unwrap();
    api::import_units(&mut w.l, &w.admin, &csv).unwrap();
    let r = w.bill("2026-01");
    assert_eq!(
        r.preview.charges, 0,
        "handed over in March: not billed for January"
    );
    w.bill("2026-02");
    let r = w.bill("2026-03");
    assert!(r.preview.charges > 0);
    assert_eq!(
        w.arrears("5-1-101"),
        23500 + 1000,
        "billed from its handover month only"
    );
    // An explicit billing start overrides the handover month.
    api::set_billing_start(&mut w.l, &w.admin, "3-2-1201", "2026-06").unwrap();
    w.bill("2026-04");
    let a = api::unit_arrears(&w.l, &w.admin, "3-2-1201").unwrap();
    assert!(a.charges.iter().all(|c| c.period.as_str() < "2026-04"));
    w.assert_invariants();
}

#[test]
fn standards_apply_by_type_or_to_chosen_units_from_their_start() {
    let mut w = World::new();
    // From March the flat 3-2-1202 pays a special 3.00; from April every flat pays 2.50.
    api::set_fee_standard(
        &mut w.l,
        &w.admin,
        "WYF",
        d("3.00"),
        &Scope::Units(vec!["3-2-1202".into()]),
        "2026-03",
    )
    .unwrap();
    api::set_fee_standard(
        &mut w.l,
        &w.admin,
        "WYF",
        d("2.50"),
        &Scope::UnitType(feedesk_api::UnitType::Residential),
        "2026-04",
    )
    .unwrap();
    for p in ["2026-02", "2026-03", "2026-04"] {
        w.bill(p);
    }
    let wyf = |unit: &str| -> Vec<(String, i64)> {
        api::unit_arrears(&w.l, &w.admin, unit)
            .unwrap()
            .charges
            .into_iter()
            .filter(|c| c.item == "WYF")
            .map(|c| (c.period, c.amount_fen))
            .collect()
    };
    assert_eq!(
        wyf("3-2-1202"),
        vec![
            ("2026-02".into(), 27876),
            ("2026-03".into(), 35586),
            ("2026-04".into(), 35586)
        ]
    );
    assert_eq!(
        wyf("3-2-1201"),
        vec![
            ("2026-02".into(), 21025),
            ("2026-03".into(), 21025),
            ("2026-04".into(), 22368)
        ]
    );
    assert_eq!(
        api::set_fee_standard(
            &mut w.l,
            &w.admin,
            "WYF",
            d("-1"),
            &Scope::UnitType(feedesk_api::UnitType::Shop),
            "2026-04"
        )
        .unwrap_err()
        .code,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        api::set_fee_standard(
            &mut w.l,
            &w.cashier,
            "WYF",
            d("1"),
            &Scope::UnitType(feedesk_api::UnitType::Shop),
            "2026-04"
        )
        .unwrap_err()
        .code,
        ErrorCode::Forbidden
    );
}

#[test]
fn meter_readings_are_checked_and_billed_by_usage() {
    let mut w = World::new();
    let r = api::record_reading(
        &mut w.l,
        &w.admin,
        &reading("3-2-1201", "2026-01", "112.5", Some("100")),
    )
    .unwrap();
    assert_eq!(r.usage, d("12.5"));
    assert!(!r.flagged);
    // Below the previous reading without a meter change: refused, nothing stored.
    let before = w.fingerprint();
    let e = api::record_reading(
        &mut w.l,
        &w.admin,
        &reading("3-2-1201", "2026-02", "110", None),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::ReadingInvalid);
    assert!(e.zh.contains("换表"));
    assert_eq!(before, w.fingerprint());
    // A first reading needs its starting value.
    assert_eq!(
        api::record_reading(
            &mut w.l,
            &w.admin,
            &reading("3-2-1202", "2026-01", "50", None)
        )
        .unwrap_err()
        .code,
        ErrorCode::ReadingInvalid
    );
    // Meter changed: old meter ran to 120, new one starts at 0 and reads 5 → 7.5 + 5.
    let mut change = reading("3-2-1201", "2026-02", "5", None);
    change.meter_change = Some((d("120"), d("0")));
    assert_eq!(
        api::record_reading(&mut w.l, &w.admin, &change)
            .unwrap()
            .usage,
        d("12.5")
    );
    // An abnormal jump is recorded but flagged.
    let jump = api::record_reading(
        &mut w.l,
        &w.admin,
        &reading("3-2-1201", "2026-03", "105", None),
    )
    .unwrap();
    assert_eq!(jump.usage, d("100"));
    assert!(jump.flagged);
    // Same period twice: refused.
    assert_eq!(
        api::record_reading(
            &mut w.l,
            &w.admin,
            &reading("3-2-1201", "2026-03", "106", None)
        )
        .unwrap_err()
        .code,
        ErrorCode::ReadingInvalid
    );
    let p = w.bill("2026-03").preview;
    assert_eq!(p.flagged_readings, vec!["3-2-1201".to_string()]);
    let water: i64 = api::unit_arrears(&w.l, &w.admin, "3-2-1201")
        .unwrap()
        .charges
        .iter()
        .filter(|c| c.item == "SF")
        .map(|c| c.amount_fen)
        .sum();
    assert_eq!(water, 38000, "100 t × 3.80");
    // The readings entered later for January and February are billed by running those periods.
    w.bill("2026-01");
    w.bill("2026-02");
    let water: Vec<i64> = api::unit_arrears(&w.l, &w.admin, "3-2-1201")
        .unwrap()
        .charges
        .iter()
        .filter(|c| c.item == "SF")
        .map(|c| c.amount_fen)
        .collect();
    assert_eq!(water, vec![4750, 4750, 38000]);
    w.assert_invariants();
}

fn pool(
    item: &str,
    period: &str,
    building: Option<String>,
    total: Money,
    basis: Basis,
) -> api::NewPool {
    api::NewPool {
        item: item.into(),
        period: period.into(),
        building,
        total,
        basis,
        note: String::new(),
    }
}

#[test]
fn a_shared_meter_is_split_exactly_by_area_or_household() {
    let mut w = World::new();
    // 1,000.01 over three flats by area (89.47, 118.62, 64.05 = 272.14 m²).
    api::create_allocation_pool(
        &mut w.l,
        &w.admin,
        &pool(
            "GTDF",
            "2026-01",
            None,
            Money::parse("1000.01").unwrap(),
            Basis::Area,
        ),
    )
    .unwrap();
    api::create_allocation_pool(
        &mut w.l,
        &w.admin,
        &pool(
            "GTDF",
            "2026-02",
            Some("3".into()),
            Money::parse("100.00").unwrap(),
            Basis::Household,
        ),
    )
    .unwrap();
    assert_eq!(
        api::create_allocation_pool(
            &mut w.l,
            &w.admin,
            &pool("GTDF", "2026-01", None, Money::from_yuan(1), Basis::Area)
        )
        .unwrap_err()
        .code,
        ErrorCode::Duplicate
    );
    assert_eq!(
        api::create_allocation_pool(
            &mut w.l,
            &w.admin,
            &pool("WYF", "2026-01", None, Money::from_yuan(1), Basis::Area)
        )
        .unwrap_err()
        .code,
        ErrorCode::InvalidInput
    );
    w.bill("2026-01");
    w.bill("2026-02");
    let part = |unit: &str, period: &str| -> i64 {
        api::unit_arrears(&w.l, &w.admin, unit)
            .unwrap()
            .charges
            .iter()
            .filter(|c| c.item == "GTDF" && c.period == period)
            .map(|c| c.amount_fen)
            .sum()
    };
    let jan: Vec<i64> = ["3-2-1201", "3-2-1202", "3-1-301"]
        .iter()
        .map(|u| part(u, "2026-01"))
        .collect();
    assert_eq!(jan.iter().sum::<i64>(), 100001);
    // Exact shares 32876.789…, 43588.295…, 23535.915…: floors sum to 99999; the two fen left go to
    // the largest fractions (.915, then .789).
    assert_eq!(jan, vec![32877, 43588, 23536]);
    let feb: Vec<i64> = ["3-2-1201", "3-2-1202", "3-1-301"]
        .iter()
        .map(|u| part(u, "2026-02"))
        .collect();
    assert_eq!(
        feb,
        vec![3333, 3333, 3334],
        "100.00 over three households: the extra fen goes to the first by unit code, 3-1-301"
    );
    assert_eq!(
        part("S-101", "2026-01"),
        0,
        "shops have no standard for the shared meter"
    );
    w.assert_invariants();
}

#[test]
fn a_billing_run_reads_its_period_through_indexes_whatever_the_ledger_size() {
    let w = World::new();
    // The statements billing::compute issues for the period, as SQLite plans them.
    for sql in [
        "SELECT id FROM charges WHERE id >= ?1 AND id < ?2",
        "SELECT unit_id, fee_item_id, usage, flagged FROM meter_readings WHERE period = ?1",
    ] {
        let conn = w.db();
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let n = stmt.parameter_count();
        let plan: Vec<String> = stmt
            .query_map(rusqlite::params_from_iter(std::iter::repeat_n(1, n)), |r| {
                r.get::<_, String>(3)
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            plan.iter().all(|p| p.starts_with("SEARCH")),
            "{sql}: {plan:?}"
        );
    }
}
