//! The desk's link to head office (总部): its enrollments (one per key; the latest in force) and where
//! sending stands. The private key is never in the ledger file: only the path of the key file.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::Result;

/// The desk at head office, as its latest enrollment recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Enrollment {
    pub key_no: i64,
    pub enrolled_at: String,
    pub url: String,
    /// The CA certificate that head office's TLS certificate is checked against; None = the system's.
    pub ca_path: Option<String>,
    pub estate_id: String,
    pub estate_code: String,
    pub estate_name: String,
    pub desk_id: String,
    pub public_key: String,
    /// The key file (readable only by the desk's OS user).
    pub key_path: String,
    /// The chain head the key signed at enrollment: events up to here were written before the key.
    pub anchor_seq: i64,
}

/// The latest enrollment, if the desk is enrolled.
pub fn current(conn: &Connection) -> Result<Option<Enrollment>> {
    Ok(conn
        .prepare_cached(
            "SELECT key_no, enrolled_at, url, ca_path, estate_id, estate_code, estate_name, desk_id, public_key, key_path, anchor_seq
             FROM hq_enrollments ORDER BY key_no DESC LIMIT 1",
        )?
        .query_row([], |r| {
            Ok(Enrollment {
                key_no: r.get(0)?,
                enrolled_at: r.get(1)?,
                url: r.get(2)?,
                ca_path: r.get(3)?,
                estate_id: r.get(4)?,
                estate_code: r.get(5)?,
                estate_name: r.get(6)?,
                desk_id: r.get(7)?,
                public_key: r.get(8)?,
                key_path: r.get(9)?,
                anchor_seq: r.get(10)?,
            })
        })
        .optional()?)
}

/// Every public key the desk has had (its receipts' QR codes may carry any of them).
pub fn public_keys(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT public_key FROM hq_enrollments ORDER BY key_no")?;
    let keys = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(keys)
}

/// Record an enrollment and the signed chain head that anchors it.
pub fn record(
    tx: &Transaction,
    e: &Enrollment,
    anchor: (&str, &str),
    enrolled_by: i64,
) -> Result<()> {
    let (anchor_hash, anchor_sig) = anchor;
    tx.execute(
        "INSERT INTO hq_enrollments(key_no, enrolled_at, url, ca_path, estate_id, estate_code, estate_name, desk_id, public_key,
                                    key_path, anchor_seq, anchor_hash, anchor_sig, enrolled_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            e.key_no, e.enrolled_at, e.url, e.ca_path, e.estate_id, e.estate_code, e.estate_name, e.desk_id,
            e.public_key, e.key_path, e.anchor_seq, anchor_hash, anchor_sig, enrolled_by
        ],
    )?;
    Ok(())
}

/// Where sending stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SyncState {
    /// The highest sequence number head office holds with all before it.
    pub acked_seq: i64,
    pub acked_hash: Option<String>,
    pub last_attempt_at: Option<String>,
    pub last_success_at: Option<String>,
    /// The last attempt's error, if it failed: a stable code and the message.
    pub error_code: Option<String>,
    pub error_zh: Option<String>,
    pub error_en: Option<String>,
}

pub fn sync_state(conn: &Connection) -> Result<SyncState> {
    Ok(conn
        .prepare_cached(
            "SELECT acked_seq, acked_hash, last_attempt_at, last_success_at, error_code, error_zh, error_en FROM sync_state WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok(SyncState {
                acked_seq: r.get(0)?,
                acked_hash: r.get(1)?,
                last_attempt_at: r.get(2)?,
                last_success_at: r.get(3)?,
                error_code: r.get(4)?,
                error_zh: r.get(5)?,
                error_en: r.get(6)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

/// The background sender's own connection commits without waiting for the disk. All it writes is
/// where sending stands, a hint: lost in a power cut, events are only sent again and head office
/// stores each once. So a cashier's commit never queues behind the sender's fsync.
pub fn as_sender(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

/// Head office answered: it holds everything up to `seq` (hash `hash`).
pub fn record_ack(conn: &Connection, seq: i64, hash: &str, at: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_state(id, acked_seq, acked_hash, last_attempt_at, last_success_at) VALUES (1, ?1, ?2, ?3, ?3)
         ON CONFLICT(id) DO UPDATE SET acked_seq = ?1, acked_hash = ?2, last_attempt_at = ?3, last_success_at = ?3,
                                       error_code = NULL, error_zh = NULL, error_en = NULL",
    )?
    .execute(params![seq, hash, at])?;
    Ok(())
}

/// An attempt failed; the acknowledged position stays.
pub fn record_failure(conn: &Connection, code: &str, zh: &str, en: &str, at: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_state(id, last_attempt_at, error_code, error_zh, error_en) VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT(id) DO UPDATE SET last_attempt_at = ?1, error_code = ?2, error_zh = ?3, error_en = ?4",
    )?
    .execute(params![at, code, zh, en])?;
    Ok(())
}
