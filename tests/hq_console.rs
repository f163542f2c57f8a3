//! The head-office console's server side, against real desks synced to a real head office on real
//! PostgreSQL: each report's figures equal the sum of the same figures from the desks' own reports;
//! every endpoint refuses a request without a session, with an expired one, and (for estate data) from
//! the manager of another estate; sign-in is throttled; receipts verify as genuine, voided, reversed,
//! unknown or forged; bad input gets a clear error and changes nothing.

mod common;

use common::console::{add_people, Console};
use common::hq::*;
use common::*;
use feedesk_api::{self as api, PayMethod};
use feedesk_hq::console::daily;
use feedesk_protocol::QrPayload;
use serde_json::{json, Value};

/// Two estates, three desks: EST1 has A01 (bills and collects) and A02 (a second counter: sales);
/// EST2 has A01. Days in March 2026, closed (日结), synced.
struct Group {
    hq: Hq,
    w1: World,
    w2: World,
    w3: World,
}

fn counter_day(w: &mut World, day: u32, collect: bool) {
    w.set_time(at(2026, 3, day, 9));
    w.open_shift();
    if collect {
        let _ = w.collect_all("3-2-1201", vec![cash(1000)]);
        let owed = w.arrears("S-101");
        if owed > 0 {
            w.collect_all("S-101", vec![tender(PayMethod::Wechat, owed)])
                .unwrap();
        }
    }
    api::sale(
        &mut w.l,
        &w.cashier,
        &api::SaleRequest {
            unit: Some("3-1-301".into()),
            payer: None,
            lines: vec![api::SaleLine {
                item: "FYF".into(),
                quantity: d("4"),
                unit_price: None,
            }],
            tenders: vec![cash(2)],
            note: String::new(),
        },
    )
    .unwrap();
    w.close_shift_exact();
    api::close_day(
        &mut w.l,
        &w.cashier,
        chrono::NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
    )
    .unwrap();
}

fn group() -> Group {
    let hq = Hq::start(&shared_pg().database());
    let mut w1 = enrolled(&hq, "EST1", "A01", true);
    let mut w2 = enrolled(&hq, "EST1", "A02", false);
    let mut w3 = enrolled(&hq, "EST2", "A01", true);
    for w in [&mut w1, &mut w3] {
        for p in ["2026-01", "2026-02", "2026-03"] {
            w.bill(p);
        }
    }
    for day in [3, 4] {
        counter_day(&mut w1, day, true);
        counter_day(&mut w2, day, false);
        counter_day(&mut w3, day, day == 4);
    }
    for w in [&mut w1, &mut w2, &mut w3] {
        assert_eq!(sync_all(&mut w.l, 20).unwrap().pending, 0);
    }
    Group { hq, w1, w2, w3 }
}

fn fen(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not fen: {v}"))
}

/// The desk's own figures of a day, as its daily cash report has them.
fn desk_day(w: &World, day: u32) -> feedesk_protocol::DayFigures {
    let date = chrono::NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
    let r = api::daily_report(&w.l, &w.supervisor, &api::DailyScope::DeskDay { date }).unwrap();
    feedesk_hq::apply::normalised(feedesk_ledger::day_close::figures(&r))
}

#[test]
fn the_reports_equal_the_desks_own_and_each_person_sees_only_their_estates() {
    let g = group();
    add_people(&g.hq);
    wait_all_applied(&g.hq);
    let mut finance = Console::sign_in(&g.hq, "caiwu");

    // 日报汇总: each desk's figures are the desk's daily cash report; estate and group totals add up.
    for day in [3, 4] {
        let r = finance.ok(&format!("/api/daily?day=2026-03-0{day}"));
        let desks: Vec<(&World, &str, &str)> = vec![
            (&g.w1, "EST1", "A01"),
            (&g.w2, "EST1", "A02"),
            (&g.w3, "EST2", "A01"),
        ];
        let mut group_total = 0;
        for (w, estate, desk) in desks {
            let ours = desk_day(w, day);
            let e = r["estates"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["estate_code"] == estate)
                .unwrap();
            let d = e["desks"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["desk_code"] == desk)
                .unwrap();
            let theirs: feedesk_protocol::DayFigures =
                serde_json::from_value(d["figures"].clone()).unwrap();
            // A desk's row holds its headline figures; its lists are on the estate's total (below).
            let headline = feedesk_protocol::DayFigures {
                by_method: vec![],
                by_item: vec![],
                ..ours.clone()
            };
            assert_eq!(theirs, headline, "{estate} {desk} 2026-03-0{day}");
            assert_eq!(d["closing"], "match", "{estate} {desk}: {d}");
            group_total += ours.total_fen;
        }
        assert_eq!(fen(&r["total"]["total_fen"]), group_total);
        // Each estate's total, lists by method and by item included, is its desks' own reports added.
        for (i, worlds) in [vec![&g.w1, &g.w2], vec![&g.w3]].into_iter().enumerate() {
            let mut sum = feedesk_protocol::DayFigures::default();
            for w in worlds {
                daily::add_figures(&mut sum, &desk_day(w, day));
            }
            let theirs: feedesk_protocol::DayFigures =
                serde_json::from_value(r["estates"][i]["total"].clone()).unwrap();
            assert_eq!(
                theirs,
                feedesk_hq::apply::normalised(sum),
                "estate {i} 2026-03-0{day}"
            );
        }
        assert_eq!(
            (
                r["desks_matching"].as_i64(),
                r["desks_mismatching"].as_i64()
            ),
            (Some(3), Some(0))
        );
    }
    // Drill down: the desk-day's documents are the desk's.
    let docs = finance.ok("/api/daily/documents?estate=EST1&desk=A01&day=2026-03-03");
    let desk_docs = api::receipts(&g.w1.l, &g.w1.supervisor, "2026-03-03", 100).unwrap();
    assert_eq!(docs.as_array().unwrap().len(), desk_docs.len());
    assert!(
        docs.as_array()
            .unwrap()
            .iter()
            .all(|d| !d["payer"].as_str().unwrap().contains("张三")),
        "payer names are masked"
    );

    // 收缴率: 收费率 per month equals the desk's collection rate of that month (EST1 is billed by A01 only).
    let rates = finance.ok("/api/rates?estate=EST1&from=2026-01&to=2026-03");
    for (i, p) in ["2026-01", "2026-02", "2026-03"].iter().enumerate() {
        let desk = api::collection_rates(&g.w1.l, &g.w1.admin, p, p)
            .unwrap()
            .total;
        let m = &rates[i];
        assert_eq!(m["month"], *p);
        assert_eq!(
            (fen(&m["billed_fen"]), fen(&m["settled_fen"])),
            (desk.billed_fen, desk.collected_fen),
            "{p}"
        );
        assert_eq!(
            m["collection_rate"].as_str(),
            desk.rate_percent.map(|d| d.to_string()).as_deref(),
            "{p}"
        );
        assert!(fen(&m["households_paid"]) <= fen(&m["households_billed"]));
    }
    // 清缴率 of March: what was collected in March of January–February charges, over what was open on 1 March.
    assert!(fen(&rates[2]["arrears_at_start_fen"]) > 0);

    // 欠费: each estate's total is its desks' arrears list total.
    let arrears = finance.ok("/api/arrears?as_of=2026-03");
    for (estate, w) in [("EST1", &g.w1), ("EST2", &g.w3)] {
        let desk = api::arrears_list(&w.l, &w.admin, None).unwrap();
        let e = arrears["estates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["estate_code"] == estate)
            .unwrap();
        assert_eq!(fen(&e["ageing"]["total_fen"]), desk.total_fen, "{estate}");
        assert_eq!(e["units"].as_i64().unwrap(), desk.units as i64, "{estate}");
        let a = &e["ageing"];
        assert_eq!(
            fen(&a["upto_3_fen"])
                + fen(&a["from_3_to_6_fen"])
                + fen(&a["from_6_to_12_fen"])
                + fen(&a["over_12_fen"]),
            desk.total_fen
        );
    }
    let units = finance.ok("/api/arrears/units?estate=EST1&as_of=2026-03");
    let desk = api::arrears_list(&g.w1.l, &g.w1.admin, None).unwrap();
    assert_eq!(units.as_array().unwrap().len(), desk.rows.len());

    // 收费月报表: billed for March is what the desks billed; collected + recovered + advance is what
    // settled charges in March (the desks' rates of all periods collected in March), per estate.
    let monthly = finance.ok("/api/monthly?month=2026-03");
    for (estate, w) in [("EST1", &g.w1), ("EST2", &g.w3)] {
        let e = monthly["estates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["estate_code"] == estate)
            .unwrap();
        let march = api::collection_rates(&w.l, &w.admin, "2026-03", "2026-03")
            .unwrap()
            .total;
        assert_eq!(fen(&e["total"]["billed_fen"]), march.billed_fen, "{estate}");
        // Everything collected so far happened in March: the month's own charges' part is the desk's.
        assert_eq!(
            fen(&e["total"]["collected_fen"]),
            march.collected_fen,
            "{estate}"
        );
        assert_eq!(
            fen(&e["total"]["open_fen"]),
            march.billed_fen - march.collected_fen
        );
        let earlier = api::collection_rates(&w.l, &w.admin, "2026-01", "2026-02")
            .unwrap()
            .total;
        assert_eq!(
            fen(&e["total"]["recovered_fen"]),
            earlier.collected_fen,
            "{estate}"
        );
    }

    // The manager of EST2 sees EST2 only, whatever they ask for.
    let mut m2 = Console::sign_in(&g.hq, "jingli2");
    let me = m2.ok("/api/session");
    assert_eq!(me["estates"].as_array().unwrap().len(), 1);
    let r = m2.ok("/api/daily?day=2026-03-04");
    assert_eq!(r["estates"].as_array().unwrap().len(), 1);
    assert_eq!(r["estates"][0]["estate_code"], "EST2");
    assert_eq!(fen(&r["total"]["total_fen"]), desk_day(&g.w3, 4).total_fen);
    for path in [
        "/api/daily/documents?estate=EST1&desk=A01&day=2026-03-03",
        "/api/rates?estate=EST1&from=2026-01&to=2026-03",
        "/api/arrears/units?estate=EST1&as_of=2026-03",
    ] {
        let (s, v) = m2.get(path);
        assert_eq!(s, 404, "{path}: {v}");
        assert!(!v.to_string().contains("3-2-1201"), "{path} leaked: {v}");
    }
    for path in [
        "/api/estates",
        "/api/alerts?limit=100",
        "/api/monthly?month=2026-03",
        "/api/arrears?as_of=2026-03",
    ] {
        let v = m2.ok(path);
        assert!(!v.to_string().contains("EST1"), "{path} leaked EST1: {v}");
    }
    // Administration is the administrator's.
    let (s, _) = m2.post("/api/estates", json!({"code": "EST9", "name": "x"}));
    assert_eq!(s, 403);
    let (s, _) = finance.post("/api/estates/EST1/desks/A01/revoke", json!({"reason": "x"}));
    assert_eq!(s, 403);
    let (s, _) = finance.get("/api/users");
    assert_eq!(s, 403);
    // Every request, allowed or refused, is in the audit.
    let audited: i64 = block_on(async {
        let c = g.hq.pool().get().await.unwrap();
        c.query_one("SELECT COUNT(*) FROM console_audit WHERE username = 'jingli2' AND action = 'estate_add' AND NOT ok", &[])
            .await
            .unwrap()
            .get(0)
    });
    assert_eq!(audited, 1);
}

const ENDPOINTS: &[(&str, &str)] = &[
    ("GET", "/api/session"),
    ("GET", "/api/estates"),
    ("POST", "/api/estates"),
    ("POST", "/api/estates/EST1/desks"),
    ("POST", "/api/estates/EST1/desks/A01/code"),
    ("POST", "/api/estates/EST1/desks/A01/revoke"),
    ("GET", "/api/alerts"),
    ("GET", "/api/daily?day=2026-03-03"),
    (
        "GET",
        "/api/daily/documents?estate=EST1&desk=A01&day=2026-03-03",
    ),
    ("GET", "/api/monthly?month=2026-03"),
    ("GET", "/api/rates?estate=EST1&from=2026-01&to=2026-03"),
    ("GET", "/api/arrears?as_of=2026-03"),
    ("GET", "/api/arrears/units?estate=EST1&as_of=2026-03"),
    ("POST", "/api/verify"),
    ("GET", "/api/users"),
    ("POST", "/api/users"),
];

#[test]
fn every_endpoint_refuses_no_session_and_an_expired_one_and_sign_in_is_throttled() {
    let hq = Hq::start(&shared_pg().database());
    hq_cli(&hq.db, &["estate-add", "EST1", "一号项目"]);
    hq_cli(&hq.db, &["desk-add", "EST1", "A01"]);
    hq_cli(&hq.db, &["estate-add", "EST2", "二号项目"]);
    add_people(&hq);
    let admin = Console::sign_in(&hq, "boss");
    let expired = admin.cookie.clone().unwrap();
    block_on(async {
        let c = hq.pool().get().await.unwrap();
        c.execute(
            "UPDATE console_sessions SET expires_at = now() - interval '1 second'",
            &[],
        )
        .await
        .unwrap();
    });
    let estates_before = count(&hq, "SELECT COUNT(*) FROM estates");
    for cookie in [
        None,
        Some(expired.clone()),
        Some("fd_console=forged".to_string()),
    ] {
        let mut c = Console::new(&hq);
        c.cookie = cookie.clone();
        for (method, path) in ENDPOINTS {
            let (s, v) = c.call(
                method,
                path,
                Some(br#"{"code":"EST7","name":"x","text":"A01-2026-000001"}"#),
                "application/json",
            );
            assert_eq!(s, 401, "{method} {path} with {cookie:?}: {v}");
            assert_eq!(v["code"], "UNAUTHENTICATED", "{v}");
            assert!(v["zh"].as_str().unwrap().contains("登录"), "{v}");
        }
    }
    let estates_after = count(&hq, "SELECT COUNT(*) FROM estates");
    assert_eq!(estates_before, estates_after);

    // Five wrong passwords lock the account: even the right one is refused for a while.
    let mut c = Console::new(&hq);
    for _ in 0..5 {
        let (s, v) = c.post(
            "/api/session",
            json!({"username": "caiwu", "password": "wrong-password"}),
        );
        assert_eq!(s, 401, "{v}");
    }
    let (s, v) = c.post(
        "/api/session",
        json!({"username": "caiwu", "password": "console-pass"}),
    );
    assert_eq!(s, 429, "{v}");
    assert!(v["zh"].as_str().unwrap().contains("锁定"), "{v}");
    // An unknown user reads as a wrong password.
    let (s, v) = c.post(
        "/api/session",
        json!({"username": "nobody", "password": "console-pass"}),
    );
    assert_eq!((s, v["code"].as_str()), (401, Some("UNAUTHENTICATED")));
    // Signing out ends the session on the server.
    let mut boss = Console::sign_in(&hq, "boss");
    let kept = boss.cookie.clone();
    assert_eq!(boss.call("DELETE", "/api/session", None, "").0, 200);
    boss.cookie = kept;
    assert_eq!(boss.get("/api/session").0, 401);
}

#[test]
fn receipts_verify_as_genuine_voided_reversed_unknown_or_forged() {
    let hq = Hq::start(&shared_pg().database());
    let mut w = enrolled(&hq, "EST1", "A01", true);
    hq_cli(&hq.db, &["estate-add", "EST2", "二号项目"]);
    add_people(&hq);
    w.bill("2026-03");
    w.set_time(at(2026, 3, 3, 9));
    w.open_shift();
    let paid = w.collect_all("3-2-1201", vec![cash(1000)]).unwrap();
    let voided = w.collect_all("S-101", vec![cash(3000)]).unwrap();
    api::void_receipt(&mut w.l, &w.cashier, &voided.number, "录错了", &approval()).unwrap();
    let reversed = w.collect_all("3-1-301", vec![cash(1000)]).unwrap();
    w.close_shift_exact();
    w.set_time(at(2026, 3, 4, 9));
    w.open_shift();
    api::reverse_receipt(
        &mut w.l,
        &w.cashier,
        &reversed.number,
        "重复收费",
        &approval(),
    )
    .unwrap();
    assert_eq!(sync_all(&mut w.l, 20).unwrap().pending, 0);
    wait_all_applied(&hq);

    let key = w.cashier.key.clone().unwrap();
    let qr = |r: &api::Receipt, amount: i64| {
        let uuid: String = w
            .db()
            .query_row(
                "SELECT uuid FROM receipts WHERE number = ?1",
                [&r.number],
                |x| x.get(0),
            )
            .unwrap();
        QrPayload {
            receipt_id: uuid,
            number: r.number.clone(),
            desk: "A01".into(),
            amount_fen: amount,
        }
        .seal(&key)
    };
    let mut c = Console::sign_in(&hq, "caiwu");
    let verdict = |c: &mut Console, text: &str| {
        let (s, v) = c.post("/api/verify", json!({ "text": text }));
        assert_eq!(s, 200, "{v}");
        v
    };
    let v = verdict(&mut c, &qr(&paid, paid.total_fen));
    assert_eq!(
        (v["verdict"].as_str(), v["by"].as_str()),
        (Some("genuine"), Some("qr")),
        "{v}"
    );
    assert_eq!(fen(&v["receipt"]["total_fen"]), paid.total_fen);
    assert_eq!(v["receipt"]["payer"], "张*");
    assert_eq!(
        verdict(&mut c, &qr(&voided, voided.total_fen))["verdict"],
        "voided"
    );
    assert_eq!(
        verdict(&mut c, &qr(&reversed, reversed.total_fen))["verdict"],
        "reversed"
    );
    // Altered amount: the seal fails.
    assert_eq!(
        verdict(&mut c, &qr(&paid, paid.total_fen + 100))["verdict"],
        "forged"
    );
    // Sealed by another key: forged.
    let other = feedesk_protocol::DeskKey::generate();
    let uuid: String = w
        .db()
        .query_row(
            "SELECT uuid FROM receipts WHERE number = ?1",
            [&paid.number],
            |x| x.get(0),
        )
        .unwrap();
    let fake = QrPayload {
        receipt_id: uuid,
        number: paid.number.clone(),
        desk: "A01".into(),
        amount_fen: paid.total_fen,
    }
    .seal(&other);
    assert_eq!(verdict(&mut c, &fake)["verdict"], "forged");
    // A number typed in; an unknown number.
    let v = verdict(&mut c, &paid.number);
    assert_eq!(
        (v["verdict"].as_str(), v["by"].as_str()),
        (Some("genuine"), Some("number"))
    );
    assert_eq!(verdict(&mut c, "A01-2026-999999")["verdict"], "unknown");
    // Random bytes: a clear error, nothing recorded as verified.
    let (s, v) = c.post("/api/verify", json!({ "text": "\u{1}\u{7f}ÿ%%%||||垃圾" }));
    assert_eq!((s, v["code"].as_str()), (400, Some("UNREADABLE")), "{v}");
    // The manager of another estate learns nothing about EST1's receipts.
    let mut m = Console::sign_in(&hq, "jingli2");
    let v = verdict(&mut m, &qr(&paid, paid.total_fen));
    assert_eq!(v["verdict"], "unknown");
    assert!(v["receipt"].is_null());
    assert_eq!(verdict(&mut m, &paid.number)["verdict"], "unknown");
}

#[test]
fn bad_input_gets_a_clear_error_and_changes_nothing() {
    let hq = Hq::start(&shared_pg().database());
    hq_cli(&hq.db, &["estate-add", "EST1", "一号项目"]);
    hq_cli(&hq.db, &["estate-add", "EST2", "二号项目"]);
    add_people(&hq);
    let mut c = Console::sign_in(&hq, "boss");
    let count = |hq: &Hq| {
        block_on(async {
            let c = hq.pool().get().await.unwrap();
            let r = c.query_one("SELECT (SELECT COUNT(*) FROM estates) + (SELECT COUNT(*) FROM desks) + (SELECT COUNT(*) FROM console_users)", &[]).await.unwrap();
            r.get::<_, i64>(0)
        })
    };
    let before = count(&hq);
    let (s, v) = c.call(
        "POST",
        "/api/estates",
        Some(b"{not json"),
        "application/json",
    );
    assert_eq!((s, v["code"].as_str()), (400, Some("MALFORMED")), "{v}");
    let (s, v) = c.call(
        "POST",
        "/api/estates",
        Some(br#"{"code":"EST3","name":"x"}"#),
        "text/plain",
    );
    assert_eq!(s, 415, "{v}");
    let big = format!(r#"{{"code":"EST3","name":"{}"}}"#, "x".repeat(100_000));
    let (s, v) = c.call(
        "POST",
        "/api/estates",
        Some(big.as_bytes()),
        "application/json",
    );
    assert_eq!(s, 413, "{v}");
    for (path, body) in [
        ("/api/estates", json!({"code": "bad code!", "name": "x"})),
        ("/api/estates", json!({"code": "EST1", "name": "again"})),
        ("/api/estates/NOPE/desks", json!({"code": "A01"})),
        (
            "/api/users",
            json!({"username": "m", "display_name": "x", "role": "manager", "password": "console-pass"}),
        ),
        (
            "/api/users",
            json!({"username": "p", "display_name": "x", "role": "finance", "password": "short"}),
        ),
        (
            "/api/users",
            json!({"username": "r", "display_name": "x", "role": "king", "password": "console-pass"}),
        ),
    ] {
        let (s, v) = c.post(path, body.clone());
        assert!((400..500).contains(&s), "{path} {body}: {s} {v}");
        assert!(
            !v["zh"].as_str().unwrap_or_default().is_empty()
                && !v["en"].as_str().unwrap_or_default().is_empty(),
            "{v}"
        );
    }
    for path in [
        "/api/daily?day=2026-02-30",
        "/api/daily",
        "/api/monthly?month=2026-13",
        "/api/rates?estate=EST1&from=2026-05&to=2026-01",
        "/api/rates?estate=EST1&from=2020-01&to=2026-01",
        "/api/arrears?as_of=yesterday",
        "/api/arrears/units?as_of=2026-03",
    ] {
        let (s, v) = c.get(path);
        assert_eq!(s, 400, "{path}: {v}");
        assert_eq!(v["code"], "INVALID_INPUT", "{path}: {v}");
    }
    // An address that is no endpoint is an error in JSON, not the console's page.
    for path in ["/api/nothing", "/api/monthly.doc?month=2026-03"] {
        let (s, v) = c.get(path);
        assert_eq!(
            (s, v["code"].as_str()),
            (404, Some("NOT_FOUND")),
            "{path}: {v}"
        );
    }
    assert_eq!(count(&hq), before);
}

/// One number read from head office's database.
fn count(hq: &Hq, sql: &str) -> i64 {
    block_on(async {
        hq.pool()
            .get()
            .await
            .unwrap()
            .query_one(sql, &[])
            .await
            .unwrap()
            .get(0)
    })
}
