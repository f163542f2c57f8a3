//! Documents saved where the desk keeps them (a folder the caller names: the app's data folder) and
//! handed to the printer or the system's viewer: receipts, notices, the daily cash report, exports.

use std::path::Path;

use feedesk_documents::printing;
use serde::Serialize;

use crate::*;

/// A document saved into a folder and handed to the system's viewer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SavedFile {
    pub path: String,
    pub opened: bool,
}

/// A receipt saved as PDF and, when the desk has a printer, printed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PrintedDoc {
    pub path: String,
    /// The desk's printer it was sent to; None when no printer is chosen (the PDF is only saved).
    pub printer: Option<String>,
    pub printed: bool,
    /// Why printing failed: the PDF is kept (and opened in the viewer); a later print says 补打.
    pub error_zh: Option<String>,
    pub error_en: Option<String>,
}

fn io_err(path: &Path, e: std::io::Error) -> Error {
    err!(
        Storage,
        ("无法写入 {}：{e}", path.display()),
        ("cannot write {}: {e}", path.display())
    )
}

fn save(dir: &Path, name: &str, bytes: &[u8]) -> Result<std::path::PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| io_err(&path, e))?;
    Ok(path)
}

fn save_and_open(dir: &Path, name: &str, bytes: &[u8]) -> Result<SavedFile> {
    let path = save(dir, name, bytes)?;
    Ok(SavedFile {
        opened: printing::open_in_viewer(&path),
        path: path.display().to_string(),
    })
}

/// A file name made of letters, digits and `-` only, whatever the user typed into its parts.
fn safe_name(raw: &str) -> String {
    raw.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The receipt saved as `<dir>/<number>.pdf` (recorded as a print: later ones say 补打), then sent to
/// the desk's printer if one is chosen, or opened in the viewer when `preview` is asked for.
pub fn print_receipt_file(
    l: &mut Ledger,
    ctx: &Ctx,
    number: &str,
    layout: ReceiptLayout,
    dir: &Path,
    preview: bool,
) -> Result<PrintedDoc> {
    let path = dir.join(format!("{}.pdf", safe_name(number.trim())));
    let printer = if preview { None } else { printer(l, ctx)? };
    let out = match &printer {
        Some(p) => {
            std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
            print_receipt_to_printer(l, ctx, number, layout, &path, Some(p), true)?
        }
        None => {
            let pdf = print_receipt(l, ctx, number, layout)?;
            let path = save(dir, &format!("{}.pdf", safe_name(number.trim())), &pdf)?;
            if preview {
                printing::open_in_viewer(&path);
            }
            PrintOutcome {
                file: path,
                printer: None,
                printed: false,
                job: None,
                error_zh: None,
                error_en: None,
                opened_in_viewer: preview,
            }
        }
    };
    Ok(PrintedDoc {
        path: out.file.display().to_string(),
        printer: out.printer,
        printed: out.printed,
        error_zh: out.error_zh,
        error_en: out.error_en,
    })
}

/// 交费/催费通知单 saved into `dir` and opened in the viewer (to check and print from there).
pub fn save_notice_pdf(
    l: &Ledger,
    ctx: &Ctx,
    kind: NoticeKind,
    period: &str,
    target: &NoticeTarget,
    dir: &Path,
) -> Result<SavedFile> {
    let pdf = notice_pdf(l, ctx, kind, period, target)?;
    let (NoticeTarget::Unit(who) | NoticeTarget::Building(who)) = target;
    let name = safe_name(&format!("{kind:?}-{}-{who}", period.trim()));
    save_and_open(dir, &format!("{name}.pdf"), &pdf)
}

/// 现金日报表 as an A4 PDF saved into `dir` and opened in the viewer.
/// 收费月报表 as a PDF under `dir`, opened in the system's viewer.
pub fn save_monthly_report_pdf(
    l: &Ledger,
    ctx: &Ctx,
    month: &str,
    dir: &Path,
) -> Result<SavedFile> {
    let r = monthly_report(l, ctx, month)?;
    let pdf = monthly_report_pdf_of(&r)?;
    save_and_open(dir, &format!("收费月报表-{}.pdf", r.month), &pdf)
}

/// 收费台账 of a unit as a PDF under `dir`, opened in the system's viewer.
pub fn save_fee_ledger_pdf(l: &Ledger, ctx: &Ctx, unit: &str, dir: &Path) -> Result<SavedFile> {
    let pdf = fee_ledger_pdf(l, ctx, unit)?;
    save_and_open(dir, &format!("收费台账-{}.pdf", safe_name(unit)), &pdf)
}

pub fn save_daily_report_pdf(
    l: &Ledger,
    ctx: &Ctx,
    scope: &DailyScope,
    dir: &Path,
) -> Result<SavedFile> {
    let who = match scope {
        DailyScope::Shift { id } => format!("-班次{id}"),
        DailyScope::CashierDay { username, .. } => format!("-{}", safe_name(username)),
        DailyScope::DeskDay { .. } => String::new(),
    };
    let r = daily_report(l, ctx, scope)?;
    let pdf = daily_report_pdf_of(&r)?;
    save_and_open(dir, &format!("现金日报表-{}{who}.pdf", r.date_from), &pdf)
}

/// A list or report as XLSX saved into `dir` and opened in the viewer.
pub fn save_export(l: &Ledger, ctx: &Ctx, req: &ExportRequest, dir: &Path) -> Result<SavedFile> {
    let x = export_xlsx(l, ctx, req)?;
    save_and_open(dir, &x.file_name, &x.bytes)
}
