//! One test (at least) per ledger rule in DESIGN.md, each on a real SQLite file.

mod common;

use common::*;
use feedesk_api::{self as api, CollectRequest, PayMethod, SaleLine, SaleRequest};
use feedesk_api::{ErrorCode, Money};
use feedesk_ledger::journal::{Account, JournalEntry};
use rust_decimal::Decimal;

#[test]
fn rule1_an_unbalanced_entry_cannot_be_built() {
    let e = JournalEntry::new(
        "t",
        "x",
        [
            (Account::Cash, Money::from_fen(100)),
            (Account::Revenue("WYF".into()), Money::from_fen(-99)),
        ],
    );
    assert_eq!(e.unwrap_err().code, ErrorCode::Unbalanced);
    let ok = JournalEntry::new(
        "t",
        "x",
        [
            (Account::Cash, Money::from_fen(100)),
            (Account::Revenue("WYF".into()), Money::from_fen(-100)),
        ],
    );
    assert_eq!(ok.unwrap().postings().len(), 2);
    assert_eq!(
        JournalEntry::new("t", "x", []).unwrap_err().code,
        ErrorCode::Unbalanced
    );
}

#[test]
fn rule1_every_posted_entry_balances() {
    let mut w = World::new();
    w.set_time(at(2026, 1, 31, 9));
    w.bill("2026-01");
    w.open_shift();
    w.collect_all("3-2-1201", vec![cash(300)]).unwrap();
    let unbalanced: i64 = w
        .db()
        .query_row("SELECT COUNT(*) FROM (SELECT entry_id FROM postings GROUP BY entry_id HAVING SUM(amount_fen) <> 0)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(unbalanced, 0);
    let total: i64 = w
        .db()
        .query_row("SELECT SUM(amount_fen) FROM postings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total, 0);
    assert!(w.count("postings") >= 6);
    w.assert_invariants();
}

#[test]
fn rule2_append_only_tables_refuse_update_and_delete() {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    w.collect_all("3-2-1201", vec![cash(300)]).unwrap();
    let conn = &w.db();
    for (table, set) in [
        ("journal_entries", "memo = 'x'"),
        ("postings", "amount_fen = 0"),
        ("receipts", "total_fen = 0"),
        ("receipt_lines", "amount_fen = 0"),
        ("payments", "amount_fen = 0"),
        ("allocations", "amount_fen = 0"),
        ("charges", "amount_fen = 1"),
        ("outbox", "payload = '{}'"),
        ("audit_log", "detail = ''"),
        ("shifts", "float_fen = 0"),
    ] {
        let up = conn.execute(&format!("UPDATE {table} SET {set}"), []);
        assert!(
            up.unwrap_err().to_string().contains("append-only"),
            "{table} accepted an UPDATE"
        );
        let del = conn.execute(&format!("DELETE FROM {table}"), []);
        assert!(
            del.unwrap_err().to_string().contains("append-only"),
            "{table} accepted a DELETE"
        );
        let n: i64 = conn
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert!(n > 0, "{table} should still hold its rows");
    }
}

#[test]
fn rule3_receipt_numbers_are_gapless_and_a_void_keeps_its_number() {
    let mut w = World::new();
    w.set_time(at(2026, 2, 3, 9));
    w.bill("2026-01");
    w.bill("2026-02");
    w.open_shift();
    let a = w.collect_all("3-2-1201", vec![cash(500)]).unwrap();
    let b = w.collect_all("3-2-1202", vec![cash(600)]).unwrap();
    // A refused payment must not consume a number.
    let refused = w.collect_all("3-1-301", vec![cash(1)]).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Underpaid);
    let c = w.collect_all("3-1-301", vec![cash(400)]).unwrap();
    assert_eq!(
        [a.number.as_str(), b.number.as_str(), c.number.as_str()],
        ["A01-2026-000001", "A01-2026-000002", "A01-2026-000003"]
    );
    let v = api::void_receipt(&mut w.l, &w.cashier, &b.number, "金额录错", &approval()).unwrap();
    assert_eq!(v.number, b.number);
    assert!(v.void.is_some());
    let d = w.collect_all("3-2-1202", vec![cash(600)]).unwrap();
    assert_eq!(d.number, "A01-2026-000004");
    // A new year starts a new series.
    w.set_time(at(2027, 1, 2, 9));
    w.bill("2026-03");
    let e = w.collect_all("3-2-1201", vec![cash(300)]).unwrap();
    assert_eq!(e.number, "A01-2027-000001");
    w.assert_invariants();
}

#[test]
fn rule4_arrears_equal_charges_minus_allocations_equal_receivable() {
    let mut w = World::new();
    w.bill("2026-01");
    w.bill("2026-02");
    // 89.47 × 2.35 = 210.2545 → 210.25, plus 10.00 garbage, per month.
    assert_eq!(w.arrears("3-2-1201"), 2 * (21025 + 1000));
    let receivable =
        feedesk_ledger::journal::balance(&w.db(), &Account::Receivable("3-2-1201".into())).unwrap();
    assert_eq!(receivable.fen(), w.arrears("3-2-1201"));
    w.open_shift();
    let open = api::unit_arrears(&w.l, &w.cashier, "3-2-1201").unwrap();
    assert_eq!(open.charges[0].period, "2026-01", "oldest first");
    let first_two: Vec<i64> = open.charges.iter().take(2).map(|c| c.charge_id).collect();
    api::collect(
        &mut w.l,
        &w.cashier,
        &CollectRequest {
            unit: "3-2-1201".into(),
            charges: Some(first_two),
            tenders: vec![cash(250)],
            to_prepayment: false,
            amount_fen: None,
            payer: None,
            note: String::new(),
        },
    )
    .unwrap();
    assert_eq!(w.arrears("3-2-1201"), 21025 + 1000);
    let receivable =
        feedesk_ledger::journal::balance(&w.db(), &Account::Receivable("3-2-1201".into())).unwrap();
    assert_eq!(receivable.fen(), 21025 + 1000);
    w.assert_invariants();
}

#[test]
fn rule5_a_closed_shift_is_frozen_and_corrections_are_reversals() {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    let r = w.collect_all("3-2-1201", vec![cash(250)]).unwrap();
    let counts = feedesk_ledger::shift::counts_for(Money::parse("719.75").unwrap());
    let closed = api::close_shift(
        &mut w.l,
        &w.cashier,
        &api::CloseRequest {
            cash_counts: counts,
            ..Default::default()
        },
    )
    .unwrap();
    // 500 float + 220.25 cash kept; counted 719.70 (the drawer holds no fen) → 0.55 short, recorded as counted.
    assert_eq!(closed.expected_cash_fen, 72025);
    assert_eq!(closed.counted_cash_fen, 71970);
    assert_eq!(closed.difference_fen, -55);
    let before = w.fingerprint();
    let e = api::void_receipt(&mut w.l, &w.cashier, &r.number, "录错", &approval()).unwrap_err();
    assert_eq!(e.code, ErrorCode::VoidNotAllowed);
    // With no open shift, money actions are refused.
    assert_eq!(
        w.collect_all("3-2-1202", vec![cash(300)]).unwrap_err().code,
        ErrorCode::NoOpenShift
    );
    assert_eq!(before, w.fingerprint(), "refused actions change nothing");
    let new_shift = w.open_shift();
    let red = api::reverse_receipt(
        &mut w.l,
        &w.cashier,
        &r.number,
        "业主重复缴费退款",
        &approval(),
    )
    .unwrap();
    assert_eq!(red.kind, api::ReceiptKind::Reversal);
    assert_eq!(red.total_fen, -22025);
    assert_eq!(red.reverses.as_deref(), Some(r.number.as_str()));
    assert_eq!(red.shift_id, new_shift);
    assert_eq!(
        w.arrears("3-2-1201"),
        22025,
        "charges reopen after the reversal"
    );
    let orig = api::receipt(&w.l, &w.cashier, &r.number).unwrap();
    assert_eq!(orig.reversed_by.as_deref(), Some(red.number.as_str()));
    // The closed shift's figures did not move.
    let closed_cash = feedesk_ledger::shift::expected_cash(&w.db(), closed.shift_id).unwrap();
    assert_eq!(closed_cash.fen(), 72025);
    // The short is posted, not hidden: over/short holds −0.55 as a debit.
    let short = feedesk_ledger::journal::balance(&w.db(), &Account::OverShort).unwrap();
    assert_eq!(short.fen(), 55);
    // The reversal's refund came out of the new shift's drawer.
    assert_eq!(
        feedesk_ledger::shift::expected_cash(&w.db(), new_shift)
            .unwrap()
            .fen(),
        50000 - 22025
    );
    assert!(feedesk_ledger::shift::is_closed(&w.db(), closed.shift_id).unwrap());
    assert_eq!(
        api::reverse_receipt(&mut w.l, &w.cashier, &r.number, "再次", &approval())
            .unwrap_err()
            .code,
        ErrorCode::AlreadyVoided
    );
    w.assert_invariants();
}

#[test]
fn rule6_money_actions_record_who_when_desk_why_and_approver() {
    let mut w = World::new();
    w.bill("2026-01");
    w.set_time(at(2026, 2, 1, 10));
    w.open_shift();
    let r = w.collect_all("3-2-1201", vec![cash(300)]).unwrap();
    api::void_receipt(&mut w.l, &w.cashier, &r.number, "金额录错", &approval()).unwrap();
    let rows = api::audit_log(&w.l, &w.supervisor, 10).unwrap();
    let void = rows.iter().find(|a| a.action == "void_receipt").unwrap();
    assert_eq!(void.user.as_deref(), Some("lisi"));
    assert_eq!(void.approved_by.as_deref(), Some("zhangmin"));
    assert_eq!(void.reason.as_deref(), Some("金额录错"));
    assert_eq!(void.desk, "A01");
    assert_eq!(void.at, "2026-02-01T10:00:00+08:00");
    assert!(rows
        .iter()
        .any(|a| a.action == "issue_receipt" && a.target == r.number));
    // The approver must be someone else with the supervisor role.
    let r2 = w.collect_all("3-2-1202", vec![cash(300)]).unwrap();
    let self_ok = api::void_receipt(
        &mut w.l,
        &w.cashier,
        &r2.number,
        "test",
        &api::Approval {
            username: "lisi".into(),
            password: "cashier-pass".into(),
        },
    );
    assert_eq!(self_ok.unwrap_err().code, ErrorCode::SelfApproval);
    let other_cashier = api::void_receipt(
        &mut w.l,
        &w.cashier,
        &r2.number,
        "test",
        &api::Approval {
            username: "zhaoliu".into(),
            password: "cashier-pass".into(),
        },
    );
    assert_eq!(other_cashier.unwrap_err().code, ErrorCode::ApprovalRequired);
    let wrong_pw = api::void_receipt(
        &mut w.l,
        &w.cashier,
        &r2.number,
        "test",
        &api::Approval {
            username: "zhangmin".into(),
            password: "nope".into(),
        },
    );
    assert_eq!(wrong_pw.unwrap_err().code, ErrorCode::ApprovalRequired);
    // Roles are checked in the core: a cashier cannot run billing or add users.
    assert_eq!(
        api::billing_run(&mut w.l, &w.cashier, "2026-02")
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
}

#[test]
fn rule7_a_refused_operation_changes_nothing() {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    let before = w.fingerprint();
    let cases = vec![
        w.collect_all("3-2-1201", vec![cash(1)]).unwrap_err().code,
        w.collect_all("9-9-999", vec![cash(300)]).unwrap_err().code,
        w.collect_all("3-2-1201", vec![tender(PayMethod::Wechat, 99_999)])
            .unwrap_err()
            .code,
        w.collect_all("3-2-1201", vec![tender(PayMethod::Prepayment, 100)])
            .unwrap_err()
            .code,
        api::sale(
            &mut w.l,
            &w.cashier,
            &SaleRequest {
                unit: None,
                payer: None,
                lines: vec![],
                tenders: vec![cash(1)],
                note: String::new(),
            },
        )
        .unwrap_err()
        .code,
    ];
    assert_eq!(
        cases,
        [
            ErrorCode::Underpaid,
            ErrorCode::NotFound,
            ErrorCode::Overpaid,
            ErrorCode::InvalidInput,
            ErrorCode::InvalidInput
        ]
    );
    assert_eq!(before, w.fingerprint());
}

#[test]
fn rule8_outbox_is_hash_chained_and_rebuilds_the_ledger() {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    let r = w.collect_all("3-2-1201", vec![cash(300)]).unwrap();
    api::void_receipt(&mut w.l, &w.cashier, &r.number, "录错", &approval()).unwrap();
    w.collect_all("3-2-1201", vec![tender(PayMethod::Wechat, 22025)])
        .unwrap();
    api::sale(
        &mut w.l,
        &w.cashier,
        &SaleRequest {
            unit: Some("3-2-1202".into()),
            payer: None,
            lines: vec![SaleLine {
                item: "FYF".into(),
                quantity: Decimal::from(10),
                unit_price: None,
            }],
            tenders: vec![cash(5)],
            note: String::new(),
        },
    )
    .unwrap();
    let n = feedesk_ledger::outbox::verify_chain(&w.db()).unwrap();
    assert!(n >= 6);
    let from_events = feedesk_ledger::check::LedgerImage::from_events(&w.db()).unwrap();
    let from_ledger = feedesk_ledger::check::LedgerImage::from_ledger(&w.db()).unwrap();
    assert_eq!(from_events, from_ledger);
    assert!(
        from_events.receipts.values().any(|r| r.1),
        "the void travelled"
    );
    // Tampering with an event breaks the chain (done on a copy: the real table refuses UPDATE).
    let copy = w.dir.path().join("tampered.sqlite");
    w.db()
        .execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
        .unwrap();
    let c = rusqlite::Connection::open(&copy).unwrap();
    c.execute_batch("DROP TRIGGER outbox_no_update; UPDATE outbox SET payload = replace(payload, '22025', '22026') WHERE seq = (SELECT MAX(seq) - 1 FROM outbox);").unwrap();
    assert!(feedesk_ledger::outbox::verify_chain(&c).is_err());
}

#[test]
fn references_resolve_after_a_bulk_billing_run_and_check_finds_an_orphan() {
    let mut w = World::new();
    w.bill("2026-01");
    // The billing run writes without per-row foreign-key lookups; enforcement is back on after it.
    let fk: i64 = w
        .db()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let report = feedesk_ledger::check::check(&w.db()).unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    // A failed billing run restores enforcement too (an unknown period is refused).
    assert!(api::billing_run(&mut w.l, &w.admin, "2026-13").is_err());
    let fk: i64 = w
        .db()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    // An orphan charge (written behind the ledger's back) is reported by check.
    let conn = &w.db();
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    conn.execute(
        "INSERT INTO charges(id, unit_id, fee_item_id, period, amount_fen, quantity, rate, basis, due_date, billing_run_id)
         SELECT id + 1000, unit_id, fee_item_id, period, amount_fen, quantity, rate, basis, due_date, 999999 FROM charges LIMIT 1",
        [],
    )
    .unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    let report = feedesk_ledger::check::check(&w.db()).unwrap();
    assert!(
        report
            .violations
            .iter()
            .any(|v| v.contains("charges") && v.contains("billing_runs")),
        "{:?}",
        report.violations
    );
}
