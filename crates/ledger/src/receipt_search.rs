//! The Receipts screen's search: by receipt number (whole or its first part), by its sequence number
//! alone (`123` for A01-2026-000123), by date (`2026-11-22` or `2026-11`), or by unit (anything the
//! counter's unit search understands: room code, owner name, pinyin). Every form is an index lookup,
//! so the search is as quick on five years of receipts as on one day.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::receipts::ReceiptRow;
use crate::Result;

/// Receipts matching `query`, newest first; the newest receipts when it is empty.
pub fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<ReceiptRow>> {
    let q = query.trim().to_uppercase();
    // receipt id → row; ids rise with time, so the map's reverse order is newest first.
    let mut found: BTreeMap<i64, ReceiptRow> = BTreeMap::new();
    let mut add = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<()> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT r.id, r.number, r.kind, u.code, r.payer, r.issued_at, r.total_fen,
                    EXISTS(SELECT 1 FROM voids v WHERE v.receipt_id = r.id)
             FROM receipts r LEFT JOIN units u ON u.id = r.unit_id
             WHERE {sql} LIMIT {limit}"
        ))?;
        let mut rows = stmt.query(p)?;
        while let Some(r) = rows.next()? {
            found.insert(
                r.get(0)?,
                ReceiptRow {
                    number: r.get(1)?,
                    kind: r.get(2)?,
                    unit: r.get(3)?,
                    payer: r.get(4)?,
                    issued_at: r.get(5)?,
                    total_fen: r.get(6)?,
                    voided: r.get(7)?,
                },
            );
        }
        Ok(())
    };
    if q.is_empty() {
        add("1 ORDER BY r.id DESC", &[])?;
    } else {
        // A number or its first part: a range of the unique index on number.
        add("r.number >= ?1 AND r.number < ?1 || char(1114111)", &[&q])?;
        // A date or a month: a range of the index on the issue time.
        if let Some((from, to)) = date_range(&q) {
            // Newest first in the index's own order: a month holds ten thousand receipts.
            add(
                "r.issued_at >= ?1 AND r.issued_at < ?2 ORDER BY r.issued_at DESC",
                &[&from, &to],
            )?;
        }
        // The sequence number alone: that number in each series and year of this desk (point lookups
        // on the unique key; the years from the index on the issue time).
        if let Ok(seq) = q.parse::<i64>() {
            let desk = crate::db::setting(conn, "desk_code")?.unwrap_or_default();
            // Two queries: SQLite answers a lone MIN or MAX from the index, not both at once.
            let edge = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, Option<String>>(0));
            let years = (
                edge("SELECT MIN(issued_at) FROM receipts")?,
                edge("SELECT MAX(issued_at) FROM receipts")?,
            );
            let year = |t: Option<String>| t.and_then(|t| t.get(..4)?.parse::<i64>().ok());
            if let (Some(first), Some(last)) = (year(years.0), year(years.1)) {
                for y in (first..=last).rev() {
                    for series in ["R", "TK"] {
                        add(
                            "r.desk = ?1 AND r.series = ?2 AND r.year = ?3 AND r.seq = ?4",
                            &[&desk, &series, &y, &seq],
                        )?;
                    }
                }
            }
        }
        // A unit, as the counter finds it.
        for (unit_id, _) in crate::unit_search::rank(conn, query, 5)? {
            add("r.unit_id = ?1 ORDER BY r.id DESC", &[&unit_id])?;
        }
    }
    Ok(found.into_values().rev().take(limit).collect())
}

/// `2026-11-22` → that day; `2026-11` → that month (issue times are ISO text, so ranges compare).
fn date_range(q: &str) -> Option<(String, String)> {
    if let Ok(d) = NaiveDate::parse_from_str(q, "%Y-%m-%d") {
        let next = d.succ_opt()?;
        return Some((d.to_string(), next.to_string()));
    }
    let d = NaiveDate::parse_from_str(&format!("{q}-01"), "%Y-%m-%d").ok()?;
    let next = d.checked_add_months(chrono::Months::new(1))?;
    Some((d.to_string(), next.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_and_months_become_ranges() {
        assert_eq!(
            super::date_range("2026-11-22"),
            Some(("2026-11-22".into(), "2026-11-23".into()))
        );
        assert_eq!(
            super::date_range("2026-12"),
            Some(("2026-12-01".into(), "2027-01-01".into()))
        );
        assert_eq!(super::date_range("3-2-1201"), None);
    }
}
