//! What head office holds, read back: a desk's events as received and its days' figures. (The
//! console's reports build on these.)

use deadpool_postgres::Pool;
use feedesk_protocol::sync::WireEvent;
use feedesk_protocol::DayFigures;
use uuid::Uuid;

use crate::apply::{day_figures, normalised};
use crate::HqResult;

/// A desk's events in sequence order, exactly as stored.
pub async fn desk_events(pool: &Pool, estate_id: Uuid, desk_id: Uuid) -> HqResult<Vec<WireEvent>> {
    let c = pool.get().await?;
    let rows = c
        .query(
            "SELECT e.seq, e.event_id::text, d.code, e.at, e.payload, e.prev_hash, e.hash, e.sig
             FROM events e JOIN desks d ON d.estate_id = e.estate_id AND d.desk_id = e.desk_id
             WHERE e.estate_id = $1 AND e.desk_id = $2 ORDER BY e.seq",
            &[&estate_id, &desk_id],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| WireEvent {
            seq: r.get(0),
            id: r.get(1),
            desk: r.get(2),
            at: r.get(3),
            payload: r.get(4),
            prev_hash: r.get(5),
            hash: r.get(6),
            sig: r.get(7),
        })
        .collect())
}

/// Head office's figures of a desk's day (`YYYY-MM-DD`), in the order the closing check compares.
pub async fn desk_day(
    pool: &Pool,
    estate_id: Uuid,
    desk_id: Uuid,
    day: &str,
) -> HqResult<DayFigures> {
    let c = pool.get().await?;
    Ok(normalised(
        day_figures(&**c, (estate_id, desk_id), day).await?,
    ))
}

/// A document as head office holds it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReceiptRow {
    pub estate_code: String,
    pub desk_code: String,
    pub number: String,
    pub at: String,
    pub kind: String,
    pub unit: Option<String>,
    pub total_fen: i64,
    pub voided: bool,
    pub reversed_by: Option<String>,
}

/// The latest documents received, newest first.
pub async fn latest_receipts(pool: &Pool, limit: i64) -> HqResult<Vec<ReceiptRow>> {
    let c = pool.get().await?;
    let rows = c
        .query(
            "SELECT e.code, d.code, r.number, r.at, r.kind, r.unit, r.total_fen, r.voided, r.reversed_by
             FROM receipts r JOIN estates e ON e.estate_id = r.estate_id
             JOIN desks d ON d.estate_id = r.estate_id AND d.desk_id = r.desk_id
             ORDER BY r.at DESC, r.number DESC LIMIT $1",
            &[&limit],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| ReceiptRow {
            estate_code: r.get(0),
            desk_code: r.get(1),
            number: r.get(2),
            at: r.get(3),
            kind: r.get(4),
            unit: r.get(5),
            total_fen: r.get(6),
            voided: r.get(7),
            reversed_by: r.get(8),
        })
        .collect())
}

/// A desk's day at head office: documents, total, and its signed closing's check.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DayRow {
    pub estate_code: String,
    pub desk_code: String,
    pub day: String,
    pub receipts: i64,
    pub total_fen: i64,
    /// `match`, `mismatch`, or none while the desk has not closed the day.
    pub closing: Option<String>,
}

/// Desk days, newest first.
pub async fn days(pool: &Pool, limit: i64) -> HqResult<Vec<DayRow>> {
    let c = pool.get().await?;
    let rows = c
        .query(
            "SELECT e.code, d.code, x.day::text, x.receipts + x.vouchers,
                    COALESCE((SELECT SUM(t.fen) FROM desk_day_totals t WHERE t.estate_id = x.estate_id AND t.desk_id = x.desk_id
                              AND t.day = x.day AND t.key LIKE 'method:%'), 0)::bigint,
                    x.closing_status
             FROM desk_days x JOIN estates e ON e.estate_id = x.estate_id
             JOIN desks d ON d.estate_id = x.estate_id AND d.desk_id = x.desk_id
             ORDER BY x.day DESC, e.code, d.code LIMIT $1",
            &[&limit],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| DayRow {
            estate_code: r.get(0),
            desk_code: r.get(1),
            day: r.get(2),
            receipts: r.get(3),
            total_fen: r.get(4),
            closing: r.get(5),
        })
        .collect())
}
