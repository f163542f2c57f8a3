//! A unit's open charges and its balance row (`unit_balances`): receivable, prepayment, the count of
//! open charges and the oldest open period, kept current by every document that moves them.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::journal::{Account, JournalEntry};
use crate::{err, Money, Result};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct OpenCharge {
    pub charge_id: i64,
    #[serde(skip)]
    pub fee_item_id: i64,
    pub item: String,
    pub item_name: String,
    pub period: String,
    pub basis: String,
    pub amount_fen: i64,
    pub open_fen: i64,
    pub due_date: String,
}

/// A unit's open charges, oldest first. Only charges from the unit's oldest open period on are read
/// (kept in `unit_balances`), so the cost does not grow with years of paid history.
pub fn open_charges(conn: &Connection, unit_id: i64) -> Result<Vec<OpenCharge>> {
    let since: Option<String> = conn
        .prepare_cached("SELECT oldest_open FROM unit_balances WHERE unit_id = ?1")?
        .query_row([unit_id], |r| r.get(0))
        .optional()?
        .flatten();
    match since {
        Some(since) => open_charges_since(conn, unit_id, &since),
        None => Ok(vec![]),
    }
}

/// Open charges of periods from `since` on, read from the charges and allocations themselves.
/// `""` reads the whole history (the check the tests run against the projection). A unit's charges of
/// one period are one id range (see [`charge_id`]), looked up for each billed period in turn.
pub fn open_charges_since(conn: &Connection, unit_id: i64, since: &str) -> Result<Vec<OpenCharge>> {
    let sql = format!(
        "WITH RECURSIVE months(p) AS (
             SELECT MIN(period) FROM billing_runs WHERE period >= ?2
             UNION ALL
             SELECT (SELECT MIN(b.period) FROM billing_runs b WHERE b.period > months.p) FROM months WHERE months.p IS NOT NULL
         ),
         ranges(lo) AS (SELECT {base} | (?1 << 10) FROM months WHERE p IS NOT NULL)
         SELECT c.id, f.code, f.name, c.period, c.basis, c.amount_fen,
                c.amount_fen - COALESCE((SELECT SUM(a.amount_fen) FROM allocations a WHERE a.charge_id = c.id), 0),
                c.due_date, c.fee_item_id
         FROM ranges CROSS JOIN charges c JOIN fee_items f ON f.id = c.fee_item_id
         WHERE c.id BETWEEN ranges.lo AND ranges.lo + 1023 ORDER BY c.period, f.pay_order, f.id, c.id",
        base = PERIOD_BASE_SQL
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![unit_id, since], |r| {
        Ok(OpenCharge {
            charge_id: r.get(0)?,
            item: r.get(1)?,
            item_name: r.get(2)?,
            period: r.get(3)?,
            basis: r.get(4)?,
            amount_fen: r.get(5)?,
            open_fen: r.get(6)?,
            due_date: r.get(7)?,
            fee_item_id: r.get(8)?,
        })
    })?;
    let mut out = Vec::new();
    for r in rows {
        let c = r?;
        if c.open_fen > 0 {
            out.push(c);
        }
    }
    Ok(out)
}

pub fn prepayment_balance(conn: &Connection, unit_id: i64) -> Result<Money> {
    let fen: Option<i64> = conn
        .prepare_cached("SELECT prepayment_fen FROM unit_balances WHERE unit_id = ?1")?
        .query_row([unit_id], |r| r.get(0))
        .optional()?;
    Ok(Money::from_fen(fen.unwrap_or(0)))
}

/// Apply an entry's movements on a unit's receivable and prepayment accounts to its balance row,
/// then recount its open charges.
/// `reopened_from` is the oldest period of any charge the entry reopened (voids and reversals).
pub(crate) fn update_unit_balance(
    tx: &Transaction,
    unit_id: i64,
    unit_code: &str,
    entry: &JournalEntry,
    reopened_from: Option<&str>,
) -> Result<()> {
    let d_ar = entry.movement(&Account::Receivable(unit_code.to_string()));
    let d_pp = -entry.movement(&Account::Prepayment(unit_code.to_string()));
    tx.prepare_cached(
        "INSERT INTO unit_balances(unit_id, receivable_fen, prepayment_fen) VALUES (?1, ?2, ?3)
         ON CONFLICT(unit_id) DO UPDATE SET receivable_fen = receivable_fen + excluded.receivable_fen,
                                            prepayment_fen = prepayment_fen + excluded.prepayment_fen",
    )?
    .execute(params![unit_id, d_ar, d_pp])?;
    let oldest: Option<String> = tx
        .prepare_cached("SELECT oldest_open FROM unit_balances WHERE unit_id = ?1")?
        .query_row([unit_id], |r| r.get(0))?;
    let since = match (oldest.as_deref(), reopened_from) {
        (Some(a), Some(b)) => a.min(b).to_string(),
        (a, b) => a.or(b).unwrap_or("9999").to_string(),
    };
    let open = open_charges_since(tx, unit_id, &since)?;
    tx.prepare_cached(
        "UPDATE unit_balances SET open_charges = ?2, oldest_open = ?3 WHERE unit_id = ?1",
    )?
    .execute(params![
        unit_id,
        open.len() as i64,
        open.first().map(|c| c.period.clone())
    ])?;
    Ok(())
}

/// A charge's id: its period, unit and fee item packed into one integer (period in the high bits).
/// It stays below 2^53, so it travels safely as a JSON number.
pub fn charge_id(period: &str, unit_id: i64, item_id: i64) -> Result<i64> {
    if !(0..1 << UNIT_BITS).contains(&unit_id) || !(0..1 << ITEM_BITS).contains(&item_id) {
        return Err(err!(
            Storage,
            "房屋或收费项目编号超出范围",
            "unit or fee item id out of range"
        ));
    }
    Ok(period_base(period) | unit_id << ITEM_BITS | item_id)
}

/// Bits of a charge id for the unit and the fee item (the period takes the bits above).
pub const UNIT_BITS: u32 = 24;
pub const ITEM_BITS: u32 = 10;

/// The first charge id of a period (`YYYY-MM`, validated).
pub fn period_base(period: &str) -> i64 {
    let (y, m) = period.split_once('-').expect("validated period");
    let index = y.parse::<i64>().expect("year") * 12 + m.parse::<i64>().expect("month") - 1;
    index << (UNIT_BITS + ITEM_BITS)
}

/// SQL computing `period_base` of the column or parameter `p`, for range lookups inside queries.
pub const PERIOD_BASE_SQL: &str =
    "((CAST(substr(p, 1, 4) AS INTEGER) * 12 + CAST(substr(p, 6, 2) AS INTEGER) - 1) << 34)";
