//! 收费月报表: one month's fees by building and fee item — billed for the month (应收); received in the
//! month for the month's own charges (实收), for earlier months' charges (收回欠费), for later months'
//! charges and as prepayment (预收); and what of the month's charges was still open at the month's
//! end (未收). What was received is read from the month's standing documents, line by line, exactly
//! as the daily cash reports read them, so the month is the sum of its days. Everything is counted up
//! to the month's end: a month that is over gives the same report whenever it is read.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::auth::{Ctx, Perm};
use crate::collection_rate::{self, MonthRates};
use crate::month_scan::{bounds, day, MonthScan};
pub use crate::month_scan::{building_label, MonthFigures, DEDUCTION_ITEM, PREPAYMENT_ITEM};
use crate::period::parse_period;
use crate::{db, Result};

/// One building and fee item, a building's subtotal (`item` = ""), or an item's total (`building` = "").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MonthRow {
    /// Building code; "" for documents of no unit (counter sales to a walk-in payer).
    pub building: String,
    /// Fee item code; "预存款" for prepayments received.
    pub item: String,
    pub item_name: String,
    pub figures: MonthFigures,
}

/// 月结: who closed the month, when, and its headline figures as frozen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MonthClose {
    pub month: String,
    pub closed_at: String,
    pub closed_by: String,
    pub billed_fen: i64,
    pub received_fen: i64,
    pub open_fen: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MonthlyReport {
    pub company: String,
    pub estate: String,
    /// `YYYY-MM`
    pub month: String,
    /// Counted up to (not including) this day: the next month's first day.
    pub until: String,
    pub generated_at: String,
    pub generated_by: String,
    /// Per building, its fee items in the office's order.
    pub rows: Vec<MonthRow>,
    pub buildings: Vec<MonthRow>,
    pub items: Vec<MonthRow>,
    pub total: MonthFigures,
    /// 户收费率, 收费率 and 清缴率 of the month per building, the estate's last (building "合计").
    pub rates: Vec<MonthRates>,
    /// Set when the month is closed (月结): the report is then the one kept at the close.
    pub closed: Option<MonthClose>,
}

/// A line of the report as printed: the building and item named, its figures, whether a subtotal.
pub struct ShownLine<'a> {
    pub building: &'a str,
    pub item: &'a str,
    pub figures: &'a MonthFigures,
    pub subtotal: bool,
}

impl MonthlyReport {
    /// Building by building in order: its fee items, then its subtotal (小计).
    pub fn building_lines(&self) -> Vec<ShownLine<'_>> {
        let mut out = vec![];
        for b in &self.buildings {
            let building = building_label(&b.building);
            for x in self.rows.iter().filter(|x| x.building == b.building) {
                out.push(ShownLine {
                    building,
                    item: &x.item_name,
                    figures: &x.figures,
                    subtotal: false,
                });
            }
            out.push(ShownLine {
                building,
                item: "小计",
                figures: &b.figures,
                subtotal: true,
            });
        }
        out
    }

    /// Whether the figures are frozen, in the words every copy of the report prints.
    pub fn state_zh(&self) -> String {
        match &self.closed {
            Some(c) => {
                let at = c
                    .closed_at
                    .get(..16)
                    .unwrap_or(&c.closed_at)
                    .replace('T', " ");
                format!("已月结（{at} {}），报表已冻结", c.closed_by)
            }
            None => "未月结：数字截至编制时，可能变动".into(),
        }
    }
}

/// The 收费月报表 of `month`, with its collection rates. A management report, as the 收缴率.
pub fn build(conn: &Connection, ctx: &Ctx, month: &str) -> Result<MonthlyReport> {
    ctx.actor.require(Perm::Bill)?;
    let mut r = compute(conn, ctx.today(), &parse_period(month)?)?;
    r.generated_at = ctx.now_text();
    r.generated_by = ctx.actor.display_name.clone();
    Ok(r)
}

/// The report of a validated month as it stands on `today` (a month over is read as at its end).
pub(crate) fn compute(conn: &Connection, today: NaiveDate, month: &str) -> Result<MonthlyReport> {
    let scan = MonthScan::read(conn, today, month)?;
    let rates = collection_rate::rates_of(conn, month, &scan)?;
    let names = item_names(conn)?;
    let name = |code: &str| {
        names
            .get(code)
            .map(|n| n.1.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let order = |code: &str| names.get(code).map(|n| n.0).unwrap_or(i64::MAX);
    let row = |b: &str, item: &str, f: MonthFigures| MonthRow {
        building: b.into(),
        item: item.into(),
        item_name: name(item),
        figures: f,
    };
    let mut rows = vec![];
    let mut buildings = vec![];
    let mut items: BTreeMap<(i64, String), MonthFigures> = BTreeMap::new();
    let mut total = MonthFigures::default();
    for b in scan.buildings() {
        let mut mine: Vec<(&String, &MonthFigures)> = scan
            .figures
            .iter()
            .filter(|((x, _), _)| *x == b)
            .map(|((_, i), f)| (i, f))
            .collect();
        mine.sort_by_key(|(i, _)| (order(i), (*i).clone()));
        for (i, f) in mine {
            rows.push(row(&b, i, *f));
            items.entry((order(i), i.clone())).or_default().add(f);
        }
        let t = scan.building_total(&b);
        total.add(&t);
        buildings.push(row(&b, "", t));
    }
    Ok(MonthlyReport {
        company: db::setting(conn, "company_name")?.unwrap_or_default(),
        estate: db::setting(conn, "estate_name")?.unwrap_or_default(),
        until: day(bounds(month).1),
        month: month.to_string(),
        generated_at: String::new(),
        generated_by: String::new(),
        rows,
        buildings,
        items: items
            .into_iter()
            .map(|((_, i), f)| row("", &i, f))
            .collect(),
        total,
        rates,
        closed: None,
    })
}

/// Fee item code → (the office's order, name); prepayments after every item.
fn item_names(conn: &Connection) -> Result<BTreeMap<String, (i64, String)>> {
    let mut stmt = conn.prepare_cached("SELECT code, pay_order, name FROM fee_items")?;
    let mut names: BTreeMap<String, (i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    names.insert(DEDUCTION_ITEM.into(), (i64::MAX - 2, DEDUCTION_ITEM.into()));
    names.insert(
        PREPAYMENT_ITEM.into(),
        (i64::MAX - 1, PREPAYMENT_ITEM.into()),
    );
    Ok(names)
}
