//! A desk that sends its next batch before the previous one is answered (so head office checks one
//! batch while it stores the other) would otherwise race it for the desk's lock, and the batch that
//! won would be held behind a gap. Here a batch that starts just past this process's last known head
//! waits briefly for the batch before it. Only an optimisation: without the wait the batch is held and
//! promoted later, exactly as a reordered batch from the network is.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::watch;
use uuid::Uuid;

/// How long a batch waits for the one before it; after that it is held behind the gap.
pub const TURN_WAIT: Duration = Duration::from_millis(500);

/// The last head this process stored, per desk.
#[derive(Default)]
pub struct Turns {
    heads: Mutex<HashMap<Uuid, watch::Sender<i64>>>,
}

impl Turns {
    fn channel(&self, desk: Uuid) -> watch::Receiver<i64> {
        let mut heads = self.heads.lock().expect("turns");
        let tx = heads.entry(desk).or_insert_with(|| watch::Sender::new(-1));
        tx.subscribe()
    }

    /// Wait until this process has stored the desk's events up to `seq - 1`, when `seq` is at most
    /// `within` past its last known head (a sender's next batch, not a far gap). Returns at once when
    /// the desk's head here is not known yet.
    pub async fn wait_before(&self, desk: Uuid, seq: i64, within: i64) {
        let mut rx = self.channel(desk);
        let head = *rx.borrow();
        if head < 0 || seq <= head + 1 || seq > head + 1 + within {
            return;
        }
        let _ = tokio::time::timeout(TURN_WAIT, rx.wait_for(|h| *h + 1 >= seq)).await;
    }

    /// The desk's head after a batch was stored.
    pub fn stored(&self, desk: Uuid, head: i64) {
        let mut heads = self.heads.lock().expect("turns");
        let tx = heads.entry(desk).or_insert_with(|| watch::Sender::new(-1));
        tx.send_if_modified(|h| {
            let newer = head > *h;
            if newer {
                *h = head;
            }
            newer
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_next_batch_waits_for_the_one_before_it_and_a_far_one_does_not() {
        let turns = std::sync::Arc::new(Turns::default());
        let desk = Uuid::now_v7();
        // Unknown head: no wait.
        let t = std::time::Instant::now();
        turns.wait_before(desk, 2001, 2000).await;
        assert!(t.elapsed() < TURN_WAIT / 2);
        turns.stored(desk, 2000);
        // The next batch after the one in flight waits until that one is stored.
        let (t2, d) = (turns.clone(), desk);
        let waiter = tokio::spawn(async move {
            let t = std::time::Instant::now();
            t2.wait_before(d, 4001, 2000).await;
            t.elapsed()
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        turns.stored(desk, 4000);
        let waited = waiter.await.unwrap();
        assert!(
            waited >= Duration::from_millis(90) && waited < TURN_WAIT,
            "{waited:?}"
        );
        // Far beyond: no wait (held or refused by the ingest's own rules).
        let t = std::time::Instant::now();
        turns.wait_before(desk, 90_000, 2000).await;
        assert!(t.elapsed() < TURN_WAIT / 2);
        // A gap that never fills: the wait ends after TURN_WAIT.
        let t = std::time::Instant::now();
        turns.wait_before(desk, 5001, 2000).await;
        assert!(t.elapsed() >= TURN_WAIT);
    }
}
