//! Every list and report as an Excel workbook: the report read from the ledger, its sheets built by
//! the documents crate.

use chrono::NaiveDate;
use feedesk_documents::xlsx::{self, Book, Heading, Names};
use feedesk_ledger::auth::Perm;
use feedesk_ledger::{
    billing, collection_rate, daily_report, db, deposits, estate, fee_ledger, month_close,
    receipt_search, reports, review, shift,
};
use serde::Deserialize;

use crate::*;

/// What to export.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ExportRequest {
    /// 现金日报表: summary sheets and the per-receipt detail.
    DailyCash { scope: DailyScope },
    /// 欠费清单, optionally one building.
    Arrears { building: Option<String> },
    /// 收据清单 by number, unit code or date, newest first.
    Receipts { query: String, limit: usize },
    /// 装修押金统计.
    Deposits { filter: DepositFilter },
    /// 核对统计 between two dates.
    CrossCheck {
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        from: NaiveDate,
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        to: NaiveDate,
    },
    /// Closed shifts not reviewed, opened more than `days` ago.
    Unreviewed { days: i64 },
    /// 收缴率 per building for the periods `from`..=`to` (`YYYY-MM`).
    CollectionRates { from: String, to: String },
    /// 收费月报表 of a month (`YYYY-MM`), with its rates.
    MonthlyReport { month: String },
    /// 户收费率, 收费率 and 清缴率 per building, month by month.
    RatesByMonth { from: String, to: String },
    /// 收费台账 of one unit.
    FeeLedger { unit: String },
    /// One unit's open charges (欠费明细) with due dates.
    UnitArrears { unit: String },
    /// 班次清单, newest first.
    Shifts { limit: usize },
    /// 计费预览 of a month (nothing is billed).
    BillingPreview { period: String },
    /// 房屋业主清单.
    Units,
}

/// Any list or report as an XLSX workbook (bytes plus what it holds); the caller saves it.
pub fn export_xlsx(l: &Ledger, ctx: &Ctx, req: &ExportRequest) -> Result<Exported> {
    ctx.actor.require(Perm::Read)?;
    let conn = &l.conn;
    let setting = |k: &str| -> Result<String> { Ok(db::setting(conn, k)?.unwrap_or_default()) };
    let n = Names {
        estate_name: setting("estate_name")?,
        today: ctx.today().format("%Y-%m-%d").to_string(),
    };
    let book = book(l, ctx, req, &n)?;
    let heading = Heading {
        company: setting("company_name")?,
        estate_name: n.estate_name.clone(),
        desk: ctx.desk.clone(),
        at: ctx.now.format("%Y-%m-%d %H:%M").to_string(),
        by: ctx.actor.display_name.clone(),
    };
    xlsx::workbook(&book, &heading)
}

/// The report behind a request, as a book of sheets.
fn book(l: &Ledger, ctx: &Ctx, req: &ExportRequest, n: &Names) -> Result<Book> {
    let conn = &l.conn;
    Ok(match req {
        ExportRequest::DailyCash { scope } => {
            xlsx::reports::daily_cash(&daily_report::build(conn, ctx, scope)?)
        }
        ExportRequest::Arrears { building } => {
            let list = reports::arrears_list(conn, ctx, building.as_deref())?;
            xlsx::reports::arrears(&list, building.as_deref(), n)
        }
        ExportRequest::Receipts { query, limit } => {
            let list = receipt_search::search(conn, query, *limit)?;
            xlsx::reports::receipts(&list, query, *limit, n)
        }
        ExportRequest::Deposits { filter } => {
            xlsx::reports::deposits(&deposits::list(conn, ctx, filter)?, n)
        }
        ExportRequest::CrossCheck { from, to } => {
            let rows = review::cross_check(conn, ctx, *from, *to)?;
            xlsx::reports::cross_check(&rows, *from, *to, n)
        }
        ExportRequest::Unreviewed { days } => {
            xlsx::reports::unreviewed(&review::unreviewed(conn, ctx, *days)?, *days, n)
        }
        ExportRequest::CollectionRates { from, to } => {
            xlsx::reports::collection_rates(&reports::collection_rates(conn, ctx, from, to)?, n)
        }
        ExportRequest::MonthlyReport { month } => {
            xlsx::monthly::monthly_report(&month_close::report(conn, ctx, month)?, n)
        }
        ExportRequest::RatesByMonth { from, to } => {
            xlsx::monthly::rates_by_month(&collection_rate::by_month(conn, ctx, from, to)?, n)
        }
        ExportRequest::FeeLedger { unit } => {
            xlsx::monthly::fee_ledger(&fee_ledger::build(conn, ctx, unit)?, n)
        }
        ExportRequest::UnitArrears { unit } => {
            xlsx::reports::unit_arrears(&reports::unit_arrears(conn, ctx, unit)?, n)
        }
        ExportRequest::Shifts { limit } => {
            xlsx::reports::shifts(&shift::list(conn, *limit)?, *limit, n)
        }
        ExportRequest::BillingPreview { period } => {
            xlsx::reports::billing_preview(&billing::preview(conn, ctx, period)?, period, n)
        }
        ExportRequest::Units => xlsx::reports::units(&estate::roster(conn, ctx)?, n),
    })
}
