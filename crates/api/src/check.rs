//! The ledger's rules checked on the file, and the outbox for head office.

use feedesk_ledger::{check, outbox};

use crate::*;

/// Every ledger rule checked on the open file: balances, numbering, arrears, deposits, outbox chain.
pub fn check(l: &Ledger) -> Result<CheckReport> {
    check::check(&l.conn)
}

/// Verify the outbox's hash chain; the number of events checked.
pub fn verify_outbox(l: &Ledger) -> Result<i64> {
    outbox::verify_chain(&l.conn)
}

/// Outbox events with a sequence number above `after`, oldest first, at most `limit`.
pub fn outbox_events(l: &Ledger, after: i64, limit: usize) -> Result<Vec<StoredEvent>> {
    outbox::read(&l.conn, after, limit)
}
