//! Storing a desk's batch: one PostgreSQL transaction, exactly once by constraint. The desk's head row
//! is locked first, so two senders for one desk take turns. Each event is then a resend (the same hash
//! at its sequence number: acknowledged), a fork (another hash: refused and alerted), the next link of
//! the chain (stored), or beyond a gap (held until the gap fills). The reports are applied from the
//! stored events right after, in the background, so storing never waits for them.

use std::pin::pin;

use deadpool_postgres::{Pool, Transaction};
use feedesk_protocol::sync::{PushReply, WireEvent, MAX_BATCH_EVENTS};
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::Type;
use uuid::Uuid;

use crate::alerts::alert;
use crate::apply;
use crate::auth::Desk;
use crate::turns::Turns;
use crate::verify::{self, Refusal};
use crate::{HqError, HqResult};

fn refused(seq: i64, why: &Refusal) -> HqError {
    HqError::conflict(
        "EVENT_REFUSED",
        format!(
            "第 {seq} 条事件未通过校验（{}），总部已拒收并报警",
            why.code()
        ),
        format!(
            "event {seq} failed verification ({}); head office refused it and raised an alert",
            why.code()
        ),
    )
}

fn fork(seq: i64) -> HqError {
    HqError::conflict(
        "FORK",
        format!("第 {seq} 条事件与总部已存的不一致（分叉），已拒收并报警"),
        format!("event {seq} differs from the one head office holds (a fork); refused and alerted"),
    )
}

/// Where the batch stands against the desk's chain.
struct Sorted {
    /// Events that continue the chain, in order.
    next: Vec<WireEvent>,
    duplicates: usize,
    /// Events beyond a gap.
    held: Vec<WireEvent>,
}

/// Store a batch; the answer is head office's head after it.
pub async fn push(
    pool: &Pool,
    turns: &Turns,
    desk: Desk,
    mut events: Vec<WireEvent>,
) -> HqResult<PushReply> {
    if events.len() > MAX_BATCH_EVENTS {
        return Err(HqError::new(
            413,
            "BATCH_TOO_LARGE",
            format!("一批最多 {MAX_BATCH_EVENTS} 条事件"),
            format!("at most {MAX_BATCH_EVENTS} events a batch"),
        ));
    }
    events.sort_by_key(|e| e.seq);
    let (desk, events, verdicts) = tokio::task::spawn_blocking(move || {
        let v = verify::check(&desk, &events);
        (desk, events, v)
    })
    .await
    .map_err(|e| {
        HqError::new(
            500,
            "INTERNAL",
            format!("校验失败：{e}"),
            format!("verification failed: {e}"),
        )
    })?;
    if let Some(first) = events.first() {
        turns
            .wait_before(desk.desk_id, first.seq, MAX_BATCH_EVENTS as i64)
            .await;
    }
    let mut c = pool.get().await?;
    let tx = c.transaction().await?;
    let row = tx
        .query_one(
            "SELECT head_seq, head_hash FROM desk_heads WHERE estate_id = $1 AND desk_id = $2 FOR UPDATE",
            &[&desk.estate_id, &desk.desk_id],
        )
        .await?;
    let (mut head_seq, mut head_hash): (i64, String) = (row.get(0), row.get(1));
    turns.stored(desk.desk_id, head_seq);
    let sorted = sort(&tx, &desk, events, &verdicts, (head_seq, &head_hash)).await;
    let sorted = match sorted {
        Ok(s) => s,
        Err((e, alert_kind, seq, detail)) => {
            alert(&tx, &desk, alert_kind, Some(seq), &detail).await?;
            tx.commit().await?;
            return Err(e);
        }
    };
    let stored = sorted.next.len();
    if let Some(last) = sorted.next.last() {
        (head_seq, head_hash) = (last.seq, last.hash.clone());
    }
    store(&tx, &desk, &sorted.next).await?;
    hold(&tx, &desk, &sorted.held).await?;
    let promoted = promote(&tx, &desk, (head_seq, &head_hash)).await?;
    if let Some(last) = promoted.last() {
        (head_seq, head_hash) = (last.seq, last.hash.clone());
    }
    let last_at = sorted
        .next
        .iter()
        .chain(&promoted)
        .last()
        .map(|e| e.at.clone());
    tx.execute(
        "UPDATE desk_heads SET head_seq = $3, head_hash = $4, last_event_at = COALESCE($5, last_event_at), last_received_at = now(),
                gap_since = CASE WHEN EXISTS (SELECT 1 FROM held_events h WHERE h.estate_id = $1 AND h.desk_id = $2)
                                 THEN COALESCE(gap_since, now()) END,
                gap_alerted = gap_alerted AND EXISTS (SELECT 1 FROM held_events h WHERE h.estate_id = $1 AND h.desk_id = $2)
         WHERE estate_id = $1 AND desk_id = $2",
        &[&desk.estate_id, &desk.desk_id, &head_seq, &head_hash, &last_at],
    )
    .await?;
    tx.commit().await?;
    turns.stored(desk.desk_id, head_seq);
    Ok(PushReply {
        head_seq,
        head_hash,
        stored: stored + promoted.len(),
        duplicates: sorted.duplicates,
        held: sorted.held.len(),
    })
}

type Stop = (HqError, &'static str, i64, String);

/// How far beyond the head an event may arrive and still be held (ten full batches).
pub const MAX_AHEAD: i64 = 10 * MAX_BATCH_EVENTS as i64;

fn too_far(seq: i64, head: i64) -> HqError {
    HqError::bad_request(
        "SEQ_TOO_FAR",
        format!(
            "第 {seq} 条事件远超总部已收到的第 {head} 条，已拒收：请从第 {} 条起发送",
            head + 1
        ),
        format!(
            "event {seq} is far beyond head office's head {head}; refused: send from {} on",
            head + 1
        ),
    )
}

/// Sort a verified batch against the desk's head. The first refused event stops the batch (what came
/// before it is kept); a fork stops it too. Either is an alert.
async fn sort(
    tx: &Transaction<'_>,
    desk: &Desk,
    events: Vec<WireEvent>,
    verdicts: &[Result<(), Refusal>],
    (head_seq, head_hash): (i64, &str),
) -> Result<Sorted, Stop> {
    let resent: Vec<i64> = events
        .iter()
        .filter(|e| e.seq <= head_seq)
        .map(|e| e.seq)
        .collect();
    let known = known_hashes(tx, desk, &resent)
        .await
        .map_err(|e| (e, "storage", 0, String::new()))?;
    let (anchor_seq, anchor_hash) = desk.first_anchor();
    let mut out = Sorted {
        next: vec![],
        duplicates: 0,
        held: vec![],
    };
    let mut tip = (head_seq, head_hash.to_string());
    for (e, v) in events.into_iter().zip(verdicts) {
        if let Err(why) = v {
            if !out.next.is_empty() || out.duplicates > 0 {
                break; // keep what came before; the desk resends from the head and meets the refusal
            }
            let detail = format!("event {} refused: {}", e.seq, why.code());
            return Err((refused(e.seq, why), why.code(), e.seq, detail));
        }
        if e.seq <= head_seq {
            match known.iter().find(|(s, _)| *s == e.seq) {
                Some((_, h)) if *h == e.hash => out.duplicates += 1,
                _ => {
                    return Err((
                        fork(e.seq),
                        "fork",
                        e.seq,
                        format!("event {} resent with hash {}", e.seq, e.hash),
                    ))
                }
            }
        } else if e.seq == tip.0 + 1 {
            if e.prev_hash != tip.1 {
                return Err((
                    fork(e.seq),
                    "fork",
                    e.seq,
                    format!("event {} does not continue the chain", e.seq),
                ));
            }
            if e.seq == anchor_seq && e.hash != anchor_hash {
                let detail = format!(
                    "event {} differs from the chain head signed at enrollment",
                    e.seq
                );
                return Err((
                    refused(e.seq, &Refusal::Tampered),
                    "tampered",
                    e.seq,
                    detail,
                ));
            }
            tip = (e.seq, e.hash.clone());
            out.next.push(e);
        } else if e.seq > head_seq + MAX_AHEAD {
            let detail = format!(
                "event {} is {} ahead of the head {head_seq}",
                e.seq,
                e.seq - head_seq
            );
            return Err((too_far(e.seq, head_seq), "too_far", e.seq, detail));
        } else {
            out.held.push(e);
        }
    }
    Ok(out)
}

async fn known_hashes(
    tx: &Transaction<'_>,
    desk: &Desk,
    seqs: &[i64],
) -> HqResult<Vec<(i64, String)>> {
    if seqs.is_empty() {
        return Ok(vec![]);
    }
    let rows = tx
        .query(
            "SELECT seq, hash FROM event_index WHERE estate_id = $1 AND desk_id = $2 AND seq = ANY($3)",
            &[&desk.estate_id, &desk.desk_id, &seqs],
        )
        .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// The first day of the month of an event's date: its partition.
fn business_month(e: &WireEvent) -> chrono::NaiveDate {
    let d = chrono::NaiveDate::parse_from_str(e.date(), "%Y-%m-%d").expect("verified date");
    d.with_day0(0).expect("first of month")
}

use chrono::Datelike;

/// Store events that continue the chain: their keys (`UNIQUE(desk, seq)`, `UNIQUE(event id)`) and the
/// events themselves, both by binary COPY. The caller holds the desk's lock and has checked every
/// sequence number against the head, so a unique violation here can only be an event id already
/// used by another event: the whole batch is refused (nothing of it is kept).
/// The reports follow from them in the background (`apply::catch_up`).
async fn store(tx: &Transaction<'_>, desk: &Desk, events: &[WireEvent]) -> HqResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = events
        .iter()
        .map(|e| Uuid::parse_str(&e.id).expect("verified id"))
        .collect();
    copy_index(tx, desk, events, &ids)
        .await
        .map_err(|e| match e.code() {
            Some(&SqlState::UNIQUE_VIOLATION) => HqError::conflict(
                "DUPLICATE_ID",
                "事件编号重复，已拒收",
                "an event id is already taken; refused",
            ),
            _ => e.into(),
        })?;
    copy_events(tx, desk, events, &ids).await
}

async fn copy_index(
    tx: &Transaction<'_>,
    desk: &Desk,
    events: &[WireEvent],
    ids: &[Uuid],
) -> Result<(), tokio_postgres::Error> {
    let sink = tx
        .copy_in("COPY event_index (estate_id, desk_id, seq, event_id, hash) FROM STDIN BINARY")
        .await?;
    let types = [Type::UUID, Type::UUID, Type::INT8, Type::UUID, Type::TEXT];
    let mut w = pin!(BinaryCopyInWriter::new(sink, &types));
    for (e, id) in events.iter().zip(ids) {
        w.as_mut()
            .write(&[&desk.estate_id, &desk.desk_id, &e.seq, id, &e.hash])
            .await?;
    }
    w.finish().await?;
    Ok(())
}

async fn copy_events(
    tx: &Transaction<'_>,
    desk: &Desk,
    events: &[WireEvent],
    ids: &[Uuid],
) -> HqResult<()> {
    let sink = tx
        .copy_in("COPY events (estate_id, desk_id, seq, event_id, business_month, kind, at, payload, prev_hash, hash, sig) FROM STDIN BINARY")
        .await?;
    let types = [
        Type::UUID,
        Type::UUID,
        Type::INT8,
        Type::UUID,
        Type::DATE,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
    ];
    let mut w = pin!(BinaryCopyInWriter::new(sink, &types));
    for (e, id) in events.iter().zip(ids) {
        let kind = apply::kind_of(&e.payload);
        let month = business_month(e);
        w.as_mut()
            .write(&[
                &desk.estate_id,
                &desk.desk_id,
                &e.seq,
                id,
                &month,
                &kind,
                &e.at,
                &e.payload,
                &e.prev_hash,
                &e.hash,
                &e.sig,
            ])
            .await?;
    }
    w.finish().await?;
    Ok(())
}

/// Keep events that arrived after a gap.
async fn hold(tx: &Transaction<'_>, desk: &Desk, events: &[WireEvent]) -> HqResult<()> {
    for e in events {
        let json = serde_json::to_value(e).expect("serialise");
        tx.execute(
            "INSERT INTO held_events(estate_id, desk_id, seq, event) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            &[&desk.estate_id, &desk.desk_id, &e.seq, &json],
        )
        .await?;
    }
    Ok(())
}

/// Held events that now continue the chain are stored and leave the hold.
async fn promote(
    tx: &Transaction<'_>,
    desk: &Desk,
    (head_seq, head_hash): (i64, &str),
) -> HqResult<Vec<WireEvent>> {
    let rows = tx
        .query(
            "SELECT event FROM held_events WHERE estate_id = $1 AND desk_id = $2 AND seq > $3 ORDER BY seq",
            &[&desk.estate_id, &desk.desk_id, &head_seq],
        )
        .await?;
    let mut run: Vec<WireEvent> = vec![];
    let mut tip = (head_seq, head_hash.to_string());
    for r in rows {
        let Ok(e) = serde_json::from_value::<WireEvent>(r.get(0)) else {
            break;
        };
        if e.seq != tip.0 + 1 || e.prev_hash != tip.1 {
            break;
        }
        tip = (e.seq, e.hash.clone());
        run.push(e);
    }
    // Held events at or below the head are resends that arrived late: drop them.
    tx.execute(
        "DELETE FROM held_events WHERE estate_id = $1 AND desk_id = $2 AND seq <= $3",
        &[&desk.estate_id, &desk.desk_id, &tip.0],
    )
    .await?;
    store(tx, desk, &run).await?;
    Ok(run)
}
