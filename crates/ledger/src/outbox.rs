//! The outbox: immutable, hash-chained events bound for head office, written in the same
//! transaction as the change they describe (ledger rule 8). Each event carries enough to rebuild
//! the desk's ledger: the domain facts and the journal postings.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use uuid::Uuid;

pub use feedesk_protocol::sync::WireEvent;
pub use feedesk_protocol::{
    chain_hash, AllocationRecord, ChargeRecord, Event, LineRecord, PaymentRecord, StoredEvent,
    UnitRecord, GENESIS_HASH,
};

use crate::auth::Ctx;
use crate::{err, Result};

/// Append an event to the outbox inside the caller's transaction.
pub fn append(tx: &Transaction, ctx: &Ctx, event: &Event) -> Result<i64> {
    append_serialised(tx, ctx, &Serialised::of(event))
}

/// An event turned into its stored text, which may be done away from the transaction's thread.
pub struct Serialised {
    kind: &'static str,
    payload: String,
}

impl Serialised {
    pub fn of(event: &Event) -> Serialised {
        Serialised {
            kind: event.kind(),
            payload: serde_json::to_string(event).expect("events serialise"),
        }
    }
}

/// `append` for an event already serialised.
pub fn append_serialised(tx: &Transaction, ctx: &Ctx, event: &Serialised) -> Result<i64> {
    let last: Option<(i64, String)> = tx
        .prepare_cached("SELECT seq, hash FROM outbox ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev_hash) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS_HASH.to_string()),
    };
    let id = Uuid::now_v7().to_string();
    let at = ctx.now_text();
    let hash = chain_hash(&prev_hash, seq, &id, &ctx.desk, &at, &event.payload);
    let sig = signature(tx, ctx, &hash)?;
    tx.prepare_cached("INSERT INTO outbox(seq, id, desk, kind, at, payload, prev_hash, hash, sig) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?
        .execute(params![seq, id, ctx.desk, event.kind, at, event.payload, prev_hash, hash, sig])?;
    Ok(seq)
}

/// The desk's signature of an event's hash. Once the desk is enrolled, no event is written unsigned:
/// without its key (the key file missing or unreadable) the operation is refused and nothing changes.
fn signature(tx: &Transaction, ctx: &Ctx, hash: &str) -> Result<Option<String>> {
    if let Some(key) = &ctx.key {
        return Ok(Some(feedesk_protocol::sync::sign_event(key, hash)));
    }
    match crate::hq_link::current(tx)? {
        None => Ok(None),
        Some(e) => Err(err!(
            KeyUnavailable,
            ("收银台已向总部注册，但签名密钥文件 {} 无法读取：不能记账。请找回密钥文件，或由总部重新发放注册码后重新注册", e.key_path),
            ("this desk is enrolled at head office but its key file {} cannot be read, so nothing can be recorded: restore the key file, or re-enroll with a new code from head office", e.key_path)
        )),
    }
}

/// Events with `seq > after`, oldest first, at most `limit`.
pub fn read(conn: &Connection, after: i64, limit: usize) -> Result<Vec<StoredEvent>> {
    let mut stmt =
        conn.prepare_cached("SELECT seq, id, desk, at, payload, prev_hash, hash FROM outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2")?;
    let rows = stmt.query_map(params![after, limit as i64], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get::<_, String>(4)?,
            r.get(5)?,
            r.get(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, id, desk, at, payload, prev_hash, hash) = row?;
        let event: Event = serde_json::from_str(&payload).map_err(|e| {
            err!(
                Storage,
                "外发事件 {seq} 无法解析：{e}",
                "outbox event {seq} unreadable: {e}"
            )
        })?;
        out.push(StoredEvent {
            seq,
            id,
            desk,
            at,
            event,
            prev_hash,
            hash,
        });
    }
    Ok(out)
}

/// An event row as the chain covers it: seq, id, desk, at, payload, prev_hash, hash.
type ChainRow = (i64, String, String, String, String, String, String);

const CHAIN_COLUMNS: &str = "seq, id, desk, at, payload, prev_hash, hash";

fn chain_row(r: &rusqlite::Row) -> rusqlite::Result<ChainRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

/// The row's hash is the hash of its content and its predecessor's.
fn hash_holds((seq, id, desk, at, payload, prev, hash): &ChainRow) -> bool {
    *hash == chain_hash(prev, *seq, id, desk, at, payload)
}

/// Check the whole chain: consecutive sequence numbers, each hash over its content and its predecessor.
/// Returns the number of events checked.
pub fn verify_chain(conn: &Connection) -> Result<i64> {
    let mut stmt = conn.prepare(&format!("SELECT {CHAIN_COLUMNS} FROM outbox ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    let mut expect_prev = GENESIS_HASH.to_string();
    let mut expect_seq = 1;
    while let Some(r) = rows.next()? {
        let row = chain_row(r)?;
        if row.0 != expect_seq || row.5 != expect_prev || !hash_holds(&row) {
            return Err(err!(
                Storage,
                ("外发事件链在第 {} 条断开", row.0),
                ("outbox hash chain broken at event {}", row.0)
            ));
        }
        expect_prev = row.6;
        expect_seq += 1;
    }
    Ok(expect_seq - 1)
}

/// The chain's last link, checked at opening: its hash holds and no event before it is missing.
/// `Some((seq, count))` when it does not.
pub fn head_broken(conn: &Connection) -> Result<Option<(i64, i64)>> {
    let last = conn
        .query_row(
            &format!("SELECT {CHAIN_COLUMNS} FROM outbox ORDER BY seq DESC LIMIT 1"),
            [],
            chain_row,
        )
        .optional()?;
    let Some(row) = last else { return Ok(None) };
    let count: i64 = conn.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?;
    Ok((row.0 != count || !hash_holds(&row)).then_some((row.0, count)))
}

/// Events with `seq > after`, oldest first, at most `limit`, exactly as written (payload text and signature).
pub fn pending(conn: &Connection, after: i64, limit: usize) -> Result<Vec<WireEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, id, desk, at, payload, prev_hash, hash, sig FROM outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after, limit as i64], |r| {
        Ok(WireEvent {
            seq: r.get(0)?,
            id: r.get(1)?,
            desk: r.get(2)?,
            at: r.get(3)?,
            payload: r.get(4)?,
            prev_hash: r.get(5)?,
            hash: r.get(6)?,
            sig: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The last event's sequence number and hash (0 and the genesis hash when there is none).
pub fn head(conn: &Connection) -> Result<(i64, String)> {
    Ok(conn
        .prepare_cached("SELECT seq, hash FROM outbox ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS_HASH.to_string())))
}
