//! The Receipts screen's search: number, sequence number, date, month, unit; newest first; and every
//! form answered from an index in its order, never a scan or a sort of all receipts.

mod common;

use common::*;
use feedesk_api as api;

fn numbers(w: &World, q: &str) -> Vec<String> {
    api::receipts(&w.l, &w.cashier, q, 50)
        .unwrap()
        .into_iter()
        .map(|r| r.number)
        .collect()
}

#[test]
fn receipts_are_found_by_number_sequence_date_and_unit() {
    let mut w = World::new();
    w.set_time(at(2026, 1, 31, 9));
    w.bill("2026-01");
    w.open_shift();
    let a = w.collect_all("3-2-1201", vec![cash(300)]).unwrap().number;
    let b = w.collect_all("3-2-1202", vec![cash(300)]).unwrap().number;
    w.set_time(at(2026, 2, 1, 9));
    w.bill("2026-02");
    let c = w.collect_all("3-2-1201", vec![cash(300)]).unwrap().number;
    assert_eq!(a, "A01-2026-000001");

    assert_eq!(
        numbers(&w, ""),
        vec![c.clone(), b.clone(), a.clone()],
        "newest first"
    );
    assert_eq!(numbers(&w, &b), vec![b.clone()]);
    assert_eq!(
        numbers(&w, "a01-2026-00000"),
        vec![c.clone(), b.clone(), a.clone()]
    );
    assert_eq!(numbers(&w, "2"), vec![b.clone()], "sequence number alone");
    assert_eq!(numbers(&w, "000003"), vec![c.clone()]);
    assert_eq!(numbers(&w, "2026-01-31"), vec![b.clone(), a.clone()]);
    assert_eq!(numbers(&w, "2026-02"), vec![c.clone()]);
    assert_eq!(numbers(&w, "3-2-1201"), vec![c.clone(), a.clone()]);
    assert_eq!(
        numbers(&w, "zhangsan"),
        vec![c.clone(), a.clone()],
        "the unit's owner"
    );
    assert!(numbers(&w, "2025-12").is_empty());
    assert!(numbers(&w, "99").is_empty());
    assert!(numbers(&w, "B07-2026-000001").is_empty());
    let row = &api::receipts(&w.l, &w.cashier, &a, 5).unwrap()[0];
    assert_eq!(row.unit.as_deref(), Some("3-2-1201"));
    assert_eq!(
        row.total_fen,
        21025 + 1000,
        "what it paid, not what was tendered"
    );
}

#[test]
fn no_form_of_the_search_scans_every_receipt() {
    let w = World::new();
    // The statements receipt_search issues, as SQLite plans them.
    for sql in [
        "SELECT r.id FROM receipts r WHERE r.number >= ?1 AND r.number < ?1 || char(1114111) ORDER BY r.number DESC LIMIT 50",
        "SELECT r.id FROM receipts r WHERE r.issued_at >= ?1 AND r.issued_at < ?2 ORDER BY r.issued_at DESC LIMIT 50",
        "SELECT r.id FROM receipts r WHERE r.desk = ?1 AND r.series = ?2 AND r.year = ?3 AND r.seq = ?4 LIMIT 50",
        "SELECT r.id FROM receipts r WHERE r.unit_id = ?1 ORDER BY r.id DESC LIMIT 50",
        "SELECT MIN(issued_at) FROM receipts",
        "SELECT MAX(issued_at) FROM receipts",
    ] {
        let conn = w.db();
        let mut stmt = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let n = stmt.parameter_count();
        let plan: Vec<String> = stmt
            .query_map(
                rusqlite::params_from_iter(std::iter::repeat_n("x", n)),
                |r| r.get::<_, String>(3),
            )
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            plan.iter().any(|p| p.contains("USING"))
                && !plan.iter().any(|p| p == "SCAN r" || p.contains("TEMP B-TREE")),
            "{sql}: {plan:?}"
        );
    }
}
