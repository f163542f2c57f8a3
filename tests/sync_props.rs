//! Property: random counter work interleaved with sync rounds under random faults (latency, a reset
//! mid-request, a lost reply after the commit, a blackhole) — head office ends up holding exactly the
//! desk's events, every link and signature verifying, every day equal to the desk's report.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use common::hq::*;
use common::*;
use feedesk_api::{self as api, PayMethod};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Collect(usize, PayMethod),
    Sale(u8),
    VoidLast,
    NextDay,
    Sync(Fault),
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        3 => Just(Fault::Pass),
        1 => (50u64..400).prop_map(|ms| Fault::Latency(Duration::from_millis(ms))),
        1 => (500usize..20_000).prop_map(Fault::ResetAfter),
        1 => Just(Fault::DropReply),
        1 => Just(Fault::Blackhole),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0usize..5, prop_oneof![Just(PayMethod::Cash), Just(PayMethod::Wechat), Just(PayMethod::Alipay)])
            .prop_map(|(u, m)| Op::Collect(u, m)),
        2 => (1u8..20).prop_map(Op::Sale),
        1 => Just(Op::VoidLast),
        1 => Just(Op::NextDay),
        3 => fault().prop_map(Op::Sync),
    ]
}

const UNITS: [&str; 5] = ["3-2-1201", "3-2-1202", "3-1-301", "S-101", "P-B1-023"];

struct Shared {
    hq: Hq,
    proxy: FaultProxy,
}

fn shared() -> &'static Shared {
    static S: OnceLock<Shared> = OnceLock::new();
    S.get_or_init(|| {
        std::env::set_var("FEEDESK_SYNC_TIMEOUT_SECS", "2");
        let hq = Hq::start(&shared_pg().database());
        let proxy = FaultProxy::start(hq.port);
        Shared { hq, proxy }
    })
}

fn run(ops: &[Op]) {
    static CASE: AtomicUsize = AtomicUsize::new(0);
    let s = shared();
    let estate = format!("P{}", CASE.fetch_add(1, Ordering::SeqCst));
    let mut w = World::new();
    for p in [
        "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
    ] {
        w.bill(p);
    }
    let desk = enroll(&mut w, &s.hq, &s.proxy.url(), &estate);
    let mut day = 2u32;
    w.set_time(at(2026, 6, day, 9));
    w.open_shift();
    let mut last: Option<String> = None;
    for op in ops {
        match op {
            Op::Collect(u, m) => {
                let owed = w.arrears(UNITS[*u]);
                if owed > 0 {
                    let t = if *m == PayMethod::Cash {
                        cash(owed / 100 + 1)
                    } else {
                        tender(*m, owed)
                    };
                    last = Some(w.collect_all(UNITS[*u], vec![t]).unwrap().number);
                }
            }
            Op::Sale(q) => {
                let r = api::sale(
                    &mut w.l,
                    &w.cashier,
                    &api::SaleRequest {
                        unit: None,
                        payer: None,
                        lines: vec![api::SaleLine {
                            item: "FYF".into(),
                            quantity: d(&q.to_string()),
                            unit_price: None,
                        }],
                        tenders: vec![cash(*q as i64)],
                        note: String::new(),
                    },
                )
                .unwrap();
                last = Some(r.number);
            }
            Op::VoidLast => {
                if let Some(n) = last.take() {
                    api::void_receipt(&mut w.l, &w.cashier, &n, "录错了", &approval()).unwrap();
                }
            }
            Op::NextDay => {
                w.close_shift_exact();
                let date = chrono::NaiveDate::from_ymd_opt(2026, 6, day).unwrap();
                api::close_day(&mut w.l, &w.cashier, date).unwrap();
                day += 1;
                w.set_time(at(2026, 6, day, 9));
                w.open_shift();
                last = None;
            }
            Op::Sync(f) => {
                s.proxy.schedule(&[*f]);
                let _ = api::sync_round(&mut w.l, at(2026, 6, day, 20));
            }
        }
    }
    w.close_shift_exact();
    api::close_day(
        &mut w.l,
        &w.cashier,
        chrono::NaiveDate::from_ymd_opt(2026, 6, day).unwrap(),
    )
    .unwrap();
    let r = sync_all(&mut w.l, 50).unwrap();
    assert_eq!(r.pending, 0);
    assert_head_office_has_exactly(&w, &s.hq, &desk);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, max_shrink_iters: 4, ..ProptestConfig::default() })]

    #[test]
    fn head_office_holds_exactly_the_desks_ledger_whatever_the_network_does(ops in prop::collection::vec(op(), 10..40)) {
        run(&ops);
    }
}
