//! Head office for the tests: a real PostgreSQL 15 cluster (run as the `postgres` user, on a free
//! loopback port, in /dev/shm, stopped by a watchdog when the test process ends), a real `feedesk-hq`
//! process serving HTTPS with a certificate made by scripts/certs.sh, a fault proxy between desk and
//! head office, and the checks every scenario ends with.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use feedesk_api::{self as api, Ledger};
use feedesk_hq::reports;
use feedesk_protocol::sign::PublicKey;
use feedesk_protocol::sync::WireEvent;
use uuid::Uuid;

pub use feedesk_hq::cluster::{free_port, Cluster as Pg};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// One cluster shared by the tests of a test binary.
pub fn shared_pg() -> &'static Pg {
    static PG: OnceLock<Pg> = OnceLock::new();
    PG.get_or_init(Pg::start)
}

/// A CA and a certificate for localhost (scripts/certs.sh), made once per test binary.
pub fn certs() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("feedesk-test-certs-{}", std::process::id()));
        run(Command::new(root().join("scripts/certs.sh")).arg(&dir));
        dir
    })
}

pub fn ca() -> String {
    certs().join("ca.pem").display().to_string()
}

/// An HTTPS client trusting the tests' CA that answers every status (not only 2xx); `keep_alive`
/// off opens a connection per request.
pub fn https_agent(keep_alive: bool) -> ureq::Agent {
    let mut roots = vec![];
    for item in ureq::tls::parse_pem(&std::fs::read(ca()).unwrap()) {
        if let Ok(ureq::tls::PemItem::Certificate(c)) = item {
            roots.push(c);
        }
    }
    let tls = ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::new_with_certs(&roots))
        .build();
    let mut config = ureq::Agent::config_builder()
        .tls_config(tls)
        .http_status_as_error(false);
    if !keep_alive {
        config = config.max_idle_connections(0);
    }
    config.build().new_agent()
}

/// The `feedesk-hq` program.
pub fn hq_bin() -> &'static str {
    env!("CARGO_BIN_EXE_feedesk-hq")
}

/// Run a `feedesk-hq` administration command on `db`; its JSON answer.
pub fn hq_cli(db: &str, args: &[&str]) -> serde_json::Value {
    let out = run(Command::new(hq_bin())
        .args(["--json", "--db", db])
        .args(args));
    serde_json::from_str(&out).unwrap_or(serde_json::Value::Null)
}

/// A `feedesk-hq serve` process.
pub struct Hq {
    pub db: String,
    pub port: u16,
    child: Option<Child>,
}

impl Hq {
    pub fn start(db: &str) -> Hq {
        hq_cli(db, &["migrate"]);
        let mut hq = Hq {
            db: db.to_string(),
            port: free_port(),
            child: None,
        };
        hq.restart();
        hq
    }

    pub fn url(&self) -> String {
        format!("https://localhost:{}", self.port)
    }

    /// Start it (again, after stopping it if it runs) and wait until it takes connections.
    pub fn restart(&mut self) {
        // A server still running would keep the port (the new one could not bind, the old one would
        // answer) and outlive the test: stopped first.
        self.kill();
        let child = Command::new(hq_bin())
            .args(["--db", &self.db, "serve", "--listen"])
            .arg(format!("127.0.0.1:{}", self.port))
            .arg("--cert")
            .arg(certs().join("server.pem"))
            .arg("--key")
            .arg(certs().join("server.key"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        kill_at_exit(child.id());
        self.child = Some(child);
        let t0 = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "head office did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL: the server gone at once, whatever it was doing.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            // Off the exit list before it is reaped: a reaped pid may be another process's soon.
            AT_EXIT.lock().unwrap().retain(|p| *p != c.id());
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    pub fn pool(&self) -> deadpool_postgres::Pool {
        feedesk_hq::db::pool(&self.db, 4).unwrap()
    }
}

impl Drop for Hq {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A server held by a `static` (one head office shared by a property test's cases) is never dropped:
/// killed when the test process exits, so that it does not outlive the test run holding its port
/// and whatever descriptors it inherited.
static AT_EXIT: Mutex<Vec<u32>> = Mutex::new(Vec::new());

fn kill_at_exit(pid: u32) {
    extern "C" {
        fn atexit(f: extern "C" fn()) -> i32;
        fn kill(pid: i32, sig: i32) -> i32;
    }
    static ONCE: std::sync::Once = std::sync::Once::new();
    extern "C" fn reap() {
        // Never block at exit: a list held or poisoned elsewhere is read as it stands.
        let pids = match AT_EXIT.try_lock() {
            Ok(p) => p,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return,
        };
        {
            for pid in pids.iter() {
                // SAFETY: kill(2) with SIGKILL on the pid of a child still running (reaped ones are
                // taken off the list, so the pid is not another process's).
                unsafe { kill(*pid as i32, 9) };
            }
        }
    }
    // SAFETY: registering a plain function with the C library's atexit.
    ONCE.call_once(|| unsafe {
        atexit(reap);
    });
    AT_EXIT.lock().unwrap().push(pid);
}

/// Run async head-office code from a test.
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// The desk as head office knows it.
#[derive(Debug, Clone)]
pub struct HqDesk {
    pub estate_id: Uuid,
    pub desk_id: Uuid,
}

/// Create estate and desk at head office and enroll the world's desk through `url` (head office
/// itself, or a proxy in front of it); the world's sessions then sign with its key.
pub fn enroll(w: &mut super::World, hq: &Hq, url: &str, estate: &str) -> HqDesk {
    hq_cli(&hq.db, &["estate-add", estate, "测试项目"]);
    let e = enroll_desk(w, hq, url, estate, "A01");
    HqDesk {
        estate_id: e.estate_id.parse().unwrap(),
        desk_id: e.desk_id.parse().unwrap(),
    }
}

/// Create desk `desk` of an existing estate at head office and enroll the world's desk as it.
pub fn enroll_desk(
    w: &mut super::World,
    hq: &Hq,
    url: &str,
    estate: &str,
    desk: &str,
) -> api::Enrollment {
    hq_cli(&hq.db, &["desk-add", estate, desk]);
    let code = hq_cli(&hq.db, &["desk-code", estate, desk])["code"]
        .as_str()
        .unwrap()
        .to_string();
    let input = api::EnrollInput {
        url: url.to_string(),
        code,
        key_path: None,
        ca_path: Some(ca()),
    };
    let e = api::enroll(&mut w.l, &w.admin, &input, super::at(2026, 1, 2, 9)).unwrap();
    w.refresh_keys();
    e
}

/// Sync rounds until head office holds everything (or `limit` rounds); the last outcome.
pub fn sync_all(l: &mut Ledger, limit: usize) -> api::Result<api::SyncReport> {
    let mut last = api::sync_round(l, super::at(2026, 12, 1, 9));
    for _ in 0..limit {
        match &last {
            Ok(r) if r.pending == 0 => break,
            _ => last = api::sync_round(l, super::at(2026, 12, 1, 9)),
        }
    }
    last
}

/// The desk's outbox as it would travel.
pub fn desk_events(path: &Path) -> Vec<WireEvent> {
    let conn = feedesk_ledger::db::open(path).unwrap();
    feedesk_ledger::outbox::pending(&conn, 0, usize::MAX).unwrap()
}

/// After every scenario: head office holds exactly the desk's events (none lost, none twice, no
/// gap), each chain link and each signature verifies on what head office stored, and every day's
/// figures at head office equal the desk's daily cash report to the fen.
pub fn assert_head_office_has_exactly(w: &super::World, hq: &Hq, d: &HqDesk) {
    let ours = desk_events(&w.path);
    let pool = hq.pool();
    let theirs = block_on(reports::desk_events(&pool, d.estate_id, d.desk_id)).unwrap();
    assert_eq!(
        theirs
            .iter()
            .map(|e| (e.seq, e.hash.clone()))
            .collect::<Vec<_>>(),
        ours.iter()
            .map(|e| (e.seq, e.hash.clone()))
            .collect::<Vec<_>>(),
        "head office's events differ from the desk's"
    );
    assert_eq!(theirs, ours, "stored events differ in a field");
    let key = feedesk_ledger::hq_link::current(&feedesk_ledger::db::open(&w.path).unwrap())
        .unwrap()
        .unwrap();
    let public = PublicKey::from_hex(&key.public_key).unwrap();
    let mut prev = feedesk_protocol::GENESIS_HASH.to_string();
    for e in &theirs {
        assert_eq!(e.prev_hash, prev, "chain broken at {}", e.seq);
        assert_eq!(e.computed_hash(), e.hash, "hash of {}", e.seq);
        if e.seq > key.anchor_seq {
            assert!(e.signed_by(&public), "signature of {}", e.seq);
        }
        prev = e.hash.clone();
    }
    assert_days_equal(w, &pool, d);
}

/// Wait until head office has applied every stored event of the desk to its reports.
pub fn wait_applied(pool: &deadpool_postgres::Pool, d: &HqDesk) {
    let t0 = Instant::now();
    loop {
        let (applied, head): (i64, i64) = block_on(async {
            let c = pool.get().await.unwrap();
            let r = c
                .query_one(
                    "SELECT a.applied_seq, h.head_seq FROM desk_applied a JOIN desk_heads h USING (estate_id, desk_id)
                     WHERE estate_id = $1 AND desk_id = $2",
                    &[&d.estate_id, &d.desk_id],
                )
                .await
                .unwrap();
            (r.get(0), r.get(1))
        });
        if applied == head {
            return;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "reports stuck at {applied} of {head}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Every day with documents: head office's figures equal the desk's daily cash report.
pub fn assert_days_equal(w: &super::World, pool: &deadpool_postgres::Pool, d: &HqDesk) {
    wait_applied(pool, d);
    let conn = feedesk_ledger::db::open(&w.path).unwrap();
    let days: Vec<String> = conn
        .prepare("SELECT DISTINCT substr(issued_at, 1, 10) FROM receipts ORDER BY 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for day in days {
        let date = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap();
        let report =
            api::daily_report(&w.l, &w.supervisor, &api::DailyScope::DeskDay { date }).unwrap();
        let ours = feedesk_hq::apply::normalised(feedesk_ledger::day_close::figures(&report));
        let theirs = block_on(reports::desk_day(pool, d.estate_id, d.desk_id, &day)).unwrap();
        assert_eq!(
            theirs, ours,
            "{day}: head office's figures differ from the desk's daily cash report"
        );
        assert_eq!(
            headline(pool, d, &day),
            [
                ours.total_fen,
                ours.deposits_taken_fen,
                ours.deposits_refunded_fen,
                ours.prepayments_received_fen,
                ours.reversals_count,
                ours.reversals_fen
            ],
            "{day}: the desk-day's headline figures (the group's daily report)"
        );
    }
    assert_estate_days_add_up(pool);
}

/// The desk-day's headline figures kept at ingest for the group's daily report.
fn headline(pool: &deadpool_postgres::Pool, d: &HqDesk, day: &str) -> [i64; 6] {
    let r = block_on(async {
        let c = pool.get().await.unwrap();
        c.query_one(
            "SELECT total_fen, deposits_taken_fen, deposits_refunded_fen, prepayments_received_fen, reversals_count, reversals_fen
               FROM desk_days WHERE estate_id = $1 AND desk_id = $2 AND day = $3::text::date",
            &[&d.estate_id, &d.desk_id, &day],
        )
        .await
    })
    .unwrap();
    std::array::from_fn(|i| r.get(i))
}

/// Each estate's day by key is the sum of its desks' (both kept at ingest).
pub fn assert_estate_days_add_up(pool: &deadpool_postgres::Pool) {
    let differ: Vec<String> = block_on(async {
        let c = pool.get().await.unwrap();
        c.query(
            "SELECT estate_id::text || ' ' || day || ' ' || key FROM
               (SELECT estate_id, day, key, sum(fen) AS fen, sum(count) AS count FROM desk_day_totals GROUP BY 1, 2, 3) a
               FULL JOIN estate_day_totals e USING (estate_id, day, key)
              WHERE a.fen IS DISTINCT FROM e.fen OR a.count IS DISTINCT FROM e.count",
            &[],
        )
        .await
    })
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect();
    assert!(
        differ.is_empty(),
        "estate days differ from their desks' sum: {differ:?}"
    );
}

/// What the fault proxy does to a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Pass,
    /// Hold the first bytes this long.
    Latency(Duration),
    /// Cut the connection after this many bytes from the desk (a reset mid-request).
    ResetAfter(usize),
    /// Take the connection, answer nothing, never reach head office (the desk times out).
    Blackhole,
    /// Let the request through, then drop head office's answer (it committed) and cut.
    DropReply,
}

/// A TCP proxy in front of head office, applying the next scheduled fault to each connection.
pub struct FaultProxy {
    pub port: u16,
    schedule: Arc<Mutex<Vec<Fault>>>,
    stop: Arc<AtomicBool>,
    pub connections: Arc<AtomicUsize>,
}

impl FaultProxy {
    pub fn start(upstream: u16) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let schedule: Arc<Mutex<Vec<Fault>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let connections = Arc::new(AtomicUsize::new(0));
        let (s, st, n) = (schedule.clone(), stop.clone(), connections.clone());
        std::thread::spawn(move || {
            while !st.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((client, _)) => {
                        client.set_nonblocking(false).unwrap();
                        n.fetch_add(1, Ordering::SeqCst);
                        let fault = {
                            let mut q = s.lock().unwrap();
                            if q.is_empty() {
                                Fault::Pass
                            } else {
                                q.remove(0)
                            }
                        };
                        std::thread::spawn(move || relay(client, upstream, fault));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        FaultProxy {
            port,
            schedule,
            stop,
            connections,
        }
    }

    pub fn url(&self) -> String {
        format!("https://localhost:{}", self.port)
    }

    /// The faults for the next connections, in order (then they pass).
    pub fn schedule(&self, faults: &[Fault]) {
        self.schedule.lock().unwrap().extend_from_slice(faults);
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Bytes from the desk beyond the TLS handshake: a request is on its way.
const HANDSHAKE_BYTES: usize = 2_500;

fn relay(client: TcpStream, upstream: u16, fault: Fault) {
    if fault == Fault::Blackhole {
        let mut c = client;
        let mut buf = [0u8; 4096];
        let _ = c.set_read_timeout(Some(Duration::from_secs(90)));
        while let Ok(n) = c.read(&mut buf) {
            if n == 0 {
                break;
            }
        }
        return;
    }
    let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
        return;
    };
    if let Fault::Latency(d) = fault {
        std::thread::sleep(d);
    }
    let sent = Arc::new(AtomicUsize::new(0));
    let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
    let up_sent = sent.clone();
    let up = std::thread::spawn(move || pump(c2, s2, fault, &up_sent, true));
    pump(server, client, fault, &sent, false);
    let _ = up.join();
}

/// Copy one direction until it ends; the fault decides when to cut.
fn pump(mut from: TcpStream, mut to: TcpStream, fault: Fault, sent: &AtomicUsize, upstream: bool) {
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if upstream {
            let before = sent.fetch_add(n, Ordering::SeqCst);
            if let Fault::ResetAfter(limit) = fault {
                if before + n > limit {
                    let keep = limit.saturating_sub(before);
                    let _ = to.write_all(&buf[..keep]);
                    let _ = from.shutdown(Shutdown::Both);
                    let _ = to.shutdown(Shutdown::Both);
                    return;
                }
            }
        } else if fault == Fault::DropReply && sent.load(Ordering::SeqCst) > HANDSHAKE_BYTES {
            // Head office has answered, so it has committed: the desk never hears it.
            std::thread::sleep(Duration::from_millis(50));
            let _ = from.shutdown(Shutdown::Both);
            let _ = to.shutdown(Shutdown::Both);
            return;
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

/// Until head office has applied every stored event of every desk to its reports.
pub fn wait_all_applied(hq: &Hq) {
    let pool = hq.pool();
    let desks = block_on(async {
        let c = pool.get().await.unwrap();
        c.query("SELECT estate_id, desk_id FROM desks", &[])
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect::<Vec<_>>()
    });
    for (estate_id, desk_id) in desks {
        wait_applied(&pool, &HqDesk { estate_id, desk_id });
    }
}

/// A desk of `estate` (created first when `new_estate`) enrolled at head office as `desk`.
pub fn enrolled(hq: &Hq, estate: &str, desk: &str, new_estate: bool) -> super::World {
    let mut w = super::World::with_desk(desk);
    if new_estate {
        hq_cli(&hq.db, &["estate-add", estate, &format!("项目{estate}")]);
    }
    enroll_desk(&mut w, hq, &hq.url(), estate, desk);
    w
}

/// The kinds of head office's alerts, newest first.
pub fn alerts(hq: &Hq) -> Vec<String> {
    block_on(feedesk_hq::admin::alerts(&hq.pool(), None, 100))
        .unwrap()
        .into_iter()
        .map(|a| a.kind)
        .collect()
}
