//! Collection at the counter: tenders, change, prepayment, counter sales, personal data.

mod common;

use common::*;
use feedesk_api::{self as api, CollectRequest, PayMethod, SaleLine, SaleRequest};
use feedesk_api::{ErrorCode, Lang, Money};
use rust_decimal::Decimal;

fn req(unit: &str, tenders: Vec<api::Tender>, to_prepayment: bool) -> CollectRequest {
    CollectRequest {
        unit: unit.into(),
        charges: None,
        tenders,
        to_prepayment,
        amount_fen: None,
        payer: None,
        note: String::new(),
    }
}

#[test]
fn cash_gives_change_and_the_receipt_says_so() {
    let mut w = World::new();
    w.bill("2026-01");
    w.bill("2026-02");
    w.open_shift();
    // Two months of 210.25 + 10.00 = 440.50; tendered 500 → change 59.50.
    let r = w.collect_all("3-2-1201", vec![cash(500)]).unwrap();
    assert_eq!(r.total_fen, 44050);
    assert_eq!(r.lines.len(), 4);
    assert_eq!(r.lines[0].period.as_deref(), Some("2026-01"));
    assert_eq!(r.lines[0].basis, "89.47㎡ × 2.35");
    assert_eq!(r.payments.len(), 1);
    assert_eq!(r.payments[0].tendered_fen, Some(50000));
    assert_eq!(r.payments[0].change_fen, Some(5950));
    assert_eq!(r.payments[0].amount_fen, 44050);
    assert_eq!(r.payer, "张三");
    assert_eq!(w.arrears("3-2-1201"), 0);
    assert_eq!(Money::from_fen(r.total_fen).words(), "肆佰肆拾元零伍角整");
    w.assert_invariants();
}

#[test]
fn split_tender_across_methods() {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    let r = w
        .collect_all(
            "3-2-1202",
            vec![
                tender(PayMethod::Wechat, 20000),
                tender(PayMethod::Alipay, 5000),
                cash(50),
            ],
        )
        .unwrap();
    // 278.76 + 10.00 = 288.76: 200 WeChat + 50 Alipay + 38.76 cash of 50 tendered → 11.24 change.
    let by: Vec<(PayMethod, i64, Option<i64>)> = r
        .payments
        .iter()
        .map(|p| (p.method, p.amount_fen, p.change_fen))
        .collect();
    assert_eq!(
        by,
        vec![
            (PayMethod::Cash, 3876, Some(1124)),
            (PayMethod::Wechat, 20000, None),
            (PayMethod::Alipay, 5000, None)
        ]
    );
    let wx = feedesk_ledger::journal::balance(
        &w.db(),
        &feedesk_ledger::journal::Account::Clearing(PayMethod::Wechat),
    )
    .unwrap();
    assert_eq!(wx.fen(), 20000);
    w.assert_invariants();
}

#[test]
fn overpayment_goes_to_prepayment_only_when_chosen() {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    let before = w.fingerprint();
    // A transfer of 300 for 220.25 due cannot give change.
    let e = w
        .collect_all("3-2-1201", vec![tender(PayMethod::Transfer, 30000)])
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Overpaid);
    assert!(e.message(Lang::Zh).contains("预存"));
    assert!(e.message(Lang::En).contains("prepayment"));
    assert_eq!(before, w.fingerprint());
    let r = api::collect(
        &mut w.l,
        &w.cashier,
        &req("3-2-1201", vec![tender(PayMethod::Transfer, 30000)], true),
    )
    .unwrap();
    assert_eq!(r.total_fen, 30000);
    assert_eq!(r.lines.last().unwrap().kind, "prepayment");
    assert_eq!(r.lines.last().unwrap().amount_fen, 7975);
    let a = api::unit_arrears(&w.l, &w.cashier, "3-2-1201").unwrap();
    assert_eq!((a.total_fen, a.prepayment_fen), (0, 7975));
    // The prepayment then pays next month's charges.
    w.bill("2026-02");
    let r = api::collect(
        &mut w.l,
        &w.cashier,
        &req(
            "3-2-1201",
            vec![tender(PayMethod::Prepayment, 7975), cash(200)],
            false,
        ),
    )
    .unwrap();
    assert_eq!(r.total_fen, 22025);
    let a = api::unit_arrears(&w.l, &w.cashier, "3-2-1201").unwrap();
    assert_eq!((a.total_fen, a.prepayment_fen), (0, 0));
    // More prepayment than held is refused.
    w.bill("2026-03");
    let e = api::collect(
        &mut w.l,
        &w.cashier,
        &req("3-2-1201", vec![tender(PayMethod::Prepayment, 100)], false),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    // A pure prepayment (预存) with nothing due.
    let r = api::collect(
        &mut w.l,
        &w.cashier,
        &CollectRequest {
            unit: "3-1-301".into(),
            charges: Some(vec![]),
            tenders: vec![cash(1000)],
            to_prepayment: true,
            amount_fen: None,
            payer: None,
            note: "预存一年".into(),
        },
    )
    .unwrap();
    assert_eq!(r.lines.len(), 1);
    assert_eq!(
        api::unit_arrears(&w.l, &w.cashier, "3-1-301")
            .unwrap()
            .prepayment_fen,
        100000
    );
    w.assert_invariants();
}

#[test]
fn voiding_a_prepayment_that_was_spent_is_refused() {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    let deposit = api::collect(
        &mut w.l,
        &w.cashier,
        &CollectRequest {
            unit: "3-2-1201".into(),
            charges: Some(vec![]),
            tenders: vec![cash(100)],
            to_prepayment: true,
            amount_fen: None,
            payer: None,
            note: String::new(),
        },
    )
    .unwrap();
    let open = api::unit_arrears(&w.l, &w.cashier, "3-2-1201").unwrap();
    let ljf = open
        .charges
        .iter()
        .find(|c| c.item == "LJF")
        .unwrap()
        .charge_id;
    api::collect(
        &mut w.l,
        &w.cashier,
        &CollectRequest {
            unit: "3-2-1201".into(),
            charges: Some(vec![ljf]),
            tenders: vec![tender(PayMethod::Prepayment, 1000)],
            to_prepayment: false,
            amount_fen: None,
            payer: None,
            note: String::new(),
        },
    )
    .unwrap();
    let before = w.fingerprint();
    let e =
        api::void_receipt(&mut w.l, &w.cashier, &deposit.number, "录错", &approval()).unwrap_err();
    assert_eq!(e.code, ErrorCode::VoidNotAllowed);
    assert_eq!(before, w.fingerprint());
    w.assert_invariants();
}

#[test]
fn counter_sales_without_a_charge() {
    let mut w = World::new();
    w.open_shift();
    let r = api::sale(
        &mut w.l,
        &w.cashier,
        &SaleRequest {
            unit: None,
            payer: Some("访客".into()),
            lines: vec![
                SaleLine {
                    item: "FYF".into(),
                    quantity: Decimal::from(12),
                    unit_price: None,
                },
                SaleLine {
                    item: "HSF".into(),
                    quantity: Decimal::new(15, 1),
                    unit_price: Some(Decimal::from(200)),
                },
            ],
            tenders: vec![cash(400)],
            note: String::new(),
        },
    )
    .unwrap();
    assert_eq!(r.kind, api::ReceiptKind::Sale);
    assert_eq!(r.total_fen, 600 + 30000);
    assert_eq!(r.lines[1].basis, "1.5小时 × 200");
    assert_eq!(r.change_fen(), 9400);
    let rev = feedesk_ledger::journal::balance(
        &w.db(),
        &feedesk_ledger::journal::Account::Revenue("HSF".into()),
    )
    .unwrap();
    assert_eq!(rev.fen(), -30000);
    // Clubhouse has no standard price: without one the sale is refused.
    let e = api::sale(
        &mut w.l,
        &w.cashier,
        &SaleRequest {
            unit: None,
            payer: None,
            lines: vec![SaleLine {
                item: "HSF".into(),
                quantity: Decimal::ONE,
                unit_price: None,
            }],
            tenders: vec![cash(1)],
            note: String::new(),
        },
    )
    .unwrap_err();
    assert!(e.zh.contains("单价"));
    // A fee billed monthly cannot be sold at the counter.
    let e = api::sale(
        &mut w.l,
        &w.cashier,
        &SaleRequest {
            unit: None,
            payer: None,
            lines: vec![SaleLine {
                item: "WYF".into(),
                quantity: Decimal::ONE,
                unit_price: None,
            }],
            tenders: vec![cash(1)],
            note: String::new(),
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    w.assert_invariants();
}

#[test]
fn personal_data_is_masked_unless_the_role_allows() {
    let w = World::new();
    let u = api::unit(&w.l, &w.cashier, "3-2-1201").unwrap();
    assert_eq!(u.parties[0].phone, "138****5678");
    let u = api::unit(&w.l, &w.supervisor, "3-2-1201").unwrap();
    assert_eq!(u.parties[0].phone, "13812345678");
    let hits = api::search_units(&w.l, &w.cashier, "5678", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].phone_masked.as_deref(), Some("138****5678"));
    assert_eq!(
        api::search_units(&w.l, &w.cashier, "321201", 10).unwrap()[0].code,
        "3-2-1201"
    );
    assert_eq!(
        api::search_units(&w.l, &w.cashier, "张淑", 10).unwrap()[0].code,
        "3-2-1202"
    );
    assert_eq!(
        feedesk_ledger::estate::mask_id("11010519491231002X"),
        "110105********002X"
    );
}

#[test]
fn a_cashier_cannot_void_anothers_receipt_and_messages_are_bilingual() {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    let r = w.collect_all("3-2-1201", vec![cash(300)]).unwrap();
    let e = api::void_receipt(&mut w.l, &w.cashier2, &r.number, "录错", &approval()).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = api::collect(
        &mut w.l,
        &w.cashier2,
        &req("3-2-1202", vec![cash(300)], false),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NoOpenShift);
    assert!(e.message(Lang::Zh).contains("开班"));
    assert!(e.message(Lang::En).contains("shift"));
    let e = api::Tender::parse("bitcoin:5").unwrap_err();
    assert!(e.zh.contains("收款方式") && e.en.contains("payment method"));
    assert_eq!(
        api::Tender::parse("微信:１２０.５０").unwrap().amount.fen(),
        12050
    );
}
