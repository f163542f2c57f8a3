//! The estates' units, charges and collections as head office keeps them at ingest, for the monthly
//! fee report, the collection rates and arrears: each charge billed and settled so far (by its natural
//! key: unit, fee item, period), what was billed per period, and what was collected per month.

use std::collections::BTreeMap;

use deadpool_postgres::Transaction;
use feedesk_protocol::sync::WireEvent;
use feedesk_protocol::{AllocationRecord, Event, UnitRecord};

use crate::auth::Desk;
use crate::HqResult;

/// (month `YYYY-MM`, unit, fee item or "" for a prepayment, period `YYYY-MM`) → fen.
type Collected = BTreeMap<(String, String, String, String), i64>;

/// Apply a run of parsed events (in chain order; documents already applied by `apply`).
pub async fn apply(
    tx: &Transaction<'_>,
    desk: &Desk,
    events: &[(&WireEvent, Event)],
) -> HqResult<()> {
    let mut collected = Collected::new();
    for (e, ev) in events {
        let month = &e.date()[..7];
        match ev {
            Event::UnitsUpserted { units } => upsert_units(tx, desk, units).await?,
            Event::ChargesBilled {
                period, charges, ..
            } => {
                let rows: Vec<(&str, &str, i64)> = charges
                    .iter()
                    .flat_map(|c| {
                        c.items
                            .iter()
                            .map(|(i, f)| (c.unit.as_str(), i.as_str(), *f))
                    })
                    .collect();
                bill(tx, desk, period, &rows).await?
            }
            Event::ReceiptIssued {
                unit,
                lines,
                allocations,
                ..
            } => {
                collect(&mut collected, month, allocations);
                for l in lines.iter().filter(|l| l.kind == "prepayment") {
                    let unit = unit.clone().unwrap_or_default();
                    *collected
                        .entry((month.into(), unit, String::new(), month.into()))
                        .or_default() += l.fen;
                }
            }
            Event::ReceiptVoided {
                number,
                allocations,
                ..
            } => {
                collect(&mut collected, month, allocations);
                for (unit, fen) in prepaid_by(tx, desk, number).await? {
                    *collected
                        .entry((month.into(), unit, String::new(), month.into()))
                        .or_default() -= fen;
                }
            }
            _ => {}
        }
    }
    settle(tx, desk, &collected).await
}

fn collect(into: &mut Collected, month: &str, allocations: &[AllocationRecord]) {
    for a in allocations {
        *into
            .entry((
                month.into(),
                a.unit.clone(),
                a.item.clone(),
                a.period.clone(),
            ))
            .or_default() += a.fen;
    }
}

async fn upsert_units(tx: &Transaction<'_>, desk: &Desk, units: &[UnitRecord]) -> HqResult<()> {
    let col = |f: &dyn Fn(&UnitRecord) -> String| units.iter().map(f).collect::<Vec<_>>();
    let owners: Vec<Option<String>> = units.iter().map(|u| u.owner.clone()).collect();
    tx.execute(
        "INSERT INTO units(estate_id, code, building, unit_type, owner)
         SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[])
         ON CONFLICT (estate_id, code) DO UPDATE SET building = EXCLUDED.building,
             unit_type = EXCLUDED.unit_type, owner = EXCLUDED.owner",
        &[
            &desk.estate_id,
            &col(&|u| u.code.clone()),
            &col(&|u| u.building.clone()),
            &col(&|u| u.unit_type.clone()),
            &owners,
        ],
    )
    .await?;
    Ok(())
}

/// A billing run's charges, and the period's totals by building and fee item.
async fn bill(
    tx: &Transaction<'_>,
    desk: &Desk,
    period: &str,
    rows: &[(&str, &str, i64)],
) -> HqResult<()> {
    let units: Vec<&str> = rows.iter().map(|r| r.0).collect();
    let items: Vec<&str> = rows.iter().map(|r| r.1).collect();
    let fen: Vec<i64> = rows.iter().map(|r| r.2).collect();
    let month = format!("{period}-01");
    tx.execute(
        "WITH x AS (SELECT x.u, x.i, x.f, COALESCE(u.building, '') AS b
                    FROM UNNEST($3::text[], $4::text[], $5::bigint[]) AS x(u, i, f)
                    LEFT JOIN units u ON u.estate_id = $1 AND u.code = x.u),
              c AS (INSERT INTO charges(estate_id, unit, item, period, building, billed_fen)
                    SELECT $1, u, i, $2::text::date, b, f FROM x
                    ON CONFLICT (estate_id, unit, item, period) DO UPDATE SET billed_fen = charges.billed_fen + EXCLUDED.billed_fen)
         INSERT INTO billed_totals(estate_id, period, building, item, fen, charges)
         SELECT $1, $2::text::date, b, i, SUM(f), COUNT(*) FROM x GROUP BY b, i
         ON CONFLICT (estate_id, period, building, item) DO UPDATE SET fen = billed_totals.fen + EXCLUDED.fen,
             charges = billed_totals.charges + EXCLUDED.charges",
        &[&desk.estate_id, &month, &units, &items, &fen],
    )
    .await?;
    Ok(())
}

/// What a document being voided had put into prepayment, per unit.
async fn prepaid_by(
    tx: &Transaction<'_>,
    desk: &Desk,
    number: &str,
) -> HqResult<Vec<(String, i64)>> {
    let rows = tx
        .query(
            "SELECT COALESCE(r.unit, ''), l.fen FROM receipt_lines l JOIN receipts r USING (estate_id, number)
             WHERE l.estate_id = $1 AND l.number = $2 AND l.kind = 'prepayment'",
            &[&desk.estate_id, &number],
        )
        .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// Settlements: each charge's settled amount, and the month's collections by building, item, period.
async fn settle(tx: &Transaction<'_>, desk: &Desk, collected: &Collected) -> HqResult<()> {
    if collected.is_empty() {
        return Ok(());
    }
    let months: Vec<String> = collected.keys().map(|k| format!("{}-01", k.0)).collect();
    let units: Vec<&str> = collected.keys().map(|k| k.1.as_str()).collect();
    let items: Vec<&str> = collected.keys().map(|k| k.2.as_str()).collect();
    let periods: Vec<String> = collected.keys().map(|k| format!("{}-01", k.3)).collect();
    let fen: Vec<i64> = collected.values().copied().collect();
    tx.execute(
        "WITH x AS (SELECT x.m::date AS m, x.u, x.i, x.p::date AS p, x.f, COALESCE(u.building, '') AS b
                    FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS x(m, u, i, p, f)
                    LEFT JOIN units u ON u.estate_id = $1 AND u.code = x.u),
              c AS (INSERT INTO charges(estate_id, unit, item, period, building, settled_fen)
                    SELECT $1, u, i, p, b, SUM(f) FROM x WHERE i <> '' GROUP BY u, i, p, b
                    ON CONFLICT (estate_id, unit, item, period) DO UPDATE SET settled_fen = charges.settled_fen + EXCLUDED.settled_fen)
         INSERT INTO collections(estate_id, month, building, item, period, fen)
         SELECT $1, m, b, i, p, SUM(f) FROM x GROUP BY m, b, i, p
         ON CONFLICT (estate_id, month, building, item, period) DO UPDATE SET fen = collections.fen + EXCLUDED.fen",
        &[&desk.estate_id, &months, &units, &items, &periods, &fen],
    )
    .await?;
    Ok(())
}
