//! Property tests: random sequences of billing, collection, counter sales, voids, reversals and
//! shift changes on a real ledger file never break the ledger's invariants.

mod common;

use common::*;
use feedesk_api::{self as api, CollectRequest, PayMethod, SaleLine, SaleRequest};
use feedesk_api::{ErrorCode, Money};
use feedesk_ledger::billing::allocate;
use feedesk_ledger::deposits::{
    CollectDepositRequest, Deduction, DeductionKind, DepositFilter, Inspection, RefundRequest,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

const UNITS: [&str; 5] = ["3-2-1201", "3-2-1202", "3-1-301", "S-101", "P-B1-023"];

#[derive(Debug, Clone)]
enum Op {
    Bill,
    Collect {
        unit: usize,
        method: usize,
        extra_fen: i64,
        some: bool,
        to_prepayment: bool,
    },
    UsePrepayment {
        unit: usize,
    },
    /// 部分缴纳: this many thousandths of what the unit owes (at least a fen).
    PayPart {
        unit: usize,
        method: usize,
        permille: i64,
    },
    Sale {
        unit: Option<usize>,
        qty: u32,
        method: usize,
    },
    Void {
        back: usize,
    },
    Reverse {
        back: usize,
    },
    SwapShift,
    CashMove {
        fen: i64,
    },
    DepositCollect {
        unit: usize,
        yuan: i64,
    },
    DepositStep {
        back: usize,
        step: u8,
        fen: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => Just(Op::Bill),
        6 => (0..5usize, 0..5usize, 0..5000i64, any::<bool>(), any::<bool>())
            .prop_map(|(unit, method, extra_fen, some, to_prepayment)| Op::Collect { unit, method, extra_fen, some, to_prepayment }),
        1 => (0..5usize).prop_map(|unit| Op::UsePrepayment { unit }),
        3 => (0..5usize, 0..5usize, 0..1000i64).prop_map(|(unit, method, permille)| Op::PayPart { unit, method, permille }),
        2 => (proptest::option::of(0..5usize), 1..40u32, 0..5usize).prop_map(|(unit, qty, method)| Op::Sale { unit, qty, method }),
        2 => (0..4usize).prop_map(|back| Op::Void { back }),
        1 => (0..6usize).prop_map(|back| Op::Reverse { back }),
        1 => Just(Op::SwapShift),
        1 => (-30_000i64..30_000).prop_map(|fen| Op::CashMove { fen }),
        1 => (0..5usize, 1..5000i64).prop_map(|(unit, yuan)| Op::DepositCollect { unit, yuan }),
        3 => (0..3usize, 0..8u8, 0..300_000i64).prop_map(|(back, step, fen)| Op::DepositStep { back, step, fen }),
    ]
}

/// A shift's daily report without the moment it was generated.
fn shift_report(w: &World, id: i64) -> String {
    let mut r = api::daily_report(&w.l, &w.supervisor, &api::DailyScope::Shift { id }).unwrap();
    r.generated_at.clear();
    serde_json::to_string(&r).unwrap()
}

const METHODS: [PayMethod; 5] = [
    PayMethod::Cash,
    PayMethod::Wechat,
    PayMethod::Alipay,
    PayMethod::Unionpay,
    PayMethod::Transfer,
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, max_shrink_iters: 200, .. ProptestConfig::default() })]

    #[test]
    fn random_days_keep_every_invariant(ops in proptest::collection::vec(op(), 1..40)) {
        let mut w = World::new();
        let mut month = 1u32;
        let mut receipts: Vec<String> = vec![];
        let mut deposits: Vec<i64> = vec![];
        // Each closed shift's report as it stood at its close: it must never change afterwards.
        let mut frozen: Vec<(i64, String)> = vec![];
        w.open_shift();
        for (i, op) in ops.iter().enumerate() {
            // A clock that only moves forward, as a counter PC's does.
            w.set_time(at(2026, month, 1, 9) + chrono::Duration::minutes(10 * i as i64));
            let before = w.fingerprint();
            let result: feedesk_api::Result<Option<String>> = match op {
                Op::Bill => {
                    let r = api::billing_run(&mut w.l, &w.admin, &format!("2026-{month:02}"));
                    month = (month + 1).min(12);
                    r.map(|_| None)
                }
                Op::Collect { unit, method, extra_fen, some, to_prepayment } => {
                    let code = UNITS[*unit];
                    let open = api::unit_arrears(&w.l, &w.cashier, code).unwrap();
                    let chosen: Vec<_> = if *some { open.charges.iter().take(1).collect() } else { open.charges.iter().collect() };
                    let due: i64 = chosen.iter().map(|c| c.open_fen).sum();
                    let tenders = vec![tender(METHODS[*method], due + if METHODS[*method] == PayMethod::Cash || *to_prepayment { *extra_fen } else { 0 })];
                    api::collect(&mut w.l, &w.cashier, &CollectRequest {
                        unit: code.into(),
                        charges: Some(chosen.iter().map(|c| c.charge_id).collect()),
                        tenders,
                        to_prepayment: *to_prepayment,
                        amount_fen: None,
                        payer: None,
                        note: String::new(),
                    }).map(|r| Some(r.number))
                }
                Op::PayPart { unit, method, permille } => {
                    let code = UNITS[*unit];
                    let owed = w.arrears(code);
                    let amount = (owed * permille / 1000).max(1);
                    let r = api::collect(&mut w.l, &w.cashier, &CollectRequest {
                        amount_fen: Some(amount),
                        ..CollectRequest::all_open(code, vec![tender(METHODS[*method], amount)])
                    });
                    if let Ok(r) = &r {
                        // Exactly the amount settled, the rest still owed and said so on the receipt.
                        prop_assert_eq!(r.total_fen, amount);
                        prop_assert_eq!(w.arrears(code), owed - amount);
                        prop_assert_eq!(r.remaining_fen, Some(owed - amount).filter(|f| *f > 0));
                    }
                    r.map(|r| Some(r.number))
                }
                Op::UsePrepayment { unit } => {
                    let code = UNITS[*unit];
                    let a = api::unit_arrears(&w.l, &w.cashier, code).unwrap();
                    match a.charges.first() {
                        Some(c) if a.prepayment_fen >= c.open_fen => api::collect(&mut w.l, &w.cashier, &CollectRequest {
                            unit: code.into(),
                            charges: Some(vec![c.charge_id]),
                            tenders: vec![tender(PayMethod::Prepayment, c.open_fen)],
                            to_prepayment: false,
                            amount_fen: None,
                            payer: None,
                            note: String::new(),
                        }).map(|r| Some(r.number)),
                        _ => Ok(None),
                    }
                }
                Op::Sale { unit, qty, method } => {
                    let due = *qty as i64 * 50;
                    api::sale(&mut w.l, &w.cashier, &SaleRequest {
                        unit: unit.map(|u| UNITS[u].to_string()),
                        payer: None,
                        lines: vec![SaleLine { item: "FYF".into(), quantity: Decimal::from(*qty), unit_price: None }],
                        tenders: vec![tender(METHODS[*method], due)],
                        note: String::new(),
                    }).map(|r| Some(r.number))
                }
                Op::Void { back } => match receipts.iter().rev().nth(*back) {
                    Some(n) => api::void_receipt(&mut w.l, &w.cashier, n, "录入错误", &approval()).map(|_| None),
                    None => Ok(None),
                },
                Op::Reverse { back } => match receipts.iter().rev().nth(*back) {
                    Some(n) => api::reverse_receipt(&mut w.l, &w.cashier, n, "业主退费", &approval()).map(|r| Some(r.number)),
                    None => Ok(None),
                },
                Op::SwapShift => {
                    let id = api::current_shift(&w.l, &w.cashier).unwrap().unwrap();
                    let counted = feedesk_ledger::shift::expected_cash(&w.db(), id).unwrap();
                    let close = api::CloseRequest {
                        cash_counts: feedesk_ledger::shift::counts_for(counted),
                        non_cash: feedesk_ledger::shift::expected_non_cash(&w.db(), id).unwrap(),
                        ..Default::default()
                    };
                    api::close_shift(&mut w.l, &w.cashier, &close).unwrap();
                    frozen.push((id, shift_report(&w, id)));
                    w.open_shift();
                    Ok(None)
                }
                Op::CashMove { fen } => api::cash_movement(&mut w.l, &w.cashier, Money::from_fen(*fen), "调整备用金").map(|_| None),
                Op::DepositCollect { unit, yuan } => {
                    let req = CollectDepositRequest {
                        unit: UNITS[*unit].into(),
                        payer: None,
                        contractor: "装饰公司".into(),
                        contractor_phone: "13900001111".into(),
                        amount: Money::from_yuan(*yuan),
                        permit_no: format!("ZX-{i}"),
                        planned_end: w.cashier.today() + chrono::Duration::days(30),
                        tenders: vec![cash(*yuan)],
                        note: String::new(),
                    };
                    api::deposit_collect(&mut w.l, &w.cashier, &req).map(|d| {
                        deposits.push(d.deposit.id);
                        Some(d.receipt.number)
                    })
                }
                Op::DepositStep { back, step, fen } => match deposits.iter().rev().nth(*back).copied() {
                    None => Ok(None),
                    Some(id) => match step {
                        0 => api::deposit_inspect(&mut w.l, &w.cashier, id, &Inspection { passed: true, findings: String::new() }).map(|_| None),
                        1 => api::deposit_inspect(&mut w.l, &w.cashier, id, &Inspection { passed: false, findings: "墙面破损".into() }).map(|_| None),
                        2 => {
                            let d = vec![Deduction { kind: DeductionKind::Damage, amount: Money::from_fen(*fen), note: "损坏".into() }];
                            api::deposit_request_refund(&mut w.l, &w.cashier, id, &RefundRequest { deductions: d, charges: vec![], note: String::new() }).map(|_| None)
                        }
                        3 => api::deposit_approve_refund(&mut w.l, &w.supervisor, id, "同意").map(|_| None),
                        4 => api::deposit_reject_refund(&mut w.l, &w.supervisor, id, "扣款不足").map(|_| None),
                        5 => api::deposit_refund(&mut w.l, &w.cashier, id, METHODS[(*fen % 5) as usize], "").map(|r| Some(r.receipt.number)),
                        6 => api::deposit_forfeit(&mut w.l, &w.cashier, id, "违规施工", &approval()).map(|_| None),
                        _ => api::deposit_transfer(&mut w.l, &w.cashier, id, "业主要求转预存", &approval()).map(|_| None),
                    },
                },
            };
            match result {
                Ok(Some(n)) => receipts.push(n),
                Ok(None) => {}
                Err(e) => {
                    // A refusal is fine, but it must be one of the rule-based ones and change nothing.
                    prop_assert!(matches!(e.code, ErrorCode::Underpaid | ErrorCode::Overpaid | ErrorCode::InvalidInput | ErrorCode::AmountNegative | ErrorCode::AmountEmpty
                        | ErrorCode::AlreadyVoided | ErrorCode::VoidNotAllowed | ErrorCode::WrongState | ErrorCode::ExceedsHeld), "unexpected error {:?}", e);
                    prop_assert_eq!(&before, &w.fingerprint());
                }
            }
            w.assert_invariants();
            for (id, snapshot) in &frozen {
                prop_assert_eq!(&shift_report(&w, *id), snapshot, "closed shift {} changed", id);
            }
            let day = api::daily_report(&w.l, &w.supervisor, &api::DailyScope::DeskDay { date: w.cashier.today() }).unwrap();
            prop_assert!(day.reconciliation.ok, "{:?}", day.reconciliation);
            // The deposit liability equals the deposits held.
            let held = api::deposits(&w.l, &w.supervisor, &DepositFilter::Held).unwrap();
            let liability: i64 = w.db().query_row("SELECT COALESCE(-SUM(amount_fen), 0) FROM postings WHERE account LIKE '2241:deposit:%'", [], |r| r.get(0)).unwrap();
            prop_assert_eq!(held.held_fen, liability);
        }
        // Each unit's 收费台账 ends at the unit's own arrears and prepayment.
        for code in UNITS {
            let led = api::fee_ledger(&w.l, &w.cashier, code).unwrap();
            let unit = api::unit_arrears(&w.l, &w.cashier, code).unwrap();
            prop_assert_eq!((led.arrears_fen, led.prepayment_fen), (unit.total_fen, unit.prepayment_fen), "{}", code);
        }
        // Each month's 收费月报表 is the sum of its days: here every operation of a month falls on its first day.
        for m in 1..=month {
            let r = api::monthly_report(&w.l, &w.supervisor, &format!("2026-{m:02}")).unwrap();
            let date = chrono::NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
            let day = api::daily_report(&w.l, &w.supervisor, &api::DailyScope::DeskDay { date }).unwrap();
            let mut days: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
            for a in &day.by_item {
                let key = if a.key.starts_with("deduction:") { "押金扣款".to_string() } else { a.key.clone() };
                *days.entry(key).or_default() += a.fen;
            }
            days.insert("预存款".into(), day.prepayments_received_fen);
            days.retain(|_, v| *v != 0);
            let mut items: std::collections::BTreeMap<String, i64> = r.items.iter().map(|x| (x.item.clone(), x.figures.settled_fen())).collect();
            items.retain(|_, v| *v != 0);
            prop_assert_eq!(r.total.prepayment_used_fen, day.prepayments_used_fen, "2026-{:02} prepayment spent", m);
            prop_assert_eq!(items, days, "2026-{:02}", m);
        }
    }

    #[test]
    fn allocation_parts_sum_to_the_total(total in 1i64..10_000_000, areas in proptest::collection::vec(1i64..50_000, 1..60), equal in any::<bool>()) {
        let weights: Vec<Decimal> = areas.iter().map(|a| if equal { Decimal::ONE } else { Decimal::new(*a, 2) }).collect();
        let parts = allocate(Money::from_fen(total), &weights).unwrap();
        prop_assert_eq!(parts.iter().map(|p| p.fen()).sum::<i64>(), total);
        // Each part is within one fen of its exact share, and the split is deterministic.
        let sum: Decimal = weights.iter().copied().sum();
        for (p, w) in parts.iter().zip(&weights) {
            let exact = Decimal::from(total) * *w / sum;
            prop_assert!((Decimal::from(p.fen()) - exact).abs() < Decimal::ONE);
        }
        prop_assert_eq!(parts, allocate(Money::from_fen(total), &weights).unwrap());
    }
}
