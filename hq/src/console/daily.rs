//! 日报汇总: one day of every estate the person sees — each desk's figures from the tables kept at
//! ingest, marked against the desk's signed daily closing (一致 / 不一致 / not closed yet), summed per
//! estate and for the group; and a desk-day's documents to drill down to.

use std::collections::{BTreeMap, HashMap};

use deadpool_postgres::Pool;
use feedesk_protocol::{DayFigures, DocumentRange};
use serde::Serialize;
use uuid::Uuid;

use super::{mask_name, Scope};
use crate::apply::normalised;
use crate::HqResult;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct DeskDay {
    pub desk_code: String,
    /// The desk's headline figures; its lists by method and by item are empty (the estate's total
    /// has them: the group's day would otherwise be thousands of rows).
    pub figures: DayFigures,
    /// `match` (一致), `mismatch` (不一致), or none while the desk has not closed the day.
    pub closing: Option<String>,
    pub closing_detail: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct EstateDay {
    pub estate_code: String,
    pub estate_name: String,
    pub desks: Vec<DeskDay>,
    pub total: DayFigures,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct GroupDay {
    pub day: String,
    pub estates: Vec<EstateDay>,
    pub total: DayFigures,
    pub desks_matching: i64,
    pub desks_mismatching: i64,
    pub desks_not_closed: i64,
}

/// Add one day's figures to a sum (document ranges keep their counts only: numbers of different
/// desks do not make one range).
pub fn add_figures(into: &mut DayFigures, f: &DayFigures) {
    let merge = |a: &mut Vec<(String, i64)>, b: &[(String, i64)]| {
        for (k, v) in b {
            match a.iter_mut().find(|x| &x.0 == k) {
                Some(x) => x.1 += v,
                None => a.push((k.clone(), *v)),
            }
        }
        a.sort();
    };
    into.receipts.count += f.receipts.count;
    into.vouchers.count += f.vouchers.count;
    merge(&mut into.by_method, &f.by_method);
    merge(&mut into.by_item, &f.by_item);
    into.deposits_taken_fen += f.deposits_taken_fen;
    into.deposits_refunded_fen += f.deposits_refunded_fen;
    into.prepayments_received_fen += f.prepayments_received_fen;
    into.voided_count += f.voided_count;
    into.voided_fen += f.voided_fen;
    into.reversals_count += f.reversals_count;
    into.reversals_fen += f.reversals_fen;
    into.total_fen += f.total_fen;
}

type Key = (String, String);

/// The day (`YYYY-MM-DD`) of every estate in scope: a row per desk and a row per estate and key, both
/// kept at ingest (a desk's lists by method and by item are its estate's, on the estate's total).
pub async fn group_day(pool: &Pool, scope: &Scope, day: &str) -> HqResult<GroupDay> {
    let day = super::parse_day(day)?;
    let c = pool.get().await?;
    let rows = c
        .query(
            "SELECT e.code, e.name, d.code, x.receipts, x.receipts_first, x.receipts_last, x.vouchers,
                    x.vouchers_first, x.vouchers_last, x.voided_count, x.voided_fen, x.closing_status, x.closing_detail,
                    x.estate_id, x.total_fen, x.deposits_taken_fen, x.deposits_refunded_fen,
                    x.prepayments_received_fen, x.reversals_count, x.reversals_fen
             FROM desk_days x JOIN estates e USING (estate_id) JOIN desks d USING (estate_id, desk_id)
             WHERE x.day = $1 AND x.estate_id = ANY($2)",
            &[&day, &scope.estates],
        )
        .await?;
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut codes: HashMap<Uuid, String> = HashMap::new();
    let mut desks: BTreeMap<Key, DeskDay> = BTreeMap::new();
    for r in &rows {
        names.insert(r.get(0), r.get(1));
        codes.insert(r.get(13), r.get(0));
        desks.insert((r.get(0), r.get(2)), desk_row(r));
    }
    let totals = c
        .query(
            "SELECT estate_id, key, fen FROM estate_day_totals WHERE day = $1 AND estate_id = ANY($2)",
            &[&day, &scope.estates],
        )
        .await?;
    let mut lists: HashMap<String, DayFigures> = HashMap::new();
    for r in &totals {
        if let Some(code) = codes.get(&r.get::<_, Uuid>(0)) {
            put_list(lists.entry(code.clone()).or_default(), r.get(1), r.get(2));
        }
    }
    Ok(assemble(day.to_string(), names, desks, lists))
}

/// A desk's row of the day: its documents, headline figures and closing.
fn desk_row(r: &tokio_postgres::Row) -> DeskDay {
    let detail: Option<String> = r.get(12);
    DeskDay {
        desk_code: r.get(2),
        figures: DayFigures {
            receipts: DocumentRange {
                count: r.get(3),
                first: r.get(4),
                last: r.get(5),
            },
            vouchers: DocumentRange {
                count: r.get(6),
                first: r.get(7),
                last: r.get(8),
            },
            voided_count: r.get(9),
            voided_fen: r.get(10),
            total_fen: r.get(14),
            deposits_taken_fen: r.get(15),
            deposits_refunded_fen: r.get(16),
            prepayments_received_fen: r.get(17),
            reversals_count: r.get(18),
            reversals_fen: r.get(19),
            ..DayFigures::default()
        },
        closing: r.get(11),
        closing_detail: detail.filter(|d| !d.is_empty()),
    }
}

/// An estate's total by method or by item (its headline figures are its desks' sum).
fn put_list(f: &mut DayFigures, key: &str, fen: i64) {
    if fen == 0 {
        return;
    }
    if let Some(m) = key.strip_prefix("method:") {
        f.by_method.push((m.to_string(), fen));
    } else if let Some(i) = key.strip_prefix("item:") {
        f.by_item.push((i.to_string(), fen));
    }
}

fn assemble(
    day: String,
    names: BTreeMap<String, String>,
    desks: BTreeMap<Key, DeskDay>,
    mut lists: HashMap<String, DayFigures>,
) -> GroupDay {
    let mut group = GroupDay {
        day,
        estates: vec![],
        total: DayFigures::default(),
        desks_matching: 0,
        desks_mismatching: 0,
        desks_not_closed: 0,
    };
    for ((estate, _), mut d) in desks {
        d.figures = normalised(d.figures);
        match d.closing.as_deref() {
            Some("match") => group.desks_matching += 1,
            Some(_) => group.desks_mismatching += 1,
            None => group.desks_not_closed += 1,
        }
        if group.estates.last().map(|e| &e.estate_code) != Some(&estate) {
            let lists = normalised(lists.remove(&estate).unwrap_or_default());
            group.estates.push(EstateDay {
                estate_name: names.get(&estate).cloned().unwrap_or_default(),
                estate_code: estate,
                desks: vec![],
                total: DayFigures {
                    by_method: lists.by_method,
                    by_item: lists.by_item,
                    ..DayFigures::default()
                },
            });
        }
        let e = group.estates.last_mut().expect("pushed above");
        add_figures(&mut e.total, &d.figures);
        e.desks.push(d);
    }
    for e in &group.estates {
        add_figures(&mut group.total, &e.total);
    }
    group
}

/// A document as the drill-down shows it (the payer's name masked).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct DayDocument {
    pub number: String,
    pub at: String,
    pub kind: String,
    pub unit: Option<String>,
    pub payer: String,
    pub cashier: String,
    pub total_fen: i64,
    pub voided: bool,
    pub reverses: Option<String>,
    pub reversed_by: Option<String>,
    /// (description, fen)
    pub lines: Vec<(String, i64)>,
    /// (method, fen)
    pub payments: Vec<(String, i64)>,
}

/// A desk-day's documents in number order.
pub async fn day_documents(
    pool: &Pool,
    estate_id: Uuid,
    desk_code: &str,
    day: &str,
) -> HqResult<Vec<DayDocument>> {
    let day = super::parse_day(day)?;
    let c = pool.get().await?;
    let rows = c
        .query(
            "SELECT r.number, r.at, r.kind, r.unit, r.payer, r.cashier, r.total_fen, r.voided, r.reverses, r.reversed_by,
                    COALESCE((SELECT json_agg(json_build_array(l.description, l.fen) ORDER BY l.line_no)
                              FROM receipt_lines l WHERE l.estate_id = r.estate_id AND l.number = r.number), '[]'),
                    COALESCE((SELECT json_agg(json_build_array(p.method, p.fen) ORDER BY p.line_no)
                              FROM receipt_payments p WHERE p.estate_id = r.estate_id AND p.number = r.number), '[]')
             FROM receipts r JOIN desks d USING (estate_id, desk_id)
             WHERE r.estate_id = $1 AND d.code = $2 AND r.day = $3 ORDER BY r.number",
            &[&estate_id, &desk_code.trim().to_uppercase(), &day],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| DayDocument {
            number: r.get(0),
            at: r.get(1),
            kind: r.get(2),
            unit: r.get(3),
            payer: mask_name(r.get(4)),
            cashier: r.get(5),
            total_fen: r.get(6),
            voided: r.get(7),
            reverses: r.get(8),
            reversed_by: r.get(9),
            lines: serde_json::from_value(r.get(10)).unwrap_or_default(),
            payments: serde_json::from_value(r.get(11)).unwrap_or_default(),
        })
        .collect())
}
