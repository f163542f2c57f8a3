//! 欠费 across the estates in scope, aged by how many months a charge's period lies before the month
//! asked about: ≤ 3 months, 3–6, 6–12, over 12; per estate, and the units behind each estate's total
//! (owners' names masked).

use deadpool_postgres::Pool;
use serde::Serialize;
use uuid::Uuid;

use super::{mask_name, Scope};
use crate::HqResult;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct Ageing {
    pub upto_3_fen: i64,
    pub from_3_to_6_fen: i64,
    pub from_6_to_12_fen: i64,
    pub over_12_fen: i64,
    pub total_fen: i64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct EstateArrears {
    pub estate_code: String,
    pub estate_name: String,
    pub units: i64,
    pub ageing: Ageing,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct ArrearsReport {
    /// `YYYY-MM`: the month ages are counted from.
    pub as_of: String,
    pub estates: Vec<EstateArrears>,
    pub total: Ageing,
    pub units: i64,
}

const AGEING: &str = "SUM(o) FILTER (WHERE age <= 3)::bigint, SUM(o) FILTER (WHERE age BETWEEN 4 AND 6)::bigint,
                      SUM(o) FILTER (WHERE age BETWEEN 7 AND 12)::bigint, SUM(o) FILTER (WHERE age > 12)::bigint, SUM(o)::bigint";

fn ageing(r: &tokio_postgres::Row, at: usize) -> Ageing {
    let g = |i: usize| r.get::<_, Option<i64>>(at + i).unwrap_or(0);
    Ageing {
        upto_3_fen: g(0),
        from_3_to_6_fen: g(1),
        from_6_to_12_fen: g(2),
        over_12_fen: g(3),
        total_fen: g(4),
    }
}

/// Open charges of periods up to `as_of` (`YYYY-MM`), per estate.
pub async fn arrears(pool: &Pool, scope: &Scope, as_of: &str) -> HqResult<ArrearsReport> {
    let m = super::parse_month(as_of)?;
    let c = pool.get().await?;
    let rows = c
        .query(
            &format!(
                "SELECT e.code, e.name, COUNT(DISTINCT x.unit), {AGEING}
                 FROM (SELECT estate_id, unit, billed_fen - settled_fen AS o,
                              ((extract(year FROM $1::date) - extract(year FROM period)) * 12 + extract(month FROM $1::date) - extract(month FROM period))::int AS age
                       FROM charges WHERE estate_id = ANY($2) AND period <= $1 AND settled_fen < billed_fen) x
                 JOIN estates e USING (estate_id) GROUP BY e.code, e.name ORDER BY e.code"
            ),
            &[&m, &scope.estates],
        )
        .await?;
    let mut report = ArrearsReport {
        as_of: m.format("%Y-%m").to_string(),
        estates: vec![],
        total: Ageing::default(),
        units: 0,
    };
    for r in &rows {
        let a = ageing(r, 3);
        report.units += r.get::<_, i64>(2);
        report.total.upto_3_fen += a.upto_3_fen;
        report.total.from_3_to_6_fen += a.from_3_to_6_fen;
        report.total.from_6_to_12_fen += a.from_6_to_12_fen;
        report.total.over_12_fen += a.over_12_fen;
        report.total.total_fen += a.total_fen;
        report.estates.push(EstateArrears {
            estate_code: r.get(0),
            estate_name: r.get(1),
            units: r.get(2),
            ageing: a,
        });
    }
    Ok(report)
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct UnitArrears {
    pub unit: String,
    pub building: String,
    pub owner: Option<String>,
    pub oldest_period: String,
    pub charges: i64,
    pub ageing: Ageing,
}

/// The units in arrears of one estate, largest first.
pub async fn estate_units(pool: &Pool, estate_id: Uuid, as_of: &str) -> HqResult<Vec<UnitArrears>> {
    let m = super::parse_month(as_of)?;
    let c = pool.get().await?;
    let rows = c
        .query(
            &format!(
                "SELECT x.unit, x.building, u.owner, to_char(MIN(x.period), 'YYYY-MM'), COUNT(*), {AGEING}
                 FROM (SELECT unit, building, period, billed_fen - settled_fen AS o,
                              ((extract(year FROM $2::date) - extract(year FROM period)) * 12 + extract(month FROM $2::date) - extract(month FROM period))::int AS age
                       FROM charges WHERE estate_id = $1 AND period <= $2 AND settled_fen < billed_fen) x
                 LEFT JOIN units u ON u.estate_id = $1 AND u.code = x.unit
                 GROUP BY x.unit, x.building, u.owner ORDER BY SUM(o) DESC, x.unit"
            ),
            &[&estate_id, &m],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| UnitArrears {
            unit: r.get(0),
            building: r.get(1),
            owner: r.get::<_, Option<String>>(2).map(mask_name),
            oldest_period: r.get(3),
            charges: r.get(4),
            ageing: ageing(r, 5),
        })
        .collect())
}
