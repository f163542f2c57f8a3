//! Every desk's ledger reaches head office exactly once, signed and verified, under any network
//! fault (ledger rule 8): real PostgreSQL, real HTTPS on loopback, a real `feedesk-hq` process, a
//! fault proxy between desk and head office. After each scenario head office holds exactly the desk's
//! events, every chain link and signature verifies, and every day's figures equal the desk's daily
//! cash report to the fen.

mod common;

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::hq::*;
use common::*;
use feedesk_api::{self as api, Ledger, PayMethod};
use feedesk_sync::{Credential, HqClient};
use rand::{Rng, SeedableRng};

/// A counter day: a shift, payments by several methods, a counter sale, a void, the close, 日结.
fn a_day(w: &mut World, day: u32) {
    w.set_time(at(2026, 3, day, 9));
    w.open_shift();
    // Whoever still owes pays: cash with change, WeChat exactly.
    let _ = w.collect_all("3-2-1201", vec![cash(1000)]);
    let owed = w.arrears("3-2-1202");
    if owed > 0 {
        w.collect_all("3-2-1202", vec![tender(PayMethod::Wechat, owed)])
            .unwrap();
    }
    let _ = w.collect_all("S-101", vec![cash(3000)]);
    let sale = api::sale(
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
    if day.is_multiple_of(2) {
        api::void_receipt(&mut w.l, &w.cashier, &sale.number, "录错了", &approval()).unwrap();
    }
    w.close_shift_exact();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
    api::close_day(&mut w.l, &w.cashier, date).unwrap();
}

/// A desk with history before enrollment (unsigned, covered by the signed chain head) and after.
fn enrolled_desk(hq: &Hq, url: &str) -> (World, HqDesk) {
    let mut w = World::new();
    for p in ["2026-01", "2026-02", "2026-03"] {
        w.bill(p);
    }
    a_day(&mut w, 2);
    let d = enroll(&mut w, hq, url, "EST1");
    a_day(&mut w, 3);
    (w, d)
}

#[test]
fn a_desk_enrolls_and_head_office_holds_its_ledger_exactly() {
    let hq = Hq::start(&shared_pg().database());
    let (mut w, d) = enrolled_desk(&hq, &hq.url());
    let r = sync_all(&mut w.l, 20).unwrap();
    assert_eq!(r.pending, 0);
    assert!(r.acked_seq > 0);
    assert_head_office_has_exactly(&w, &hq, &d);
    // The signed daily closings were checked against head office's own figures: all equal.
    wait_applied(&hq.pool(), &d);
    let status = block_on(async {
        let c = hq.pool().get().await.unwrap();
        c.query(
            "SELECT closing_status FROM desk_days WHERE closing IS NOT NULL",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<_, String>(0))
        .collect::<Vec<_>>()
    });
    assert_eq!(status, vec!["match", "match"]);
    // More work, more rounds: only the new events travel.
    a_day(&mut w, 4);
    let before = desk_events(&w.path).len() as i64;
    let r = api::sync_round(&mut w.l, at(2026, 3, 4, 20)).unwrap();
    assert!(
        r.sent > 0 && r.sent < before as usize,
        "sent {} of {before}",
        r.sent
    );
    assert_head_office_has_exactly(&w, &hq, &d);
}

#[test]
fn faults_on_the_wire_lose_nothing_and_store_nothing_twice() {
    std::env::set_var("FEEDESK_SYNC_TIMEOUT_SECS", "3");
    let hq = Hq::start(&shared_pg().database());
    let proxy = FaultProxy::start(hq.port);
    let (mut w, d) = enrolled_desk(&hq, &proxy.url());
    // Latency, a reset mid-request, a blackhole until the timeout, the reply lost after head office
    // committed: each round either lands or fails, and the next one resumes from head office's head.
    let faults = [
        Fault::Latency(Duration::from_millis(300)),
        Fault::ResetAfter(3_000),
        Fault::Blackhole,
        Fault::DropReply,
        Fault::ResetAfter(40_000),
        Fault::DropReply,
    ];
    let mut failed = 0;
    for (i, fault) in faults.into_iter().enumerate() {
        proxy.schedule(&[fault]);
        let outcome = api::sync_round(&mut w.l, at(2026, 3, 3, 20));
        failed += outcome.is_err() as usize;
        if fault == Fault::DropReply {
            // Head office committed the batch; the desk never heard. It resends, and is acknowledged.
            let acked = api::sync_status(&w.l).unwrap().state.acked_seq;
            let held = block_on(feedesk_hq::reports::desk_events(
                &hq.pool(),
                d.estate_id,
                d.desk_id,
            ))
            .unwrap();
            assert!(
                outcome.is_err() && held.len() as i64 > acked,
                "the reply was lost after the commit"
            );
        }
        a_day(&mut w, 5 + i as u32);
    }
    assert!(failed >= 4, "only {failed} rounds met their fault");
    let r = sync_all(&mut w.l, 50).unwrap();
    assert_eq!(r.pending, 0);
    assert_head_office_has_exactly(&w, &hq, &d);
}

/// The world's credential, as the api builds it.
fn credential_parts(w: &World) -> (String, i64, feedesk_protocol::DeskKey) {
    let e = feedesk_ledger::hq_link::current(&w.db()).unwrap().unwrap();
    let key = std::fs::read_to_string(&e.key_path).unwrap();
    (
        format!("{}/{}", e.estate_id, e.desk_id),
        e.key_no,
        feedesk_protocol::DeskKey::from_seed_hex(&key).unwrap(),
    )
}

fn client(url: &str) -> HqClient {
    HqClient::new(url, Some(&std::fs::read(ca()).unwrap())).unwrap()
}

#[test]
fn a_batch_sent_twice_is_stored_once_and_batches_out_of_order_wait_for_the_gap() {
    let hq = Hq::start(&shared_pg().database());
    let (w, d) = enrolled_desk(&hq, &hq.url());
    let (desk, key_no, key) = credential_parts(&w);
    let who = Credential {
        desk: &desk,
        key_no,
        key: &key,
    };
    let events = desk_events(&w.path);
    let half = events.len() / 2;
    let c = client(&hq.url());
    // The second half first: held behind the gap, nothing stored.
    let r = c.push(&who, &events[half..]).unwrap();
    assert_eq!((r.head_seq, r.stored, r.held), (0, 0, events.len() - half));
    // The first half fills the gap: everything stored, in order.
    let r = c.push(&who, &events[..half]).unwrap();
    assert_eq!((r.head_seq, r.stored), (events.len() as i64, events.len()));
    // The same batch again (a new request): acknowledged, nothing stored twice.
    let r = c.push(&who, &events[..half]).unwrap();
    assert_eq!(
        (r.stored, r.duplicates, r.head_seq),
        (0, half, events.len() as i64)
    );
    assert_head_office_has_exactly(&w, &hq, &d);
}

#[test]
fn two_senders_for_one_desk_at_once_store_each_event_once() {
    let hq = Hq::start(&shared_pg().database());
    let (w, d) = enrolled_desk(&hq, &hq.url());
    let path = w.path.clone();
    let senders: Vec<_> = (0..2)
        .map(|_| {
            let p = path.clone();
            std::thread::spawn(move || {
                let mut l = Ledger::open(&p).unwrap();
                for _ in 0..20 {
                    if matches!(api::sync_round(&mut l, at(2026, 3, 3, 20)), Ok(r) if r.pending == 0) {
                        break;
                    }
                }
            })
        })
        .collect();
    for s in senders {
        s.join().unwrap();
    }
    assert_head_office_has_exactly(&w, &hq, &d);
}

#[test]
fn head_office_killed_mid_batch_loses_nothing() {
    std::env::set_var("FEEDESK_SYNC_TIMEOUT_SECS", "3");
    let mut hq = Hq::start(&shared_pg().database());
    let (mut w, d) = enrolled_desk(&hq, &hq.url());
    for day in 4..=9 {
        a_day(&mut w, day);
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(12);
    let mut interrupted = 0;
    for round in 0..5u32 {
        let path = w.path.clone();
        let sender = std::thread::spawn(move || {
            let mut l = Ledger::open(&path).unwrap();
            // Small batches, so a kill lands between and inside them.
            let mut failures = 0;
            for _ in 0..5 {
                failures += api::sync_round(&mut l, at(2026, 3, 9, 20)).is_err() as usize;
            }
            failures
        });
        std::thread::sleep(Duration::from_millis(rng.gen_range(5..60)));
        hq.kill(); // SIGKILL, whatever it was doing
        interrupted += sender.join().unwrap();
        hq.restart();
        a_day(&mut w, 10 + round);
    }
    assert!(interrupted > 0, "no round was interrupted by the kill");
    sync_all(&mut w.l, 50).unwrap();
    assert_head_office_has_exactly(&w, &hq, &d);
}

#[test]
fn postgres_crashed_and_restarted_mid_sync_loses_nothing() {
    std::env::set_var("FEEDESK_SYNC_TIMEOUT_SECS", "3");
    let pg = Pg::start(); // its own cluster: this one is crashed
    let hq = Hq::start(&pg.database());
    let (mut w, d) = enrolled_desk(&hq, &hq.url());
    for day in 4..=8 {
        a_day(&mut w, day);
    }
    let path = w.path.clone();
    let sender = std::thread::spawn(move || {
        let mut l = Ledger::open(&path).unwrap();
        for _ in 0..4 {
            let _ = api::sync_round(&mut l, at(2026, 3, 8, 20));
        }
    });
    std::thread::sleep(Duration::from_millis(30));
    pg.crash(); // pg_ctl stop -m immediate
    sender.join().unwrap();
    pg.start_server();
    let r = sync_all(&mut w.l, 50).unwrap();
    assert_eq!(r.pending, 0);
    assert_head_office_has_exactly(&w, &hq, &d);
}

#[test]
fn the_desk_killed_mid_sync_loses_nothing() {
    let hq = Hq::start(&shared_pg().database());
    let (mut w, d) = enrolled_desk(&hq, &hq.url());
    for day in 4..=8 {
        a_day(&mut w, day);
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    for _ in 0..6 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_feedesk"))
            .args(["--db", w.path.to_str().unwrap(), "sync"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.gen_range(10..200)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
    }
    sync_all(&mut w.l, 50).unwrap();
    assert_head_office_has_exactly(&w, &hq, &d);
}

#[test]
fn after_a_failure_the_sender_retries_without_waiting_for_a_new_write() {
    let mut hq = Hq::start(&shared_pg().database());
    let (mut w, d) = enrolled_desk(&hq, &hq.url());
    sync_all(&mut w.l, 20).unwrap();
    hq.kill();
    a_day(&mut w, 4); // written while head office is away
    let stop = Arc::new(AtomicBool::new(false));
    let failures = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (path, st, f) = (w.path.clone(), stop.clone(), failures.clone());
    let worker = std::thread::spawn(move || {
        api::run_sync_worker(
            &path,
            &st,
            || at(2026, 3, 4, 20),
            |r| {
                if r.is_err() {
                    f.fetch_add(1, Ordering::SeqCst);
                }
            },
        )
    });
    let t0 = Instant::now();
    while failures.load(Ordering::SeqCst) == 0 {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "the worker never tried"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // No new local write from here on: head office comes back and the worker sends by itself.
    hq.restart();
    let t0 = Instant::now();
    loop {
        let s = api::sync_status(&w.l).unwrap();
        if s.pending == 0 && s.state.error_code.is_none() {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "not sent after head office came back: {s:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, Ordering::SeqCst);
    worker.join().unwrap();
    assert_head_office_has_exactly(&w, &hq, &d);
}
