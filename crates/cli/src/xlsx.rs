//! `--xlsx FILE` on the list and report subcommands: the same list or report, saved as an Excel workbook.

use std::path::Path;

use feedesk_api::{self as api, ExportRequest};
use feedesk_api::{err, Result};

use super::deposit::DepositCmd;
use super::report::{daily_pdf, daily_scope, ReportCmd};
use crate::fee::BillCmd;
use crate::receipt::ReceiptCmd;
use crate::session::{open, print, session};
use crate::shift::ShiftCmd;
use crate::unit::UnitCmd;
use crate::{Cli, Cmd};

pub fn run(cli: &Cli, path: &Path) -> Result<()> {
    let l = open(cli)?;
    let ctx = session(cli, &l)?;
    let req = match &cli.cmd {
        Cmd::Report(ReportCmd::Daily {
            date,
            cashier,
            shift,
            ..
        }) => ExportRequest::DailyCash {
            scope: daily_scope(&ctx, *date, cashier, *shift),
        },
        Cmd::Report(ReportCmd::CrossCheck { from, to }) => ExportRequest::CrossCheck {
            from: *from,
            to: *to,
        },
        Cmd::Report(ReportCmd::Unreviewed { days }) => ExportRequest::Unreviewed { days: *days },
        Cmd::Report(ReportCmd::Collection { from, to }) => ExportRequest::CollectionRates {
            from: from.clone(),
            to: to.clone().unwrap_or_else(|| from.clone()),
        },
        Cmd::Report(ReportCmd::Monthly { month, .. }) => ExportRequest::MonthlyReport {
            month: month.clone(),
        },
        Cmd::Report(ReportCmd::Rates { from, to }) => ExportRequest::RatesByMonth {
            from: from.clone(),
            to: to.clone().unwrap_or_else(|| from.clone()),
        },
        Cmd::Arrears {
            unit: None,
            building,
        } => ExportRequest::Arrears {
            building: building.clone(),
        },
        Cmd::Arrears { unit: Some(u), .. } => ExportRequest::UnitArrears { unit: u.clone() },
        Cmd::Receipt(ReceiptCmd::List { query, limit }) => ExportRequest::Receipts {
            query: query.clone(),
            limit: *limit,
        },
        Cmd::Deposit(DepositCmd::List { which, month }) => {
            ExportRequest::Deposits {
                filter: super::deposit::filter(&ctx, which, month)?,
            }
        }
        Cmd::Shift(ShiftCmd::List { limit }) => ExportRequest::Shifts { limit: *limit },
        Cmd::Bill(BillCmd::Preview { period }) => ExportRequest::BillingPreview {
            period: period.clone(),
        },
        Cmd::Unit(UnitCmd::List) => ExportRequest::Units,
        Cmd::Unit(UnitCmd::Ledger { code, .. }) => ExportRequest::FeeLedger { unit: code.clone() },
        _ => {
            return Err(err!(
                InvalidInput,
                "--xlsx 只用于清单和报表：report daily、report cross-check、report unreviewed、report collection、report monthly、report rates、arrears [UNIT]、receipt list、deposit list、shift list、bill preview、unit list、unit ledger",
                "--xlsx is for lists and reports only: report daily, report cross-check, report unreviewed, report collection, report monthly, report rates, arrears [UNIT], receipt list, deposit list, shift list, bill preview, unit list, unit ledger"
            ))
        }
    };
    let x = api::export_xlsx(&l, &ctx, &req)?;
    std::fs::write(path, &x.bytes).map_err(|e| {
        err!(
            Storage,
            ("无法写入 {}：{e}", path.display()),
            ("cannot write {}: {e}", path.display())
        )
    })?;
    let mut summary = serde_json::json!({
        "file": path, "bytes": x.bytes.len(), "sheets": x.sheets, "rows": x.rows, "total_fen": x.total_fen,
    });
    let mut text = format!(
        "已导出 {}（工作表 {}；{} 行，合计 ¥{}）",
        path.display(),
        x.sheets.join("、"),
        x.rows,
        api::yuan(x.total_fen)
    );
    // `report daily --pdf FILE --xlsx FILE`: both files, of the same report.
    if let (
        Cmd::Report(ReportCmd::Daily { pdf: Some(pdf), .. }),
        ExportRequest::DailyCash { scope },
    ) = (&cli.cmd, &req)
    {
        let (json, line) = daily_pdf(&api::daily_report(&l, &ctx, scope)?, pdf)?;
        summary["pdf"] = json;
        text += &format!("\n{line}");
    }
    print(cli, &summary, move |_| text);
    Ok(())
}
