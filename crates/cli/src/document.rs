//! `feedesk notice …` (交费/催费通知单), `feedesk layout calibrate` (套打校准) and the PDF file writer
//! the document commands share.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use feedesk_api::FormLayout;
use feedesk_api::{self as api, Ctx, Ledger, NoticeKind, NoticeOffice, NoticeTarget};
use feedesk_api::{err, Result};

#[derive(Subcommand)]
pub enum NoticeCmd {
    /// 交费通知单: the period's charges, arrears, prepayment and what to pay; two per A4 page.
    Payment(NoticeArgs),
    /// 催费通知单: every unit in arrears with its open charges.
    Dunning(NoticeArgs),
    /// Set where and how to pay, as printed on notices (administrators).
    Office {
        #[arg(long, default_value = "")]
        address: String,
        #[arg(long, default_value = "")]
        phone: String,
        #[arg(long, default_value = "")]
        hours: String,
        #[arg(long = "how-to-pay", default_value = "")]
        how_to_pay: String,
    },
}

#[derive(clap::Args)]
pub struct NoticeArgs {
    /// YYYY-MM
    #[arg(long)]
    period: String,
    #[arg(
        long,
        conflicts_with = "building",
        required_unless_present = "building"
    )]
    unit: Option<String>,
    #[arg(long)]
    building: Option<String>,
    #[arg(long)]
    out: PathBuf,
}

#[derive(Subcommand)]
pub enum LayoutCmd {
    /// Print a mm grid on the form's paper size to align a pre-printed form (套打校准).
    Calibrate {
        /// Layout file (TOML); default: the built-in 241 × 93 mm form.
        #[arg(long)]
        layout: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a layout file and show what it holds.
    Check { file: PathBuf },
}

/// Write a PDF and say where it went.
pub fn write_pdf(path: &Path, bytes: &[u8]) -> Result<(serde_json::Value, String)> {
    std::fs::write(path, bytes).map_err(|e| {
        err!(
            Storage,
            ("无法写入 {}：{e}", path.display()),
            ("cannot write {}: {e}", path.display())
        )
    })?;
    Ok((
        serde_json::json!({"file": path, "bytes": bytes.len()}),
        format!(
            "已生成 {}（{} KB）",
            path.display(),
            bytes.len().div_ceil(1024)
        ),
    ))
}

/// `a5`, `roll`, `form` (the built-in 套打 layout) or `form:PATH`.
pub enum PrintLayout {
    Standard(feedesk_api::ReceiptLayout),
    Form(Box<FormLayout>),
}

pub fn parse_layout(s: &str) -> Result<PrintLayout> {
    let s = s.trim();
    if s == "form" {
        return Ok(PrintLayout::Form(Box::new(FormLayout::builtin())));
    }
    if let Some(path) = s.strip_prefix("form:") {
        return Ok(PrintLayout::Form(Box::new(FormLayout::load(Path::new(
            path,
        ))?)));
    }
    Ok(PrintLayout::Standard(feedesk_api::ReceiptLayout::parse(s)?))
}

pub fn notice(l: &mut Ledger, ctx: &Ctx, cmd: &NoticeCmd) -> Result<(serde_json::Value, String)> {
    let (kind, a) = match cmd {
        NoticeCmd::Payment(a) => (NoticeKind::Payment, a),
        NoticeCmd::Dunning(a) => (NoticeKind::Dunning, a),
        NoticeCmd::Office {
            address,
            phone,
            hours,
            how_to_pay,
        } => {
            let o = NoticeOffice {
                address: address.clone(),
                phone: phone.clone(),
                hours: hours.clone(),
                how_to_pay: how_to_pay.clone(),
            };
            api::set_notice_office(l, ctx, &o)?;
            return Ok((
                serde_json::to_value(&o).expect("serialise"),
                "已保存通知单上的交费地点与方式".into(),
            ));
        }
    };
    let target = match (&a.unit, &a.building) {
        (Some(u), _) => NoticeTarget::Unit(u.clone()),
        (None, Some(b)) => NoticeTarget::Building(b.clone()),
        (None, None) => unreachable!("clap requires --unit or --building"),
    };
    let bytes = api::notice_pdf(l, ctx, kind, &a.period, &target)?;
    write_pdf(&a.out, &bytes)
}

pub fn layout(cmd: &LayoutCmd) -> Result<(serde_json::Value, String)> {
    match cmd {
        LayoutCmd::Calibrate { layout, out } => {
            let l = match layout {
                Some(p) => FormLayout::load(p)?,
                None => FormLayout::builtin(),
            };
            write_pdf(out, &api::calibration_pdf(&l)?)
        }
        LayoutCmd::Check { file } => {
            let l = FormLayout::load(file)?;
            Ok((
                serde_json::json!({"name": l.name, "width_mm": l.width_mm, "height_mm": l.height_mm}),
                format!(
                    "版式「{}」有效：{} × {} mm",
                    l.name, l.width_mm, l.height_mm
                ),
            ))
        }
    }
}
