//! The monthly fee report and the collection rates by month on the large ledger, beside a plain
//! aggregate over the same month's charges (billed and what settles them, by building and item).

use std::time::{Duration, Instant};

use feedesk_api::{self as api, Ctx, Ledger, Result};
use feedesk_ledger::charges::{period_base, ITEM_BITS, UNIT_BITS};

use super::*;

/// The peer: one pass over the month's charges (their id range), each with what settles it.
fn plain_month(l: &Ledger, month: &str) -> Result<i64> {
    let lo = period_base(month);
    let hi = lo + (1 << (UNIT_BITS + ITEM_BITS));
    let conn = raw(l)?;
    let mut stmt = conn.prepare_cached(
        "SELECT b.code, f.code, COUNT(*), SUM(c.amount_fen),
                SUM(COALESCE((SELECT SUM(a.amount_fen) FROM allocations a WHERE a.charge_id = c.id), 0))
         FROM charges c JOIN units u ON u.id = c.unit_id JOIN buildings b ON b.id = u.building_id
         JOIN fee_items f ON f.id = c.fee_item_id
         WHERE c.id >= ?1 AND c.id < ?2 GROUP BY b.id, f.id",
    )?;
    let rows = stmt.query_map([lo, hi], |r| r.get::<_, i64>(4))?;
    let mut sum = 0;
    for x in rows {
        sum += x?;
    }
    Ok(sum)
}

fn p50_of(n: usize, mut f: impl FnMut() -> Result<()>) -> Result<Duration> {
    let mut t = Vec::with_capacity(n);
    for _ in 0..n {
        let s = Instant::now();
        f()?;
        t.push(s.elapsed());
    }
    t.sort();
    Ok(pct(&t, 50.0))
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

/// `month` is over at `ctx`'s time (the report reads it as at its end); `year_from` starts 12 months.
pub(super) fn bench_monthly(
    r: &mut Report,
    l: &Ledger,
    ctx: &Ctx,
    month: &str,
    year_from: &str,
) -> Result<()> {
    let n = 11;
    let plain = p50_of(n, || plain_month(l, month).map(drop))?;
    let report = p50_of(n, || api::monthly_report(l, ctx, month).map(drop))?;
    r.line(
        &format!("monthly fee report {month} with its rates (n={n})"),
        format!(
            "p50 {}; plain {} ({:.2}×)",
            ms(report),
            ms(plain),
            ratio(report, plain)
        ),
        "≤ 2× plain (goal)".into(),
        ratio(report, plain) <= 2.0,
    );
    let rates = p50_of(n, || api::rates_by_month(l, ctx, month, month).map(drop))?;
    r.line(
        &format!("collection rates {month} by building (n={n})"),
        format!(
            "p50 {}; plain {} ({:.2}×)",
            ms(rates),
            ms(plain),
            ratio(rates, plain)
        ),
        "≤ 2× plain (goal)".into(),
        ratio(rates, plain) <= 2.0,
    );
    let year = p50_of(3, || {
        api::rates_by_month(l, ctx, year_from, month).map(drop)
    })?;
    let twelve = plain * 12;
    r.line(
        &format!("collection rates {year_from}…{month}, 12 months (n=3)"),
        format!(
            "p50 {}; 12 plain {} ({:.2}×)",
            ms(year),
            ms(twelve),
            ratio(year, twelve)
        ),
        "≤ 2× plain (goal)".into(),
        ratio(year, twelve) <= 2.0,
    );
    Ok(())
}
