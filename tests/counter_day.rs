//! The counter's day: shifts with the drawer counted, cash in/out, the day close, the daily cash
//! report (现金日报表) and the supervisor's cross-check (核对统计).

mod common;

use chrono::NaiveDate;
use common::*;
use feedesk_api::{self as api, CloseRequest, DailyScope, PayMethod, SaleLine, SaleRequest};
use feedesk_api::{ErrorCode, Lang, Money};
use rust_decimal::Decimal;

fn close_exact(w: &mut World, who: &feedesk_api::Ctx) -> api::ShiftClosed {
    let id = api::current_shift(&w.l, who).unwrap().unwrap();
    let req = CloseRequest {
        cash_counts: feedesk_ledger::shift::counts_for(
            feedesk_ledger::shift::expected_cash(&w.db(), id).unwrap(),
        ),
        non_cash: feedesk_ledger::shift::expected_non_cash(&w.db(), id).unwrap(),
        ..Default::default()
    };
    api::close_shift(&mut w.l, who, &req).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn bad_counts_and_someone_elses_shift_are_refused_and_change_nothing() {
    let mut w = World::new();
    let mine = w.open_shift();
    let before = w.fingerprint();
    let e = api::close_shift(
        &mut w.l,
        &w.cashier,
        &CloseRequest {
            cash_counts: vec![(10000, -1)],
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(e.message(Lang::Zh).contains("负数") && e.message(Lang::En).contains("negative"));
    let e = api::close_shift(
        &mut w.l,
        &w.cashier,
        &CloseRequest {
            cash_counts: vec![(3000, 2)],
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(
        e.zh.contains("没有面额") && e.en.contains("no ¥30.00 note"),
        "{e:?}"
    );
    api::open_shift(&mut w.l, &w.cashier2, Money::from_yuan(300)).unwrap();
    let e = api::close_shift(
        &mut w.l,
        &w.cashier2,
        &CloseRequest {
            shift_id: Some(mine),
            cash_counts: vec![(10000, 5)],
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let before2 = w.fingerprint();
    assert_ne!(before, before2, "the second shift opened");
    // Opening a second shift for the same cashier at the same desk is refused.
    assert_eq!(
        api::open_shift(&mut w.l, &w.cashier, Money::ZERO)
            .unwrap_err()
            .code,
        ErrorCode::ShiftAlreadyOpen
    );
    assert_eq!(before2, w.fingerprint());
}

#[test]
fn a_difference_beyond_the_tolerance_needs_a_supervisor_and_a_note() {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    w.collect_all("3-2-1201", vec![cash(300)]).unwrap(); // 220.25 kept → drawer 720.25
    w.collect_all("3-2-1202", vec![tender(PayMethod::Wechat, 28876)])
        .unwrap();
    let counts = vec![(10000, 7), (1000, 1)]; // 710.00: 10.25 short, over the 5.00 tolerance
    let slips = vec![(PayMethod::Wechat, Money::from_fen(28876))];
    let before = w.fingerprint();
    let e = api::close_shift(
        &mut w.l,
        &w.cashier,
        &CloseRequest {
            cash_counts: counts.clone(),
            non_cash: slips.clone(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::ApprovalRequired);
    assert!(e.zh.contains("容差"));
    // A missing WeChat slip is asked for.
    let e = api::close_shift(
        &mut w.l,
        &w.cashier,
        &CloseRequest {
            cash_counts: counts.clone(),
            approval: Some(approval()),
            note: "点钞少10元".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(e.zh.contains("微信对账单"), "{e:?}");
    assert_eq!(before, w.fingerprint());
    let r = api::close_shift(
        &mut w.l,
        &w.cashier,
        &CloseRequest {
            cash_counts: counts,
            non_cash: slips,
            approval: Some(approval()),
            note: "点钞少10.25元，已报主管".into(),
            shift_id: None,
        },
    )
    .unwrap();
    assert_eq!(
        (r.expected_cash_fen, r.counted_cash_fen, r.difference_fen),
        (72025, 71000, -1025)
    );
    assert_eq!(r.approved_by.as_deref(), Some("张敏"));
    assert_eq!(r.tolerance_fen, 500);
    assert_eq!(r.methods[1].method, PayMethod::Wechat);
    assert_eq!(r.methods[1].difference_fen, 0);
    // Counted figures stand as entered; the short is in the journal.
    assert_eq!(
        feedesk_ledger::journal::balance(&w.db(), &feedesk_ledger::journal::Account::OverShort)
            .unwrap()
            .fen(),
        1025
    );
    assert_eq!(
        feedesk_ledger::journal::balance(&w.db(), &feedesk_ledger::journal::Account::Cash)
            .unwrap()
            .fen(),
        0,
        "every drawer returned to the safe"
    );
    w.assert_invariants();
}

#[test]
fn the_tolerance_is_configurable_by_an_administrator() {
    let mut w = World::new();
    w.bill("2026-01");
    assert_eq!(
        api::set_cash_tolerance(&mut w.l, &w.cashier, Money::from_yuan(50))
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        api::set_cash_tolerance(&mut w.l, &w.admin, -Money::from_yuan(1))
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput
    );
    api::set_cash_tolerance(&mut w.l, &w.admin, Money::from_yuan(20)).unwrap();
    w.open_shift();
    w.collect_all("3-2-1201", vec![cash(300)]).unwrap(); // drawer 720.25
                                                         // 10.25 short is now within the tolerance: no supervisor needed, still recorded as counted.
    let r = api::close_shift(
        &mut w.l,
        &w.cashier,
        &CloseRequest {
            cash_counts: vec![(10000, 7), (1000, 1)],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        (r.difference_fen, r.tolerance_fen, r.approved_by),
        (-1025, 2000, None)
    );
    w.assert_invariants();
}

#[test]
fn cash_in_and_out_move_the_expected_cash() {
    let mut w = World::new();
    let id = w.open_shift();
    api::cash_movement(
        &mut w.l,
        &w.cashier,
        Money::from_yuan(200),
        "备用金不足，补零钱",
    )
    .unwrap();
    api::cash_movement(
        &mut w.l,
        &w.cashier,
        -Money::from_yuan(600),
        "大额现金存保险柜",
    )
    .unwrap();
    assert_eq!(
        feedesk_ledger::shift::expected_cash(&w.db(), id)
            .unwrap()
            .fen(),
        10000
    );
    let before = w.fingerprint();
    assert_eq!(
        api::cash_movement(&mut w.l, &w.cashier, -Money::from_yuan(101), "再取")
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        api::cash_movement(&mut w.l, &w.cashier, Money::from_yuan(1), "")
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput
    );
    assert_eq!(before, w.fingerprint());
    let r = {
        let c = w.cashier.clone();
        close_exact(&mut w, &c)
    };
    assert_eq!(r.expected_cash_fen, 10000);
    let report = api::daily_report(&w.l, &w.cashier, &DailyScope::Shift { id }).unwrap();
    assert_eq!(report.shifts[0].cash_in_out_fen, -40000);
    w.assert_invariants();
}

#[test]
fn a_closed_day_takes_no_more_entries() {
    let mut w = World::new();
    w.set_time(at(2026, 3, 5, 9));
    w.bill("2026-02");
    w.open_shift();
    w.collect_all("3-2-1201", vec![cash(300)]).unwrap();
    let e = api::close_day(&mut w.l, &w.supervisor, date(2026, 3, 5)).unwrap_err();
    assert!(e.zh.contains("李四"), "open shifts are named: {e:?}");
    {
        let c = w.cashier.clone();
        close_exact(&mut w, &c)
    };
    api::close_day(&mut w.l, &w.supervisor, date(2026, 3, 5)).unwrap();
    // Same day, even a new shift: refused.
    let before = w.fingerprint();
    assert_eq!(
        api::open_shift(&mut w.l, &w.cashier, Money::ZERO)
            .unwrap_err()
            .code,
        ErrorCode::ShiftClosed
    );
    assert_eq!(before, w.fingerprint());
    // The next day works.
    w.set_time(at(2026, 3, 6, 9));
    w.open_shift();
    w.collect_all("3-2-1202", vec![cash(300)]).unwrap();
    // A back-dated entry into the closed day is refused.
    let mut back = w.cashier.clone();
    back.now = at(2026, 3, 5, 18);
    let e = api::collect(
        &mut w.l,
        &back,
        &api::CollectRequest {
            unit: "3-1-301".into(),
            charges: None,
            tenders: vec![cash(200)],
            to_prepayment: false,
            amount_fen: None,
            payer: None,
            note: String::new(),
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::ShiftClosed);
    w.assert_invariants();
}

#[test]
fn the_daily_cash_report_reconciles_with_the_documents_and_the_journal() {
    let mut w = World::new();
    w.set_time(at(2026, 3, 5, 8));
    w.bill("2026-01");
    w.bill("2026-02");
    let s1 = w.open_shift();
    let s2 = api::open_shift(&mut w.l, &w.cashier2, Money::from_yuan(300)).unwrap();
    w.set_time(at(2026, 3, 5, 9));
    let a = w.collect_all("3-2-1201", vec![cash(500)]).unwrap(); // 440.50 cash
    let b = w
        .collect_all("3-2-1202", vec![tender(PayMethod::Alipay, 57752)])
        .unwrap(); // 577.52
    api::void_receipt(&mut w.l, &w.cashier, &b.number, "录错房号", &approval()).unwrap();
    api::collect(
        &mut w.l,
        &w.cashier2,
        &api::CollectRequest {
            unit: "3-1-301".into(),
            charges: None,
            tenders: vec![tender(PayMethod::Wechat, 50000)],
            to_prepayment: true,
            amount_fen: None,
            payer: None,
            note: String::new(),
        },
    )
    .unwrap(); // 2×160.52 = 321.04 charges + 178.96 prepayment
    api::sale(
        &mut w.l,
        &w.cashier2,
        &SaleRequest {
            unit: None,
            payer: None,
            lines: vec![SaleLine {
                item: "FYF".into(),
                quantity: Decimal::from(6),
                unit_price: None,
            }],
            tenders: vec![cash(10)],
            note: String::new(),
        },
    )
    .unwrap(); // 3.00
    let day = api::daily_report(
        &w.l,
        &w.supervisor,
        &DailyScope::DeskDay {
            date: date(2026, 3, 5),
        },
    )
    .unwrap();
    assert_eq!(day.receipts.count, 4);
    assert_eq!(day.receipts.first.as_deref(), Some(a.number.as_str()));
    assert_eq!(day.receipts.last.as_deref(), Some("A01-2026-000004"));
    assert_eq!(day.receipts.voided, vec![b.number.clone()]);
    assert!(day.receipts.gaps.is_empty());
    let method = |k: &str| {
        day.by_method
            .iter()
            .find(|m| m.key == k)
            .map(|m| m.fen)
            .unwrap_or(0)
    };
    assert_eq!(
        (method("cash"), method("wechat"), method("alipay")),
        (44050 + 300, 50000, 0)
    );
    assert_eq!(day.total_fen, 44050 + 300 + 50000);
    assert_eq!(day.prepayments_received_fen, 17896);
    assert_eq!(day.counter_sales_fen, 300);
    let wyf = day.by_item.iter().find(|i| i.key == "WYF").unwrap();
    assert_eq!(wyf.fen, 2 * 21025 + 2 * 15052);
    assert!(day.reconciliation.ok, "{:?}", day.reconciliation);
    assert_eq!(day.reconciliation.journal_drawer_fen, day.total_fen);
    assert_eq!(day.lines.len(), 4);
    assert!(day.lines.iter().any(|l| l.voided && l.number == b.number));
    assert_eq!(day.shifts.len(), 2);
    // One cashier's day and one shift.
    let lisi = api::daily_report(
        &w.l,
        &w.cashier,
        &DailyScope::CashierDay {
            username: "lisi".into(),
            date: date(2026, 3, 5),
        },
    )
    .unwrap();
    assert_eq!(lisi.total_fen, 44050);
    assert_eq!(lisi.receipts.count, 2);
    let shift2 = api::daily_report(&w.l, &w.cashier2, &DailyScope::Shift { id: s2 }).unwrap();
    assert_eq!(shift2.total_fen, 50300);
    assert_eq!(
        shift2.shifts[0]
            .methods
            .iter()
            .find(|m| m.method == PayMethod::Cash)
            .unwrap()
            .expected_fen,
        30300
    );
    // A cashier cannot read another cashier's shift or the desk's day.
    assert_eq!(
        api::daily_report(&w.l, &w.cashier, &DailyScope::Shift { id: s2 })
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        api::daily_report(
            &w.l,
            &w.cashier,
            &DailyScope::DeskDay {
                date: date(2026, 3, 5)
            }
        )
        .unwrap_err()
        .code,
        ErrorCode::Forbidden
    );
    // After the close the counted figures appear.
    let closed = {
        let c = w.cashier.clone();
        close_exact(&mut w, &c)
    };
    assert_eq!(closed.shift_id, s1);
    let r = api::daily_report(&w.l, &w.cashier, &DailyScope::Shift { id: s1 }).unwrap();
    let cash_line = r.shifts[0]
        .methods
        .iter()
        .find(|m| m.method == PayMethod::Cash)
        .unwrap();
    assert_eq!(
        (cash_line.expected_fen, cash_line.counted_fen),
        (94050, Some(94050))
    );
    w.assert_invariants();
}

#[test]
fn the_supervisor_cross_checks_and_reviews_shifts() {
    let mut w = World::new();
    w.set_time(at(2026, 3, 2, 9));
    w.bill("2026-02");
    let s1 = w.open_shift();
    let r = w.collect_all("3-2-1201", vec![cash(300)]).unwrap();
    api::void_receipt(&mut w.l, &w.cashier, &r.number, "录错", &approval()).unwrap();
    w.collect_all("3-2-1201", vec![cash(300)]).unwrap();
    assert_eq!(
        api::review_shift(&mut w.l, &w.supervisor, s1, "")
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput,
        "open shifts cannot be reviewed"
    );
    {
        let c = w.cashier.clone();
        close_exact(&mut w, &c)
    };
    w.set_time(at(2026, 3, 9, 9));
    let rows = api::cross_check(&w.l, &w.supervisor, date(2026, 3, 1), date(2026, 3, 9)).unwrap();
    assert_eq!(rows.len(), 1);
    // The drawer should hold 720.25; counted in notes and coins down to 0.1 yuan: 720.20, 0.05 short.
    assert_eq!(
        (
            rows[0].receipts,
            rows[0].voids,
            rows[0].total_fen,
            rows[0].difference_fen
        ),
        (2, 1, 22025, Some(-5))
    );
    assert_eq!(
        api::unreviewed_shifts(&w.l, &w.supervisor, 3)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        api::cross_check(&w.l, &w.cashier, date(2026, 3, 1), date(2026, 3, 9))
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    api::review_shift(&mut w.l, &w.supervisor, s1, "核对无误").unwrap();
    assert_eq!(
        api::review_shift(&mut w.l, &w.supervisor, s1, "")
            .unwrap_err()
            .code,
        ErrorCode::Duplicate
    );
    assert_eq!(
        api::unreviewed_shifts(&w.l, &w.supervisor, 3)
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        api::cross_check(&w.l, &w.supervisor, date(2026, 3, 1), date(2026, 3, 9)).unwrap()[0]
            .reviewed_by
            .as_deref(),
        Some("张敏")
    );
    w.assert_invariants();
}

#[test]
fn reopening_the_ledger_continues_the_open_shift() {
    let mut w = World::new();
    w.bill("2026-01");
    let id = w.open_shift();
    w.collect_all("3-2-1201", vec![cash(300)]).unwrap();
    let path = w.path.clone();
    drop(std::mem::replace(
        &mut w.l,
        api::Ledger::open(&path).unwrap(),
    ));
    assert_eq!(api::current_shift(&w.l, &w.cashier).unwrap(), Some(id));
    let r = w.collect_all("3-2-1202", vec![cash(300)]).unwrap();
    assert_eq!(r.shift_id, id);
}
