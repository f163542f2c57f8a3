//! Decoration deposits (装修押金): collection, inspection, refund with deductions after a
//! supervisor's approval, rejection, forfeit, transfer to prepayment, and the lists with totals.
//! After every step the ledger check runs (the held total equals the deposit liability accounts).

mod common;

use chrono::NaiveDate;
use common::*;
use feedesk_api::{
    self as api, Approval, CollectDepositRequest, Deduction, DeductionKind, DepositFilter,
    DepositReceipt, DepositState, Inspection, PayMethod, RefundRequest,
};
use feedesk_api::{ErrorCode, Lang, Money};
use feedesk_ledger::journal::{self, Account};

fn take(
    w: &mut World,
    unit: &str,
    yuan: i64,
    permit: &str,
    tenders: Vec<api::Tender>,
) -> feedesk_api::Result<DepositReceipt> {
    api::deposit_collect(
        &mut w.l,
        &w.cashier,
        &CollectDepositRequest {
            unit: unit.into(),
            payer: None,
            contractor: "美家装饰工程有限公司".into(),
            contractor_phone: "13566667777".into(),
            amount: Money::from_yuan(yuan),
            permit_no: permit.into(),
            planned_end: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            tenders,
            note: String::new(),
        },
    )
}

fn passed() -> Inspection {
    Inspection {
        passed: true,
        findings: String::new(),
    }
}

fn deduct(kind: DeductionKind, fen: i64, note: &str) -> Deduction {
    Deduction {
        kind,
        amount: Money::from_fen(fen),
        note: note.into(),
    }
}

/// Row counts of every ledger table, deposits included: equal before and after means nothing changed.
fn fp(w: &World) -> Vec<i64> {
    let mut f = w.fingerprint();
    f.push(w.count("deposits"));
    f.push(w.count("deposit_events"));
    f
}

fn bal(w: &World, a: &Account) -> i64 {
    journal::balance(&w.db(), a).unwrap().fen()
}

fn drawer(w: &World) -> i64 {
    let shift = api::current_shift(&w.l, &w.cashier).unwrap().unwrap();
    feedesk_ledger::shift::expected_cash(&w.db(), shift)
        .unwrap()
        .fen()
}

fn deposit_liability(w: &World) -> i64 {
    -w.db()
        .query_row(
            "SELECT COALESCE(SUM(amount_fen), 0) FROM postings WHERE account LIKE '2241:deposit:%'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
}

#[test]
fn full_lifecycle_refund_in_cash_with_damage_and_an_unpaid_charge() {
    let mut w = World::new();
    w.bill("2026-01");
    w.set_time(at(2026, 1, 5, 10));
    w.open_shift();
    let unit = "3-2-1201";

    // Collect ¥3,000 in cash: a numbered receipt, the liability on 2241:deposit:<unit>.
    let r = take(&mut w, unit, 3000, "ZX-2026-001", vec![cash(3000)]).unwrap();
    assert_eq!(r.receipt.number, "A01-2026-000001");
    assert_eq!(r.receipt.kind, api::ReceiptKind::Deposit);
    assert_eq!(r.receipt.payer, "张三");
    assert_eq!(r.receipt.lines.len(), 1);
    assert_eq!(
        (
            r.receipt.lines[0].kind.as_str(),
            r.receipt.lines[0].amount_fen
        ),
        ("deposit", 300000)
    );
    assert_eq!(r.receipt.total_fen, 300000);
    let id = r.deposit.id;
    assert_eq!(r.deposit.state, DepositState::UnderWay);
    assert_eq!(r.deposit.held_fen, 300000);
    assert_eq!(
        r.deposit.contractor_phone, "135****7777",
        "a cashier sees the phone masked"
    );
    assert_eq!(bal(&w, &Account::Deposit(unit.into())), -300000);
    assert_eq!(drawer(&w), 50000 + 300000);
    w.assert_invariants();

    // Refund requested before any inspection: refused, nothing changes.
    let before = fp(&w);
    let e = api::deposit_request_refund(&mut w.l, &w.cashier, id, &RefundRequest::default())
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongState);
    assert!(e.message(Lang::Zh).contains("验收通过后"), "{}", e.zh);
    assert_eq!(before, fp(&w));

    // Inspection fails (findings required), then passes.
    w.set_time(at(2026, 3, 30, 15));
    let e = api::deposit_inspect(
        &mut w.l,
        &w.cashier,
        id,
        &Inspection {
            passed: false,
            findings: " ".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let d = api::deposit_inspect(
        &mut w.l,
        &w.cashier,
        id,
        &Inspection {
            passed: false,
            findings: "卫生间防水未做闭水试验".into(),
        },
    )
    .unwrap();
    assert_eq!(d.state, DepositState::InspectionFailed);
    w.assert_invariants();
    let e = api::deposit_request_refund(&mut w.l, &w.cashier, id, &RefundRequest::default())
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongState);
    let d = api::deposit_inspect(&mut w.l, &w.cashier, id, &passed()).unwrap();
    assert_eq!(d.state, DepositState::InspectionPassed);
    assert!(d.inspection_passed);
    w.assert_invariants();

    // No refund without a request and an approval.
    let before = fp(&w);
    let e = api::deposit_refund(&mut w.l, &w.cashier, id, PayMethod::Cash, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongState);
    assert_eq!(before, fp(&w));

    // Request: damage ¥500 and the unpaid property fee of January (¥210.25).
    let wyf = api::unit_arrears(&w.l, &w.cashier, unit)
        .unwrap()
        .charges
        .into_iter()
        .find(|c| c.item == "WYF")
        .unwrap();
    assert_eq!(wyf.open_fen, 21025);
    let req = RefundRequest {
        deductions: vec![deduct(DeductionKind::Damage, 50000, "电梯轿厢划伤")],
        charges: vec![wyf.charge_id],
        note: "业主申请退还".into(),
    };
    let d = api::deposit_request_refund(&mut w.l, &w.cashier, id, &req).unwrap();
    assert_eq!(d.state, DepositState::RefundRequested);
    let plan = d.request.clone().unwrap();
    assert_eq!(
        (plan.held_fen, plan.deductions_fen, plan.refund_fen),
        (300000, 71025, 228975)
    );
    // Nothing moved yet.
    assert_eq!(bal(&w, &Account::Deposit(unit.into())), -300000);
    assert_eq!(w.arrears(unit), 22025);
    w.assert_invariants();

    // Not paid out before the supervisor's approval; a cashier cannot approve.
    let before = fp(&w);
    let e = api::deposit_refund(&mut w.l, &w.cashier, id, PayMethod::Cash, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::ApprovalRequired);
    let e = api::deposit_approve_refund(&mut w.l, &w.cashier, id, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(before, fp(&w));

    let d = api::deposit_approve_refund(&mut w.l, &w.supervisor, id, "同意").unwrap();
    assert_eq!(d.state, DepositState::RefundApproved);
    w.assert_invariants();

    // The refund voucher: its own series, the deposit back, the deductions, the settled charge.
    w.set_time(at(2026, 4, 2, 10));
    let drawer_before = drawer(&w);
    let r = api::deposit_refund(&mut w.l, &w.cashier, id, PayMethod::Cash, "").unwrap();
    let v = &r.receipt;
    assert_eq!(v.number, "A01-TK2026-000001");
    assert_eq!(v.kind, api::ReceiptKind::Refund);
    assert_eq!(v.payer, "张三");
    let lines: Vec<(&str, i64)> = v
        .lines
        .iter()
        .map(|l| (l.kind.as_str(), l.amount_fen))
        .collect();
    assert_eq!(
        lines,
        vec![
            ("deposit", -300000),
            ("deduction", 50000),
            ("charge", 21025)
        ]
    );
    assert_eq!(v.lines[2].period.as_deref(), Some("2026-01"));
    assert_eq!(v.payments.len(), 1);
    assert_eq!(
        (v.payments[0].method, v.payments[0].amount_fen),
        (PayMethod::Cash, -228975)
    );
    assert_eq!(v.total_fen, -228975);
    assert_eq!(
        drawer_before - drawer(&w),
        228975,
        "the drawer gives out exactly the refund"
    );
    // The unit's property fee is settled; the rubbish fee is still open.
    assert_eq!(w.arrears(unit), 1000);
    assert_eq!(bal(&w, &Account::Deposit(unit.into())), 0);
    assert_eq!(
        bal(&w, &Account::OtherIncome("deposit-damage".into())),
        -50000
    );
    let d = &r.deposit;
    assert_eq!(d.state, DepositState::Refunded);
    assert!(d.closed);
    assert_eq!(
        (d.held_fen, d.deducted_fen, d.refunded_fen),
        (0, 71025, 228975)
    );
    assert_eq!(d.refund_voucher.as_deref(), Some("A01-TK2026-000001"));
    assert_eq!(
        d.events.iter().map(|e| e.step.as_str()).collect::<Vec<_>>(),
        [
            "collected",
            "inspected_failed",
            "inspected_passed",
            "refund_requested",
            "refund_approved",
            "refunded"
        ]
    );
    assert_eq!(
        d.events.last().unwrap().approved_by.as_deref(),
        Some("张敏")
    );
    w.assert_invariants();

    // A receipt in the ordinary series continues its own numbering.
    let p = w.collect_all(unit, vec![cash(10)]).unwrap();
    assert_eq!(p.number, "A01-2026-000002");

    // Closed: nothing more can be done, and a deposit document cannot be voided.
    let before = fp(&w);
    let e = api::deposit_refund(&mut w.l, &w.cashier, id, PayMethod::Cash, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongState);
    assert!(e.zh.contains("已退款"), "{}", e.zh);
    let e = api::deposit_forfeit(&mut w.l, &w.cashier, id, "违规施工", &approval()).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongState);
    let e = api::void_receipt(
        &mut w.l,
        &w.cashier,
        "A01-TK2026-000001",
        "误操作",
        &approval(),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::VoidNotAllowed);
    assert_eq!(before, fp(&w));
    // The audit log names the approver of the refund.
    let log = api::audit_log(&w.l, &w.supervisor, 50).unwrap();
    let refunded = log.iter().find(|a| a.action == "deposit_refunded").unwrap();
    assert_eq!(
        (refunded.user.as_deref(), refunded.approved_by.as_deref()),
        (Some("lisi"), Some("zhangmin"))
    );
    w.assert_invariants();
}

#[test]
fn reject_then_own_approval_refused_then_another_approver() {
    let mut w = World::new();
    w.set_time(at(2026, 1, 5, 10));
    w.open_shift();
    let id = take(
        &mut w,
        "3-2-1202",
        2000,
        "ZX-2026-002",
        vec![tender(PayMethod::Wechat, 200000)],
    )
    .unwrap()
    .deposit
    .id;
    api::deposit_inspect(&mut w.l, &w.cashier, id, &passed()).unwrap();
    api::deposit_request_refund(&mut w.l, &w.cashier, id, &RefundRequest::default()).unwrap();

    // Rejection needs a reason and goes back to "inspection passed".
    let e = api::deposit_reject_refund(&mut w.l, &w.supervisor, id, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let d =
        api::deposit_reject_refund(&mut w.l, &w.supervisor, id, "公共区域墙面损坏未核定").unwrap();
    assert_eq!(d.state, DepositState::InspectionPassed);
    w.assert_invariants();
    let e = api::deposit_approve_refund(&mut w.l, &w.supervisor, id, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongState);

    // The supervisor requests it again and may not approve their own request.
    let req = RefundRequest {
        deductions: vec![deduct(DeductionKind::Cleaning, 20000, "垃圾清运")],
        charges: vec![],
        note: String::new(),
    };
    api::deposit_request_refund(&mut w.l, &w.supervisor, id, &req).unwrap();
    let before = fp(&w);
    let e = api::deposit_approve_refund(&mut w.l, &w.supervisor, id, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::SelfApproval);
    assert!(
        e.message(Lang::Zh).contains("不能审批自己提出的退款申请"),
        "{}",
        e.zh
    );
    assert!(
        e.message(Lang::En).contains("your own refund request"),
        "{}",
        e.en
    );
    assert_eq!(before, fp(&w));

    // Another approver (the administrator) may.
    let d = api::deposit_approve_refund(&mut w.l, &w.admin, id, "").unwrap();
    assert_eq!(d.state, DepositState::RefundApproved);
    // Refunded by WeChat: no drawer needed; ¥1,800 back, ¥200 to other income.
    let r = api::deposit_refund(&mut w.l, &w.cashier, id, PayMethod::Wechat, "WX4200001").unwrap();
    assert_eq!(r.receipt.number, "A01-TK2026-000001");
    assert_eq!(
        (
            r.receipt.payments[0].method,
            r.receipt.payments[0].amount_fen
        ),
        (PayMethod::Wechat, -180000)
    );
    assert_eq!(bal(&w, &Account::Clearing(PayMethod::Wechat)), 20000);
    assert_eq!(
        bal(&w, &Account::OtherIncome("deposit-cleaning".into())),
        -20000
    );
    assert_eq!(
        r.deposit.events.last().unwrap().approved_by.as_deref(),
        Some("王建国")
    );
    w.assert_invariants();
}

#[test]
fn bad_input_changes_nothing() {
    let mut w = World::new();
    w.bill("2026-01");
    w.set_time(at(2026, 1, 5, 10));

    // No open shift: refused.
    let before = fp(&w);
    let e = take(&mut w, "3-1-301", 1000, "ZX-1", vec![cash(1000)]).unwrap_err();
    assert_eq!(e.code, ErrorCode::NoOpenShift);
    assert_eq!(before, fp(&w));
    w.open_shift();

    // Negative, zero, missing fields, unknown unit, short payment, prepayment.
    let mut bad = |f: &dyn Fn(&mut CollectDepositRequest), code: ErrorCode| {
        let mut req = CollectDepositRequest {
            unit: "3-1-301".into(),
            payer: None,
            contractor: "施工队".into(),
            contractor_phone: "13566667777".into(),
            amount: Money::from_yuan(1000),
            permit_no: "ZX-1".into(),
            planned_end: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            tenders: vec![cash(1000)],
            note: String::new(),
        };
        f(&mut req);
        let before = fp(&w);
        let e = api::deposit_collect(&mut w.l, &w.cashier, &req).unwrap_err();
        assert_eq!(e.code, code, "{}", e.zh);
        assert!(!e.zh.is_empty() && !e.en.is_empty());
        assert_eq!(before, fp(&w));
    };
    bad(
        &|r| r.amount = Money::from_fen(-100),
        ErrorCode::AmountNegative,
    );
    bad(&|r| r.amount = Money::ZERO, ErrorCode::AmountEmpty);
    bad(&|r| r.contractor = " ".into(), ErrorCode::InvalidInput);
    bad(
        &|r| r.contractor_phone = "abc".into(),
        ErrorCode::InvalidInput,
    );
    bad(&|r| r.permit_no = String::new(), ErrorCode::InvalidInput);
    bad(&|r| r.unit = "9-9-999".into(), ErrorCode::NotFound);
    bad(&|r| r.tenders = vec![cash(900)], ErrorCode::Underpaid);
    bad(
        &|r| r.tenders = vec![tender(PayMethod::Prepayment, 100000)],
        ErrorCode::InvalidInput,
    );
    bad(
        &|r| r.planned_end = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
        ErrorCode::InvalidInput,
    );

    // Cash over the amount gives change.
    let r = take(&mut w, "3-1-301", 1000, "ZX-1", vec![cash(1100)]).unwrap();
    assert_eq!(r.receipt.payments[0].change_fen, Some(10000));
    let id = r.deposit.id;
    // The same permit cannot take a second open deposit.
    let e = take(&mut w, "3-1-301", 1000, "ZX-1", vec![cash(1000)]).unwrap_err();
    assert_eq!(e.code, ErrorCode::Duplicate);
    api::deposit_inspect(&mut w.l, &w.cashier, id, &passed()).unwrap();

    let before = fp(&w);
    // Unknown deposit.
    let e = api::deposit_inspect(&mut w.l, &w.cashier, 999, &passed()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert!(e.zh.contains("#999"));
    // Inspected twice.
    let e = api::deposit_inspect(&mut w.l, &w.cashier, id, &passed()).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongState);
    // Deductions over the amount held: ¥1,000 held, ¥800 damage + ¥300 overdue.
    let over = RefundRequest {
        deductions: vec![
            deduct(DeductionKind::Damage, 80000, ""),
            deduct(DeductionKind::Overdue, 30000, "超期 10 天"),
        ],
        charges: vec![],
        note: String::new(),
    };
    let e = api::deposit_request_refund(&mut w.l, &w.cashier, id, &over).unwrap_err();
    assert_eq!(e.code, ErrorCode::ExceedsHeld);
    assert!(
        e.zh.contains("超过押金") && e.en.contains("exceed"),
        "{} / {}",
        e.zh,
        e.en
    );
    // Negative and zero deductions.
    let neg = RefundRequest {
        deductions: vec![deduct(DeductionKind::Damage, -100, "")],
        ..Default::default()
    };
    assert_eq!(
        api::deposit_request_refund(&mut w.l, &w.cashier, id, &neg)
            .unwrap_err()
            .code,
        ErrorCode::AmountNegative
    );
    let zero = RefundRequest {
        deductions: vec![deduct(DeductionKind::Damage, 0, "")],
        ..Default::default()
    };
    assert_eq!(
        api::deposit_request_refund(&mut w.l, &w.cashier, id, &zero)
            .unwrap_err()
            .code,
        ErrorCode::AmountEmpty
    );
    // A charge of another unit, or one chosen twice.
    let other = api::unit_arrears(&w.l, &w.cashier, "3-2-1201")
        .unwrap()
        .charges[0]
        .charge_id;
    let c = RefundRequest {
        charges: vec![other],
        ..Default::default()
    };
    assert_eq!(
        api::deposit_request_refund(&mut w.l, &w.cashier, id, &c)
            .unwrap_err()
            .code,
        ErrorCode::ChargeNotOpen
    );
    let own = api::unit_arrears(&w.l, &w.cashier, "3-1-301")
        .unwrap()
        .charges[0]
        .charge_id;
    let c = RefundRequest {
        charges: vec![own, own],
        ..Default::default()
    };
    assert_eq!(
        api::deposit_request_refund(&mut w.l, &w.cashier, id, &c)
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput
    );
    assert_eq!(before, fp(&w));

    // Exactly the amount held is allowed: nothing paid back, no payment line.
    let all = RefundRequest {
        deductions: vec![deduct(DeductionKind::Damage, 100000, "外墙损坏")],
        ..Default::default()
    };
    api::deposit_request_refund(&mut w.l, &w.cashier, id, &all).unwrap();
    api::deposit_approve_refund(&mut w.l, &w.supervisor, id, "").unwrap();
    let r = api::deposit_refund(&mut w.l, &w.cashier, id, PayMethod::Cash, "").unwrap();
    assert_eq!(r.receipt.total_fen, 0);
    assert!(r.receipt.payments.is_empty());
    assert_eq!(
        (r.deposit.deducted_fen, r.deposit.refunded_fen),
        (100000, 0)
    );
    w.assert_invariants();
}

#[test]
fn refund_needs_cash_in_the_drawer_an_open_shift_and_unchanged_charges() {
    let mut w = World::new();
    w.bill("2026-01");
    w.set_time(at(2026, 1, 5, 10));
    w.open_shift();
    let unit = "3-2-1201";
    // Paid by transfer: the drawer holds only the ¥500 float.
    let id = take(
        &mut w,
        unit,
        5000,
        "ZX-9",
        vec![tender(PayMethod::Transfer, 500000)],
    )
    .unwrap()
    .deposit
    .id;
    api::deposit_inspect(&mut w.l, &w.cashier, id, &passed()).unwrap();
    let charge = api::unit_arrears(&w.l, &w.cashier, unit).unwrap().charges[0].clone();
    let req = RefundRequest {
        charges: vec![charge.charge_id],
        ..Default::default()
    };
    api::deposit_request_refund(&mut w.l, &w.cashier, id, &req).unwrap();
    api::deposit_approve_refund(&mut w.l, &w.supervisor, id, "").unwrap();

    let before = fp(&w);
    let e = api::deposit_refund(&mut w.l, &w.cashier, id, PayMethod::Cash, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(
        e.zh.contains("钱箱现金只有") && e.en.contains("drawer"),
        "{}",
        e.zh
    );
    // Another cashier without an open shift cannot pay it out.
    let e = api::deposit_refund(&mut w.l, &w.cashier2, id, PayMethod::Transfer, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::NoOpenShift);
    assert_eq!(before, fp(&w));

    // The charge is paid at the counter after the request: the refund is refused until a new request.
    let paid = api::collect(
        &mut w.l,
        &w.cashier,
        &api::CollectRequest {
            unit: unit.into(),
            charges: Some(vec![charge.charge_id]),
            tenders: vec![cash(300)],
            to_prepayment: false,
            amount_fen: None,
            payer: None,
            note: String::new(),
        },
    )
    .unwrap();
    assert_eq!(paid.total_fen, charge.open_fen);
    let before = fp(&w);
    let e = api::deposit_refund(&mut w.l, &w.cashier, id, PayMethod::Transfer, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::ChargeNotOpen);
    assert!(e.zh.contains("重新提出退款申请"), "{}", e.zh);
    assert_eq!(before, fp(&w));
    // A new request replaces the approved one and needs approval again.
    let d =
        api::deposit_request_refund(&mut w.l, &w.cashier, id, &RefundRequest::default()).unwrap();
    assert_eq!(d.state, DepositState::RefundRequested);
    assert_eq!(
        api::deposit_refund(&mut w.l, &w.cashier, id, PayMethod::Transfer, "")
            .unwrap_err()
            .code,
        ErrorCode::ApprovalRequired
    );
    api::deposit_approve_refund(&mut w.l, &w.supervisor, id, "").unwrap();

    // Acting on a closed shift: the cashier closes, then tries to refund.
    let shift = api::current_shift(&w.l, &w.cashier).unwrap().unwrap();
    let expected = feedesk_ledger::shift::expected_cash(&w.db(), shift).unwrap();
    api::close_shift(
        &mut w.l,
        &w.cashier,
        &api::CloseRequest {
            cash_counts: feedesk_ledger::shift::counts_for(expected),
            non_cash: vec![(PayMethod::Transfer, Money::from_yuan(5000))],
            ..Default::default()
        },
    )
    .unwrap();
    let before = fp(&w);
    let e = api::deposit_refund(&mut w.l, &w.cashier, id, PayMethod::Transfer, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::NoOpenShift);
    assert_eq!(before, fp(&w));
    w.open_shift();
    let r = api::deposit_refund(&mut w.l, &w.cashier, id, PayMethod::Transfer, "网银 88").unwrap();
    assert_eq!(r.receipt.total_fen, -500000);
    w.assert_invariants();
}

#[test]
fn forfeit_and_transfer_need_an_approval() {
    let mut w = World::new();
    w.set_time(at(2026, 1, 5, 10));
    w.open_shift();
    let a = take(&mut w, "3-1-301", 2000, "ZX-F", vec![cash(2000)])
        .unwrap()
        .deposit
        .id;
    let b = take(&mut w, "3-2-1202", 3000, "ZX-T", vec![cash(3000)])
        .unwrap()
        .deposit
        .id;
    w.assert_invariants();

    // Forfeit: a wrong password, or the cashier's own, is no approval.
    let before = fp(&w);
    let e = api::deposit_forfeit(
        &mut w.l,
        &w.cashier,
        a,
        "擅自拆改承重墙",
        &Approval {
            username: "zhangmin".into(),
            password: "wrong".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::ApprovalRequired);
    let e = api::deposit_forfeit(
        &mut w.l,
        &w.cashier,
        a,
        "擅自拆改承重墙",
        &Approval {
            username: "lisi".into(),
            password: "cashier-pass".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::SelfApproval);
    let e = api::deposit_forfeit(&mut w.l, &w.cashier, a, "", &approval()).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert_eq!(before, fp(&w));
    let receipts = w.count("receipts");
    let d = api::deposit_forfeit(&mut w.l, &w.cashier, a, "擅自拆改承重墙", &approval()).unwrap();
    assert_eq!(d.state, DepositState::Forfeited);
    assert_eq!((d.held_fen, d.forfeited_fen), (0, 200000));
    assert_eq!(w.count("receipts"), receipts, "no document: no money moves");
    assert_eq!(
        bal(&w, &Account::OtherIncome("deposit-forfeit".into())),
        -200000
    );
    assert_eq!(bal(&w, &Account::Deposit("3-1-301".into())), 0);
    let unlinked: i64 = w
        .db()
        .query_row("SELECT COUNT(*) FROM journal_entries WHERE kind = 'deposit_forfeit' AND receipt_id IS NULL AND shift_id IS NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(unlinked, 1);
    w.assert_invariants();

    // Transfer: only after a passed inspection.
    let before = fp(&w);
    let e = api::deposit_transfer(&mut w.l, &w.cashier, b, "业主申请转物业费", &approval())
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongState);
    assert_eq!(before, fp(&w));
    api::deposit_inspect(&mut w.l, &w.cashier, b, &passed()).unwrap();
    let d =
        api::deposit_transfer(&mut w.l, &w.cashier, b, "业主申请转物业费", &approval()).unwrap();
    assert_eq!(d.state, DepositState::Transferred);
    assert_eq!(d.transferred_fen, 300000);
    let a2 = api::unit_arrears(&w.l, &w.cashier, "3-2-1202").unwrap();
    assert_eq!(a2.prepayment_fen, 300000);
    assert_eq!(bal(&w, &Account::Prepayment("3-2-1202".into())), -300000);
    w.assert_invariants();
    // The prepayment then pays the unit's charges.
    w.bill("2026-01");
    let r = w
        .collect_all("3-2-1202", vec![tender(PayMethod::Prepayment, 28876)])
        .unwrap();
    assert_eq!(r.total_fen, 28876);
    assert_eq!(deposit_liability(&w), 0);
    w.assert_invariants();
}

#[test]
fn lists_with_totals() {
    let mut w = World::new();
    w.set_time(at(2026, 1, 5, 10));
    w.open_shift();
    let a = take(&mut w, "3-2-1201", 3000, "L-1", vec![cash(3000)])
        .unwrap()
        .deposit
        .id;
    let b = take(&mut w, "3-2-1202", 2000, "L-2", vec![cash(2000)])
        .unwrap()
        .deposit
        .id;
    let c = take(&mut w, "3-1-301", 1000, "L-3", vec![cash(1000)])
        .unwrap()
        .deposit
        .id;

    // Before the planned end nothing is overdue.
    let held = api::deposits(&w.l, &w.cashier, &DepositFilter::Held).unwrap();
    assert_eq!((held.count, held.held_fen), (3, 600000));
    assert_eq!(held.held_fen, deposit_liability(&w));
    assert_eq!(
        api::deposits(&w.l, &w.cashier, &DepositFilter::OverdueInspection)
            .unwrap()
            .count,
        0
    );

    // After 2026-03-31: a and c are overdue for inspection; b passed.
    w.set_time(at(2026, 4, 8, 10));
    api::deposit_inspect(&mut w.l, &w.cashier, b, &passed()).unwrap();
    api::deposit_inspect(
        &mut w.l,
        &w.cashier,
        c,
        &Inspection {
            passed: false,
            findings: "空调外机位置不符".into(),
        },
    )
    .unwrap();
    let overdue = api::deposits(&w.l, &w.cashier, &DepositFilter::OverdueInspection).unwrap();
    assert_eq!(
        overdue.deposits.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![a, c]
    );
    assert_eq!(overdue.held_fen, 400000);

    // b refunded in April with ¥150 cleaning deducted.
    let req = RefundRequest {
        deductions: vec![deduct(DeductionKind::Cleaning, 15000, "")],
        ..Default::default()
    };
    api::deposit_request_refund(&mut w.l, &w.cashier, b, &req).unwrap();
    api::deposit_approve_refund(&mut w.l, &w.supervisor, b, "").unwrap();
    api::deposit_refund(&mut w.l, &w.cashier, b, PayMethod::Cash, "").unwrap();
    w.assert_invariants();

    let refunded = api::deposits(
        &w.l,
        &w.cashier,
        &DepositFilter::RefundedIn {
            month: "2026-04".into(),
        },
    )
    .unwrap();
    assert_eq!(
        (refunded.count, refunded.deducted_fen, refunded.refunded_fen),
        (1, 15000, 185000)
    );
    assert_eq!(
        api::deposits(
            &w.l,
            &w.cashier,
            &DepositFilter::RefundedIn {
                month: "2026年3月".into()
            }
        )
        .unwrap()
        .count,
        0
    );
    let e = api::deposits(
        &w.l,
        &w.cashier,
        &DepositFilter::RefundedIn {
            month: "April".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);

    let held = api::deposits(&w.l, &w.cashier, &DepositFilter::Held).unwrap();
    assert_eq!((held.count, held.held_fen), (2, 400000));
    assert_eq!(held.held_fen, deposit_liability(&w));
    let all = api::deposits(&w.l, &w.cashier, &DepositFilter::All).unwrap();
    assert_eq!(
        (
            all.count,
            all.amount_fen,
            all.held_fen,
            all.deducted_fen,
            all.refunded_fen
        ),
        (3, 600000, 400000, 15000, 185000)
    );

    // A supervisor sees the contractor's phone in full; a cashier masked.
    assert_eq!(
        api::deposit(&w.l, &w.supervisor, a)
            .unwrap()
            .contractor_phone,
        "13566667777"
    );
    assert_eq!(
        api::deposit(&w.l, &w.cashier, a).unwrap().contractor_phone,
        "135****7777"
    );
    w.assert_invariants();
}

#[test]
fn the_check_notices_deposits_out_of_step_with_their_account() {
    let mut w = World::new();
    w.set_time(at(2026, 1, 5, 10));
    w.open_shift();
    let id = take(&mut w, "3-2-1201", 3000, "C-1", vec![cash(3000)])
        .unwrap()
        .deposit
        .id;
    w.assert_invariants();
    // A deposit marked refunded behind the ledger's back, claiming more than was held: the
    // liability account still holds it and the amounts do not add up.
    w.db()
        .execute(
            "INSERT INTO deposit_events(deposit_id, kind, at, user_id, detail) VALUES (?1, 'refunded', '2026-01-05T11:00:00+08:00', 1,
             '{\"deductions_fen\": 100000, \"refund_fen\": 250000}')",
            [id],
        )
        .unwrap();
    let rep = feedesk_ledger::check::check(&w.db()).unwrap();
    let all = rep.violations.join("\n");
    assert!(
        all.contains("deposits held for 3-2-1201: 0 but the deposit account holds 300000"),
        "{all}"
    );
    assert!(
        all.contains("deposits held in total 0 but the deposit accounts hold 300000"),
        "{all}"
    );
    assert!(
        all.contains(&format!(
            "deposit {id}: deducted 100000 + refunded 250000 against 300000 held"
        )),
        "{all}"
    );
}

/// A deposit taken in error (wrong unit, wrong amount) is voided like any receipt of the open shift,
/// with a supervisor's approval: the receipt keeps its number marked void, the money and the liability
/// go back, the deposit closes as 已作废 and head office hears of both. Once anything has been done
/// with the deposit, or its shift is closed, only its refund undoes it.
#[test]
fn a_deposit_taken_in_error_is_voided_in_its_shift_and_only_then() {
    let mut w = World::new();
    w.set_time(at(2026, 1, 5, 10));
    w.open_shift();
    let unit = "3-1-301";
    let wrong = take(&mut w, unit, 3000, "ZX-V1", vec![cash(3000)]).unwrap();
    let drawer_before = drawer(&w) - 300000;
    assert_eq!(bal(&w, &Account::Deposit(unit.into())), -300000);

    // Without a reason or a supervisor: refused, nothing changes.
    let before = fp(&w);
    let number = wrong.receipt.number.clone();
    let e = api::void_receipt(&mut w.l, &w.cashier, &number, "", &approval()).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let bad = Approval {
        username: "zhangmin".into(),
        password: "wrong".into(),
    };
    let e = api::void_receipt(&mut w.l, &w.cashier, &number, "金额收错", &bad).unwrap_err();
    assert_eq!(e.code, ErrorCode::ApprovalRequired);
    assert_eq!(before, fp(&w));

    let outbox = w.count("outbox");
    let r = api::void_receipt(&mut w.l, &w.cashier, &number, "金额收错", &approval()).unwrap();
    assert!(r.void.is_some(), "the receipt stands, marked void");
    assert_eq!(r.number, number, "the number is kept");
    let d = api::deposit(&w.l, &w.supervisor, wrong.deposit.id).unwrap();
    assert_eq!(
        (d.state, d.state_zh.as_str()),
        (DepositState::Voided, "已作废")
    );
    assert!(d.closed);
    assert_eq!(d.held_fen, 0);
    assert_eq!(d.events.last().unwrap().step_zh, "作废");
    assert_eq!(
        d.events.last().unwrap().approved_by.as_deref(),
        Some("张敏")
    );
    assert_eq!(bal(&w, &Account::Deposit(unit.into())), 0);
    assert_eq!(
        drawer(&w),
        drawer_before,
        "the cash went back out of the drawer"
    );
    let kinds: Vec<String> = w
        .db()
        .prepare("SELECT kind FROM outbox ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|k| k.unwrap())
        .collect();
    assert_eq!(
        kinds[outbox as usize..],
        ["receipt_voided", "deposit_event"]
    );
    w.assert_invariants();
    // Listed, but neither held nor counted as taken.
    let all = api::deposits(&w.l, &w.supervisor, &DepositFilter::All).unwrap();
    assert_eq!((all.count, all.amount_fen, all.held_fen), (1, 0, 0));
    let x = api::export_xlsx(
        &w.l,
        &w.supervisor,
        &api::ExportRequest::Deposits {
            filter: DepositFilter::All,
        },
    )
    .unwrap();
    assert_eq!(
        (x.rows, x.total_fen),
        (1, 0),
        "the workbook agrees with the list"
    );
    assert_eq!(
        api::deposits(&w.l, &w.supervisor, &DepositFilter::Held)
            .unwrap()
            .count,
        0
    );
    // The same permit can be taken again, correctly.
    let right = take(&mut w, unit, 2000, "ZX-V1", vec![cash(2000)]).unwrap();
    assert_eq!(right.deposit.state, DepositState::UnderWay);

    // The cashier asks, the supervisor approves: refused from here on.
    let void = |w: &mut World, number: &str| {
        api::void_receipt(&mut w.l, &w.cashier, number, "收错", &approval()).unwrap_err()
    };
    // Voided twice: refused.
    let e = void(&mut w, &number);
    assert_eq!(e.code, ErrorCode::AlreadyVoided);
    // After an inspection, the receipt cannot be voided: the deposit is refunded instead.
    api::deposit_inspect(&mut w.l, &w.cashier, right.deposit.id, &passed()).unwrap();
    let before_inspected = fp(&w);
    let e = void(&mut w, &right.receipt.number);
    assert_eq!(e.code, ErrorCode::WrongState);
    assert!(e.message(Lang::Zh).contains("请办理退还"), "{}", e.zh);
    assert_eq!(before_inspected, fp(&w));

    // Another deposit, its shift closed: neither voided nor reversed.
    let late = take(&mut w, "3-2-1202", 1000, "ZX-V2", vec![cash(1000)]).unwrap();
    w.close_shift_exact();
    w.set_time(at(2026, 1, 6, 9));
    w.open_shift();
    let before = fp(&w);
    let e = void(&mut w, &late.receipt.number);
    assert_eq!(e.code, ErrorCode::VoidNotAllowed);
    assert!(e.message(Lang::Zh).contains("办理退还"), "{}", e.zh);
    let e = api::reverse_receipt(
        &mut w.l,
        &w.cashier,
        &late.receipt.number,
        "收错",
        &approval(),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::VoidNotAllowed);
    assert_eq!(before, fp(&w));
    w.assert_invariants();
}
