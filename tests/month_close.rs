//! 月结 on a real ledger file: a month closes only after its last day's 日结, by a supervisor, in
//! order, once; afterwards nothing is billed or read into it, corrections go into the next month,
//! and its monthly report stays the one frozen at the close (and `check` says so).

mod common;

use chrono::NaiveDate;
use common::*;
use feedesk_api::{self as api, ErrorCode, MonthlyReport};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// February billed and partly paid, its shifts and its last day closed; now 2026-03-01 09:00.
fn february_done() -> World {
    let mut w = World::new();
    w.set_time(at(2026, 2, 3, 9));
    w.bill("2026-01");
    w.bill("2026-02");
    w.open_shift();
    w.collect_all("3-2-1201", vec![cash(500)]).unwrap();
    w.collect_all("P-B1-023", vec![cash(300)]).unwrap();
    w.set_time(at(2026, 2, 28, 17));
    w.close_shift_exact();
    w.set_time(at(2026, 3, 1, 9));
    w
}

fn strip(r: &MonthlyReport) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap();
    for k in ["generated_at", "closed"] {
        v[k] = serde_json::Value::Null;
    }
    v
}

#[test]
fn a_month_closes_after_its_last_day_by_a_supervisor_in_order_and_once() {
    let mut w = february_done();
    let before = w.fingerprint();
    // Not a cashier's; not before the month's last day is closed; not a month not yet over.
    let e = api::close_month(&mut w.l, &w.cashier, "2026-02").unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = api::close_month(&mut w.l, &w.supervisor, "2026-02").unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongState);
    assert!(
        e.zh.contains("2026-02-28") && e.zh.contains("日结"),
        "{}",
        e.zh
    );
    let e = api::close_month(&mut w.l, &w.supervisor, "2026-03").unwrap_err();
    assert!(e.zh.contains("尚未结束"), "{}", e.zh);
    let e = api::close_month(&mut w.l, &w.supervisor, "2026-14").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert_eq!(before, w.fingerprint(), "a refused close changes nothing");

    api::close_day(&mut w.l, &w.cashier, date("2026-02-28")).unwrap();
    let open = api::monthly_report(&w.l, &w.supervisor, "2026-02").unwrap();
    assert!(open.closed.is_none());
    let c = api::close_month(&mut w.l, &w.supervisor, "2026-02").unwrap();
    assert_eq!(c.month, "2026-02");
    assert_eq!(c.closed_by, "张敏");
    assert_eq!(
        (c.billed_fen, c.received_fen, c.open_fen),
        (
            open.total.billed_fen,
            open.total.received_fen(),
            open.total.open_fen
        )
    );
    // Once, and in order: January cannot follow, April cannot skip March.
    let e = api::close_month(&mut w.l, &w.supervisor, "2026-02").unwrap_err();
    assert_eq!(e.code, ErrorCode::MonthClosed);
    let e = api::close_month(&mut w.l, &w.supervisor, "2026-01").unwrap_err();
    assert_eq!(e.code, ErrorCode::MonthClosed);
    w.set_time(at(2026, 5, 2, 9));
    api::close_day(&mut w.l, &w.cashier, date("2026-04-30")).unwrap();
    w.bill("2026-04");
    let e = api::close_month(&mut w.l, &w.supervisor, "2026-04").unwrap_err();
    assert!(e.zh.contains("请先月结 2026-03"), "{}", e.zh);
    // March was never billed: closing it would shut its billing out for good.
    let e = api::close_month(&mut w.l, &w.supervisor, "2026-03").unwrap_err();
    assert!(e.zh.contains("尚未计费"), "{}", e.zh);
    w.bill("2026-03");
    api::close_month(&mut w.l, &w.supervisor, "2026-03").unwrap();
    // Finance closes months too.
    api::create_user(
        &mut w.l,
        &w.admin,
        &api::NewUser {
            username: "qianqi".into(),
            display_name: "钱七".into(),
            role: api::Role::Finance,
            password: "finance-pass".into(),
        },
    )
    .unwrap();
    let finance = api::login(&w.l, "qianqi", "finance-pass", at(2026, 5, 2, 9)).unwrap();
    assert_eq!(
        api::close_month(&mut w.l, &finance, "2026-04")
            .unwrap()
            .closed_by,
        "钱七"
    );
    assert!(
        api::month_closes(&w.l, &w.cashier).is_err(),
        "a management list"
    );
    let months: Vec<String> = api::month_closes(&w.l, &w.supervisor)
        .unwrap()
        .into_iter()
        .map(|m| m.month)
        .collect();
    assert_eq!(months, ["2026-04", "2026-03", "2026-02"]);

    // Head office hears of it; the audit has it; the rows cannot be changed.
    let events: i64 = w
        .db()
        .query_row(
            "SELECT COUNT(*) FROM outbox WHERE kind = 'month_closed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(events, 3);
    let audited: i64 = w
        .db()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'close_month'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 3);
    let conn = w.db();
    for sql in [
        "UPDATE month_closes SET received_fen = 0",
        "DELETE FROM month_closes",
    ] {
        let e = conn.execute(sql, []).unwrap_err().to_string();
        assert!(e.contains("append-only"), "{sql}: {e}");
    }
    w.assert_invariants();
}

#[test]
fn after_the_close_nothing_goes_into_the_month_and_its_report_stays_frozen() {
    let mut w = february_done();
    api::close_day(&mut w.l, &w.cashier, date("2026-02-28")).unwrap();
    // What March starts owing, worked back from today's balances while February is still open.
    let start_of_march = |r: &[feedesk_api::MonthRates]| {
        r.iter()
            .find(|x| x.building == "合计")
            .unwrap()
            .arrears_at_start_fen
    };
    let worked_back = start_of_march(
        &api::rates_by_month(&w.l, &w.supervisor, "2026-03", "2026-03")
            .unwrap()
            .rows,
    );
    api::close_month(&mut w.l, &w.supervisor, "2026-02").unwrap();
    let frozen = api::monthly_report(&w.l, &w.supervisor, "2026-02").unwrap();
    let closed = frozen.closed.clone().expect("the report says it is closed");
    assert_eq!(closed.month, "2026-02");

    // Billing or reading into February (or January) is refused and changes nothing.
    let before = w.fingerprint();
    for period in ["2026-02", "2026-01"] {
        let e = api::billing_run(&mut w.l, &w.supervisor, period).unwrap_err();
        assert_eq!(e.code, ErrorCode::MonthClosed, "{period}");
        assert!(e.zh.contains("已月结"), "{}", e.zh);
    }
    let e = api::record_reading(
        &mut w.l,
        &w.supervisor,
        &reading("3-2-1201", "2026-02", "100", None),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::MonthClosed);
    assert_eq!(before, w.fingerprint());
    // March is open: billed as usual.
    w.bill("2026-03");

    // A correction after the close goes into March: the parking space's February receipt reversed,
    // 3-2-1202 paying its January and February charges.
    w.open_shift();
    w.reverse_latest("P-B1-023", "重复收费");
    w.collect_all("3-2-1202", vec![cash(900)]).unwrap();
    let feb = api::monthly_report(&w.l, &w.supervisor, "2026-02").unwrap();
    assert_eq!(
        strip(&feb),
        strip(&frozen),
        "February reads as it was frozen"
    );
    assert_eq!(feb.closed, Some(closed));
    let mar = api::monthly_report(&w.l, &w.supervisor, "2026-03").unwrap();
    let recovered: i64 = mar.rows.iter().map(|x| x.figures.recovered_fen).sum();
    assert_eq!(recovered, 2 * 28_876 - 30_000);
    // Computed again, February is still what was frozen: the check says so.
    assert!(api::check(&w.l).unwrap().ok());
    // Reordering the fee items later changes how rows are listed, not the frozen figures.
    api::set_pay_order(&mut w.l, &w.admin, &["LJF".to_string(), "WYF".to_string()]).unwrap();
    assert!(
        api::check(&w.l).unwrap().ok(),
        "{:?}",
        api::check(&w.l).unwrap().violations
    );
    // March starts from what February's close kept, and that is what working back from the
    // balances gave before the close: two months each of 3-2-1202, 3-1-301 and the shop.
    let kept: i64 = w
        .db()
        .query_row(
            "SELECT SUM(owed_fen) FROM month_close_arrears WHERE month = '2026-02'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, worked_back);
    assert_eq!(kept, 2 * (28_876 + 16_052 + 24_744));
    assert_eq!(start_of_march(&mar.rates), kept);
}

#[test]
fn check_finds_a_frozen_report_that_no_longer_matches_the_ledger() {
    let mut w = february_done();
    api::close_day(&mut w.l, &w.cashier, date("2026-02-28")).unwrap();
    api::close_month(&mut w.l, &w.supervisor, "2026-02").unwrap();
    assert!(api::check(&w.l).unwrap().ok());
    // Behind the ledger's back: the frozen report's total altered by one fen.
    let conn = w.db();
    conn.execute_batch("DROP TRIGGER month_closes_no_update")
        .unwrap();
    let json: String = conn
        .query_row("SELECT report FROM month_closes", [], |r| r.get(0))
        .unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let fen = v["total"]["open_fen"].as_i64().unwrap();
    v["total"]["open_fen"] = (fen + 1).into();
    conn.execute("UPDATE month_closes SET report = ?1", [v.to_string()])
        .unwrap();
    let rep = api::check(&w.l).unwrap();
    assert!(
        rep.violations.iter().any(|x| x.contains("month 2026-02")),
        "{:?}",
        rep.violations
    );
}
