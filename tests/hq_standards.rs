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

/// 物业服务费 by area at a rate, for one unit type or (None) every type.
fn wyf(rate: &str, unit_type: Option<&str>) -> Value {
    entry("WYF", "物业服务费", "per_area", rate, unit_type)
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
    let taken = sync_and_take(w);
    assert!(taken.refused.is_empty(), "{:?}", taken.refused);
    taken.applied
}

/// Send everything, then read head office's standards; what was applied and refused.
fn sync_and_take(w: &mut World) -> api::StandardsTaken {
    assert_eq!(sync_all(&mut w.l, 20).unwrap().pending, 0);
    let taken = api::pull_standards(&mut w.l, at(2026, 1, 2, 10)).unwrap();
    w.refresh_keys();
    taken
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
            wyf("2.6", Some("residential")),
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
    let taken = api::hq_standards(&g.w1.l, &g.w1.cashier).unwrap();
    assert_eq!(
        taken
            .iter()
            .map(|a| (a.version, a.outcome.as_str()))
            .collect::<Vec<_>>(),
        vec![(v2, "applied"), (v1, "applied")]
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
    // The unit types head office does not publish, and a unit's own exception, stay the office's.
    for scope in [
        Scope::UnitType(UnitType::Shop),
        Scope::Units(vec!["3-2-1202".into()]),
    ] {
        api::set_fee_standard(&mut g.w1.l, &g.w1.admin, "WYF", d("4"), &scope, &month).unwrap();
    }
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
    assert_eq!(charge(&g.w1, "3-2-1202", "WYF", &month).0, "4");
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
    let flats = |rate: &str| vec![wyf(rate, Some("residential"))];
    let (y, m) = next_month();
    let past = month_text(if m > 2 { (y, m - 2) } else { (y - 1, m + 10) });
    let cases: Vec<(Option<&str>, String, Vec<Value>, u16, &str)> = vec![
        (Some("EST1"), month.clone(), flats("-1"), 400, "单价"),
        (
            Some("EST1"),
            month.clone(),
            flats("0.1234567"),
            400,
            "最多 6 位小数",
        ),
        (Some("EST1"), month.clone(), flats("0"), 400, "大于零"),
        (Some("EST1"), month.clone(), flats("二块五"), 400, "单价"),
        (Some("EST1"), past.clone(), flats("2.5"), 400, "已过去"),
        (Some("EST1"), "2026-13".into(), flats("2.5"), 400, "月份"),
        (Some("NOPE"), month.clone(), flats("2.5"), 404, "NOPE"),
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
            [flats("2.5"), flats("2.6")].concat(),
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
        let (s, v) = publish(&mut c, None, &month, flats("2.5"));
        assert_eq!(s, 403, "{who}: {v}");
    }
    let (s, _) = publish(&mut Console::new(&g.hq), None, &month, flats("2.5"));
    assert_eq!(s, 401);
    assert_eq!(versions_at_head_office(&g.hq), 0);

    // A bad version in head office's log all the same (written behind the console's back): the desk
    // refuses it whole, applies nothing of it, says why to head office, and takes the next version.
    let pool = g.hq.pool();
    let bad: i64 = block_on(async {
        let c = pool.get().await.unwrap();
        c.query_one(
            "INSERT INTO standard_versions(estate_id, effective_month, entries, published_by)
             VALUES (NULL, date_trunc('month', now())::date, $1, 'mallory') RETURNING version",
            &[&json!([
                {"item_code": "XF", "item_name": "新费", "method": "fixed", "unit_label": "", "rate": "5", "unit_type": null},
                {"item_code": "WYF", "item_name": "物业服务费", "method": "per_area", "unit_label": "", "rate": "-5", "unit_type": "residential"}
            ])],
        )
        .await
        .unwrap()
        .get(0)
    });
    let w = &mut g.w1;
    let (items, standards) = (w.count("fee_items"), w.count("fee_standards"));
    let taken = sync_and_take(w);
    assert!(taken.applied.is_empty());
    assert_eq!(taken.refused.len(), 1);
    assert_eq!(taken.refused[0].version, bad);
    assert!(taken.refused[0].zh.contains("单价"), "{:?}", taken.refused);
    assert_eq!(
        (w.count("fee_items"), w.count("fee_standards")),
        (items, standards)
    );
    let rows = api::hq_standards(&w.l, &w.cashier).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].version, rows[0].outcome.as_str()),
        (bad, "refused")
    );
    assert!(rows[0].reason_zh.as_deref().unwrap().contains("单价"));
    assert!(rows[0].reason_en.as_deref().unwrap().contains("rate"));
    let last = desk_events(&w.path).pop().unwrap().event().unwrap();
    assert_eq!(last.kind(), "standards_refused");
    assert!(api::sync_status(&w.l).unwrap().state.error_zh.is_none());
    // Read again: refused once, not again.
    let again = sync_and_take(w);
    assert!(again.applied.is_empty() && again.refused.is_empty());

    // Head office shows the refusal as an alert and per desk.
    assert_eq!(sync_and_take(&mut g.w2).refused.len(), 1);
    let refused_at = |boss: &mut Console, g: &Group| {
        wait_all_applied(&g.hq);
        let desks = boss.ok("/api/standards")["desks"].clone();
        desks
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["desk_code"] == "A02")
            .unwrap()
            .clone()
    };
    assert_eq!(sync_all(&mut g.w2.l, 20).unwrap().pending, 0);
    let a02 = refused_at(&mut boss, &g);
    assert_eq!(a02["refused_version"], json!(bad), "{a02}");
    assert!(a02["refused_reason_zh"].as_str().unwrap().contains("单价"));
    assert!(alerts(&g.hq).iter().any(|k| k == "standards_refused"));

    // The next good version is applied, and answers the refusal.
    let good = published(&mut boss, Some("EST1"), &month, flats("2.5"));
    assert_eq!(sync_and_pull(&mut g.w1), vec![good]);
    assert_eq!(sync_and_pull(&mut g.w2), vec![good]);
    assert_eq!(sync_all(&mut g.w2.l, 20).unwrap().pending, 0);
    let a02 = refused_at(&mut boss, &g);
    assert_eq!(
        (
            a02["applied_version"].clone(),
            a02["refused_version"].clone()
        ),
        (json!(good), Value::Null)
    );
}

#[test]
fn a_version_for_months_already_billed_is_refused_and_a_group_version_after_an_estates_replaces_it()
{
    let mut g = group();
    let mut boss = Console::sign_in(&g.hq, "boss");
    let (y, m) = next_month();
    let month = month_text((y, m));
    let after = month_text(if m == 12 { (y + 1, 1) } else { (y, m + 1) });

    // EST2's desk billed next month at its own rate before head office published for it.
    g.w3.set_time(at(y, m, 1, 9));
    g.w3.bill(&month);
    let billed = charge(&g.w3, "3-2-1201", "WYF", &month);
    let v1 = published(
        &mut boss,
        None,
        &month,
        vec![wyf("2.9", Some("residential"))],
    );
    let taken = sync_and_take(&mut g.w3);
    assert_eq!(taken.refused.len(), 1, "{taken:?}");
    assert!(
        taken.refused[0].zh.contains("已按原标准计费至"),
        "{:?}",
        taken.refused
    );
    assert_eq!(charge(&g.w3, "3-2-1201", "WYF", &month), billed);
    // The same rates from the month after: applied there, the billed month untouched.
    let v2 = published(
        &mut boss,
        Some("EST2"),
        &after,
        vec![wyf("2.9", Some("residential"))],
    );
    assert_eq!(sync_and_pull(&mut g.w3), vec![v2]);

    // EST1: its own version, then a group version for the same month: the later one is billed.
    let v3 = published(
        &mut boss,
        Some("EST1"),
        &after,
        vec![wyf("2.6", Some("residential"))],
    );
    let v4 = published(&mut boss, None, &after, vec![wyf("2.7", None)]);
    assert_eq!(sync_and_pull(&mut g.w1), vec![v1, v3, v4]);
    let (ya, ma) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    g.w1.set_time(at(ya, ma, 1, 9));
    g.w1.bill(&after);
    assert_eq!(
        charge(&g.w1, "3-2-1201", "WYF", &after),
        ("2.7".into(), 24157)
    );

    // A version that gives one item both for every type and for one type is refused at publishing.
    let (s, v) = publish(
        &mut boss,
        None,
        &after,
        vec![wyf("2.7", None), wyf("2.8", Some("residential"))],
    );
    assert_eq!(s, 400, "{v}");
    assert!(v["zh"].as_str().unwrap().contains("全部类型"), "{v}");
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
        vec![wyf("2.6", Some("residential"))],
    );
    let v2 = published(
        &mut boss,
        Some("EST1"),
        &month,
        vec![wyf("2.7", Some("residential"))],
    );
    assert_eq!(sync_and_pull(&mut g.w1), vec![v1, v2]);
    let standards = g.w1.count("fee_standards");

    // Head office loses v2 (an older copy restored, its sequence with it).
    let pool = g.hq.pool();
    block_on(async {
        let c = pool.get().await.unwrap();
        // The log is append-only; a restore is the one way a version goes.
        let edit = c
            .execute(
                "UPDATE standard_versions SET note = 'x' WHERE version = $1",
                &[&v2],
            )
            .await;
        assert!(format!("{:?}", edit.unwrap_err()).contains("append-only"));
        c.batch_execute(
            "ALTER TABLE standard_versions DISABLE TRIGGER standard_versions_append_only",
        )
        .await
        .unwrap();
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
    // The desk's acknowledgement of the lost v2 reached head office: an alert, not a record.
    wait_all_applied(&g.hq);
    assert!(alerts(&g.hq).iter().any(|k| k == "standards_unknown"));
    assert_eq!(g.w1.count("fee_standards"), standards);

    // The number v2 is given again, to other rates: the desk applies them.
    let again = published(
        &mut boss,
        Some("EST1"),
        &month,
        vec![wyf("2.8", Some("residential"))],
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
