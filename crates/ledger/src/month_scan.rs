//! One month's charges and documents read once, per building and fee item: what the 收费月报表 and
//! the collection rates by month are made of. Received money is read from the month's standing
//! documents line by line, as the daily cash reports read it; the month's charges as they stood at
//! its end (or now, for the month not yet over).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::charges::period_base;
use crate::period::period_bounds;
use crate::Result;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MonthFigures {
    pub billed_fen: i64,
    pub collected_fen: i64,
    pub recovered_fen: i64,
    pub advance_fen: i64,
    pub open_fen: i64,
    /// Prepayment spent on charges (预存抵扣): already received as 预收 when it was paid in, so
    /// taken off what the month received. On the prepayment row only.
    #[serde(default)]
    pub prepayment_used_fen: i64,
}

impl MonthFigures {
    pub fn add(&mut self, o: &MonthFigures) {
        self.billed_fen += o.billed_fen;
        self.collected_fen += o.collected_fen;
        self.recovered_fen += o.recovered_fen;
        self.advance_fen += o.advance_fen;
        self.open_fen += o.open_fen;
        self.prepayment_used_fen += o.prepayment_used_fen;
    }

    /// What settled charges or came in ahead: 实收 + 收回欠费 + 预收, as the daily reports' fee items
    /// and prepayments received add up.
    pub fn settled_fen(&self) -> i64 {
        self.collected_fen + self.recovered_fen + self.advance_fen
    }

    /// New money received in the month: what settled or came in ahead, less prepayment spent.
    pub fn received_fen(&self) -> i64 {
        self.settled_fen() - self.prepayment_used_fen
    }

    /// The report's money columns in their printed order: 应收, 实收, 收回欠费, 预收, 未收, 预存抵扣, 收款合计.
    pub fn columns(&self) -> [i64; 7] {
        [
            self.billed_fen,
            self.collected_fen,
            self.recovered_fen,
            self.advance_fen,
            self.open_fen,
            self.prepayment_used_fen,
            self.received_fen(),
        ]
    }
}

/// A building as the report names it: documents of no unit (walk-in sales) stand under 无房号.
pub fn building_label(code: &str) -> &str {
    if code.is_empty() {
        "无房号"
    } else {
        code
    }
}

/// Prepayments received (预存款) stand in the item column under this key.
pub const PREPAYMENT_ITEM: &str = "预存款";

/// Deposit deductions (押金扣款: cleaning, damage, …) stand in the item column under this key.
pub const DEDUCTION_ITEM: &str = "押金扣款";

/// A month's charges and documents, read once, per building: what the report and the rates are made of.
#[derive(Default)]
pub(crate) struct MonthScan {
    pub figures: BTreeMap<(String, String), MonthFigures>,
    /// Per building: households billed for the month, and those whose charges of it were all settled.
    pub households: BTreeMap<String, (i64, i64)>,
}

impl MonthScan {
    /// Read month `month` (validated `YYYY-MM`) as it stood at its end, or now if it has not ended.
    pub fn read(conn: &Connection, today: NaiveDate, month: &str) -> Result<MonthScan> {
        let (from, until) = bounds(month);
        let mut scan = MonthScan::default();
        let ended = until <= today;
        scan.charges(conn, month, ended.then(|| day(until)))?;
        scan.lines(conn, month, &day(from), &day(until))?;
        Ok(scan)
    }

    fn at(&mut self, building: &str, item: &str) -> &mut MonthFigures {
        self.figures
            .entry((building.to_string(), item.to_string()))
            .or_default()
    }

    /// The month's charges: billed, and open at `until` (None: now). A unit's charges of a period
    /// are one id range, so its households are counted as the rows stream by.
    fn charges(&mut self, conn: &Connection, month: &str, until: Option<String>) -> Result<()> {
        let settled = match until {
            None => "COALESCE((SELECT SUM(a.amount_fen) FROM allocations a WHERE a.charge_id = c.id), 0)",
            Some(_) => "COALESCE((SELECT SUM(a.amount_fen) FROM allocations a JOIN receipts r ON r.id = a.receipt_id
                                  WHERE a.charge_id = c.id AND r.issued_at < ?3), 0)",
        };
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT c.unit_id, b.code, f.code, c.amount_fen, {settled}
             FROM charges c JOIN units u ON u.id = c.unit_id JOIN buildings b ON b.id = u.building_id
             JOIN fee_items f ON f.id = c.fee_item_id
             WHERE c.id >= ?1 AND c.id < ?2 ORDER BY c.id"
        ))?;
        let lo = period_base(month);
        let hi = lo + (1 << (crate::charges::UNIT_BITS + crate::charges::ITEM_BITS));
        let mut rows = match &until {
            None => stmt.query(params![lo, hi])?,
            Some(u) => stmt.query(params![lo, hi, u])?,
        };
        // (unit, building, all its charges of the month settled)
        let mut unit: Option<(i64, String, bool)> = None;
        while let Some(r) = rows.next()? {
            let (uid, building, item): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (amount, settled): (i64, i64) = (r.get(3)?, r.get(4)?);
            let f = self.at(&building, &item);
            f.billed_fen += amount;
            f.open_fen += amount - settled;
            match &mut unit {
                Some((u, _, paid)) if *u == uid => *paid &= settled >= amount,
                _ => {
                    if let Some(done) = unit.take() {
                        self.household(done);
                    }
                    unit = Some((uid, building, settled >= amount));
                }
            }
        }
        if let Some(done) = unit {
            self.household(done);
        }
        Ok(())
    }

    fn household(&mut self, (_, building, paid): (i64, String, bool)) {
        let h = self.households.entry(building).or_default();
        h.0 += 1;
        h.1 += paid as i64;
    }

    /// The month's standing documents' lines: charges by the period they settle, counter sales, prepayments.
    fn lines(&mut self, conn: &Connection, month: &str, from: &str, until: &str) -> Result<()> {
        let mut stmt = conn.prepare_cached(
            "SELECT l.kind, l.period, COALESCE(b.code, ''), f.code, l.description, l.amount_fen
             FROM receipts r JOIN receipt_lines l ON l.receipt_id = r.id
             LEFT JOIN units u ON u.id = r.unit_id LEFT JOIN buildings b ON b.id = u.building_id
             LEFT JOIN fee_items f ON f.id = l.fee_item_id
             WHERE r.issued_at >= ?1 AND r.issued_at < ?2 AND l.kind IN ('charge', 'sale', 'prepayment', 'deduction')
               AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.receipt_id = r.id)
             UNION ALL
             SELECT 'spent', NULL, COALESCE(b.code, ''), NULL, '', p.amount_fen
             FROM receipts r JOIN payments p ON p.receipt_id = r.id
             LEFT JOIN units u ON u.id = r.unit_id LEFT JOIN buildings b ON b.id = u.building_id
             WHERE r.issued_at >= ?1 AND r.issued_at < ?2 AND p.method = 'prepayment'
               AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.receipt_id = r.id)",
        )?;
        let mut rows = stmt.query(params![from, until])?;
        while let Some(r) = rows.next()? {
            let (kind, period, building): (String, Option<String>, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?);
            let (code, desc, fen): (Option<String>, String, i64) =
                (r.get(3)?, r.get(4)?, r.get(5)?);
            let item = code.unwrap_or(desc);
            match (kind.as_str(), period.as_deref()) {
                ("prepayment", _) => self.at(&building, PREPAYMENT_ITEM).advance_fen += fen,
                ("spent", _) => self.at(&building, PREPAYMENT_ITEM).prepayment_used_fen += fen,
                ("deduction", _) => self.at(&building, DEDUCTION_ITEM).collected_fen += fen,
                ("charge", Some(p)) if p < month => self.at(&building, &item).recovered_fen += fen,
                ("charge", Some(p)) if p > month => self.at(&building, &item).advance_fen += fen,
                // The month's own charges; counter sales and deposit deductions (charged and paid at once).
                _ => self.at(&building, &item).collected_fen += fen,
            }
        }
        Ok(())
    }

    /// One building's figures over all its items.
    pub fn building_total(&self, building: &str) -> MonthFigures {
        let mut t = MonthFigures::default();
        for ((b, _), f) in &self.figures {
            if b == building {
                t.add(f);
            }
        }
        t
    }

    /// The buildings in the office's order: by the length of the code, then the code; "" last.
    pub fn buildings(&self) -> Vec<String> {
        let mut b: Vec<String> = self.figures.keys().map(|(b, _)| b.clone()).collect();
        b.dedup();
        b.sort_by_key(|b| (b.is_empty(), b.len(), b.clone()));
        b
    }
}

/// First day of the month and of the next.
pub(crate) fn bounds(month: &str) -> (NaiveDate, NaiveDate) {
    let (first, last) = period_bounds(month);
    (first, last.succ_opt().expect("in range"))
}

pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}
