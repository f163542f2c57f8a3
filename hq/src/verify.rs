//! Checking a batch before anything is stored: each event's hash is recomputed from its fields, each
//! signed event's signature is checked with the key in force at its sequence number (all together,
//! on every core), and each event must name the desk that sent it. Pure computation, no database.

use feedesk_protocol::sign::{all_verify, PublicKey, Purpose};
use feedesk_protocol::sync::WireEvent;

use crate::auth::Desk;

/// Why an event is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Its hash does not match its fields: altered after it was hashed.
    Tampered,
    /// Signed with a key that is not the desk's, or not signed when it must be.
    BadSignature,
    /// It names another desk than the one whose key sent it.
    WrongDesk,
    /// Not an event at all (bad id, time or hash text).
    Malformed,
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Tampered => "tampered",
            Refusal::BadSignature => "forged",
            Refusal::WrongDesk => "wrong_desk",
            Refusal::Malformed => "malformed",
        }
    }
}

fn well_formed(e: &WireEvent) -> bool {
    uuid::Uuid::parse_str(&e.id).is_ok()
        && e.hash.len() == 64
        && e.prev_hash.len() == 64
        && e.at.len() >= 19
        && chrono::NaiveDate::parse_from_str(e.date(), "%Y-%m-%d").is_ok()
        && e.seq > 0
}

/// The events' verdicts, in order: Ok, or why the event is refused.
pub fn check(desk: &Desk, events: &[WireEvent]) -> Vec<Result<(), Refusal>> {
    let mut out: Vec<Result<(), Refusal>> = events
        .iter()
        .map(|e| {
            if !well_formed(e) {
                Err(Refusal::Malformed)
            } else if e.desk != desk.code {
                Err(Refusal::WrongDesk)
            } else if e.computed_hash() != e.hash {
                Err(Refusal::Tampered)
            } else {
                Ok(())
            }
        })
        .collect();
    // The signatures still to check: (index, key).
    let mut signed: Vec<(usize, PublicKey)> = vec![];
    for (i, e) in events.iter().enumerate() {
        if out[i].is_err() {
            continue;
        }
        match (desk.key_for(e.seq), &e.sig) {
            (Some(k), Some(_)) => signed.push((i, k.public)),
            (Some(_), None) => out[i] = Err(Refusal::BadSignature),
            // Before the desk's first key: unsigned; the chain up to the signed anchor vouches for it.
            (None, _) if e.seq <= desk.first_anchor().0 => {}
            (None, _) => out[i] = Err(Refusal::BadSignature),
        }
    }
    for i in failed_signatures(events, &signed) {
        out[i] = Err(Refusal::BadSignature);
    }
    out
}

/// The indexes whose signature does not verify: checked as a batch per core, one by one only where
/// a batch fails.
fn failed_signatures(events: &[WireEvent], signed: &[(usize, PublicKey)]) -> Vec<usize> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = signed.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = signed
            .chunks(chunk)
            .map(|part| s.spawn(move || failed_in(events, part)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("signature check"))
            .collect()
    })
}

fn failed_in(events: &[WireEvent], part: &[(usize, PublicKey)]) -> Vec<usize> {
    let items: Vec<(PublicKey, &[u8], &str)> = part
        .iter()
        .map(|(i, k)| {
            let e = &events[*i];
            (*k, e.hash.as_bytes(), e.sig.as_deref().unwrap_or(""))
        })
        .collect();
    if all_verify(Purpose::Event, &items) {
        return vec![];
    }
    part.iter()
        .filter(|(i, k)| !events[*i].signed_by(k))
        .map(|(i, _)| *i)
        .collect()
}
