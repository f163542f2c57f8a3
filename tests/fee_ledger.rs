//! 收费台账 of a unit on a real ledger file: each billing, payment, service sold, prepayment taken and
//! spent, void and reversal in date order, the running balances, and the last ones equal to the unit's.

mod common;

use common::*;
use feedesk_api::{self as api, EntryKind, ExportRequest, PayMethod, SaleLine, SaleRequest};
use rust_decimal::Decimal;

#[test]
fn every_movement_in_date_order_with_balances_that_end_at_the_units_own() {
    let mut w = World::new();
    // January: 3-2-1201 owes 220.25 and pays ¥300, the rest to prepayment (¥79.75).
    w.set_time(at(2026, 1, 5, 9));
    w.bill("2026-01");
    w.open_shift();
    let mut req = api::CollectRequest::all_open("3-2-1201", vec![cash(300)]);
    req.to_prepayment = true;
    api::collect(&mut w.l, &w.cashier, &req).unwrap();
    w.set_time(at(2026, 1, 5, 17));
    w.close_shift_exact();
    // February: paid from the prepayment and cash; 12 copies sold to the unit; ¥50 paid and voided;
    // March billed ahead and ¥100 of it paid.
    w.set_time(at(2026, 2, 2, 9));
    w.bill("2026-02");
    w.open_shift();
    let feb = w
        .collect_all(
            "3-2-1201",
            vec![tender(PayMethod::Prepayment, 7_975), cash(200)],
        )
        .unwrap();
    api::sale(
        &mut w.l,
        &w.cashier,
        &SaleRequest {
            unit: Some("3-2-1201".into()),
            payer: None,
            lines: vec![SaleLine {
                item: "FYF".into(),
                quantity: Decimal::from(12),
                unit_price: None,
            }],
            tenders: vec![cash(6)],
            note: String::new(),
        },
    )
    .unwrap();
    w.set_time(at(2026, 2, 2, 10));
    w.bill("2026-03");
    let mut part = api::CollectRequest::all_open("3-2-1201", vec![cash(50)]);
    part.amount_fen = Some(5_000);
    let voided = api::collect(&mut w.l, &w.cashier, &part).unwrap();
    api::void_receipt(&mut w.l, &w.cashier, &voided.number, "收错", &approval()).unwrap();
    part.amount_fen = Some(10_000);
    part.tenders = vec![cash(100)];
    api::collect(&mut w.l, &w.cashier, &part).unwrap();
    w.set_time(at(2026, 2, 2, 17));
    w.close_shift_exact();
    // The next day February's receipt is reversed: its charges reopen and the prepayment comes back.
    w.set_time(at(2026, 2, 3, 9));
    w.open_shift();
    api::reverse_receipt(&mut w.l, &w.cashier, &feb.number, "重复收费", &approval()).unwrap();

    let led = api::fee_ledger(&w.l, &w.cashier, "3-2-1201").unwrap();
    let kinds: Vec<EntryKind> = led.entries.iter().map(|e| e.kind).collect();
    use EntryKind::*;
    assert_eq!(
        kinds,
        [Billed, Paid, Billed, Paid, Paid, Billed, Voided, Paid, Reversed]
    );
    let figures: Vec<(i64, i64, i64)> = led
        .entries
        .iter()
        .map(|e| (e.charged_fen, e.paid_fen, e.prepaid_fen))
        .collect();
    assert_eq!(
        figures,
        [
            (22_025, 0, 0),
            (0, 22_025, 7_975),
            (22_025, 0, 0),
            (0, 22_025, -7_975),
            (600, 600, 0),
            (22_025, 0, 0),
            (0, 0, 0),
            (0, 10_000, 0),
            (0, -22_025, 7_975),
        ]
    );
    assert!(
        led.entries[0].summary.contains("2026-01 物业服务费"),
        "{}",
        led.entries[0].summary
    );
    assert!(led.entries[6].document.as_deref() == Some(voided.number.as_str()));
    // The balances after each entry, worked out by hand.
    let balances: Vec<(i64, i64)> = led
        .entries
        .iter()
        .map(|e| (e.arrears_fen, e.prepayment_fen))
        .collect();
    assert_eq!(
        balances,
        [
            (22_025, 0),
            (0, 7_975),
            (22_025, 7_975),
            (0, 0),
            (0, 0),
            (22_025, 0),
            (22_025, 0),
            (12_025, 0),
            (34_050, 7_975),
        ]
    );
    let unit = api::unit_arrears(&w.l, &w.cashier, "3-2-1201").unwrap();
    assert_eq!(
        (led.arrears_fen, led.prepayment_fen),
        (unit.total_fen, unit.prepayment_fen)
    );
    assert_eq!(led.arrears_fen, 22_025 + 22_025 - 10_000);
    assert_eq!(led.prepayment_fen, 7_975);

    let pdf = pdf_text(&api::fee_ledger_pdf(&w.l, &w.cashier, "3-2-1201").unwrap());
    for needle in [
        "收费台账 3-2-1201",
        "红冲",
        "作废（不计）",
        &feb.number,
        "340.50",
        "79.75",
    ] {
        assert!(pdf.contains(needle), "{needle} not in\n{pdf}");
    }
    let x = api::export_xlsx(
        &w.l,
        &w.cashier,
        &ExportRequest::FeeLedger {
            unit: "3-2-1201".into(),
        },
    )
    .unwrap();
    assert_eq!(
        (x.sheets.as_slice(), x.rows),
        (["收费台账".to_string()].as_slice(), 9)
    );
    // An unknown unit: a clear error.
    let e = api::fee_ledger(&w.l, &w.cashier, "9-9-999").unwrap_err();
    assert_eq!(e.code, api::ErrorCode::NotFound);
}
