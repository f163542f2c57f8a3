//! 预存不足 on a real ledger file: units whose prepayment is less than a month of their charges are
//! listed (smallest first); a unit with enough, or none, is not; the counter's figures say the same.

mod common;

use common::*;
use feedesk_api as api;

#[test]
fn units_whose_prepayment_will_not_cover_a_month_are_listed() {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    // A month: 3-2-1201 ¥220.25, 3-2-1202 ¥288.76, S-101 ¥247.44.
    for (unit, cash_yuan) in [("3-2-1201", 300), ("3-2-1202", 900), ("S-101", 300)] {
        let mut req = api::CollectRequest::all_open(unit, vec![cash(cash_yuan)]);
        req.to_prepayment = true;
        api::collect(&mut w.l, &w.cashier, &req).unwrap();
    }
    let low = api::low_balances(&w.l, &w.cashier).unwrap();
    let got: Vec<(&str, i64, i64)> = low
        .iter()
        .map(|r| (r.unit.as_str(), r.prepayment_fen, r.monthly_fen))
        .collect();
    // 3-2-1202 holds ¥611.24, two months: not listed. Nobody else holds prepayment.
    assert_eq!(got, [("S-101", 5_256, 24_744), ("3-2-1201", 7_975, 22_025)]);
    assert_eq!(low[1].owner.as_deref(), Some("张三"));
    let a = api::unit_arrears(&w.l, &w.cashier, "3-2-1201").unwrap();
    assert_eq!((a.prepayment_fen, a.monthly_fen), (7_975, 22_025));
    // A ledger never billed has no month to compare with.
    let fresh = World::new();
    assert!(api::low_balances(&fresh.l, &fresh.cashier)
        .unwrap()
        .is_empty());
    assert_eq!(
        api::unit_arrears(&fresh.l, &fresh.cashier, "3-2-1201")
            .unwrap()
            .monthly_fen,
        0
    );
}
