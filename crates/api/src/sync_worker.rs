//! The background sender: rounds of sending to head office, and the fee standards it publishes read
//! when everything is sent, at the pace the backoff sets; never in the counter's way.

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use feedesk_ledger::hq_link;

use crate::*;

/// Read head office's fee standards at most this often while idle.
const STANDARDS_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// How long to wait before the next round: soon while there is something to send, a little longer when
/// all is sent, and after failures twice as long each time (with jitter, so desks that lost head
/// office together do not come back together), at most five minutes. Never waits for a local write.
#[derive(Debug, Clone)]
pub struct Backoff {
    failures: u32,
}

impl Backoff {
    pub fn new() -> Backoff {
        Backoff { failures: 0 }
    }

    /// The wait after a round that ended with `outcome`.
    pub fn after(&mut self, outcome: &Result<SyncReport>, jitter: f64) -> std::time::Duration {
        use std::time::Duration;
        match outcome {
            Ok(r) => {
                self.failures = 0;
                if r.pending > 0 {
                    Duration::ZERO
                } else {
                    Duration::from_secs(2)
                }
            }
            Err(e) if e.code == ErrorCode::NotEnrolled => Duration::from_secs(10),
            Err(_) => {
                self.failures = (self.failures + 1).min(20);
                let base = (1u64 << (self.failures - 1).min(8)) as f64; // 1, 2, 4 … 256 s
                let secs = (base * (0.5 + jitter.clamp(0.0, 1.0))).min(300.0);
                Duration::from_secs_f64(secs)
            }
        }
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::new()
    }
}

/// Send until told to stop, on a connection of its own (the counter's never waits on it): a round,
/// then the wait the backoff says, over and over. `on_round` hears every outcome.
/// The sender's thread runs at a lower priority (nice 10) so the cashier's next payment is never
/// kept waiting for the CPU by a long catch-up after an outage.
#[cfg(target_os = "linux")]
fn yield_to_the_counter() {
    // SAFETY: setpriority has no memory effects; on Linux `who = 0` is the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}
#[cfg(not(target_os = "linux"))]
fn yield_to_the_counter() {}

pub fn run_sync_worker(
    ledger_path: &Path,
    stop: &std::sync::atomic::AtomicBool,
    now: impl Fn() -> DateTime<FixedOffset>,
    mut on_round: impl FnMut(&Result<SyncReport>),
) {
    use std::sync::atomic::Ordering;
    yield_to_the_counter();
    let mut backoff = Backoff::new();
    let mut ledger: Option<Ledger> = None;
    let mut standards_read: Option<std::time::Instant> = None;
    while !stop.load(Ordering::SeqCst) {
        let outcome = match &mut ledger {
            Some(l) => sync_round(l, now()),
            None => Ledger::open(ledger_path).and_then(|l| {
                hq_link::as_sender(&l.conn)?;
                let l = ledger.insert(l);
                sync_round(l, now())
            }),
        };
        // Everything sent: time to look for new fee standards (a failure to reach head office is
        // recorded and retried; a version that cannot be applied is refused and told to head office).
        let due = standards_read.is_none_or(|t| t.elapsed() >= STANDARDS_EVERY);
        if let (Some(l), Ok(r)) = (&mut ledger, &outcome) {
            if r.pending == 0 && due {
                standards_read = Some(std::time::Instant::now());
                let _ = pull_standards(l, now());
            }
        }
        // A key enrolled by another connection (the app's Settings) is read on the next open.
        if matches!(&outcome, Err(e) if matches!(e.code, ErrorCode::NotEnrolled | ErrorCode::KeyUnavailable))
        {
            ledger = None;
        }
        on_round(&outcome);
        let wait = backoff.after(&outcome, rand::random::<f64>());
        let until = std::time::Instant::now() + wait;
        while !stop.load(Ordering::SeqCst) && std::time::Instant::now() < until {
            std::thread::sleep(std::time::Duration::from_millis(50).min(wait));
        }
    }
}
