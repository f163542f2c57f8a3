//! The desk's documents, drawn from plain data handed over by the api (no SQL here): receipts,
//! deposit receipts and refund vouchers, the daily cash report, payment and dunning notices, values
//! for pre-printed forms (套打) as PDF; every list and report as XLSX; printing through CUPS.
//! Every PDF embeds Noto Sans SC as a subset (only the glyphs it uses).

mod daily;
mod deposit;
mod draw;
mod fee_ledger;
mod form;
mod monthly;
mod notice;
mod paged;
mod qr;
mod receipt;
mod receipt_doc;

pub mod printing;
pub mod xlsx;

pub use daily::daily_report_pdf;
pub use draw::Issuer;
pub use fee_ledger::fee_ledger_pdf;
pub use form::{calibration_pdf, form_receipt_pdf, FormLayout};
pub use monthly::monthly_report_pdf;
pub use notice::notice_pdf;
pub use receipt::receipt_pdf;
pub use receipt_doc::{ReceiptDoc, ReceiptLayout};
