//! The receipt's QR code: what it carries and its HMAC with the desk's secret.
//!
//! Text form (one line, `|`-separated, ASCII only so any phone scanner reads it):
//!
//! ```text
//! FD1|<receipt uuid>|<receipt number>|<desk code>|<amount in fen>|<HMAC-SHA256, 64 hex digits>
//! FD1|0192f3c1-…|A01-2026-000001|A01|44050|3f9a…
//! ```
//!
//! The HMAC is computed with the desk's secret (32 random bytes kept by the desk) over everything
//! before the last `|` (including the `FD1` version tag). Whoever knows the desk's secret recomputes
//! it: a receipt whose amount or number was altered fails.
//!
//! Once a desk is enrolled at head office its receipts carry `FD2`: the same fields, sealed with the
//! desk's Ed25519 signature (128 hex digits) instead of the HMAC, so anyone with the desk's public key
//! (head office, an auditor) can check a receipt and nobody without the desk's key can make one.

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

use crate::sign::{DeskKey, PublicKey, Purpose};

const TAG: &str = "FD1";
const TAG_SIGNED: &str = "FD2";

/// What a receipt's QR code says, once verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QrPayload {
    pub receipt_id: String,
    pub number: String,
    pub desk: String,
    pub amount_fen: i64,
}

/// Why a QR text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrError {
    /// Not a feedesk receipt code at all.
    Malformed,
    /// Well formed, but the signature does not match: altered, or another desk's.
    BadSignature,
}

fn mac(secret: &[u8], body: &str) -> Hmac<Sha256> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    m.update(body.as_bytes());
    m
}

impl QrPayload {
    /// The signed text the QR code carries.
    pub fn sign(&self, secret: &[u8]) -> String {
        let body = format!(
            "{TAG}|{}|{}|{}|{}",
            self.receipt_id, self.number, self.desk, self.amount_fen
        );
        let mac = hex::encode(mac(secret, &body).finalize().into_bytes());
        format!("{body}|{mac}")
    }

    fn body(&self, tag: &str) -> String {
        format!(
            "{tag}|{}|{}|{}|{}",
            self.receipt_id, self.number, self.desk, self.amount_fen
        )
    }

    /// The QR text sealed with the desk's key (`FD2`).
    pub fn seal(&self, key: &DeskKey) -> String {
        let body = self.body(TAG_SIGNED);
        let sig = key.sign(Purpose::Receipt, body.as_bytes());
        format!("{body}|{sig}")
    }

    /// Read and check a receipt QR text against the desk's secret. Any change to the text, or the
    /// wrong desk's secret, is refused; the payload is returned only when the HMAC matches.
    pub fn verify(secret: &[u8], text: &str) -> Result<QrPayload, QrError> {
        let text = text.trim();
        let (body, given) = text.rsplit_once('|').ok_or(QrError::Malformed)?;
        let parts: Vec<&str> = body.split('|').collect();
        if parts.len() != 5 || parts[0] != TAG {
            return Err(QrError::Malformed);
        }
        let given = hex::decode(given).map_err(|_| QrError::Malformed)?;
        let amount_fen = parts[4].parse().map_err(|_| QrError::Malformed)?;
        // verify_slice compares in constant time.
        mac(secret, body)
            .verify_slice(&given)
            .map_err(|_| QrError::BadSignature)?;
        Ok(QrPayload {
            receipt_id: parts[1].to_string(),
            number: parts[2].to_string(),
            desk: parts[3].to_string(),
            amount_fen,
        })
    }
}

/// A receipt QR text as read, before its seal is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedQr {
    pub payload: QrPayload,
    /// `true` for `FD2` (sealed with the desk's key), `false` for `FD1` (the desk's HMAC).
    pub signed: bool,
    body: String,
    seal: String,
}

impl ScannedQr {
    /// Read either form; `Malformed` when it is neither. Nothing is believed until a check passes.
    pub fn read(text: &str) -> Result<ScannedQr, QrError> {
        let text = text.trim();
        if text.len() > 512 || !text.is_ascii() {
            return Err(QrError::Malformed);
        }
        let (body, seal) = text.rsplit_once('|').ok_or(QrError::Malformed)?;
        let parts: Vec<&str> = body.split('|').collect();
        let signed = match parts.first() {
            Some(&TAG) => false,
            Some(&TAG_SIGNED) => true,
            _ => return Err(QrError::Malformed),
        };
        if parts.len() != 5 || parts[1..4].iter().any(|p| p.is_empty()) {
            return Err(QrError::Malformed);
        }
        let amount_fen = parts[4].parse().map_err(|_| QrError::Malformed)?;
        let seal_len = if signed { 128 } else { 64 };
        if seal.len() != seal_len || !seal.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(QrError::Malformed);
        }
        Ok(ScannedQr {
            payload: QrPayload {
                receipt_id: parts[1].to_string(),
                number: parts[2].to_string(),
                desk: parts[3].to_string(),
                amount_fen,
            },
            signed,
            body: body.to_string(),
            seal: seal.to_string(),
        })
    }

    /// An `FD1` text's HMAC checked with the desk's secret.
    pub fn check_secret(&self, secret: &[u8]) -> bool {
        let Ok(given) = hex::decode(&self.seal) else {
            return false;
        };
        !self.signed && mac(secret, &self.body).verify_slice(&given).is_ok()
    }

    /// An `FD2` text's signature checked with the desk's public key.
    pub fn check_key(&self, key: &PublicKey) -> bool {
        self.signed && key.verifies(Purpose::Receipt, self.body.as_bytes(), &self.seal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload() -> QrPayload {
        QrPayload {
            receipt_id: "0192f3c1-0000-7000-8000-000000000001".into(),
            number: "A01-2026-000001".into(),
            desk: "A01".into(),
            amount_fen: 44050,
        }
    }

    #[test]
    fn an_old_hmac_code_still_verifies_and_an_altered_one_does_not() {
        let text = payload().sign(&[7u8; 32]);
        let q = ScannedQr::read(&text).unwrap();
        assert!(!q.signed && q.check_secret(&[7u8; 32]) && !q.check_secret(&[8u8; 32]));
        assert_eq!(QrPayload::verify(&[7u8; 32], &text).unwrap(), payload());
        let altered = text.replace("|44050|", "|44059|");
        assert!(!ScannedQr::read(&altered).unwrap().check_secret(&[7u8; 32]));
    }

    #[test]
    fn a_sealed_code_verifies_with_the_desks_key_only() {
        let k = DeskKey::generate();
        let text = payload().seal(&k);
        let q = ScannedQr::read(&text).unwrap();
        assert!(q.signed && q.check_key(&k.public()));
        assert!(!q.check_key(&DeskKey::generate().public()));
        assert!(!q.check_secret(&[7u8; 32]));
        assert_eq!(q.payload, payload());
        let altered = text.replace("A01-2026-000001", "A01-2026-000002");
        assert!(!ScannedQr::read(&altered).unwrap().check_key(&k.public()));
    }

    #[test]
    fn random_text_is_not_a_receipt() {
        for t in [
            "",
            "FD1",
            "FD3|a|b|c|1|00",
            "FD2|a|b|c|x|00",
            "\u{0}\u{ff}",
            "FD1|a|b|c|1|zz",
        ] {
            assert_eq!(ScannedQr::read(t), Err(QrError::Malformed), "{t}");
        }
    }
}
