//! `feedesk print FILE.pdf`, `feedesk receipt print NO` and `feedesk settings printer`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use feedesk_api::ReceiptLayout;
use feedesk_api::{self as api, Ctx, Ledger, PrintOutcome};
use feedesk_api::{err, Result};

#[derive(Args)]
pub struct PrintArgs {
    pub file: PathBuf,
    /// Printer (CUPS queue) name; default: the desk's printer (`feedesk settings printer`), else the system default.
    #[arg(long)]
    pub printer: Option<String>,
    /// On failure, do not open the PDF in the system viewer.
    #[arg(long)]
    pub no_viewer: bool,
}

#[derive(Args)]
pub struct ReceiptPrintArgs {
    pub number: String,
    #[arg(long)]
    pub printer: Option<String>,
    /// a5 | roll
    #[arg(long, default_value = "a5")]
    pub layout: String,
    /// Where the PDF is kept (default: <number>.pdf).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[arg(long)]
    pub no_viewer: bool,
}

#[derive(Subcommand)]
pub enum SettingsCmd {
    /// Show or choose this desk's printer; "" = the system default.
    Printer { name: Option<String> },
}

/// A failed print is reported in full, then the command fails (exit code 1).
fn outcome(o: PrintOutcome) -> Result<(serde_json::Value, String)> {
    let json = serde_json::to_value(&o).expect("serialise");
    let on = o.printer.clone().unwrap_or_else(|| "默认打印机".into());
    if o.printed {
        let job = o
            .job
            .clone()
            .map(|j| format!("（作业 {j}）"))
            .unwrap_or_default();
        return Ok((json, format!("已发送到 {on}{job}：{}", o.file.display())));
    }
    let viewer = if o.opened_in_viewer {
        "已用系统查看器打开，可手工打印"
    } else {
        "未在查看器中打开，请手工打开并打印"
    };
    let viewer_en = if o.opened_in_viewer {
        "it was opened in the system viewer to print by hand"
    } else {
        "it was not opened in a viewer; open and print it by hand"
    };
    Err(err!(
        PrintFailed,
        (
            "{}（打印机 {on}）。PDF 未丢失：{}，{viewer}。",
            o.error_zh.unwrap_or_default(),
            o.file.display()
        ),
        (
            "{} (printer {}). Nothing is lost: the PDF is {}; {viewer_en}.",
            o.error_en.unwrap_or_default(),
            o.printer.as_deref().unwrap_or("default"),
            o.file.display()
        )
    ))
}

pub fn print_file(l: &Ledger, ctx: &Ctx, a: &PrintArgs) -> Result<(serde_json::Value, String)> {
    outcome(api::print_pdf(
        l,
        ctx,
        &a.file,
        a.printer.as_deref(),
        !a.no_viewer,
    )?)
}

pub fn print_receipt(
    l: &mut Ledger,
    ctx: &Ctx,
    a: &ReceiptPrintArgs,
) -> Result<(serde_json::Value, String)> {
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.pdf", a.number.trim())));
    outcome(api::print_receipt_to_printer(
        l,
        ctx,
        &a.number,
        ReceiptLayout::parse(&a.layout)?,
        Path::new(&out),
        a.printer.as_deref(),
        !a.no_viewer,
    )?)
}

pub fn settings(l: &mut Ledger, ctx: &Ctx, c: &SettingsCmd) -> Result<(serde_json::Value, String)> {
    match c {
        SettingsCmd::Printer { name: Some(n) } => {
            api::set_printer(l, ctx, n)?;
            let p = api::printer(l, ctx)?;
            Ok((
                serde_json::json!({ "printer": p }),
                format!("打印机已设为 {}", p.as_deref().unwrap_or("系统默认打印机")),
            ))
        }
        SettingsCmd::Printer { name: None } => {
            let p = api::printer(l, ctx)?;
            Ok((
                serde_json::json!({ "printer": p }),
                format!("打印机 {}", p.as_deref().unwrap_or("系统默认打印机")),
            ))
        }
    }
}
