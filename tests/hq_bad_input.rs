//! Head office refuses what it cannot believe (ledger rule 9), with a clear error, storing nothing
//! wrong, staying up, and the honest desks keep syncing: a tampered event, a forged signature,
//! another desk's credential, a replayed request, a revoked desk, a spent or expired enrollment code,
//! malformed JSON, the wrong content type, an oversized batch or body, a sequence far ahead, an
//! event id used twice.

mod common;

use common::hq::*;
use common::*;
use feedesk_api::{self as api, ErrorCode};
use feedesk_protocol::sync::{
    sign_event, sign_request, ApiError, WireEvent, HEADER_DESK, HEADER_KEY, HEADER_NONCE,
    HEADER_SIGNATURE, HEADER_TIME,
};
use feedesk_protocol::DeskKey;
use feedesk_sync::{Credential, HqClient, SyncError};

/// A desk enrolled and fully synced, with its credential's parts.
struct Desk {
    w: World,
    d: HqDesk,
    desk: String,
    key_no: i64,
    key: DeskKey,
}

fn desk(hq: &Hq, estate: &str) -> Desk {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    w.collect_all("3-2-1201", vec![cash(1000)]).unwrap();
    let d = enroll(&mut w, hq, &hq.url(), estate);
    w.collect_all("3-1-301", vec![cash(1000)]).unwrap();
    sync_all(&mut w.l, 10).unwrap();
    let e = feedesk_ledger::hq_link::current(&w.db()).unwrap().unwrap();
    let key = DeskKey::from_seed_hex(&std::fs::read_to_string(&e.key_path).unwrap()).unwrap();
    Desk {
        desk: format!("{}/{}", e.estate_id, e.desk_id),
        key_no: e.key_no,
        key,
        w,
        d,
    }
}

impl Desk {
    fn who(&self) -> Credential<'_> {
        Credential {
            desk: &self.desk,
            key_no: self.key_no,
            key: &self.key,
        }
    }
    /// New events written at the desk, not yet sent.
    fn more(&mut self) -> Vec<WireEvent> {
        let before = api::sync_status(&self.w.l).unwrap().state.acked_seq;
        let _ = self.w.collect_all("S-101", vec![cash(3000)]);
        feedesk_ledger::outbox::pending(&self.w.db(), before, 100).unwrap()
    }
}

/// Hash an altered event again and sign it with `key`, as a desk (or an intruder) would.
fn resign(e: &mut WireEvent, key: &DeskKey) {
    e.hash = e.computed_hash();
    e.sig = Some(sign_event(key, &e.hash));
}

fn client(hq: &Hq) -> HqClient {
    HqClient::new(&hq.url(), Some(&std::fs::read(ca()).unwrap())).unwrap()
}

fn refused(r: Result<impl std::fmt::Debug, SyncError>) -> ApiError {
    match r {
        Err(SyncError::Refused(e)) => e,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A desk's events at head office: their count.
fn held(hq: &Hq, d: &HqDesk) -> usize {
    block_on(feedesk_hq::reports::desk_events(
        &hq.pool(),
        d.estate_id,
        d.desk_id,
    ))
    .unwrap()
    .len()
}

#[test]
fn tampered_forged_and_misaddressed_events_are_refused_and_alerted() {
    let hq = Hq::start(&shared_pg().database());
    let mut a = desk(&hq, "EST1");
    let c = client(&hq);
    let stored = held(&hq, &a.d);

    // Altered in transit: the amount changed, the hash left as it was.
    let mut ev = a.more();
    ev[0].payload = ev[0].payload.replacen("3000", "30", 1);
    let e = refused(c.push(&a.who(), &ev));
    assert_eq!(e.code, "EVENT_REFUSED");
    assert!(e.zh.contains("未通过校验"), "{}", e.zh);

    // Altered and re-hashed, but signed with a key that is not the desk's: forged.
    let mut ev = feedesk_ledger::outbox::pending(&a.w.db(), stored as i64, 100).unwrap();
    let intruder = DeskKey::generate();
    ev[0].payload = ev[0].payload.replacen("3000", "30", 1);
    resign(&mut ev[0], &intruder);
    assert_eq!(refused(c.push(&a.who(), &ev[..1])).code, "EVENT_REFUSED");

    // Another desk's credential (a genuine desk of the estate, B01) carrying this desk's events.
    let mut bw = World::with_desk("B01");
    let e = enroll_desk(&mut bw, &hq, &hq.url(), "EST1", "B01");
    let b_key = DeskKey::from_seed_hex(&std::fs::read_to_string(&e.key_path).unwrap()).unwrap();
    let b_desk = format!("{}/{}", e.estate_id, e.desk_id);
    let b = Credential {
        desk: &b_desk,
        key_no: e.key_no,
        key: &b_key,
    };
    let ev = feedesk_ledger::outbox::pending(&a.w.db(), stored as i64, 100).unwrap();
    assert_eq!(refused(c.push(&b, &ev)).code, "EVENT_REFUSED");
    // A credential that is no desk's at all.
    let other = DeskKey::generate();
    let stranger = Credential {
        desk: &format!("{}/{}", a.d.estate_id, uuid::Uuid::now_v7()),
        key_no: 1,
        key: &other,
    };
    assert_eq!(refused(c.push(&stranger, &ev)).code, "UNAUTHENTICATED");

    // Nothing of it stored; each refusal an alert.
    assert_eq!(held(&hq, &a.d), stored);
    let kinds = alerts(&hq);
    assert!(
        kinds.iter().filter(|k| *k == "tampered").count() >= 1,
        "{kinds:?}"
    );
    assert!(kinds.iter().any(|k| k == "forged"), "{kinds:?}");
    assert!(kinds.iter().any(|k| k == "wrong_desk"), "{kinds:?}");

    // An event altered in the desk's file after it was sent: a fork when it comes again.
    let mut sent = feedesk_ledger::outbox::pending(&a.w.db(), 0, 1).unwrap();
    sent[0].payload.push(' ');
    resign(&mut sent[0], &a.key);
    assert_eq!(refused(c.push(&a.who(), &sent)).code, "FORK");
    assert!(alerts(&hq).iter().any(|k| k == "fork"));

    // The honest desk goes on.
    sync_all(&mut a.w.l, 10).unwrap();
    assert_head_office_has_exactly(&a.w, &hq, &a.d);
}

#[test]
fn a_replayed_request_a_revoked_desk_and_spent_codes_are_refused() {
    let hq = Hq::start(&shared_pg().database());
    let mut a = desk(&hq, "EST1");
    // The very same request twice (same nonce and signature): the second is a replay.
    let ev = a.more();
    let body = serde_json::to_vec(&feedesk_protocol::sync::PushRequest { events: ev }).unwrap();
    let time = chrono::Utc::now().timestamp();
    let nonce = "0123456789abcdef0123456789abcdef";
    let sig = sign_request(&a.key, "POST", "/v1/events", time, nonce, &body);
    let send = || {
        raw(
            &hq,
            "/v1/events",
            "application/json",
            &body,
            &[
                (HEADER_DESK, a.desk.clone()),
                (HEADER_KEY, a.key_no.to_string()),
                (HEADER_TIME, time.to_string()),
                (HEADER_NONCE, nonce.to_string()),
                (HEADER_SIGNATURE, sig.clone()),
            ],
        )
    };
    assert_eq!(send().0, 200);
    let (status, text) = send();
    assert_eq!(status, 401, "{text}");
    assert!(text.contains("重复的请求"), "{text}");
    // A request signed long ago: refused for its time.
    let old = time - 3600;
    let sig = sign_request(
        &a.key,
        "POST",
        "/v1/events",
        old,
        "fedcba9876543210fedcba9876543210",
        &body,
    );
    let (status, text) = raw(
        &hq,
        "/v1/events",
        "application/json",
        &body,
        &[
            (HEADER_DESK, a.desk.clone()),
            (HEADER_KEY, a.key_no.to_string()),
            (HEADER_TIME, old.to_string()),
            (HEADER_NONCE, "fedcba9876543210fedcba9876543210".into()),
            (HEADER_SIGNATURE, sig),
        ],
    );
    assert_eq!(status, 401, "{text}");

    // A spent code, and an expired one.
    let code = hq_cli(&hq.db, &["desk-code", "EST1", "A01"])["code"]
        .as_str()
        .unwrap()
        .to_string();
    let mut b = World::new();
    let input = |code: &str| api::EnrollInput {
        url: hq.url(),
        code: code.to_string(),
        key_path: Some(b.path.with_extension("k").display().to_string()),
        ca_path: Some(ca()),
    };
    let e = api::enroll(
        &mut b.l,
        &b.admin,
        &input("NOT-A-REAL-CODE"),
        at(2026, 1, 2, 9),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::HqRefused);
    assert!(e.zh.contains("注册码无效"), "{}", e.zh);
    block_on(async {
        let c = hq.pool().get().await.unwrap();
        c.execute(
            "UPDATE enrollment_codes SET expires_at = now() - interval '1 minute'",
            &[],
        )
        .await
        .unwrap();
    });
    let e = api::enroll(&mut b.l, &b.admin, &input(&code), at(2026, 1, 2, 9)).unwrap_err();
    assert!(e.zh.contains("已过期"), "{}", e.zh);
    assert!(
        feedesk_ledger::hq_link::current(&b.db()).unwrap().is_none(),
        "nothing recorded"
    );

    // Revoked: every request refused with a clear message, shown by the desk.
    hq_cli(
        &hq.db,
        &["desk-revoke", "EST1", "A01", "--reason", "电脑丢失"],
    );
    a.more();
    let e = api::sync_round(&mut a.w.l, at(2026, 1, 3, 9)).unwrap_err();
    assert_eq!(e.code, ErrorCode::DeskRevoked);
    assert!(e.zh.contains("电脑丢失"), "{}", e.zh);
    let s = api::sync_status(&a.w.l).unwrap();
    assert_eq!(s.state.error_code.as_deref(), Some("DESK_REVOKED"));
}

/// A request as bytes: (status, body).
fn raw(
    hq: &Hq,
    path: &str,
    content_type: &str,
    body: &[u8],
    headers: &[(&str, String)],
) -> (u16, String) {
    // Head office answers an oversized body before reading it all and closes the connection; the
    // client, still writing, may see the close (a broken pipe) before the answer. Sent again, it reads it.
    for _ in 0..5 {
        let agent = https_agent(true);
        let mut req = agent
            .post(format!("{}{path}", hq.url()))
            .header("content-type", content_type);
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        match req.send(body) {
            Ok(mut resp) => {
                let status = resp.status().as_u16();
                return (status, resp.body_mut().read_to_string().unwrap_or_default());
            }
            Err(ureq::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
                ) =>
            {
                continue
            }
            Err(e) => panic!("{path}: {e}"),
        }
    }
    panic!("{path}: the connection closed five times before an answer")
}

#[test]
fn malformed_oversized_and_far_ahead_requests_get_clear_errors_and_change_nothing() {
    let hq = Hq::start(&shared_pg().database());
    let mut a = desk(&hq, "EST1");
    let before = held(&hq, &a.d);
    let (status, text) = raw(&hq, "/v1/enroll", "application/json", b"{not json", &[]);
    assert_eq!(status, 400, "{text}");
    assert!(serde_json::from_str::<ApiError>(&text).unwrap().code == "MALFORMED");
    let (status, text) = raw(&hq, "/v1/enroll", "text/plain", b"{}", &[]);
    assert_eq!(status, 415, "{text}");
    let big = vec![b'x'; 17 * 1024 * 1024];
    let (status, text) = raw(&hq, "/v1/events", "application/json", &big, &[]);
    assert_eq!(status, 413, "{text}");
    assert!(serde_json::from_str::<ApiError>(&text).is_ok(), "{text}");
    // Unsigned: refused before anything is read.
    let (status, _) = raw(
        &hq,
        "/v1/events",
        "application/json",
        b"{\"events\":[]}",
        &[],
    );
    assert_eq!(status, 401);

    let c = client(&hq);
    // More events than a batch may hold.
    let ev = a.more();
    let many: Vec<WireEvent> = (0..2001).map(|_| ev[0].clone()).collect();
    assert_eq!(refused(c.push(&a.who(), &many)).code, "BATCH_TOO_LARGE");
    // A sequence far ahead of head office's head.
    let mut far = ev[0].clone();
    far.seq += 1_000_000;
    resign(&mut far, &a.key);
    let e = refused(c.push(&a.who(), &[far]));
    assert_eq!(e.code, "SEQ_TOO_FAR");
    assert!(e.zh.contains("已拒收"), "{}", e.zh);
    // The next link of the chain, well signed, but under the id of an event head office holds.
    let mut dup = ev[0].clone();
    dup.id = feedesk_ledger::outbox::pending(&a.w.db(), 0, 1).unwrap()[0]
        .id
        .clone();
    resign(&mut dup, &a.key);
    let e = refused(c.push(&a.who(), &[dup]));
    assert_eq!(e.code, "DUPLICATE_ID");
    assert!(e.zh.contains("事件编号重复"), "{}", e.zh);

    assert_eq!(held(&hq, &a.d), before, "nothing stored");
    // The server is up and the honest desk syncs.
    sync_all(&mut a.w.l, 10).unwrap();
    assert_head_office_has_exactly(&a.w, &hq, &a.d);
}
