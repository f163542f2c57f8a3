//! What a desk sends head office, and how head office knows it is genuine: the events (`event`),
//! their hash chain (`chain`), the desk's signatures (`sign`), the receipt QR code (`qr`) and the
//! sync messages (`sync`). Shared by the desk and head office; serde, hashing and signatures only, so
//! head office links none of the desk's SQLite, PDF or Tauri.

pub mod chain;
pub mod event;
pub mod qr;
pub mod sign;
pub mod standards;
pub mod sync;

pub use chain::{chain_hash, StoredEvent, GENESIS_HASH};
pub use event::*;
pub use qr::{QrError, QrPayload, ScannedQr};
pub use sign::{DeskKey, PublicKey};
pub use standards::{PublishedStandard, StandardEntry};
