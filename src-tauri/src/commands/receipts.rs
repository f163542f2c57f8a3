//! Receipts: looked up, printed (补打 counted by the core), voided and reversed; the desk's printer.

use feedesk_api::{self as api, Approval, PrintedDoc, Receipt, ReceiptRow, Result};

use super::S;

#[tauri::command(async, rename_all = "snake_case")]
pub fn receipts(s: S, query: String, limit: usize) -> Result<Vec<ReceiptRow>> {
    s.with(|l, c| api::receipts(l, c, &query, limit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn receipt(s: S, number: String) -> Result<Receipt> {
    s.with(|l, c| api::receipt(l, c, &number))
}

/// The receipt in the layout of the preferences, saved under the app-data folder, then printed on the
/// desk's printer if one is chosen, or opened for preview.
#[tauri::command(async, rename_all = "snake_case")]
pub fn print_receipt(s: S, number: String) -> Result<PrintedDoc> {
    let (layout, preview) = s.receipt_prefs()?;
    let dir = s.receipts_dir();
    s.with(|l, c| api::print_receipt_file(l, c, &number, layout, &dir, preview))
}

/// The desk's printer (settings of the ledger); None = only save PDFs.
#[tauri::command(async, rename_all = "snake_case")]
pub fn printer(s: S) -> Result<Option<String>> {
    s.with(|l, c| api::printer(l, c))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_printer(s: S, name: String) -> Result<()> {
    s.with(|l, c| api::set_printer(l, c, &name))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn void_receipt(s: S, number: String, reason: String, approval: Approval) -> Result<Receipt> {
    s.with(|l, c| api::void_receipt(l, c, &number, &reason, &approval))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn reverse_receipt(
    s: S,
    number: String,
    reason: String,
    approval: Approval,
) -> Result<Receipt> {
    s.with(|l, c| api::reverse_receipt(l, c, &number, &reason, &approval))
}
