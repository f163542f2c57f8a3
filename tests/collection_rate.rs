//! 收缴率 per building on a real ledger file: billed, collected net of voids and reversals, the exact rate.

mod common;

use common::*;
use feedesk_api::ErrorCode;
use feedesk_api::{self as api, CollectionRate, CollectionRates, ExportRequest};
use rust_decimal::Decimal;

fn rates(w: &World, from: &str, to: &str) -> CollectionRates {
    api::collection_rates(&w.l, &w.supervisor, from, to).unwrap()
}

fn building<'a>(r: &'a CollectionRates, code: &str) -> &'a CollectionRate {
    r.buildings
        .iter()
        .find(|b| b.building == code)
        .unwrap_or_else(|| panic!("no building {code} in {r:#?}"))
}

fn pct(s: &str) -> Option<Decimal> {
    Some(s.parse().unwrap())
}

/// Σ of the charges of a building's units for the periods, read straight from the charges table.
fn billed_in_ledger(w: &World, building: &str, from: &str, to: &str) -> i64 {
    w.db()
        .query_row(
            "SELECT COALESCE(SUM(c.amount_fen), 0) FROM charges c JOIN units u ON u.id = c.unit_id
             JOIN buildings b ON b.id = u.building_id WHERE b.code = ?1 AND c.period BETWEEN ?2 AND ?3",
            [building, from, to],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn collection_rate_per_building_counts_what_settles_the_periods_and_drops_with_a_void() {
    let mut w = World::new();
    w.set_time(at(2026, 3, 10, 9));
    for p in ["2026-01", "2026-02", "2026-03"] {
        w.bill(p);
    }
    // Per month, building 3: 物业费 89.47×2.35 = 210.25, 118.62×2.35 = 278.76, 64.05×2.35 = 150.52,
    // 垃圾费 3×10.00 → ¥669.53. Shop S-101: 45.30×4.80 = 217.44 + 30.00 = ¥247.44. Parking: ¥150.00.
    let before = rates(&w, "2026-01", "2026-02");
    assert_eq!(
        (before.from.as_str(), before.to.as_str()),
        ("2026-01", "2026-02")
    );
    let codes: Vec<&str> = before
        .buildings
        .iter()
        .map(|b| b.building.as_str())
        .collect();
    assert_eq!(codes, ["3", "P", "S"]);
    for (code, billed) in [("3", 133_906), ("S", 49_488), ("P", 30_000)] {
        let b = building(&before, code);
        assert_eq!(b.billed_fen, billed, "{code}");
        assert_eq!(
            b.billed_fen,
            billed_in_ledger(&w, code, "2026-01", "2026-02")
        );
        assert_eq!((b.collected_fen, b.outstanding_fen), (0, billed));
        assert_eq!(b.rate_percent, pct("0.00"));
    }
    assert_eq!(building(&before, "3").charges, 12);
    assert_eq!(before.total.billed_fen, 133_906 + 49_488 + 30_000);

    w.open_shift();
    // 3-2-1201 pays everything (three months, ¥660.75 of which ¥440.50 for January and February).
    w.collect_all("3-2-1201", vec![cash(1000)]).unwrap();
    // 3-2-1202 pays only its January charges (¥288.76).
    let jan: Vec<i64> = api::unit_arrears(&w.l, &w.cashier, "3-2-1202")
        .unwrap()
        .charges
        .iter()
        .filter(|c| c.period == "2026-01")
        .map(|c| c.charge_id)
        .collect();
    assert_eq!(jan.len(), 2);
    api::collect(
        &mut w.l,
        &w.cashier,
        &api::CollectRequest {
            charges: Some(jan),
            ..api::CollectRequest::all_open(
                "3-2-1202",
                vec![tender(api::PayMethod::Wechat, 28_876)],
            )
        },
    )
    .unwrap();
    // The shop pays everything, then the receipt is voided.
    let shop = w.collect_all("S-101", vec![cash(800)]).unwrap();
    // The parking space pays everything: ¥450.00 for three months.
    w.collect_all("P-B1-023", vec![cash(450)]).unwrap();

    let paid = rates(&w, "2026-01", "2026-02");
    let b3 = building(&paid, "3");
    assert_eq!(b3.collected_fen, 2 * 22_025 + 28_876);
    assert_eq!(b3.outstanding_fen, 133_906 - 72_926);
    // 72,926 ÷ 133,906 = 54.4602…% → 54.46
    assert_eq!(b3.rate_percent, pct("54.46"));
    assert_eq!(building(&paid, "S").rate_percent, pct("100.00"));
    assert_eq!(building(&paid, "P").collected_fen, 30_000);
    assert_eq!(paid.total.collected_fen, 72_926 + 49_488 + 30_000);
    // 152,414 ÷ 213,394 = 71.4237…%
    assert_eq!(paid.total.rate_percent, pct("71.42"));
    // March alone: 3-2-1201 and the parking space paid it, 3-2-1202 did not.
    let march = rates(&w, "2026-03", "2026-03");
    assert_eq!(building(&march, "3").collected_fen, 22_025);
    assert_eq!(building(&march, "3").billed_fen, 66_953);
    assert_eq!(building(&march, "3").rate_percent, pct("32.90")); // 32.8961…

    // A void reopens the shop's charges: its rate and the estate's drop.
    api::void_receipt(&mut w.l, &w.cashier, &shop.number, "收错房号", &approval()).unwrap();
    let voided = rates(&w, "2026-01", "2026-02");
    let s = building(&voided, "S");
    assert_eq!(
        (s.collected_fen, s.outstanding_fen, s.rate_percent),
        (0, 49_488, pct("0.00"))
    );
    assert_eq!(voided.total.collected_fen, 72_926 + 30_000);
    assert!(voided.total.rate_percent < paid.total.rate_percent);
    assert_eq!(voided.total.rate_percent, pct("48.23")); // 102,926 ÷ 213,394 = 48.2333…%

    // A reversal (红冲) of a closed shift's receipt lowers it the same way.
    w.set_time(at(2026, 3, 10, 17));
    w.close_shift_exact();
    w.set_time(at(2026, 3, 11, 9));
    w.open_shift();
    w.reverse_latest("P-B1-023", "重复收费");
    let reversed = rates(&w, "2026-01", "2026-02");
    assert_eq!(building(&reversed, "P").collected_fen, 0);
    assert_eq!(reversed.total.collected_fen, 72_926);
    assert_eq!(reversed.total.rate_percent, pct("34.17")); // 72,926 ÷ 213,394 = 34.1743…%
    w.assert_invariants();

    // The workbook carries the same figures.
    let x = api::export_xlsx(
        &w.l,
        &w.supervisor,
        &ExportRequest::CollectionRates {
            from: "2026-01".into(),
            to: "2026-02".into(),
        },
    )
    .unwrap();
    assert_eq!(x.sheets, ["收缴率"]);
    assert_eq!((x.rows, x.total_fen), (3, 72_926));
    assert_eq!(x.file_name, "收缴率-2026-01-2026-02.xlsx");
}

#[test]
fn collection_rate_is_for_managers_and_needs_a_valid_range() {
    let mut w = World::new();
    w.set_time(at(2026, 2, 10, 9));
    w.bill("2026-01");
    let e = api::collection_rates(&w.l, &w.cashier, "2026-01", "2026-01").unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = api::collection_rates(&w.l, &w.admin, "2026-03", "2026-01").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let e = api::collection_rates(&w.l, &w.admin, "2026-13", "2026-01").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    // Periods in other spellings are read as months; nothing billed yet means no rate.
    let r = api::collection_rates(&w.l, &w.admin, "2026年1月", "2026/1").unwrap();
    assert_eq!(r.buildings.len(), 3);
    assert_eq!(r.total.rate_percent, Some(Decimal::new(0, 2)));
    let empty = api::collection_rates(&w.l, &w.admin, "2025-01", "2025-12").unwrap();
    assert!(empty.buildings.is_empty());
    assert_eq!(
        (empty.total.billed_fen, empty.total.rate_percent),
        (0, None)
    );
}
