//! 收缴率 of an estate, month by month:
//! - 户收费率: households whose charges of the month are all settled ÷ households billed for it;
//! - 收费率: what settles the month's charges so far ÷ what was billed for it (the desk's 收缴率);
//! - 清缴率: earlier months' arrears collected in the month ÷ those arrears at the month's start.
//!
//! Percentages to 2 decimals, half-up, computed in integers.

use deadpool_postgres::Pool;
use serde::Serialize;
use uuid::Uuid;

use crate::HqResult;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct MonthRates {
    /// `YYYY-MM`
    pub month: String,
    pub households_billed: i64,
    pub households_paid: i64,
    pub household_rate: Option<String>,
    pub billed_fen: i64,
    pub settled_fen: i64,
    pub collection_rate: Option<String>,
    pub arrears_at_start_fen: i64,
    pub arrears_collected_fen: i64,
    pub clearance_rate: Option<String>,
}

/// n ÷ d × 100 to 2 decimals, half-up, exact; none when nothing was due.
pub fn percent(n: i64, d: i64) -> Option<String> {
    if d <= 0 {
        return None;
    }
    let (n, d) = (n as i128 * 10_000, d as i128);
    let h = (2 * n.abs() + d) / (2 * d) * n.signum();
    Some(format!(
        "{}{}.{:02}",
        if h < 0 { "-" } else { "" },
        h.abs() / 100,
        h.abs() % 100
    ))
}

/// The rates of each month from `from` to `to` (`YYYY-MM`, at most 36 months).
pub async fn trend(
    pool: &Pool,
    estate_id: Uuid,
    from: &str,
    to: &str,
) -> HqResult<Vec<MonthRates>> {
    let (from, to) = super::month_range(from, to, 36)?;
    let c = pool.get().await?;
    let rows = c
        .query(
            "WITH m AS (SELECT generate_series($2::date, $3::date, interval '1 month')::date AS month),
                  h AS (SELECT period, COUNT(*) AS billed, COUNT(*) FILTER (WHERE s >= b) AS paid
                        FROM (SELECT period, unit, SUM(billed_fen) b, SUM(settled_fen) s FROM charges
                              WHERE estate_id = $1 AND period BETWEEN $2 AND $3 GROUP BY period, unit) u
                        WHERE b > 0 GROUP BY period),
                  b AS (SELECT period, SUM(fen) AS fen FROM billed_totals WHERE estate_id = $1 AND period <= $3 GROUP BY period),
                  k AS (SELECT month, period, SUM(fen) AS fen FROM collections
                        WHERE estate_id = $1 AND item <> '' AND month <= $3 GROUP BY month, period)
             SELECT to_char(m.month, 'YYYY-MM'), COALESCE(h.billed, 0), COALESCE(h.paid, 0),
                    COALESCE((SELECT fen FROM b WHERE b.period = m.month), 0)::bigint,
                    COALESCE((SELECT SUM(fen) FROM k WHERE k.period = m.month), 0)::bigint,
                    (COALESCE((SELECT SUM(fen) FROM b WHERE b.period < m.month), 0)
                     - COALESCE((SELECT SUM(fen) FROM k WHERE k.month < m.month AND k.period < m.month), 0))::bigint,
                    COALESCE((SELECT SUM(fen) FROM k WHERE k.month = m.month AND k.period < m.month), 0)::bigint
             FROM m LEFT JOIN h ON h.period = m.month ORDER BY m.month",
            &[&estate_id, &from, &to],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let (hb, hp, billed, settled, start, got): (i64, i64, i64, i64, i64, i64) =
                (r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6));
            MonthRates {
                month: r.get(0),
                households_billed: hb,
                households_paid: hp,
                household_rate: percent(hp, hb),
                billed_fen: billed,
                settled_fen: settled,
                collection_rate: percent(settled, billed),
                arrears_at_start_fen: start,
                arrears_collected_fen: got,
                clearance_rate: percent(got, start),
            }
        })
        .collect())
}
