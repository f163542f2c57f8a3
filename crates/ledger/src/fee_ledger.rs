//! 收费台账: one unit's fees in date order — each billing run's charges, each receipt that settled them,
//! sold it a service or added to its prepayment, each prepayment spent, each decoration deposit turned
//! into prepayment — with what the unit owes (欠费) and holds (预存) after every entry. The last two
//! balances are the unit's own: the projection that `check` holds against the journal.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::auth::{Ctx, Perm};
use crate::charges::PERIOD_BASE_SQL;
use crate::estate;
use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum EntryKind {
    /// 计费: a billing run's charges.
    Billed,
    /// 收款: a receipt (charges settled, services sold, prepayment in or spent).
    Paid,
    /// 红冲: a reversal's negative receipt.
    Reversed,
    /// 作废: a voided receipt, listed, counting nothing.
    Voided,
    /// 押金转预存.
    DepositTransferred,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FeeLedgerEntry {
    /// When it entered the ledger, as stored (`YYYY-MM-DDTHH:MM:SS+08:00`).
    pub at: String,
    pub kind: EntryKind,
    /// The receipt's number, if any.
    pub document: Option<String>,
    /// What: the periods and fee items, the services sold.
    pub summary: String,
    /// Added to what the unit owes (charges billed, services sold).
    pub charged_fen: i64,
    /// Settled of what it owes (negative for a reversal).
    pub paid_fen: i64,
    /// Prepayment in (positive) or spent (negative).
    pub prepaid_fen: i64,
    pub arrears_fen: i64,
    pub prepayment_fen: i64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FeeLedger {
    pub unit: String,
    pub owner: Option<String>,
    pub entries: Vec<FeeLedgerEntry>,
    pub charged_fen: i64,
    pub paid_fen: i64,
    pub arrears_fen: i64,
    pub prepayment_fen: i64,
}

/// One unit's 收费台账, oldest first.
pub fn build(conn: &Connection, ctx: &Ctx, code: &str) -> Result<FeeLedger> {
    ctx.actor.require(Perm::Read)?;
    let unit_id = estate::unit_id(conn, code)?;
    let mut entries = billed(conn, unit_id)?;
    entries.extend(receipts(conn, unit_id)?);
    entries.extend(transfers(conn, unit_id)?);
    // Same instant: the billing before the payment, as it happened.
    entries.sort_by(|a, b| a.at.cmp(&b.at));
    let (mut owed, mut held) = (0, 0);
    for e in &mut entries {
        owed += e.charged_fen - e.paid_fen;
        held += e.prepaid_fen;
        (e.arrears_fen, e.prepayment_fen) = (owed, held);
    }
    Ok(FeeLedger {
        unit: estate::unit_code(conn, unit_id)?,
        owner: estate::owner_name(conn, unit_id)?,
        charged_fen: entries.iter().map(|e| e.charged_fen).sum(),
        paid_fen: entries.iter().map(|e| e.paid_fen).sum(),
        arrears_fen: owed,
        prepayment_fen: held,
        entries,
    })
}

fn entry(at: String, kind: EntryKind, document: Option<String>) -> FeeLedgerEntry {
    FeeLedgerEntry {
        at,
        kind,
        document,
        summary: String::new(),
        charged_fen: 0,
        paid_fen: 0,
        prepaid_fen: 0,
        arrears_fen: 0,
        prepayment_fen: 0,
    }
}

fn add_to_summary(e: &mut FeeLedgerEntry, part: &str) {
    if !e.summary.is_empty() {
        e.summary.push('、');
    }
    e.summary += part;
}

/// The unit's charges, one entry per billing run: a unit's charges of a period are one id range,
/// read for each billed period in turn.
fn billed(conn: &Connection, unit_id: i64) -> Result<Vec<FeeLedgerEntry>> {
    let sql = format!(
        "WITH periods(p) AS (SELECT DISTINCT period FROM billing_runs),
              ranges(lo) AS (SELECT {PERIOD_BASE_SQL} | (?1 << 10) FROM periods)
         SELECT c.billing_run_id, b.run_at, c.period, f.name, c.amount_fen
         FROM ranges CROSS JOIN charges c JOIN fee_items f ON f.id = c.fee_item_id
         JOIN billing_runs b ON b.id = c.billing_run_id
         WHERE c.id BETWEEN ranges.lo AND ranges.lo + 1023 ORDER BY c.billing_run_id, c.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![unit_id])?;
    let mut out: Vec<FeeLedgerEntry> = vec![];
    let mut run = None;
    while let Some(r) = rows.next()? {
        let (run_id, at, period, name, fen): (i64, String, String, String, i64) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        if run != Some(run_id) {
            run = Some(run_id);
            out.push(entry(at, EntryKind::Billed, None));
        }
        let e = out.last_mut().expect("pushed");
        add_to_summary(e, &format!("{period} {name}"));
        e.charged_fen += fen;
    }
    Ok(out)
}

/// The unit's receipts with what each did to its charges and prepayment; deposits themselves are
/// the deposit register's, not the fees'.
fn receipts(conn: &Connection, unit_id: i64) -> Result<Vec<FeeLedgerEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.issued_at, r.number, r.kind, EXISTS(SELECT 1 FROM voids v WHERE v.receipt_id = r.id),
                l.kind, l.period, COALESCE(f.name, l.description), l.amount_fen,
                (SELECT COALESCE(SUM(p.amount_fen), 0) FROM payments p WHERE p.receipt_id = r.id AND p.method = 'prepayment')
         FROM receipts r JOIN receipt_lines l ON l.receipt_id = r.id LEFT JOIN fee_items f ON f.id = l.fee_item_id
         WHERE r.unit_id = ?1 AND l.kind IN ('charge', 'sale', 'prepayment') ORDER BY r.id, l.line_no",
    )?;
    let mut rows = stmt.query([unit_id])?;
    let mut out: Vec<FeeLedgerEntry> = vec![];
    let mut current = None;
    while let Some(r) = rows.next()? {
        let (id, at, number, kind, voided): (i64, String, String, String, bool) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let (line, period, name, fen): (String, Option<String>, String, i64) =
            (r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?);
        if current != Some(id) {
            current = Some(id);
            let k = match (voided, kind.as_str()) {
                (true, _) => EntryKind::Voided,
                (false, "reversal") => EntryKind::Reversed,
                _ => EntryKind::Paid,
            };
            let mut e = entry(at, k, Some(number));
            if !voided {
                e.prepaid_fen = -r.get::<_, i64>(9)?;
            }
            out.push(e);
        }
        let e = out.last_mut().expect("pushed");
        match (line.as_str(), period) {
            ("prepayment", _) => add_to_summary(e, "预存款"),
            (_, Some(p)) => add_to_summary(e, &format!("{p} {name}")),
            (_, None) => add_to_summary(e, &name),
        }
        if e.kind == EntryKind::Voided {
            continue;
        }
        match line.as_str() {
            "prepayment" => e.prepaid_fen += fen,
            // A service sold is owed and paid at once.
            "sale" => (e.charged_fen, e.paid_fen) = (e.charged_fen + fen, e.paid_fen + fen),
            _ => e.paid_fen += fen,
        }
    }
    Ok(out)
}

/// Decoration deposits turned into prepayment (押金转预存).
fn transfers(conn: &Connection, unit_id: i64) -> Result<Vec<FeeLedgerEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.at, d.id, CAST(json_extract(e.detail, '$.held_fen') AS INTEGER)
         FROM deposit_events e JOIN deposits d ON d.id = e.deposit_id
         WHERE d.unit_id = ?1 AND e.kind = 'transferred' ORDER BY e.id",
    )?;
    let rows = stmt.query_map([unit_id], |r| {
        let mut e = entry(r.get(0)?, EntryKind::DepositTransferred, None);
        e.summary = format!("装修押金 #{} 转预存", r.get::<_, i64>(1)?);
        e.prepaid_fen = r.get(2)?;
        Ok(e)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
