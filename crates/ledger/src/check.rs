//! The ledger's invariants, checked against the file itself (`feedesk check`, and every test).
//! Each returns a readable violation instead of panicking, so an office can run it on a real file.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;

use crate::outbox::{self, Event};
use crate::Result;

#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckReport {
    pub integrity: String,
    pub entries: i64,
    pub receipts: i64,
    pub events: i64,
    pub violations: Vec<String>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.integrity == "ok" && self.violations.is_empty()
    }
}

fn list(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Everything head office would hold after receiving every event: balances per account, receipts,
/// charges and their settlement. Built either from the outbox or from the ledger tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerImage {
    pub balances: BTreeMap<String, i64>,
    /// number → (total, voided, reverses)
    pub receipts: BTreeMap<String, (i64, bool, Option<String>)>,
    /// (unit, item, period) → (amount, settled)
    pub charges: BTreeMap<(String, String, String), (i64, i64)>,
}

impl LedgerImage {
    pub fn from_events(conn: &Connection) -> Result<LedgerImage> {
        let mut img = LedgerImage::default();
        let mut after = 0;
        loop {
            let batch = outbox::read(conn, after, 1000)?;
            let Some(last) = batch.last() else { break };
            after = last.seq;
            for e in batch {
                img.apply(&e.event);
            }
        }
        img.balances.retain(|_, v| *v != 0);
        Ok(img)
    }

    fn apply(&mut self, e: &Event) {
        let mut post = |ps: &[crate::journal::Posting]| {
            for p in ps {
                *self.balances.entry(p.account.clone()).or_default() += p.fen;
            }
        };
        match e {
            Event::ChargesBilled {
                period,
                charges,
                postings,
                ..
            } => {
                post(postings);
                for c in charges {
                    if postings.is_empty() {
                        post(&crate::journal::charge_postings(c).collect::<Vec<_>>());
                    }
                    for (item, fen) in &c.items {
                        self.charges
                            .insert((c.unit.clone(), item.clone(), period.clone()), (*fen, 0));
                    }
                }
            }
            Event::ReceiptIssued {
                number,
                total_fen,
                reverses,
                allocations,
                postings,
                ..
            } => {
                post(postings);
                self.receipts
                    .insert(number.clone(), (*total_fen, false, reverses.clone()));
                for a in allocations {
                    if let Some(c) =
                        self.charges
                            .get_mut(&(a.unit.clone(), a.item.clone(), a.period.clone()))
                    {
                        c.1 += a.fen;
                    }
                }
            }
            Event::ReceiptVoided {
                number,
                allocations,
                postings,
                ..
            } => {
                post(postings);
                if let Some(r) = self.receipts.get_mut(number) {
                    r.1 = true;
                }
                for a in allocations {
                    if let Some(c) =
                        self.charges
                            .get_mut(&(a.unit.clone(), a.item.clone(), a.period.clone()))
                    {
                        c.1 += a.fen;
                    }
                }
            }
            Event::ShiftOpened { postings, .. }
            | Event::CashMoved { postings, .. }
            | Event::ShiftClosed { postings, .. }
            | Event::DepositEvent { postings, .. } => post(postings),
            _ => {}
        }
    }

    pub fn from_ledger(conn: &Connection) -> Result<LedgerImage> {
        let mut img = LedgerImage::default();
        let mut stmt = conn.prepare("SELECT account, SUM(amount_fen) FROM postings GROUP BY account HAVING SUM(amount_fen) <> 0")?;
        for r in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (a, v) = r?;
            img.balances.insert(a, v);
        }
        let mut stmt = conn.prepare(
            "SELECT r.number, r.total_fen, EXISTS(SELECT 1 FROM voids v WHERE v.receipt_id = r.id), o.number
             FROM receipts r LEFT JOIN receipts o ON o.id = r.reverses_receipt_id",
        )?;
        for r in stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })? {
            let (n, t, v, o) = r?;
            img.receipts.insert(n, (t, v, o));
        }
        let mut stmt = conn.prepare(
            "SELECT u.code, f.code, c.period, c.amount_fen, COALESCE((SELECT SUM(a.amount_fen) FROM allocations a WHERE a.charge_id = c.id), 0)
             FROM charges c JOIN units u ON u.id = c.unit_id JOIN fee_items f ON f.id = c.fee_item_id",
        )?;
        for r in stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })? {
            let (u, f, p, a, s) = r?;
            img.charges.insert((u, f, p), (a, s));
        }
        Ok(img)
    }
}

/// The ledger's rules as queries: each row a query returns is a violation, described in words.
const RULES: &[&str] = &[
    // Rule 1: every entry balances, and so the whole journal.
    "SELECT 'journal entry ' || entry_id || ' is off by ' || SUM(amount_fen) FROM postings GROUP BY entry_id HAVING SUM(amount_fen) <> 0",
    "SELECT 'journal entry ' || id || ' has no postings' FROM journal_entries j WHERE NOT EXISTS (SELECT 1 FROM postings p WHERE p.entry_id = j.id)",
    // Every reference resolves (the billing run writes without per-row lookups: db::with_bulk_tx).
    "SELECT 'row ' || COALESCE(rowid, '?') || ' of ' || \"table\" || ' refers to a missing row of ' || parent FROM pragma_foreign_key_check",
    // A charge's id is the key it packs (billing::charge_id); its period is its run's.
    "SELECT 'charge ' || c.id || ' does not match its period, unit and item, or its run' FROM charges c
         JOIN billing_runs b ON b.id = c.billing_run_id
         WHERE b.period <> c.period
            OR c.id <> (((CAST(substr(c.period, 1, 4) AS INTEGER) * 12 + CAST(substr(c.period, 6, 2) AS INTEGER) - 1) << 34) | (c.unit_id << 10) | c.fee_item_id)",
    // Rule 3: receipt numbers 1..n per desk and year, no gap, no double; numbers recorded as lost in a
    // restore (issued on paper, not in this file) fill their places and are never used again.
    "WITH n AS (SELECT desk, series, year, seq AS lo, seq AS hi FROM receipts
                UNION ALL SELECT desk, series, year, from_seq, to_seq FROM lost_numbers)
         SELECT 'receipt series ' || desk || '-' || series || '-' || year || ' has ' || SUM(hi - lo + 1) || ' numbers used or lost but numbers up to ' || MAX(hi)
         FROM n GROUP BY desk, series, year HAVING SUM(hi - lo + 1) <> MAX(hi) OR MIN(lo) <> 1",
    "SELECT 'receipt ' || r.number || ' has a number recorded as lost' FROM receipts r JOIN lost_numbers l
         ON l.desk = r.desk AND l.series = r.series AND l.year = r.year AND r.seq BETWEEN l.from_seq AND l.to_seq",
    "SELECT 'receipt ' || number || ' is not named after its series' FROM receipts
         WHERE number <> CASE series WHEN 'R' THEN printf('%s-%d-%06d', desk, year, seq) ELSE printf('%s-%s%d-%06d', desk, series, year, seq) END",
    // Receipt totals: lines = payments = total.
    "SELECT 'receipt ' || r.number || ' lines/payments do not match its total' FROM receipts r
         WHERE r.total_fen <> COALESCE((SELECT SUM(amount_fen) FROM receipt_lines l WHERE l.receipt_id = r.id), 0)
            OR r.total_fen <> COALESCE((SELECT SUM(amount_fen) FROM payments p WHERE p.receipt_id = r.id), 0)",
    // Rule 4: arrears = charges − allocations = receivable balance = the projection.
    "WITH c AS (SELECT unit_id, SUM(amount_fen) AS fen FROM charges GROUP BY unit_id),
              a AS (SELECT c.unit_id, SUM(a.amount_fen) AS fen FROM allocations a JOIN charges c ON c.id = a.charge_id GROUP BY c.unit_id),
              p AS (SELECT account, SUM(amount_fen) AS fen FROM postings WHERE account LIKE '1122:%' GROUP BY account)
         SELECT 'unit ' || u.code || ': charges−allocations ' || (COALESCE(c.fen,0) - COALESCE(a.fen,0)) || ', receivable account ' || COALESCE(p.fen,0)
                || ', projection ' || COALESCE(ub.receivable_fen, 0)
         FROM units u LEFT JOIN c ON c.unit_id = u.id LEFT JOIN a ON a.unit_id = u.id
              LEFT JOIN p ON p.account = '1122:' || u.code LEFT JOIN unit_balances ub ON ub.unit_id = u.id
         WHERE COALESCE(c.fen,0) - COALESCE(a.fen,0) <> COALESCE(p.fen,0) OR COALESCE(p.fen,0) <> COALESCE(ub.receivable_fen,0)",
    "SELECT 'unit ' || u.code || ': prepayment account ' || COALESCE(-(SELECT SUM(amount_fen) FROM postings p WHERE p.account = '2203:' || u.code), 0)
                || ' but projection ' || COALESCE(ub.prepayment_fen, 0)
         FROM units u LEFT JOIN unit_balances ub ON ub.unit_id = u.id
         WHERE COALESCE(-(SELECT SUM(amount_fen) FROM postings p WHERE p.account = '2203:' || u.code), 0) <> COALESCE(ub.prepayment_fen, 0)
            OR COALESCE(ub.prepayment_fen, 0) < 0",
    // No charge settled beyond its amount or below zero.
    "SELECT 'charge ' || c.id || ' settled ' || s.fen || ' of ' || c.amount_fen FROM charges c
         JOIN (SELECT charge_id, SUM(amount_fen) AS fen FROM allocations GROUP BY charge_id) s ON s.charge_id = c.id
         WHERE s.fen > c.amount_fen OR s.fen < 0",
    // The projection's open-charge count and oldest period match the charges.
    "WITH o AS (SELECT c.unit_id, COUNT(*) AS n, MIN(c.period) AS oldest FROM charges c
                    WHERE c.amount_fen > COALESCE((SELECT SUM(a.amount_fen) FROM allocations a WHERE a.charge_id = c.id), 0)
                    GROUP BY c.unit_id)
         SELECT 'unit ' || u.code || ': open charges ' || COALESCE(o.n, 0) || ' from ' || COALESCE(o.oldest, '-')
                || ' but projection says ' || COALESCE(ub.open_charges, 0) || ' from ' || COALESCE(ub.oldest_open, '-')
         FROM units u LEFT JOIN o ON o.unit_id = u.id LEFT JOIN unit_balances ub ON ub.unit_id = u.id
         WHERE COALESCE(o.n, 0) <> COALESCE(ub.open_charges, 0) OR COALESCE(o.oldest, '') <> COALESCE(ub.oldest_open, '')",
    // Rule 5 (part): nothing was posted into a shift after it closed.
    "SELECT 'journal entry ' || j.id || ' entered shift ' || j.shift_id || ' after it closed'
         FROM journal_entries j JOIN shift_closes c ON c.shift_id = j.shift_id WHERE j.id > c.last_entry_id",
    "SELECT 'deposit ' || d.id || ': deducted ' || json_extract(e.detail, '$.deductions_fen') || ' + refunded ' || json_extract(e.detail, '$.refund_fen')
                || ' against ' || d.amount_fen || ' held, voucher ' || COALESCE(r.number, '-') || ' pays ' || COALESCE(-r.total_fen, 0)
         FROM deposits d JOIN deposit_events e ON e.deposit_id = d.id AND e.kind = 'refunded' LEFT JOIN receipts r ON r.id = e.receipt_id
         WHERE json_extract(e.detail, '$.deductions_fen') + json_extract(e.detail, '$.refund_fen') > d.amount_fen
            OR json_extract(e.detail, '$.deductions_fen') < 0 OR json_extract(e.detail, '$.refund_fen') < 0
            OR r.id IS NULL OR -r.total_fen <> json_extract(e.detail, '$.refund_fen')",
];

/// Decoration deposits: the held total (every deposit not closed) equals the deposit liability accounts,
/// unit by unit; a deposit closes once.
fn deposit_rules() -> [String; 2] {
    let closing = crate::deposits::CLOSING_KINDS_SQL;
    [
        format!(
            "WITH h AS (SELECT u.code AS unit, SUM(d.amount_fen) AS held, 0 AS acct FROM deposits d JOIN units u ON u.id = d.unit_id
                    WHERE NOT EXISTS (SELECT 1 FROM deposit_events e WHERE e.deposit_id = d.id AND e.kind IN {closing})
                    GROUP BY u.code
                    UNION ALL
                    SELECT substr(account, 14), 0, -SUM(amount_fen) FROM postings WHERE account LIKE '2241:deposit:%' GROUP BY account)
         SELECT 'deposits held for ' || unit || ': ' || SUM(held) || ' but the deposit account holds ' || SUM(acct)
         FROM h GROUP BY unit HAVING SUM(held) <> SUM(acct)
         UNION ALL
         SELECT 'deposits held in total ' || held || ' but the deposit accounts hold ' || acct
         FROM (SELECT SUM(held) AS held, SUM(acct) AS acct FROM h) WHERE held <> acct"
        ),
        format!(
            "SELECT 'deposit ' || deposit_id || ' closed ' || COUNT(*) || ' times' FROM deposit_events
             WHERE kind IN {closing} GROUP BY deposit_id HAVING COUNT(*) > 1"
        ),
    ]
}

/// Check every rule on the file; each violation is listed.
pub fn check(conn: &Connection) -> Result<CheckReport> {
    let mut rep = CheckReport {
        integrity: conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?,
        entries: conn.query_row("SELECT COUNT(*) FROM journal_entries", [], |r| r.get(0))?,
        receipts: conn.query_row("SELECT COUNT(*) FROM receipts", [], |r| r.get(0))?,
        ..Default::default()
    };
    for sql in RULES
        .iter()
        .copied()
        .map(String::from)
        .chain(deposit_rules())
    {
        rep.violations.extend(list(conn, &sql)?);
    }
    // Rule 8: the outbox chain is whole and rebuilds the same ledger.
    match outbox::verify_chain(conn) {
        Ok(n) => rep.events = n,
        Err(e) => rep.violations.push(e.en),
    }
    let from_events = LedgerImage::from_events(conn)?;
    let from_ledger = LedgerImage::from_ledger(conn)?;
    let v = &mut rep.violations;
    if from_events.balances != from_ledger.balances {
        v.push("account balances rebuilt from the outbox differ from the journal".into());
    }
    if from_events.receipts != from_ledger.receipts {
        v.push("receipts rebuilt from the outbox differ from the ledger".into());
    }
    if from_events.charges != from_ledger.charges {
        v.push("charges rebuilt from the outbox differ from the ledger".into());
    }
    // A closed month's report, computed again, is the one frozen at its close.
    for m in crate::month_close::differing(conn)? {
        v.push(format!(
            "month {m}: the monthly report computed again differs from the one frozen at its close"
        ));
    }
    Ok(rep)
}
