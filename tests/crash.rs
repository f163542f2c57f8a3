//! Crash safety (ledger rule 7): a child process issues and voids receipts and refunds decoration
//! deposits in a loop, in a shift that stays open, and is killed with SIGKILL at random moments,
//! 200 times. After each kill the file must be intact, every invariant must hold (deposits held =
//! the deposit liability), every document the child saw committed must be there, and no number is
//! skipped or doubled.

mod common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use feedesk_api::{self as api, Ledger};
use rand::{Rng, SeedableRng};

#[test]
fn sigkill_at_random_moments_loses_nothing() {
    let mut w = World::new();
    for p in ["2026-01", "2026-02", "2026-03"] {
        w.bill(p);
    }
    w.open_shift();
    let path = w.path.clone();
    let _keep_dir = &w.dir;
    drop(std::mem::replace(&mut w.l, Ledger::open(&path).unwrap()));
    let kills: usize = std::env::var("FEEDESK_CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut committed: HashSet<String> = HashSet::new();
    let mut voided: HashSet<String> = HashSet::new();
    let mut killed_mid_run = 0;
    for round in 0..kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_feedesk-dev"))
            .args([
                "torture",
                "--db",
                path.to_str().unwrap(),
                "--user",
                "lisi",
                "--approver",
                "zhangmin",
            ])
            .env("FEEDESK_PASSWORD", "cashier-pass")
            .env("FEEDESK_APPROVER_PASSWORD", "super-pass")
            .env(
                "FEEDESK_AT",
                format!("2026-04-{:02}T10:00:00+08:00", 1 + round % 28),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        // Past start-up (password check ~ tens of ms), then at a random instant.
        std::thread::sleep(Duration::from_micros(rng.gen_range(40_000..250_000)));
        let still_running = child.try_wait().unwrap().is_none();
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        if still_running {
            killed_mid_run += 1;
        } else {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
            panic!("round {round}: the child stopped by itself ({status:?}): {err}");
        }
        for line in reader.join().unwrap() {
            match line.strip_prefix("void ") {
                Some(n) => voided.insert(n.to_string()),
                None => committed.insert(line),
            };
        }
        let l = Ledger::open(&path).unwrap();
        let rep = api::check(&l).unwrap();
        assert!(rep.ok(), "round {round}: {rep:#?}");
        let admin = api::login(&l, "admin", "admin-pass", at(2026, 4, 1, 9)).unwrap();
        for n in &committed {
            let r = api::receipt(&l, &admin, n)
                .unwrap_or_else(|e| panic!("round {round}: committed receipt {n} lost: {e}"));
            if voided.contains(n) {
                assert!(
                    r.void.is_some(),
                    "round {round}: committed void of {n} lost"
                );
            }
        }
    }
    assert_eq!(killed_mid_run, kills);
    assert!(
        committed.len() > kills,
        "the child committed work between kills ({} receipts)",
        committed.len()
    );
    let l = feedesk_ledger::db::open(&path).unwrap();
    let total: i64 = l
        .query_row("SELECT COUNT(*) FROM receipts", [], |r| r.get(0))
        .unwrap();
    let max: i64 = l.query_row("SELECT (SELECT MAX(seq) FROM receipts WHERE series = 'R') + (SELECT COALESCE(MAX(seq), 0) FROM receipts WHERE series = 'TK')", [], |r| r.get(0)).unwrap();
    assert_eq!(total, max, "no number skipped or doubled");
    let vouchers: i64 = l
        .query_row(
            "SELECT COUNT(*) FROM receipts WHERE series = 'TK'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(vouchers > 0, "deposit refunds were part of the load");
    let open_shifts: i64 = l.query_row("SELECT COUNT(*) FROM shifts s WHERE NOT EXISTS (SELECT 1 FROM shift_closes c WHERE c.shift_id = s.id)", [], |r| r.get(0)).unwrap();
    assert_eq!(
        open_shifts, 1,
        "the same shift stayed open through every crash"
    );
    eprintln!(
        "{kills} kills, {} receipts committed, {} voided",
        committed.len(),
        voided.len()
    );
}
