//! `feedesk receipt …`: show, PDF, print, verify a QR code, list.

use std::path::PathBuf;

use clap::Subcommand;
use feedesk_api::*;
use feedesk_api::{self as api};

use crate::counter::receipt_text;
use crate::session::{open, print, session};
use crate::table::Table;
use crate::{document, print as printing, Cli};

#[derive(Subcommand)]
pub enum ReceiptCmd {
    Show {
        number: String,
    },
    /// Print the receipt to a PDF: A5 in two parts (存根联/客户联), an 80 mm roll, or values only for a
    /// pre-printed form (套打); later prints say 补打.
    Pdf {
        number: String,
        /// Default: <number>.pdf
        #[arg(long)]
        out: Option<PathBuf>,
        /// a5 | roll | form (built-in 241×93 mm layout) | form:PATH (a layout file)
        #[arg(long, default_value = "a5")]
        layout: String,
    },
    /// Print the receipt on the desk's printer (recorded as a print: later ones say 补打).
    Print(printing::ReceiptPrintArgs),
    /// Check the text of a receipt's QR code against this desk's secret.
    VerifyQr {
        text: String,
    },
    /// By number, unit code or date (YYYY-MM-DD).
    List {
        #[arg(default_value = "")]
        query: String,
        #[arg(long, default_value_t = 30)]
        limit: usize,
    },
}
pub fn receipt(cli: &Cli, c: &ReceiptCmd) -> Result<()> {
    let mut l = open(cli)?;
    let ctx = session(cli, &l)?;
    match c {
        ReceiptCmd::Show { number } => {
            let r = api::receipt(&l, &ctx, number)?;
            print(cli, &r, receipt_text);
        }
        ReceiptCmd::Pdf {
            number,
            out,
            layout,
        } => {
            let bytes = match document::parse_layout(layout)? {
                document::PrintLayout::Standard(lay) => {
                    api::print_receipt(&mut l, &ctx, number, lay)?
                }
                document::PrintLayout::Form(f) => {
                    api::print_receipt_form(&mut l, &ctx, number, &f)?
                }
            };
            let path = out
                .clone()
                .unwrap_or_else(|| PathBuf::from(format!("{}.pdf", number.trim())));
            let (json, text) = document::write_pdf(&path, &bytes)?;
            print(cli, &json, |_| text);
        }
        ReceiptCmd::VerifyQr { text } => {
            let p = api::verify_receipt_qr(&mut l, &ctx, text)?;
            print(cli, &p, |p| {
                format!(
                    "二维码有效：收据 {}（收银台 {}）金额 ¥{}",
                    p.number,
                    p.desk,
                    yuan(p.amount_fen)
                )
            });
        }
        ReceiptCmd::Print(a) => {
            let (json, text) = printing::print_receipt(&mut l, &ctx, a)?;
            print(cli, &json, |_| text);
        }
        ReceiptCmd::List { query, limit } => {
            let list = api::receipts(&l, &ctx, query, *limit)?;
            print(cli, &list, |list| {
                let mut t =
                    Table::new(&["收据号", "类型", "房号", "交款人", "时间", "金额>", "状态"]);
                for r in list {
                    t.row(vec![
                        r.number.clone(),
                        r.kind.zh().into(),
                        r.unit.clone().unwrap_or_default(),
                        r.payer.clone(),
                        r.issued_at
                            .chars()
                            .take(16)
                            .collect::<String>()
                            .replace('T', " "),
                        yuan(r.total_fen),
                        if r.voided {
                            "作废".into()
                        } else {
                            String::new()
                        },
                    ]);
                }
                t.render()
            });
        }
    }
    Ok(())
}
