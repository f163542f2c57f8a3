//! Printed documents as PDF, one file per kind: receipts (and deposit receipts / refund vouchers),
//! the daily cash report, payment and dunning notices, and values for pre-printed forms (套打).
//! Every document embeds Noto Sans SC as a subset (only the glyphs it uses). Callers go through
//! `api`, which reads the ledger; the drawing functions only draw what they are given (the one
//! reader here is `notice::gather`, which collects a notice's figures).

mod daily;
mod deposit;
mod draw;
mod form;
mod notice;
mod qr;
mod receipt;

pub use daily::daily_report_pdf;
pub use form::{calibration_pdf, form_receipt_pdf, FormLayout};
pub(crate) use notice::gather as gather_notices;
pub use notice::{notice_pdf, Notice, NoticeCharge, NoticeKind, NoticeOffice, NoticeTarget};
pub(crate) use qr::desk_secret;
pub use qr::{verify_qr, QrPayload};
pub use receipt::{receipt_pdf, ReceiptDoc, ReceiptLayout};

/// Who issued a document, printed in its heading.
#[derive(Debug, Clone)]
pub struct Issuer {
    pub company: String,
    pub estate: String,
}
