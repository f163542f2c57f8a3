//! 收费月报表 and the collection rates by month (户收费率, 收费率, 清缴率) on a real ledger file: each
//! column's figure worked out by hand, the month equal to the sum of its daily cash reports, a month
//! that is over read the same later, and the rates' arrears carried month to month equal to the ones
//! worked back from today's balances.

mod common;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use common::*;
use feedesk_api::{self as api, DailyScope, ErrorCode, ExportRequest, MonthFigures, MonthlyReport};
use feedesk_api::{MonthRates, PayMethod, SaleLine, SaleRequest};
use rust_decimal::Decimal;

fn report(w: &World, month: &str) -> MonthlyReport {
    api::monthly_report(&w.l, &w.supervisor, month).unwrap()
}

fn figures(r: &MonthlyReport, building: &str, item: &str) -> MonthFigures {
    r.rows
        .iter()
        .find(|x| x.building == building && x.item == item)
        .map(|x| x.figures)
        .unwrap_or_else(|| panic!("no {building}/{item} in {:#?}", r.rows))
}

fn rates<'a>(rows: &'a [MonthRates], month: &str, building: &str) -> &'a MonthRates {
    rows.iter()
        .find(|x| x.month == month && x.building == building)
        .unwrap_or_else(|| panic!("no rates {month}/{building} in {rows:#?}"))
}

fn pct(s: &str) -> Option<Decimal> {
    Some(s.parse().unwrap())
}

fn f(billed: i64, collected: i64, recovered: i64, advance: i64, open: i64) -> MonthFigures {
    MonthFigures {
        billed_fen: billed,
        collected_fen: collected,
        recovered_fen: recovered,
        advance_fen: advance,
        open_fen: open,
        prepayment_used_fen: 0,
    }
}

/// Three months at the counter. Per month: 3-2-1201 owes 物业服务费 210.25 + 垃圾处理费 10.00,
/// 3-2-1202 278.76 + 10.00, 3-1-301 150.52 + 10.00, the shop S-101 217.44 + 30.00, the parking
/// space P-B1-023 车位费 150.00.
fn three_months() -> World {
    let mut w = World::new();
    // January: 3-2-1201 and the shop pay the month; the shop leaves ¥52.56 as prepayment.
    w.set_time(at(2026, 1, 5, 9));
    w.bill("2026-01");
    w.open_shift();
    w.collect_all("3-2-1201", vec![cash(300)]).unwrap();
    let mut shop = api::CollectRequest::all_open("S-101", vec![cash(300)]);
    shop.to_prepayment = true;
    api::collect(&mut w.l, &w.cashier, &shop).unwrap();
    w.set_time(at(2026, 1, 5, 17));
    w.close_shift_exact();
    // February: 3-2-1202 and the parking space pay January and February; a walk-in buys 12 copies;
    // the shop pays February partly from its prepayment; 3-1-301 pays and its receipt is voided.
    w.set_time(at(2026, 2, 2, 9));
    w.bill("2026-02");
    w.open_shift();
    w.collect_all("3-2-1202", vec![cash(600)]).unwrap();
    w.collect_all("P-B1-023", vec![cash(300)]).unwrap();
    copies(&mut w);
    // The shop pays February with its ¥52.56 of prepayment and cash.
    w.collect_all(
        "S-101",
        vec![tender(PayMethod::Prepayment, 5_256), cash(200)],
    )
    .unwrap();
    let voided = w.collect_all("3-1-301", vec![cash(400)]).unwrap();
    api::void_receipt(
        &mut w.l,
        &w.cashier,
        &voided.number,
        "收错房号",
        &approval(),
    )
    .unwrap();
    w.set_time(at(2026, 2, 2, 17));
    w.close_shift_exact();
    // March is billed ahead; 3-2-1201 pays February and March on the 20th.
    w.set_time(at(2026, 2, 20, 9));
    w.bill("2026-03");
    w.open_shift();
    w.collect_all("3-2-1201", vec![cash(500)]).unwrap();
    w.set_time(at(2026, 2, 20, 17));
    w.close_shift_exact();
    w
}

fn copies(w: &mut World) {
    api::sale(
        &mut w.l,
        &w.cashier,
        &SaleRequest {
            unit: None,
            payer: Some("访客".into()),
            lines: vec![SaleLine {
                item: "FYF".into(),
                quantity: Decimal::from(12),
                unit_price: None,
            }],
            tenders: vec![cash(10)],
            note: String::new(),
        },
    )
    .unwrap();
}

#[test]
fn each_column_counts_what_its_definition_says() {
    let w = three_months();
    let feb = report(&w, "2026-02");
    assert_eq!(
        (feb.month.as_str(), feb.until.as_str()),
        ("2026-02", "2026-03-01")
    );
    // 物业服务费 of building 3: billed 210.25 + 278.76 + 150.52; February's own paid by 3-2-1202 and
    // 3-2-1201; 3-2-1202's January recovered; 3-2-1201's March paid ahead; 3-1-301's open (its
    // payment was voided).
    assert_eq!(
        figures(&feb, "3", "WYF"),
        f(63_953, 27_876 + 21_025, 27_876, 21_025, 15_052)
    );
    assert_eq!(
        figures(&feb, "3", "LJF"),
        f(3_000, 2_000, 1_000, 1_000, 1_000)
    );
    // The shop paid February partly from the prepayment it left in January: settled in full, but
    // the ¥52.56 was received in January, not again now.
    assert_eq!(figures(&feb, "S", "WYF"), f(21_744, 21_744, 0, 0, 0));
    let spent = figures(&feb, "S", "预存款");
    assert_eq!((spent.prepayment_used_fen, spent.settled_fen()), (5_256, 0));
    let shop = feb
        .buildings
        .iter()
        .find(|b| b.building == "S")
        .unwrap()
        .figures;
    assert_eq!(shop.received_fen(), 24_744 - 5_256);
    assert_eq!(figures(&feb, "P", "CWF"), f(15_000, 15_000, 15_000, 0, 0));
    // A counter sale: received, never billed, under no building.
    assert_eq!(figures(&feb, "", "FYF"), f(0, 600, 0, 0, 0));
    // Buildings in order, the walk-in's last; each subtotal and the total add up.
    let order: Vec<&str> = feb.buildings.iter().map(|b| b.building.as_str()).collect();
    assert_eq!(order, ["3", "P", "S", ""]);
    let mut sum = MonthFigures::default();
    for x in &feb.rows {
        sum.add(&x.figures);
    }
    assert_eq!(sum, feb.total);
    let billed: i64 = w
        .db()
        .query_row(
            "SELECT SUM(amount_fen) FROM charges WHERE period = '2026-02'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(feb.total.billed_fen, billed);
    // January: the shop's ¥52.56 stands as prepayment received (预收).
    let jan = report(&w, "2026-01");
    assert_eq!(figures(&jan, "S", "预存款"), f(0, 0, 0, 5_256, 0));
    assert_eq!(figures(&jan, "S", "WYF"), f(21_744, 21_744, 0, 0, 0));

    // The month's rates: building 3 had three households billed, two paid February in full.
    let r3 = rates(&feb.rates, "2026-02", "3");
    assert_eq!((r3.households_billed, r3.households_paid), (3, 2));
    assert_eq!(r3.household_rate, pct("66.67"));
    assert_eq!((r3.billed_fen, r3.settled_fen), (66_953, 50_901));
    assert_eq!(r3.collection_rate, pct("76.02")); // 50,901 ÷ 66,953 = 76.0249…%
                                                  // January left 3-2-1202's and 3-1-301's charges open: ¥449.28; ¥288.76 of it came in.
    assert_eq!(
        (r3.arrears_at_start_fen, r3.arrears_collected_fen),
        (44_928, 28_876)
    );
    assert_eq!(r3.clearance_rate, pct("64.27")); // 64.2717…%
    let s = rates(&feb.rates, "2026-02", "S");
    assert_eq!((s.households_paid, s.household_rate), (1, pct("100.00")));
    assert_eq!((s.arrears_at_start_fen, s.clearance_rate), (0, None));
    let p = rates(&feb.rates, "2026-02", "P");
    assert_eq!(p.clearance_rate, pct("100.00"));
    let estate = rates(&feb.rates, "2026-02", "合计");
    assert_eq!(estate.households_billed, 5);
    assert_eq!(estate.households_paid, 4);
    assert_eq!(estate.arrears_at_start_fen, 44_928 + 15_000);
    assert!(!feb.rates.iter().any(|x| x.building.is_empty()));
}

/// Σ of the desk's daily cash reports over the month's days: per fee item (deposit deductions as
/// one), prepayments received and prepayment spent.
fn days_of(w: &World, month: &str) -> (BTreeMap<String, i64>, i64, i64) {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").unwrap();
    let mut items = BTreeMap::new();
    let (mut prepaid, mut spent) = (0, 0);
    let mut day = first;
    while day.format("%Y-%m").to_string() == month {
        let d = api::daily_report(&w.l, &w.supervisor, &DailyScope::DeskDay { date: day }).unwrap();
        for a in d.by_item {
            let key = if a.key.starts_with("deduction:") {
                "押金扣款".into()
            } else {
                a.key
            };
            *items.entry(key).or_default() += a.fen;
        }
        prepaid += d.prepayments_received_fen;
        spent += d.prepayments_used_fen;
        day = day.succ_opt().unwrap();
    }
    items.retain(|_, v| *v != 0);
    (items, prepaid, spent)
}

fn month_items(r: &MonthlyReport) -> (BTreeMap<String, i64>, i64, i64) {
    let mut items: BTreeMap<String, i64> = r
        .items
        .iter()
        .map(|x| (x.item.clone(), x.figures.settled_fen()))
        .collect();
    let prepaid = items.remove("预存款").unwrap_or(0);
    items.retain(|_, v| *v != 0);
    (items, prepaid, r.total.prepayment_used_fen)
}

#[test]
fn a_month_is_the_sum_of_its_daily_cash_reports_and_reads_the_same_once_over() {
    let mut w = three_months();
    let feb_then = report(&w, "2026-02");
    let jan_then = report(&w, "2026-01");
    // March: 3-1-301 pays three months; the parking space's February receipt is reversed (红冲).
    w.set_time(at(2026, 3, 2, 9));
    w.open_shift();
    w.collect_all("3-1-301", vec![cash(500)]).unwrap();
    w.reverse_latest("P-B1-023", "重复收费");
    w.set_time(at(2026, 3, 2, 17));
    w.close_shift_exact();

    for month in ["2026-01", "2026-02", "2026-03"] {
        assert_eq!(
            month_items(&report(&w, month)),
            days_of(&w, month),
            "{month}"
        );
    }
    // What happened in March changes nothing of January and February.
    for (then, month) in [(jan_then, "2026-01"), (feb_then, "2026-02")] {
        let now = report(&w, month);
        assert_eq!(strip(&now), strip(&then), "{month}");
    }
    // The reversal is March's: both months of the parking space come off what March recovered.
    let mar = report(&w, "2026-03");
    assert_eq!(figures(&mar, "P", "CWF").recovered_fen, -30_000);
    assert_eq!(figures(&mar, "3", "WYF").recovered_fen, 2 * 15_052);
    w.assert_invariants();
}

/// A report without the moment it was made.
fn strip(r: &MonthlyReport) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap();
    v["generated_at"] = serde_json::Value::Null;
    v
}

#[test]
fn rates_carried_month_to_month_equal_the_ones_worked_back_from_today() {
    let mut w = three_months();
    w.set_time(at(2026, 3, 2, 9));
    w.open_shift();
    w.reverse_latest("P-B1-023", "重复收费");
    let by_month = api::rates_by_month(&w.l, &w.supervisor, "2026-01", "2026-03").unwrap();
    assert_eq!(
        (by_month.from.as_str(), by_month.to.as_str()),
        ("2026-01", "2026-03")
    );
    for month in ["2026-01", "2026-02", "2026-03"] {
        let one = report(&w, month).rates;
        let carried: Vec<&MonthRates> = by_month.rows.iter().filter(|x| x.month == month).collect();
        assert_eq!(carried, one.iter().collect::<Vec<_>>(), "{month}");
    }
    // Nothing was owed before January. March starts with 3-1-301's two months (¥321.04); the parking
    // space's two months are owed again, but only since the reversal on March 2nd: at March's start
    // they were paid, and the reversal counts as negative recovered arrears in March.
    assert_eq!(
        rates(&by_month.rows, "2026-01", "合计").arrears_at_start_fen,
        0
    );
    assert_eq!(
        rates(&by_month.rows, "2026-03", "3").arrears_at_start_fen,
        32_104
    );
    assert_eq!(
        rates(&by_month.rows, "2026-03", "P").arrears_at_start_fen,
        0
    );
    assert_eq!(
        rates(&by_month.rows, "2026-03", "P").arrears_collected_fen,
        -30_000
    );
}

#[test]
fn printed_and_saved_it_says_the_same() {
    let w = three_months();
    let feb = report(&w, "2026-02");
    let pdf = api::monthly_report_pdf(&w.l, &w.supervisor, "2026-02").unwrap();
    let text = pdf_text(&pdf);
    for needle in [
        "收费月报表 2026-02",
        "收回欠费",
        "户收费率",
        "66.67%",
        "无房号",
        "制表：",
    ] {
        assert!(text.contains(needle), "{needle} not in\n{text}");
    }
    let total = api::yuan(feb.total.received_fen());
    assert!(text.contains(&total), "{total} not in\n{text}");
    let x = api::export_xlsx(
        &w.l,
        &w.supervisor,
        &ExportRequest::MonthlyReport {
            month: "2026-02".into(),
        },
    )
    .unwrap();
    assert_eq!(x.sheets, ["按楼栋", "按收费项目", "收缴率"]);
    assert_eq!(x.total_fen, feb.total.received_fen());
    let x = api::export_xlsx(
        &w.l,
        &w.supervisor,
        &ExportRequest::RatesByMonth {
            from: "2026-01".into(),
            to: "2026-02".into(),
        },
    )
    .unwrap();
    assert_eq!(x.sheets, ["月度收缴率"]);
}

#[test]
fn bad_requests_are_refused_with_a_clear_message() {
    let w = three_months();
    let code = |r: api::Result<_>| r.map(|_: MonthlyReport| ()).unwrap_err();
    let e = code(api::monthly_report(&w.l, &w.supervisor, "2026-13"));
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.zh.contains("2026-13"), "{}", e.zh);
    // A management report: not a cashier's.
    let e = code(api::monthly_report(&w.l, &w.cashier, "2026-02"));
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = api::rates_by_month(&w.l, &w.supervisor, "2026-03", "2026-01").unwrap_err();
    assert!(e.zh.contains("早于"), "{}", e.zh);
    let e = api::rates_by_month(&w.l, &w.supervisor, "2020-01", "2026-01").unwrap_err();
    assert!(e.zh.contains("最多"), "{}", e.zh);
    // A month with nothing in it is an empty report, not an error.
    let empty = report(&w, "2025-06");
    assert!(empty.rows.is_empty());
    assert_eq!(empty.total, MonthFigures::default());
}
