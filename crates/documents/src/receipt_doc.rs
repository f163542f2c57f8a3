//! What a printed receipt shows beyond the receipt itself (issuer, 补打 count, masked phone, QR text,
//! the deposit behind it), its layouts, and the texts every receipt layout prints the same way.

use feedesk_ledger::deposits::Deposit;
use feedesk_ledger::money::yuan;
use feedesk_ledger::receipts::{Receipt, ReceiptKind};
use feedesk_ledger::{err, Result};
use printpdf::ExtendedGraphicsStateId;

use crate::draw::{Canvas, Issuer};

/// Where the receipt goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptLayout {
    /// A5 landscape, two pages: 第一联 存根 and 第二联 客户.
    A5TwoPart,
    /// An 80 mm thermal roll.
    Roll80,
}

impl ReceiptLayout {
    pub fn code(self) -> &'static str {
        match self {
            ReceiptLayout::A5TwoPart => "a5",
            ReceiptLayout::Roll80 => "roll",
        }
    }
    pub fn parse(s: &str) -> Result<ReceiptLayout> {
        match s.trim() {
            "a5" | "A5" => Ok(ReceiptLayout::A5TwoPart),
            "roll" | "80" | "80mm" => Ok(ReceiptLayout::Roll80),
            o => Err(err!(
                InvalidInput,
                "收据版式「{o}」无效：a5、roll 或 form[:文件]",
                "unknown receipt layout \"{o}\": a5, roll or form[:FILE]"
            )),
        }
    }
}

/// Everything a printed receipt shows beyond the receipt itself.
#[derive(Debug, Clone)]
pub struct ReceiptDoc {
    pub receipt: Receipt,
    pub issuer: Issuer,
    /// 补打 count: None for the original print.
    pub reprint: Option<u32>,
    /// The payer's phone, already masked (138****5678).
    pub phone: Option<String>,
    /// The signed QR text (`feedesk_protocol::QrPayload::sign`).
    pub qr: Option<String>,
    /// For a deposit receipt or a refund voucher: its deposit.
    pub deposit: Option<Deposit>,
}

pub(crate) fn kind_title(r: &Receipt) -> &'static str {
    match r.kind {
        ReceiptKind::Reversal => "收据（红冲）",
        ReceiptKind::Deposit => "装修押金收据",
        ReceiptKind::Refund => "退款凭证",
        ReceiptKind::Payment | ReceiptKind::Sale => "收  据",
    }
}

pub(crate) fn payments_text(r: &Receipt) -> String {
    r.payments
        .iter()
        .map(|p| match (p.tendered_fen, p.change_fen) {
            (Some(t), Some(c)) => format!(
                "{} ¥{}（实收 ¥{} 找零 ¥{}）",
                p.method.zh(),
                yuan(p.amount_fen),
                yuan(t),
                yuan(c)
            ),
            _ => format!("{} ¥{}", p.method.zh(), yuan(p.amount_fen)),
        })
        .collect::<Vec<_>>()
        .join("  ")
}

/// 部分缴纳: a receipt for part of what was asked says what stays owed.
pub(crate) fn partial_text(r: &Receipt) -> Option<String> {
    r.remaining_fen
        .map(|f| format!("部分缴纳，所列费用尚欠 ¥{}", yuan(f)))
}

pub(crate) fn number_text(d: &ReceiptDoc) -> String {
    match d.reprint {
        Some(n) => format!("No. {}  补打(第{n}次)", d.receipt.number),
        None => format!("No. {}", d.receipt.number),
    }
}

pub(crate) fn payer_text(d: &ReceiptDoc, label: &str) -> String {
    let mut s = format!("{label} {}", d.receipt.payer)
        .trim_start()
        .to_string();
    if let Some(p) = d.phone.as_deref().filter(|p| !p.is_empty()) {
        s += &format!(" {p}");
    }
    if let Some(u) = &d.receipt.unit {
        s += &format!(" ({u})");
    }
    s
}

/// 作废 across the page, translucent red, when the receipt is void.
pub(crate) fn void_mark(
    c: &mut Canvas,
    r: &Receipt,
    gs: &ExtendedGraphicsStateId,
    x: f32,
    y: f32,
    size: f32,
) {
    if r.void.is_some() {
        c.translucent_red(gs, |c| c.rotated("作废", x, y, size, 30.0));
    }
}
