//! Fee standards published at head office reach the desks: real desks (two estates, three desks)
//! synced to a real head office on real PostgreSQL. A version for an estate reaches only its desks, a
//! group-wide one every desk; each desk applies it as its own ledger events, acknowledges it in its
//! signed chain (the console shows which desk applied which version), bills its next run at the new
//! rates, and refuses a local change of an item head office publishes. Bad input at publishing is
//! refused with a clear message and publishes nothing; a bad version that reaches a desk anyway is
//! applied in no part. A head office restored from an older copy (its version numbers given again) is
//! read again from the start, and nothing is applied twice.

mod common;

use common::console::{add_people, Console};
use common::hq::*;
use common::*;
use feedesk_api::{self as api, ErrorCode, Scope, UnitType};
use serde_json::{json, Value};

struct Group {
    hq: Hq,
    w1: World,
    w2: World,
    w3: World,
}

/// EST1 with desks A01 and A02, EST2 with A01; the console's admin, finance and EST2's manager.
fn group() -> Group {
    let hq = Hq::start(&shared_pg().database());
    let w1 = enrolled(&hq, "EST1", "A01", true);
    let w2 = enrolled(&hq, "EST1", "A02", false);
    let w3 = enrolled(&hq, "EST2", "A01", true);
    add_people(&hq);
    Group { hq, w1, w2, w3 }
}

/// The month after this one (China time): a month head office accepts as effective.
fn next_month() -> (i32, u32) {
    use chrono::Datelike;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let first = today.with_day(1).unwrap() + chrono::Months::new(1);
    (first.year(), first.month())
}

fn month_text((y, m): (i32, u32)) -> String {
    format!("{y}-{m:02}")
}

fn entry(code: &str, name: &str, method: &str, rate: &str, unit_type: Option<&str>) -> Value {
    json!({"item_code": code, "item_name": name, "method": method, "unit_label": "",
           "rate": rate, "unit_type": unit_type})
}

fn publish(
    c: &mut Console,
    estate: Option<&str>,
    month: &str,
    entries: Vec<Value>,
) -> (u16, Value) {
    c.post(
        "/api/standards",
        json!({"estate": estate, "effective_month": month, "note": "测试", "entries": entries}),
    )
}

fn published(c: &mut Console, estate: Option<&str>, month: &str, entries: Vec<Value>) -> i64 {
    let (s, v) = publish(c, estate, month, entries);
    assert_eq!(s, 200, "{v}");
    v["version"].as_i64().unwrap()
}

/// Send everything, then read head office's standards; the versions applied.
fn sync_and_pull(w: &mut World) -> Vec<i64> {
    assert_eq!(sync_all(&mut w.l, 20).unwrap().pending, 0);
    let applied = api::pull_standards(&mut w.l, at(2026, 1, 2, 10)).unwrap();
    w.refresh_keys();
    applied
}

fn versions_at_head_office(hq: &Hq) -> i64 {
    let pool = hq.pool();
    block_on(async {
        let c = pool.get().await.unwrap();
        c.query_one("SELECT count(*) FROM standard_versions", &[])
            .await
            .unwrap()
            .get(0)
    })
}

/// The charge billed to a unit for an item and period: (rate, fen).
fn charge(w: &World, unit: &str, item: &str, period: &str) -> (String, i64) {
    w.db()
        .query_row(
            "SELECT c.rate, c.amount_fen FROM charges c JOIN units u ON u.id = c.unit_id
             JOIN fee_items f ON f.id = c.fee_item_id WHERE u.code = ?1 AND f.code = ?2 AND c.period = ?3",
            [unit, item, period],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

#[test]
fn published_standards_reach_their_desks_bill_the_next_run_and_cannot_be_changed_at_the_desk() {
    let mut g = group();
    let mut boss = Console::sign_in(&g.hq, "boss");
    let month = month_text(next_month());
    let v1 = published(
        &mut boss,
        Some("EST1"),
        &month,
        vec![
            entry("WYF", "物业服务费", "per_area", "2.6", Some("residential")),
            entry("TCF", "停车管理费", "fixed", "80", Some("parking")),
        ],
    );
    let v2 = published(
        &mut boss,
        None,
        &month,
        vec![entry("LJF", "垃圾处理费", "fixed", "12", None)],
    );
    assert!(v2 > v1);

    // Each desk applies the versions for its estate and the group's, once.
    assert_eq!(sync_and_pull(&mut g.w1), vec![v1, v2]);
    assert_eq!(sync_and_pull(&mut g.w2), vec![v1, v2]);
    assert_eq!(sync_and_pull(&mut g.w3), vec![v2]);
    assert_eq!(sync_and_pull(&mut g.w1), Vec::<i64>::new());

    // As the desk's own fee items and standards, marked as head office's, with their events.
    let items = api::fee_items(&g.w1.l, &g.w1.admin).unwrap();
    let tcf = items.iter().find(|i| i.code == "TCF").expect("TCF created");
    assert_eq!(tcf.hq_version, Some(v1));
    assert_eq!(
        items.iter().find(|i| i.code == "LJF").unwrap().hq_version,
        Some(v2)
    );
    let from_hq: Vec<_> = api::fee_standards(&g.w1.l, &g.w1.admin)
        .unwrap()
        .into_iter()
        .filter(|s| s.from_hq)
        .map(|s| (s.item, s.rate.to_string(), s.start_period))
        .collect();
    assert!(from_hq.contains(&("WYF".into(), "2.6".into(), month.clone())));
    assert_eq!(
        from_hq.iter().filter(|s| s.0 == "LJF").count(),
        4,
        "every unit type"
    );
    let kinds: Vec<String> = desk_events(&g.w1.path)
        .iter()
        .map(|e| e.event().unwrap().kind().to_string())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| *k == "standards_applied").count(),
        2
    );
    assert!(kinds.iter().any(|k| k == "fee_item_created"));
    let applied = api::applied_standards(&g.w1.l, &g.w1.cashier).unwrap();
    assert_eq!(
        applied.iter().map(|a| a.version).collect::<Vec<_>>(),
        vec![v2, v1]
    );

    // A local change of an item head office publishes is refused, and changes nothing.
    let before = g.w1.count("fee_standards");
    let outbox = g.w1.count("outbox");
    let e = api::set_fee_standard(
        &mut g.w1.l,
        &g.w1.admin,
        "WYF",
        d("3"),
        &Scope::UnitType(UnitType::Residential),
        &month,
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::SetByHq);
    assert!(
        e.zh.contains("由总部发布") && e.zh.contains(&format!("第 {v1} 版")),
        "{}",
        e.zh
    );
    assert_eq!(
        (g.w1.count("fee_standards"), g.w1.count("outbox")),
        (before, outbox)
    );
    // EST2's WYF is still its own.
    api::set_fee_standard(
        &mut g.w3.l,
        &g.w3.admin,
        "WYF",
        d("2.4"),
        &Scope::UnitType(UnitType::Residential),
        &month,
    )
    .unwrap();

    // The next billing run uses the new rates: 89.47 ㎡ × 2.6 = 232.62; 2.4 at EST2.
    let (y, m) = next_month();
    for w in [&mut g.w1, &mut g.w3] {
        w.set_time(at(y, m, 1, 9));
        w.bill(&month);
    }
    assert_eq!(
        charge(&g.w1, "3-2-1201", "WYF", &month),
        ("2.6".into(), 23262)
    );
    assert_eq!(
        charge(&g.w1, "P-B1-023", "TCF", &month),
        ("80".into(), 8000)
    );
    assert_eq!(
        charge(&g.w1, "3-2-1201", "LJF", &month),
        ("12".into(), 1200)
    );
    assert_eq!(
        charge(&g.w3, "3-2-1201", "WYF", &month),
        ("2.4".into(), 21473)
    );

    // The acknowledgements reach head office in the desks' chains; the console shows them.
    for w in [&mut g.w1, &mut g.w2, &mut g.w3] {
        assert_eq!(sync_all(&mut w.l, 20).unwrap().pending, 0);
    }
    wait_all_applied(&g.hq);
    let o = boss.ok("/api/standards");
    let desks: Vec<(String, String, Option<i64>, Option<i64>)> = o["desks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["estate_code"].as_str().unwrap().into(),
                d["desk_code"].as_str().unwrap().into(),
                d["applied_version"].as_i64(),
                d["latest_version"].as_i64(),
            )
        })
        .collect();
    assert_eq!(
        desks,
        vec![
            ("EST1".into(), "A01".into(), Some(v2), Some(v2)),
            ("EST1".into(), "A02".into(), Some(v2), Some(v2)),
            ("EST2".into(), "A01".into(), Some(v2), Some(v2)),
        ]
    );
    assert_eq!(o["versions"][0]["version"], json!(v2));
    assert_eq!(o["versions"][1]["estate_code"], json!("EST1"));

    // EST2's manager sees the group's version and EST2's desk only.
    let mut jingli = Console::sign_in(&g.hq, "jingli2");
    let o = jingli.ok("/api/standards");
    assert_eq!(o["versions"].as_array().unwrap().len(), 1);
    assert_eq!(o["versions"][0]["estate_code"], Value::Null);
    assert_eq!(o["desks"].as_array().unwrap().len(), 1);
}

#[test]
fn bad_standards_are_refused_with_a_clear_message_and_nothing_is_published_or_applied() {
    let mut g = group();
    let mut boss = Console::sign_in(&g.hq, "boss");
    let month = month_text(next_month());
    let wyf = |rate: &str| {
        vec![entry(
            "WYF",
            "物业服务费",
            "per_area",
            rate,
            Some("residential"),
        )]
    };
    let (y, m) = next_month();
    let past = month_text(if m > 2 { (y, m - 2) } else { (y - 1, m + 10) });
    let cases: Vec<(Option<&str>, String, Vec<Value>, u16, &str)> = vec![
        (Some("EST1"), month.clone(), wyf("-1"), 400, "单价"),
        (
            Some("EST1"),
            month.clone(),
            wyf("0.1234567"),
            400,
            "最多 6 位小数",
        ),
        (Some("EST1"), month.clone(), wyf("0"), 400, "大于零"),
        (Some("EST1"), month.clone(), wyf("二块五"), 400, "单价"),
        (Some("EST1"), past.clone(), wyf("2.5"), 400, "已过去"),
        (Some("EST1"), "2026-13".into(), wyf("2.5"), 400, "月份"),
        (Some("NOPE"), month.clone(), wyf("2.5"), 404, "NOPE"),
        (
            Some("EST1"),
            month.clone(),
            vec![entry("WYF", "物业服务费", "by_magic", "2", None)],
            400,
            "计费方式",
        ),
        (Some("EST1"), month.clone(), vec![], 400, "1 至 200"),
        (
            Some("EST1"),
            month.clone(),
            [wyf("2.5"), wyf("2.6")].concat(),
            400,
            "出现了两次",
        ),
    ];
    for (estate, m, entries, status, says) in cases {
        let (s, v) = publish(&mut boss, estate, &m, entries);
        assert_eq!(s, status, "{v}");
        assert!(v["zh"].as_str().unwrap().contains(says), "{says}: {v}");
        assert!(!v["en"].as_str().unwrap().is_empty());
    }
    let (s, v) = boss.call(
        "POST",
        "/api/standards",
        Some(b"{\"estate\": \"EST1\", "),
        "application/json",
    );
    assert_eq!(s, 400, "{v}");
    for who in ["caiwu", "jingli2"] {
        let mut c = Console::sign_in(&g.hq, who);
        let (s, v) = publish(&mut c, None, &month, wyf("2.5"));
        assert_eq!(s, 403, "{who}: {v}");
    }
    let (s, _) = publish(&mut Console::new(&g.hq), None, &month, wyf("2.5"));
    assert_eq!(s, 401);
    assert_eq!(versions_at_head_office(&g.hq), 0);

    // A bad version in head office's log all the same (written behind the console's back): the desk
    // refuses it whole, says why, and applies nothing of it.
    let pool = g.hq.pool();
    block_on(async {
        let c = pool.get().await.unwrap();
        c.execute(
            "INSERT INTO standard_versions(estate_id, effective_month, entries, published_by)
             VALUES (NULL, date_trunc('month', now())::date, $1, 'mallory')",
            &[&json!([
                {"item_code": "XF", "item_name": "新费", "method": "fixed", "unit_label": "", "rate": "5", "unit_type": null},
                {"item_code": "WYF", "item_name": "物业服务费", "method": "per_area", "unit_label": "", "rate": "-5", "unit_type": "residential"}
            ])],
        )
        .await
        .unwrap();
    });
    let w = &mut g.w1;
    assert_eq!(sync_all(&mut w.l, 20).unwrap().pending, 0);
    let (items, standards, outbox) = (
        w.count("fee_items"),
        w.count("fee_standards"),
        w.count("outbox"),
    );
    let e = api::pull_standards(&mut w.l, at(2026, 1, 2, 10)).unwrap_err();
    assert!(
        e.zh.contains("无法应用") && e.zh.contains("单价"),
        "{}",
        e.zh
    );
    assert_eq!(
        (
            w.count("fee_items"),
            w.count("fee_standards"),
            w.count("outbox")
        ),
        (items, standards, outbox)
    );
    assert_eq!(w.count("hq_standards"), 0);
    let status = api::sync_status(&w.l).unwrap();
    assert!(status.state.error_zh.unwrap().contains("无法应用"));
}

#[test]
fn a_head_office_restored_from_an_older_copy_is_read_again_and_nothing_is_applied_twice() {
    let mut g = group();
    let mut boss = Console::sign_in(&g.hq, "boss");
    let month = month_text(next_month());
    let v1 = published(
        &mut boss,
        Some("EST1"),
        &month,
        vec![entry(
            "WYF",
            "物业服务费",
            "per_area",
            "2.6",
            Some("residential"),
        )],
    );
    let v2 = published(
        &mut boss,
        Some("EST1"),
        &month,
        vec![entry(
            "WYF",
            "物业服务费",
            "per_area",
            "2.7",
            Some("residential"),
        )],
    );
    assert_eq!(sync_and_pull(&mut g.w1), vec![v1, v2]);
    let standards = g.w1.count("fee_standards");

    // Head office loses v2 (an older copy restored, its sequence with it).
    let pool = g.hq.pool();
    block_on(async {
        let c = pool.get().await.unwrap();
        c.execute("DELETE FROM standard_versions WHERE version = $1", &[&v2])
            .await
            .unwrap();
        c.query_one(
            "SELECT setval(pg_get_serial_sequence('standard_versions', 'version'), $1)",
            &[&v1],
        )
        .await
        .unwrap();
    });
    assert_eq!(sync_and_pull(&mut g.w1), Vec::<i64>::new(), "v1 unchanged");
    assert_eq!(g.w1.count("fee_standards"), standards);

    // The number v2 is given again, to other rates: the desk applies them.
    let again = published(
        &mut boss,
        Some("EST1"),
        &month,
        vec![entry(
            "WYF",
            "物业服务费",
            "per_area",
            "2.8",
            Some("residential"),
        )],
    );
    assert_eq!(again, v2);
    assert_eq!(sync_and_pull(&mut g.w1), vec![v2]);
    assert_eq!(sync_and_pull(&mut g.w1), Vec::<i64>::new());
    let (y, m) = next_month();
    g.w1.set_time(at(y, m, 1, 9));
    g.w1.bill(&month);
    assert_eq!(
        charge(&g.w1, "3-2-1201", "WYF", &month),
        ("2.8".into(), 25052)
    );
}
