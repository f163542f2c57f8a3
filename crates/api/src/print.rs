//! Printing: receipts (recorded as prints, so a later one says 补打), their QR codes, the desk's printer.

use std::path::Path;

use feedesk_ledger::db::{self, with_tx};
use feedesk_ledger::{auth, deposits, estate, receipts};

use feedesk_protocol::ScannedQr;

use crate::*;

/// Record a print of receipt `number` and gather what the printed receipt shows: the first print
/// is the original, every later one is 补打 with its count (audited); the payer's phone masked;
/// the QR text signed with the desk's secret; the deposit behind a deposit receipt or voucher.
fn receipt_doc(
    tx: &rusqlite::Transaction,
    ctx: &Ctx,
    issuer: feedesk_documents::Issuer,
    number: &str,
    layout: &str,
) -> Result<feedesk_documents::ReceiptDoc> {
    use rusqlite::OptionalExtension;
    let r = receipts::receipt(tx, number)?;
    let (id, uuid, desk, before): (i64, String, String, i64) = tx.query_row(
        "SELECT r.id, r.uuid, r.desk, (SELECT COUNT(*) FROM receipt_prints p WHERE p.receipt_id = r.id) FROM receipts r WHERE r.number = ?1",
        [&r.number],
        |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?)),
    )?;
    tx.execute(
        "INSERT INTO receipt_prints(receipt_id, printed_at, user_id, layout) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![id, ctx.now_text(), ctx.actor.user_id, layout],
    )?;
    let reprint = (before > 0).then_some(before as u32);
    if let Some(n) = reprint {
        auth::audit(
            tx,
            ctx,
            "reprint_receipt",
            &r.number,
            &format!("补打 {n}"),
            None,
            None,
        )?;
    }
    // The payer's own phone if the payer is a party of the unit, else the owner's; always masked:
    // the customer's part leaves the office.
    let phone: Option<String> = tx
        .query_row(
            "SELECT p.phone FROM receipts r JOIN parties p ON p.unit_id = r.unit_id AND p.active = 1
             WHERE r.id = ?1 AND p.phone <> '' ORDER BY (p.name = r.payer) DESC, (p.role = 'owner') DESC, p.id LIMIT 1",
            [id],
            |x| x.get(0),
        )
        .optional()?;
    let payload = QrPayload {
        receipt_id: uuid,
        number: r.number.clone(),
        desk,
        amount_fen: r.total_fen,
    };
    // Sealed with the desk's key once enrolled (head office can check it); the desk's HMAC before.
    let qr = match &ctx.key {
        Some(k) => payload.seal(k),
        None => payload.sign(&receipts::desk_secret(tx)?),
    };
    let deposit_id: Option<i64> = tx
        .query_row(
            "SELECT id FROM deposits WHERE receipt_id = ?1 UNION ALL SELECT deposit_id FROM deposit_events WHERE receipt_id = ?1 LIMIT 1",
            [id],
            |x| x.get(0),
        )
        .optional()?;
    let deposit = match deposit_id {
        Some(d) => {
            let mut dep = deposits::get(tx, ctx, d)?;
            if !dep.contractor_phone.contains('*') {
                dep.contractor_phone = estate::mask_phone(&dep.contractor_phone);
            }
            Some(dep)
        }
        None => None,
    };
    Ok(feedesk_documents::ReceiptDoc {
        receipt: r,
        issuer,
        reprint,
        phone: phone.map(|p| estate::mask_phone(&p)),
        qr: Some(qr),
        deposit,
    })
}

pub(crate) fn issuer(l: &Ledger) -> Result<feedesk_documents::Issuer> {
    let info = estate_info(l)?;
    Ok(feedesk_documents::Issuer {
        company: info.company_name,
        estate: info.estate_name,
    })
}

/// Print a receipt: the PDF (A5 in two parts, or an 80 mm roll), recorded as printed. The first print
/// is the original; every later one says 补打 with its count. A deposit receipt or refund voucher on
/// A5 carries the deposit's particulars and deductions.
pub fn print_receipt(
    l: &mut Ledger,
    ctx: &Ctx,
    number: &str,
    layout: feedesk_documents::ReceiptLayout,
) -> Result<Vec<u8>> {
    ctx.actor.require(auth::Perm::Collect)?;
    let issuer = issuer(l)?;
    with_tx(&mut l.conn, |tx| {
        let d = receipt_doc(tx, ctx, issuer, number, layout.code())?;
        feedesk_documents::receipt_pdf(&d, layout)
    })
}

/// Print a receipt's values onto a pre-printed form (套打) laid out by `layout`; recorded like any print.
pub fn print_receipt_form(
    l: &mut Ledger,
    ctx: &Ctx,
    number: &str,
    layout: &feedesk_documents::FormLayout,
) -> Result<Vec<u8>> {
    ctx.actor.require(auth::Perm::Collect)?;
    let issuer = issuer(l)?;
    with_tx(&mut l.conn, |tx| {
        let d = receipt_doc(tx, ctx, issuer, number, "form")?;
        feedesk_documents::form_receipt_pdf(&d, layout)
    })
}

/// Check a receipt's QR text at this desk: an `FD1` code against the desk's secret, an `FD2` code
/// against the desk's keys. The payload when it is genuine.
pub fn verify_receipt_qr(l: &mut Ledger, ctx: &Ctx, text: &str) -> Result<QrPayload> {
    ctx.actor.require(feedesk_ledger::auth::Perm::Read)?;
    let bad = || {
        err!(
            AuthFailed,
            "二维码校验失败：收据内容被改动，或不是本收银台开具",
            "QR check failed: the receipt was altered or was not issued by this desk"
        )
    };
    let q = ScannedQr::read(text).map_err(|_| {
        err!(
            InvalidInput,
            "二维码内容格式不对，不是 feedesk 收据",
            "the QR text is not a feedesk receipt code"
        )
    })?;
    let genuine = if q.signed {
        feedesk_ledger::hq_link::public_keys(&l.conn)?
            .iter()
            .filter_map(|k| feedesk_protocol::PublicKey::from_hex(k).ok())
            .any(|k| q.check_key(&k))
    } else {
        let secret = with_tx(&mut l.conn, |tx| receipts::desk_secret(tx))?;
        q.check_secret(&secret)
    };
    if genuine {
        Ok(q.payload)
    } else {
        Err(bad())
    }
}

/// The desk's printer (settings key `printer`); None = the system's default printer.
pub fn printer(l: &Ledger, ctx: &Ctx) -> Result<Option<String>> {
    ctx.actor.require(auth::Perm::Read)?;
    Ok(
        db::setting(&l.conn, feedesk_documents::printing::PRINTER_SETTING)?
            .filter(|p| !p.is_empty()),
    )
}

/// Choose the desk's printer (the one attached to this counter PC); an empty name = system default.
pub fn set_printer(l: &mut Ledger, ctx: &Ctx, name: &str) -> Result<()> {
    ctx.actor.require(auth::Perm::Collect)?;
    let name = name.trim();
    if name.chars().any(|c| c.is_control()) || name.len() > 127 {
        return Err(err!(
            InvalidInput,
            "打印机名称「{name}」无效",
            "invalid printer name \"{name}\""
        ));
    }
    with_tx(&mut l.conn, |tx| {
        db::set_setting(tx, feedesk_documents::printing::PRINTER_SETTING, name)?;
        auth::audit(tx, ctx, "set_printer", "printer", name, None, None)
    })
}

/// Print a PDF on `printer`, else the desk's printer, else the system default. A failed print is not
/// an error here: the outcome says why, and the PDF was opened in the viewer if `open_viewer`.
pub fn print_pdf(
    l: &Ledger,
    ctx: &Ctx,
    file: &Path,
    printer: Option<&str>,
    open_viewer: bool,
) -> Result<PrintOutcome> {
    let chosen = match printer.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(p.to_string()),
        None => self::printer(l, ctx)?,
    };
    Ok(feedesk_documents::printing::print_pdf(
        file,
        chosen.as_deref(),
        open_viewer,
    ))
}

/// 打印收据: the receipt PDF (recorded as a print, so a later one says 补打) saved at `out`, then
/// sent to the printer. The PDF is written before printing, so a failed print still leaves it.
pub fn print_receipt_to_printer(
    l: &mut Ledger,
    ctx: &Ctx,
    number: &str,
    layout: feedesk_documents::ReceiptLayout,
    out: &Path,
    printer: Option<&str>,
    open_viewer: bool,
) -> Result<PrintOutcome> {
    let bytes = print_receipt(l, ctx, number, layout)?;
    std::fs::write(out, &bytes).map_err(|e| {
        err!(
            Storage,
            ("无法写入 {}：{e}", out.display()),
            ("cannot write {}: {e}", out.display())
        )
    })?;
    print_pdf(l, ctx, out, printer, open_viewer)
}

/// A millimetre grid on the form's paper, to align a 套打 layout with the pre-printed form.
pub fn calibration_pdf(layout: &FormLayout) -> Result<Vec<u8>> {
    feedesk_documents::calibration_pdf(layout)
}
