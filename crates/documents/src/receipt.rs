//! The receipt (收据) as PDF: A5 in two parts (存根联 / 客户联) and an 80 mm roll, with the payer's
//! masked phone and the signed QR code. A deposit receipt or refund voucher on A5 goes to
//! [`super::deposit`], which prints the deposit's own particulars.

use printpdf::ExtendedGraphicsStateId;

use feedesk_ledger::money::yuan;
use feedesk_ledger::receipts::Receipt;
use feedesk_ledger::{Money, Result};

use crate::deposit;
use crate::draw::{short_time, Builder, Canvas};
use crate::qr;
use crate::receipt_doc::{
    kind_title, number_text, partial_text, payer_text, payments_text, void_mark, ReceiptDoc,
    ReceiptLayout,
};

/// Lines that fit an A5 part: up to 10 as they are; more (a year paid at once) are merged per fee
/// item into one line with the period range and its sum, so the receipt stays one page.
fn a5_lines(r: &Receipt) -> Vec<[String; 4]> {
    const MAX: usize = 10;
    if r.lines.len() <= MAX {
        return r
            .lines
            .iter()
            .map(|x| {
                [
                    x.description.clone(),
                    x.period.clone().unwrap_or_default(),
                    x.basis.clone(),
                    yuan(x.amount_fen),
                ]
            })
            .collect();
    }
    let mut groups: Vec<(String, Vec<&feedesk_ledger::receipts::ReceiptLine>)> = vec![];
    for x in &r.lines {
        match groups.iter_mut().find(|g| g.0 == x.description) {
            Some(g) => g.1.push(x),
            None => groups.push((x.description.clone(), vec![x])),
        }
    }
    groups
        .into_iter()
        .map(|(desc, xs)| {
            let periods: Vec<&str> = xs.iter().filter_map(|x| x.period.as_deref()).collect();
            let period = match (periods.iter().min(), periods.iter().max()) {
                (Some(a), Some(b)) if a != b && a.get(..5) == b.get(..5) => {
                    format!("{a}~{}", b.get(5..).unwrap_or(b))
                }
                (Some(a), Some(b)) if a != b => format!("{a}~{b}"),
                (Some(a), _) => a.to_string(),
                _ => String::new(),
            };
            let basis = if xs.len() > 1 {
                format!("{} 笔合并", xs.len())
            } else {
                xs[0].basis.clone()
            };
            [
                desc,
                period,
                basis,
                yuan(xs.iter().map(|x| x.amount_fen).sum()),
            ]
        })
        .collect()
}

fn a5_page(
    b: &Builder,
    d: &ReceiptDoc,
    part: &str,
    gs: &ExtendedGraphicsStateId,
) -> Result<Canvas> {
    let r = &d.receipt;
    let (w, h) = (210.0, 148.0);
    let (l, rr) = (14.0, w - 14.0);
    let mut c = b.canvas();
    c.center(
        &format!("{} {}", d.issuer.company, d.issuer.estate),
        w / 2.0,
        h - 16.0,
        13.0,
    );
    c.center(kind_title(r), w / 2.0, h - 26.0, 18.0);
    c.right(&number_text(d), rr, h - 26.0, 10.0);
    c.text_fit(&payer_text(d, "交款单位/人"), l, h - 36.0, 10.0, 120.0);
    c.right(
        &format!("日期 {}", short_time(&r.issued_at)),
        rr,
        h - 36.0,
        10.0,
    );
    // The table: header, one row per line, the total row.
    let cols = [l, l + 52.0, l + 80.0, rr - 34.0, rr];
    let items = a5_lines(r);
    // The table gets 63 mm: rows shrink from 8 to 5 mm before lines are merged (see a5_lines).
    let row = (63.0 / (items.len().max(1) as f32 + 2.0)).clamp(5.0, 8.0);
    let (size, base) = (if row < 7.0 { 9.0 } else { 10.0 }, row * 0.31);
    let top = h - 40.0;
    let rows = items.len().max(1) as f32;
    let bottom = top - row * (rows + 2.0);
    c.line(l, top, rr, top, 0.8);
    c.line(l, top - row, rr, top - row, 0.5);
    for (i, head) in ["收费项目", "所属期间", "计费依据"].iter().enumerate() {
        c.text(head, cols[i] + 2.0, top - row + base, size);
    }
    c.right("金额(元)", rr - 2.0, top - row + base, size);
    for (i, [desc, period, basis, amount]) in items.iter().enumerate() {
        let y = top - row * (i as f32 + 2.0);
        c.text_fit(desc, cols[0] + 2.0, y + base, size, 48.0);
        c.text_fit(
            period,
            cols[1] + 2.0,
            y + base,
            size,
            cols[2] - cols[1] - 3.0,
        );
        c.text_fit(
            basis,
            cols[2] + 2.0,
            y + base,
            size - 1.0,
            cols[3] - cols[2] - 4.0,
        );
        c.right(amount, rr - 2.0, y + base, size);
        c.line(l, y, rr, y, 0.3);
    }
    let total = Money::from_fen(r.total_fen);
    c.text(
        &format!("合计人民币(大写) {}", total.words()),
        l + 2.0,
        bottom + 2.5,
        10.0,
    );
    c.right(
        &format!("¥{}", total.grouped()),
        rr - 2.0,
        bottom + 2.5,
        11.0,
    );
    c.line(l, bottom, rr, bottom, 0.8);
    for (i, x) in cols.iter().enumerate() {
        let y_end = if i == 1 || i == 2 {
            bottom + row
        } else {
            bottom
        };
        c.line(*x, top, *x, y_end, if i == 0 || i == 4 { 0.8 } else { 0.3 });
    }
    c.text_fit(
        &format!("收款方式 {}", payments_text(r)),
        l,
        bottom - 8.0,
        9.0,
        rr - l,
    );
    c.text(&format!("收款人 {}", r.cashier), l, bottom - 16.0, 10.0);
    if let Some(p) = partial_text(r) {
        c.text(&p, l + 45.0, bottom - 16.0, 10.0);
    }
    if let Some(q) = &d.qr {
        qr::draw(&mut c, q, rr - 66.0, bottom - 33.0, 22.0)?;
        c.center("扫码验真", rr - 55.0, bottom - 37.0, 7.0);
    }
    // 盖章处: the stamp goes here.
    c.rect(rr - 40.0, bottom - 33.0, 40.0, 22.0, 0.3);
    c.center("盖章处", rr - 20.0, bottom - 23.0, 9.0);
    c.text(part, l, 8.0, 9.0);
    if let Some(v) = &r.void {
        c.text(
            &format!("作废：{}（{} 批准）", v.reason, v.approved_by),
            l + 40.0,
            8.0,
            9.0,
        );
    }
    void_mark(&mut c, r, gs, 60.0, 40.0, 90.0);
    Ok(c)
}

fn roll_page(b: &Builder, d: &ReceiptDoc, gs: &ExtendedGraphicsStateId) -> Result<(Canvas, f32)> {
    let r = &d.receipt;
    let w = 80.0;
    let qr_size = 26.0;
    // Exactly as tall as what is printed: heading 34 mm, 9.5 a line, total 14, 5 a payment,
    // cashier 6, void note 5, the QR code, 8 mm margin below.
    let h = 34.0
        + 9.5 * r.lines.len() as f32
        + 14.0
        + 5.0 * r.payments.len() as f32
        + 6.0
        + if r.void.is_some() { 5.0 } else { 0.0 }
        + if d.qr.is_some() { qr_size + 3.0 } else { 0.0 }
        + 8.0;
    let (l, rr) = (4.0, w - 4.0);
    let mut c = b.canvas();
    let mut y = h - 8.0;
    c.center(&d.issuer.estate, w / 2.0, y, 11.0);
    y -= 6.0;
    c.center(kind_title(r), w / 2.0, y, 11.0);
    y -= 7.0;
    c.text(&format!("No. {}", r.number), l, y, 8.0);
    if let Some(n) = d.reprint {
        c.right(&format!("补打(第{n}次)"), rr, y, 8.0);
    }
    y -= 5.0;
    c.text(&short_time(&r.issued_at), l, y, 8.0);
    y -= 5.0;
    c.text_fit(&payer_text(d, ""), l, y, 8.0, rr - l);
    y -= 3.0;
    c.line(l, y, rr, y, 0.4);
    for line in &r.lines {
        y -= 5.0;
        c.text_fit(
            &format!(
                "{} {}",
                line.description,
                line.period.as_deref().unwrap_or("")
            ),
            l,
            y,
            8.0,
            52.0,
        );
        c.right(&yuan(line.amount_fen), rr, y, 8.0);
        y -= 4.5;
        c.text_fit(&line.basis, l + 2.0, y, 7.0, rr - l - 2.0);
    }
    y -= 3.0;
    c.line(l, y, rr, y, 0.4);
    let total = Money::from_fen(r.total_fen);
    y -= 6.0;
    c.text("合计", l, y, 10.0);
    c.right(&format!("¥{}", total.grouped()), rr, y, 10.0);
    y -= 5.0;
    c.text(&total.words(), l, y, 8.0);
    if let Some(p) = partial_text(r) {
        y -= 5.0;
        c.text(&p, l, y, 8.0);
    }
    for p in r.payments.iter() {
        y -= 5.0;
        let s = match (p.tendered_fen, p.change_fen) {
            (Some(t), Some(ch)) => {
                format!("{} 实收 ¥{} 找零 ¥{}", p.method.zh(), yuan(t), yuan(ch))
            }
            _ => format!("{} ¥{}", p.method.zh(), yuan(p.amount_fen)),
        };
        c.text(&s, l, y, 8.0);
    }
    y -= 6.0;
    c.text(&format!("收款人 {}", r.cashier), l, y, 8.0);
    if let Some(v) = &r.void {
        y -= 5.0;
        c.text_fit(
            &format!("作废：{}（{} 批准）", v.reason, v.approved_by),
            l,
            y,
            8.0,
            rr - l,
        );
    }
    if let Some(q) = &d.qr {
        y -= qr_size + 3.0;
        qr::draw(&mut c, q, (w - qr_size) / 2.0, y, qr_size)?;
    }
    void_mark(&mut c, r, gs, 12.0, y + 15.0, 40.0);
    Ok((c, h))
}

/// The receipt as a PDF. A reprint prints 补打 with its count beside the number.
pub fn receipt_pdf(d: &ReceiptDoc, layout: ReceiptLayout) -> Result<Vec<u8>> {
    let mut b = Builder::new(&format!(
        "{} {}",
        kind_title(&d.receipt).replace("  ", ""),
        d.receipt.number
    ))?;
    let gs = b.translucent();
    match layout {
        ReceiptLayout::A5TwoPart => {
            for part in ["第一联 存根联", "第二联 客户联"] {
                let c = match (&d.deposit, d.receipt.kind.is_deposit_document()) {
                    (Some(dep), true) => deposit::a5_page(&b, d, dep, part, &gs)?,
                    _ => a5_page(&b, d, part, &gs)?,
                };
                b.page(c, 210.0, 148.0);
            }
        }
        ReceiptLayout::Roll80 => {
            let (c, h) = roll_page(&b, d, &gs)?;
            b.page(c, 80.0, h);
        }
    }
    Ok(b.finish())
}
