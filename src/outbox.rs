//! The outbox: immutable, hash-chained events bound for head office, written in the same
//! transaction as the change they describe (ledger rule 8). Each event carries enough to rebuild
//! the desk's ledger: the domain facts and the journal postings.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::Ctx;
use crate::ledger::{Account, Posting};
use crate::{err, Result};

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitRecord {
    pub code: String,
    pub building: String,
    pub entrance: String,
    pub room: String,
    pub unit_type: String,
    pub area_m2: String,
    pub owner: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChargeRecord {
    pub unit: String,
    /// (fee item, amount in fen) for each charge of the unit in the period.
    pub items: Vec<(String, i64)>,
}

impl ChargeRecord {
    /// The postings these charges imply: the unit's receivable up, each item's revenue.
    pub fn postings(&self) -> impl Iterator<Item = Posting> + '_ {
        self.items.iter().flat_map(move |(item, fen)| {
            [
                Posting {
                    account: Account::Receivable(self.unit.clone()).code(),
                    fen: *fen,
                },
                Posting {
                    account: Account::Revenue(item.clone()).code(),
                    fen: -*fen,
                },
            ]
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineRecord {
    pub kind: String,
    pub item: Option<String>,
    pub period: Option<String>,
    pub description: String,
    pub basis: String,
    pub fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentRecord {
    pub method: String,
    pub fen: i64,
    pub tendered_fen: Option<i64>,
    pub change_fen: Option<i64>,
}

/// Settlement of one charge, identified by its natural key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationRecord {
    pub unit: String,
    pub item: String,
    pub period: String,
    pub fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    UnitsUpserted {
        units: Vec<UnitRecord>,
    },
    FeeItemCreated {
        code: String,
        name: String,
        method: String,
    },
    FeeStandardSet {
        item: String,
        rate: String,
        unit_type: Option<String>,
        units: Vec<String>,
        start_period: String,
    },
    /// A billing run's charges, grouped by unit, in parts of at most 500 units.
    /// A billing run's charges, 500 units a part. Its journal entry is implied by the charges (each
    /// debits the unit's receivable `1122:<unit>` and credits the item's revenue `6001:<item>`:
    /// [`ChargeRecord::postings`]), so the largest event a desk sends carries no posting lines.
    /// `postings` is kept for events written before that (they carried the entry in part 0).
    ChargesBilled {
        period: String,
        run: i64,
        part: u32,
        charges: Vec<ChargeRecord>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        postings: Vec<Posting>,
    },
    ShiftOpened {
        shift: i64,
        cashier: String,
        float_fen: i64,
        postings: Vec<Posting>,
    },
    CashMoved {
        shift: i64,
        fen: i64,
        reason: String,
        postings: Vec<Posting>,
    },
    ShiftClosed {
        shift: i64,
        expected_cash_fen: i64,
        counted_cash_fen: i64,
        /// (method, expected, counted)
        methods: Vec<(String, i64, i64)>,
        approved_by: Option<String>,
        postings: Vec<Posting>,
    },
    DayClosed {
        date: String,
    },
    ShiftReviewed {
        shift: i64,
        reviewer: String,
        note: String,
    },
    ReceiptIssued {
        number: String,
        receipt_kind: String,
        unit: Option<String>,
        payer: String,
        shift: i64,
        cashier: String,
        total_fen: i64,
        reverses: Option<String>,
        reason: Option<String>,
        approved_by: Option<String>,
        lines: Vec<LineRecord>,
        payments: Vec<PaymentRecord>,
        allocations: Vec<AllocationRecord>,
        postings: Vec<Posting>,
    },
    ReceiptVoided {
        number: String,
        reason: String,
        voided_by: String,
        approved_by: String,
        allocations: Vec<AllocationRecord>,
        postings: Vec<Posting>,
    },
    /// A step in a decoration deposit's life (装修押金). The deposit and refund documents travel as
    /// `ReceiptIssued` with their postings; only forfeit and transfer carry postings here.
    DepositEvent {
        deposit: i64,
        unit: String,
        step: String,
        user: String,
        approved_by: Option<String>,
        detail: serde_json::Value,
        postings: Vec<Posting>,
    },
}

impl Event {
    pub fn kind(&self) -> &'static str {
        match self {
            Event::UnitsUpserted { .. } => "units_upserted",
            Event::FeeItemCreated { .. } => "fee_item_created",
            Event::FeeStandardSet { .. } => "fee_standard_set",
            Event::ChargesBilled { .. } => "charges_billed",
            Event::ShiftOpened { .. } => "shift_opened",
            Event::ShiftClosed { .. } => "shift_closed",
            Event::CashMoved { .. } => "cash_moved",
            Event::DayClosed { .. } => "day_closed",
            Event::ShiftReviewed { .. } => "shift_reviewed",
            Event::ReceiptIssued { .. } => "receipt_issued",
            Event::ReceiptVoided { .. } => "receipt_voided",
            Event::DepositEvent { .. } => "deposit_event",
        }
    }
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

fn chain_hash(prev_hash: &str, seq: i64, id: &str, desk: &str, at: &str, payload: &str) -> String {
    let mut h = Sha256::new();
    for part in [prev_hash, &seq.to_string(), id, desk, at, payload] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    hex::encode(h.finalize())
}

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
    tx.prepare_cached("INSERT INTO outbox(seq, id, desk, kind, at, payload, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?
        .execute(params![seq, id, ctx.desk, event.kind, at, event.payload, prev_hash, hash])?;
    Ok(seq)
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

/// Check the whole chain: consecutive sequence numbers, each hash over its content and its predecessor.
/// Returns the number of events checked.
pub fn verify_chain(conn: &Connection) -> Result<i64> {
    let mut stmt = conn
        .prepare("SELECT seq, id, desk, at, payload, prev_hash, hash FROM outbox ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut expect_prev = GENESIS_HASH.to_string();
    let mut expect_seq = 1;
    while let Some(r) = rows.next()? {
        let (seq, id, desk, at, payload, prev, hash): (
            i64,
            String,
            String,
            String,
            String,
            String,
            String,
        ) = (
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        );
        if seq != expect_seq
            || prev != expect_prev
            || hash != chain_hash(&prev, seq, &id, &desk, &at, &payload)
        {
            return Err(err!(
                Storage,
                "外发事件链在第 {seq} 条断开",
                "outbox hash chain broken at event {seq}"
            ));
        }
        expect_prev = hash;
        expect_seq += 1;
    }
    Ok(expect_seq - 1)
}
