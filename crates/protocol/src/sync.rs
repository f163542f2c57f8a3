//! What travels between a desk and head office: the events as written (their exact payload text, so
//! head office recomputes every hash), batches and their answers, enrollment, signed requests, errors.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::chain::chain_hash;
use crate::event::Event;
use crate::sign::{DeskKey, PublicKey, Purpose};

/// At most this many events in one batch, and this many bytes in one request body.
pub const MAX_BATCH_EVENTS: usize = 2_000;
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// One outbox event as it leaves the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireEvent {
    pub seq: i64,
    pub id: String,
    pub desk: String,
    pub at: String,
    /// The event's JSON exactly as the desk hashed it.
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
    /// The desk's signature of `hash`; none for events written before the desk enrolled (the chain
    /// head signed at enrollment covers them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sig: Option<String>,
}

impl WireEvent {
    /// The hash its fields give: equal to `hash` unless something was altered.
    pub fn computed_hash(&self) -> String {
        chain_hash(
            &self.prev_hash,
            self.seq,
            &self.id,
            &self.desk,
            &self.at,
            &self.payload,
        )
    }

    /// Whether `sig` is `key`'s signature of the hash.
    pub fn signed_by(&self, key: &PublicKey) -> bool {
        self.sig
            .as_deref()
            .is_some_and(|s| key.verifies(Purpose::Event, self.hash.as_bytes(), s))
    }

    pub fn event(&self) -> Result<Event, serde_json::Error> {
        serde_json::from_str(&self.payload)
    }

    /// The business date (`YYYY-MM-DD`) of the event: the desk's local date when it was written.
    pub fn date(&self) -> &str {
        self.at.get(..10).unwrap_or("")
    }
}

/// The signature of an event's hash, written with the event.
pub fn sign_event(key: &DeskKey, hash: &str) -> String {
    key.sign(Purpose::Event, hash.as_bytes())
}

/// A batch of consecutive events.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PushRequest {
    pub events: Vec<WireEvent>,
}

/// Head office's answer: the highest sequence number it holds with every one before it, and that
/// event's hash. The desk sends from there on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushReply {
    pub head_seq: i64,
    pub head_hash: String,
    /// Of this batch: stored now, already held (a resend), held back behind a gap.
    pub stored: usize,
    pub duplicates: usize,
    pub held: usize,
}

/// A desk enrolling with a one-time code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnrollRequest {
    pub code: String,
    pub desk_code: String,
    pub public_key: String,
    /// The desk's chain head now, signed: it covers every event written before this key existed.
    pub head_seq: i64,
    pub head_hash: String,
    pub head_sig: String,
    /// The desk's HMAC secret for receipt QR codes printed before enrollment (hex), so head office can
    /// check those too.
    pub qr_secret: String,
}

impl EnrollRequest {
    /// What the desk signs at enrollment: its chain head.
    pub fn anchor(seq: i64, hash: &str) -> Vec<u8> {
        format!("{seq}\n{hash}").into_bytes()
    }
}

/// Who the desk is at head office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollReply {
    pub estate_id: String,
    pub estate_code: String,
    pub estate_name: String,
    pub desk_id: String,
    pub desk_code: String,
    pub key_no: i32,
    /// What head office already holds of this desk's chain (0 for a new desk).
    pub head_seq: i64,
    pub head_hash: String,
}

/// An error as head office answers it: a stable code and the message in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct ApiError {
    pub code: String,
    pub zh: String,
    pub en: String,
}

/// The headers of a signed request: which desk and key, when, a one-time nonce, the signature.
pub const HEADER_DESK: &str = "x-feedesk-desk";
pub const HEADER_KEY: &str = "x-feedesk-key";
pub const HEADER_TIME: &str = "x-feedesk-time";
pub const HEADER_NONCE: &str = "x-feedesk-nonce";
pub const HEADER_SIGNATURE: &str = "x-feedesk-signature";
/// A signed request older or newer than this (seconds) is refused.
pub const MAX_CLOCK_SKEW_SECS: i64 = 300;

/// The text a request's signature covers: method, path, time, nonce and the body's SHA-256.
pub fn request_message(method: &str, path: &str, time: i64, nonce: &str, body: &[u8]) -> Vec<u8> {
    let digest = hex::encode(Sha256::digest(body));
    format!("{method}\n{path}\n{time}\n{nonce}\n{digest}").into_bytes()
}

/// Sign a request with the desk's key.
pub fn sign_request(
    key: &DeskKey,
    method: &str,
    path: &str,
    time: i64,
    nonce: &str,
    body: &[u8],
) -> String {
    key.sign(
        Purpose::Request,
        &request_message(method, path, time, nonce, body),
    )
}

/// Whether a request's signature is the desk key's.
pub fn request_signed_by(
    key: &PublicKey,
    (method, path, time, nonce): (&str, &str, i64, &str),
    body: &[u8],
    signature: &str,
) -> bool {
    key.verifies(
        Purpose::Request,
        &request_message(method, path, time, nonce, body),
        signature,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::GENESIS_HASH;

    #[test]
    fn an_altered_event_no_longer_matches_its_hash_or_signature() {
        let key = DeskKey::generate();
        let payload = r#"{"kind":"day_closed","date":"2026-01-02"}"#.to_string();
        let at = "2026-01-02T18:00:00+08:00".to_string();
        let hash = chain_hash(GENESIS_HASH, 1, "id-1", "A01", &at, &payload);
        let e = WireEvent {
            seq: 1,
            id: "id-1".into(),
            desk: "A01".into(),
            at,
            payload,
            prev_hash: GENESIS_HASH.into(),
            sig: Some(sign_event(&key, &hash)),
            hash,
        };
        assert_eq!(e.computed_hash(), e.hash);
        assert!(e.signed_by(&key.public()));
        assert_eq!(e.date(), "2026-01-02");
        let mut t = e.clone();
        t.payload = t.payload.replace("01-02", "01-03");
        assert_ne!(t.computed_hash(), t.hash);
        assert!(!e.signed_by(&DeskKey::generate().public()));
    }

    #[test]
    fn a_request_signature_covers_method_path_time_nonce_and_body() {
        let key = DeskKey::generate();
        let sig = sign_request(&key, "POST", "/v1/events", 100, "n1", b"{}");
        let p = key.public();
        assert!(request_signed_by(
            &p,
            ("POST", "/v1/events", 100, "n1"),
            b"{}",
            &sig
        ));
        assert!(!request_signed_by(
            &p,
            ("POST", "/v1/events", 101, "n1"),
            b"{}",
            &sig
        ));
        assert!(!request_signed_by(
            &p,
            ("POST", "/v1/events", 100, "n2"),
            b"{}",
            &sig
        ));
        assert!(!request_signed_by(
            &p,
            ("POST", "/v1/events", 100, "n1"),
            b"[]",
            &sig
        ));
        assert!(!request_signed_by(
            &p,
            ("GET", "/v1/events", 100, "n1"),
            b"{}",
            &sig
        ));
    }
}
