//! The decoration deposit receipt (装修押金收据) and the refund voucher (退款凭证) on A5, with the
//! deposit's particulars and, on the voucher, every deduction item.

use printpdf::ExtendedGraphicsStateId;

use feedesk_ledger::deposits::Deposit;
use feedesk_ledger::money::yuan;
use feedesk_ledger::receipts::ReceiptKind;
use feedesk_ledger::{Money, Result};

use crate::draw::{short_time, Builder, Canvas};
use crate::qr;
use crate::receipt_doc::{
    kind_title, number_text, payer_text, payments_text, void_mark, ReceiptDoc,
};

const W: f32 = 210.0;
const H: f32 = 148.0;
const L: f32 = 14.0;
const R: f32 = W - 14.0;

fn heading(c: &mut Canvas, d: &ReceiptDoc, payer_label: &str) {
    c.center(
        &format!("{} {}", d.issuer.company, d.issuer.estate),
        W / 2.0,
        H - 16.0,
        13.0,
    );
    c.center(kind_title(&d.receipt), W / 2.0, H - 26.0, 18.0);
    c.right(&number_text(d), R, H - 26.0, 10.0);
    c.text_fit(&payer_text(d, payer_label), L, H - 36.0, 10.0, 120.0);
    c.right(
        &format!("日期 {}", short_time(&d.receipt.issued_at)),
        R,
        H - 36.0,
        10.0,
    );
}

/// A two-column grid of label/value cells, `row` mm high, from `top` down; returns its bottom.
fn grid(c: &mut Canvas, top: f32, row: f32, cells: &[(&str, String)]) -> f32 {
    let mid = (L + R) / 2.0;
    let rows = cells.len().div_ceil(2);
    let bottom = top - row * rows as f32;
    for i in 0..=rows {
        let y = top - row * i as f32;
        c.line(L, y, R, y, if i == 0 || i == rows { 0.8 } else { 0.3 });
    }
    for x in [L, R] {
        c.line(x, top, x, bottom, 0.8);
    }
    c.line(mid, top, mid, bottom, 0.3);
    for (i, (label, value)) in cells.iter().enumerate() {
        let x = if i % 2 == 0 { L } else { mid };
        let y = top - row * (i / 2) as f32 - row + 2.6;
        c.text(label, x + 2.0, y, 9.0);
        c.text_fit(value, x + 26.0, y, 10.0, mid - L - 28.0);
        c.line(
            x + 24.0,
            top - row * (i / 2) as f32,
            x + 24.0,
            top - row * (i / 2 + 1) as f32,
            0.3,
        );
    }
    bottom
}

fn footer(
    c: &mut Canvas,
    d: &ReceiptDoc,
    part: &str,
    gs: &ExtendedGraphicsStateId,
    signatures: &str,
    y: f32,
) -> Result<()> {
    c.text(signatures, L, y, 10.0);
    if let Some(q) = &d.qr {
        qr::draw(c, q, R - 66.0, 12.0, 22.0)?;
    }
    c.rect(R - 40.0, 12.0, 40.0, 22.0, 0.3);
    c.center("盖章处", R - 20.0, 22.0, 9.0);
    c.text(part, L, 8.0, 9.0);
    if let Some(v) = &d.receipt.void {
        c.text(
            &format!("作废：{}（{} 批准）", v.reason, v.approved_by),
            L + 40.0,
            8.0,
            9.0,
        );
    }
    void_mark(c, &d.receipt, gs, 60.0, 40.0, 90.0);
    Ok(())
}

fn deposit_receipt(c: &mut Canvas, d: &ReceiptDoc, dep: &Deposit) -> f32 {
    heading(c, d, "交款人");
    let amount = Money::from_fen(d.receipt.total_fen);
    let bottom = grid(
        c,
        H - 40.0,
        8.0,
        &[
            ("房号", dep.unit.clone()),
            ("装修许可证", dep.permit_no.clone()),
            ("施工单位", dep.contractor.clone()),
            ("施工单位电话", dep.contractor_phone.clone()),
            ("计划完工", dep.planned_end.clone()),
            ("押金金额", format!("¥{}", amount.grouped())),
        ],
    );
    c.text(
        &format!("押金人民币(大写) {}", amount.words()),
        L + 2.0,
        bottom - 6.0,
        10.0,
    );
    c.right(
        &format!("¥{}", amount.grouped()),
        R - 2.0,
        bottom - 6.0,
        11.0,
    );
    c.text_fit(
        &format!("收款方式 {}", payments_text(&d.receipt)),
        L,
        bottom - 13.0,
        9.0,
        R - L,
    );
    c.text(
        "竣工验收合格后凭本收据办理押金退还；如有损坏、垃圾未清运或超期，按规定从押金中扣除。",
        L,
        bottom - 20.0,
        8.0,
    );
    bottom - 30.0
}

fn refund_voucher(c: &mut Canvas, d: &ReceiptDoc, dep: &Deposit) -> f32 {
    heading(c, d, "领款人");
    let r = &d.receipt;
    c.text(
        &format!(
            "原押金收据 {}  许可证 {}  施工单位 {}",
            dep.receipt, dep.permit_no, dep.contractor
        ),
        L,
        H - 43.0,
        9.0,
    );
    // Deductions table: the deposit held, then each deduction and each unpaid charge settled.
    let cols = [L, L + 52.0, R - 34.0, R];
    let row = 7.0;
    let top = H - 46.0;
    c.line(L, top, R, top, 0.8);
    c.text("项目", cols[0] + 2.0, top - 5.0, 9.5);
    c.text("说明", cols[1] + 2.0, top - 5.0, 9.5);
    c.right("金额(元)", R - 2.0, top - 5.0, 9.5);
    let mut y = top - row;
    c.line(L, y, R, y, 0.5);
    for line in &r.lines {
        let (label, amount) = match line.kind.as_str() {
            "deposit" => ("装修押金".to_string(), yuan(-line.amount_fen)),
            "deduction" => (
                format!("扣：{}", line.description),
                format!("-{}", yuan(line.amount_fen)),
            ),
            _ => (
                line.description.clone(),
                format!("-{}", yuan(line.amount_fen)),
            ),
        };
        let note = match &line.period {
            Some(p) => format!("{p} {}", line.basis),
            None => line.basis.clone(),
        };
        c.text_fit(&label, cols[0] + 2.0, y - 5.0, 9.5, 48.0);
        c.text_fit(&note, cols[1] + 2.0, y - 5.0, 9.0, cols[2] - cols[1] - 4.0);
        c.right(&amount, R - 2.0, y - 5.0, 9.5);
        y -= row;
        c.line(L, y, R, y, 0.3);
    }
    let paid = -Money::from_fen(r.total_fen);
    c.text(
        &format!("实退人民币(大写) {}", paid.words()),
        L + 2.0,
        y - 5.0,
        10.0,
    );
    c.right(&format!("实退 ¥{}", paid.grouped()), R - 2.0, y - 5.0, 11.0);
    y -= row;
    c.line(L, y, R, y, 0.8);
    for x in cols {
        c.line(x, top, x, y, if x == L || x == R { 0.8 } else { 0.3 });
    }
    c.text_fit(
        &format!("退款方式 {}", payments_text(r).replace('-', "")),
        L,
        y - 6.0,
        9.0,
        R - L,
    );
    y - 14.0
}

/// One part (存根联 or 客户联) of a deposit receipt or refund voucher.
pub(crate) fn a5_page(
    b: &Builder,
    d: &ReceiptDoc,
    dep: &Deposit,
    part: &str,
    gs: &ExtendedGraphicsStateId,
) -> Result<Canvas> {
    let mut c = b.canvas();
    if d.receipt.kind == ReceiptKind::Refund {
        let y = refund_voucher(&mut c, d, dep);
        let approver = dep
            .events
            .iter()
            .rev()
            .find(|e| e.step == "refund_approved")
            .map(|e| e.user.clone())
            .unwrap_or_default();
        let sig = format!(
            "经办 {}    批准 {}    领款人签字 ________",
            d.receipt.cashier, approver
        );
        footer(&mut c, d, part, gs, &sig, y.max(38.0))?;
    } else {
        let y = deposit_receipt(&mut c, d, dep);
        footer(
            &mut c,
            d,
            part,
            gs,
            &format!("收款人 {}", d.receipt.cashier),
            y.max(38.0),
        )?;
    }
    Ok(c)
}
