//! 收费月报表: for a month, per estate, building and fee item — billed for the month (应收), collected
//! for the month's own charges (实收), earlier months' arrears recovered (收回欠费), paid in advance
//! (预收: later months' charges and prepayments), and still open (未收 = 应收 − 实收) — with estate and
//! group totals. From the billed totals and monthly collections kept at ingest.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use deadpool_postgres::Pool;
use serde::Serialize;

use super::Scope;
use crate::HqResult;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct MonthFigures {
    pub billed_fen: i64,
    pub collected_fen: i64,
    pub recovered_fen: i64,
    pub advance_fen: i64,
    pub open_fen: i64,
}

impl MonthFigures {
    fn add(&mut self, o: &MonthFigures) {
        self.billed_fen += o.billed_fen;
        self.collected_fen += o.collected_fen;
        self.recovered_fen += o.recovered_fen;
        self.advance_fen += o.advance_fen;
        self.open_fen += o.open_fen;
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct MonthRow {
    pub building: String,
    /// Fee item code; "" for prepayments received (预存款).
    pub item: String,
    pub figures: MonthFigures,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct EstateMonth {
    pub estate_code: String,
    pub estate_name: String,
    pub rows: Vec<MonthRow>,
    pub total: MonthFigures,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct MonthlyReport {
    /// `YYYY-MM`
    pub month: String,
    pub estates: Vec<EstateMonth>,
    pub total: MonthFigures,
}

type Key = (String, String, String);

/// The month (`YYYY-MM`) of every estate in scope.
pub async fn monthly(pool: &Pool, scope: &Scope, month: &str) -> HqResult<MonthlyReport> {
    let m: NaiveDate = super::parse_month(month)?;
    let c = pool.get().await?;
    let rows = c
        .query(
            "SELECT e.code, e.name, x.building, x.item, SUM(x.billed)::bigint, SUM(x.cur)::bigint, SUM(x.rec)::bigint, SUM(x.adv)::bigint
             FROM (SELECT estate_id, building, item, fen AS billed, 0 AS cur, 0 AS rec, 0 AS adv
                   FROM billed_totals WHERE period = $1 AND estate_id = ANY($2)
                   UNION ALL
                   SELECT estate_id, building, item, 0,
                          CASE WHEN item <> '' AND period = $1 THEN fen ELSE 0 END,
                          CASE WHEN item <> '' AND period < $1 THEN fen ELSE 0 END,
                          CASE WHEN item = '' OR period > $1 THEN fen ELSE 0 END
                   FROM collections WHERE month = $1 AND estate_id = ANY($2)) x
             JOIN estates e USING (estate_id)
             GROUP BY e.code, e.name, x.building, x.item ORDER BY e.code, length(x.building), x.building, x.item",
            &[&m, &scope.estates],
        )
        .await?;
    let mut names = BTreeMap::new();
    let mut by: Vec<(Key, MonthFigures)> = vec![];
    for r in &rows {
        let (billed, cur): (i64, i64) = (r.get(4), r.get(5));
        names.insert(r.get::<_, String>(0), r.get::<_, String>(1));
        by.push((
            (r.get(0), r.get(2), r.get(3)),
            MonthFigures {
                billed_fen: billed,
                collected_fen: cur,
                recovered_fen: r.get(6),
                advance_fen: r.get(7),
                open_fen: billed - cur,
            },
        ));
    }
    let mut report = MonthlyReport {
        month: m.format("%Y-%m").to_string(),
        estates: vec![],
        total: MonthFigures::default(),
    };
    for ((estate, building, item), f) in by {
        if report.estates.last().map(|e| &e.estate_code) != Some(&estate) {
            report.estates.push(EstateMonth {
                estate_name: names.get(&estate).cloned().unwrap_or_default(),
                estate_code: estate,
                rows: vec![],
                total: MonthFigures::default(),
            });
        }
        let e = report.estates.last_mut().expect("pushed above");
        e.total.add(&f);
        report.total.add(&f);
        e.rows.push(MonthRow {
            building,
            item,
            figures: f,
        });
    }
    Ok(report)
}
