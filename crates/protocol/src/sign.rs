//! Desk keys (Ed25519). An enrolled desk signs each event's chain hash, and its receipts' QR codes,
//! with its own key; head office holds only the public key, so it can check every signature and
//! forge none. Each message is prefixed with what it is, so a signature over one kind of message is
//! never valid for another.

use std::fmt;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

/// What a desk signs: an event's chain hash, the chain head at enrollment, a receipt's QR text, a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Event,
    Anchor,
    Receipt,
    Request,
}

impl Purpose {
    fn prefix(self) -> &'static [u8] {
        match self {
            Purpose::Event => b"feedesk-event-v1\n",
            Purpose::Anchor => b"feedesk-anchor-v1\n",
            Purpose::Receipt => b"feedesk-receipt-v1\n",
            Purpose::Request => b"feedesk-request-v1\n",
        }
    }
    fn message(self, body: &[u8]) -> Vec<u8> {
        [self.prefix(), body].concat()
    }
}

/// Why a key or a signature could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadKey;

/// A desk's private key. Its debug form shows the public key only.
pub struct DeskKey(SigningKey);

impl DeskKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> DeskKey {
        DeskKey(SigningKey::generate(&mut rand_core::OsRng))
    }

    /// The key from its 32-byte seed, as kept in the key file (64 hex digits).
    pub fn from_seed_hex(hex_seed: &str) -> Result<DeskKey, BadKey> {
        let bytes: [u8; 32] = hex::decode(hex_seed.trim())
            .map_err(|_| BadKey)?
            .try_into()
            .map_err(|_| BadKey)?;
        Ok(DeskKey(SigningKey::from_bytes(&bytes)))
    }

    pub fn seed_hex(&self) -> String {
        hex::encode(self.0.to_bytes())
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// The signature (128 hex digits) of `body` for `purpose`.
    pub fn sign(&self, purpose: Purpose, body: &[u8]) -> String {
        hex::encode(self.0.sign(&purpose.message(body)).to_bytes())
    }
}

impl fmt::Debug for DeskKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeskKey(public {})", self.public().to_hex())
    }
}

/// A desk's public key (64 hex digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    pub fn from_hex(text: &str) -> Result<PublicKey, BadKey> {
        let bytes: [u8; 32] = hex::decode(text.trim())
            .map_err(|_| BadKey)?
            .try_into()
            .map_err(|_| BadKey)?;
        VerifyingKey::from_bytes(&bytes)
            .map(PublicKey)
            .map_err(|_| BadKey)
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0.to_bytes())
    }

    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<PublicKey, BadKey> {
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| BadKey)?;
        VerifyingKey::from_bytes(&bytes)
            .map(PublicKey)
            .map_err(|_| BadKey)
    }

    /// Whether `signature` (hex) is this key's signature of `body` for `purpose`.
    pub fn verifies(&self, purpose: Purpose, body: &[u8], signature: &str) -> bool {
        parse_signature(signature)
            .is_some_and(|s| self.0.verify_strict(&purpose.message(body), &s).is_ok())
    }
}

fn parse_signature(text: &str) -> Option<Signature> {
    let bytes: [u8; 64] = hex::decode(text.trim()).ok()?.try_into().ok()?;
    Some(Signature::from_bytes(&bytes))
}

/// Whether every `(key, body, signature)` verifies for `purpose`, checked together (faster than one by
/// one; false if any one fails or cannot be read).
pub fn all_verify(purpose: Purpose, items: &[(PublicKey, &[u8], &str)]) -> bool {
    let mut messages = Vec::with_capacity(items.len());
    let mut signatures = Vec::with_capacity(items.len());
    let mut keys = Vec::with_capacity(items.len());
    for (key, body, sig) in items {
        let Some(s) = parse_signature(sig) else {
            return false;
        };
        messages.push(purpose.message(body));
        signatures.push(s);
        keys.push(key.0);
    }
    let refs: Vec<&[u8]> = messages.iter().map(Vec::as_slice).collect();
    ed25519_dalek::verify_batch(&refs, &signatures, &keys).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_its_key_its_text_and_its_purpose() {
        let k = DeskKey::generate();
        let other = DeskKey::generate();
        let sig = k.sign(Purpose::Event, b"abc");
        assert!(k.public().verifies(Purpose::Event, b"abc", &sig));
        assert!(!k.public().verifies(Purpose::Event, b"abd", &sig));
        assert!(!k.public().verifies(Purpose::Receipt, b"abc", &sig));
        assert!(!other.public().verifies(Purpose::Event, b"abc", &sig));
        assert!(!k.public().verifies(Purpose::Event, b"abc", "00"));
        let again = DeskKey::from_seed_hex(&k.seed_hex()).unwrap();
        assert_eq!(again.public(), k.public());
        assert_eq!(
            PublicKey::from_hex(&k.public().to_hex()).unwrap(),
            k.public()
        );
        assert!(format!("{k:?}").contains(&k.public().to_hex()));
        assert!(!format!("{k:?}").contains(&k.seed_hex()));
    }

    #[test]
    fn a_batch_verifies_only_when_every_signature_does() {
        let k = DeskKey::generate();
        let s1 = k.sign(Purpose::Event, b"one");
        let s2 = k.sign(Purpose::Event, b"two");
        let p = k.public();
        assert!(all_verify(
            Purpose::Event,
            &[(p, b"one", &s1), (p, b"two", &s2)]
        ));
        assert!(!all_verify(
            Purpose::Event,
            &[(p, b"one", &s1), (p, b"two", &s1)]
        ));
    }
}
