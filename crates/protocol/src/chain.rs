//! The hash chain over a desk's events: each event's hash covers its predecessor's hash, its
//! sequence number, id, desk, time and the exact payload text, so no event can be changed, dropped
//! or inserted without breaking every hash after it.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::event::Event;

/// The `prev_hash` of a desk's first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// SHA-256 (hex) over the fields, each followed by a NUL byte.
pub fn chain_hash(
    prev_hash: &str,
    seq: i64,
    id: &str,
    desk: &str,
    at: &str,
    payload: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [prev_hash, &seq.to_string(), id, desk, at, payload] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    hex::encode(h.finalize())
}

/// A stored event as head office receives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    pub seq: i64,
    pub id: String,
    pub desk: String,
    pub at: String,
    pub event: Event,
    pub prev_hash: String,
    pub hash: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_changes_the_hash() {
        let base = chain_hash(
            GENESIS_HASH,
            1,
            "id",
            "A01",
            "2026-01-01T09:00:00+08:00",
            "{}",
        );
        assert_eq!(base.len(), 64);
        assert_ne!(
            base,
            chain_hash(
                GENESIS_HASH,
                2,
                "id",
                "A01",
                "2026-01-01T09:00:00+08:00",
                "{}"
            )
        );
        assert_ne!(
            base,
            chain_hash(
                GENESIS_HASH,
                1,
                "id",
                "A02",
                "2026-01-01T09:00:00+08:00",
                "{}"
            )
        );
        assert_ne!(
            base,
            chain_hash(
                GENESIS_HASH,
                1,
                "id",
                "A01",
                "2026-01-01T09:00:00+08:00",
                "{ }"
            )
        );
        // The separator keeps field boundaries: moving a character from one field to the next differs.
        assert_ne!(
            chain_hash("a", 1, "bc", "", "", ""),
            chain_hash("ab", 1, "c", "", "", "")
        );
    }
}
