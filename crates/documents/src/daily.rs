//! 现金日报表 on A4 portrait: the summary (by method, by fee item, deposits, voids, number ranges,
//! expected vs counted per shift), the per-document detail table with its header repeated on
//! every page, the reconciliation, and the signature lines. Every page says 第 N 页 / 共 M 页.

use feedesk_ledger::daily_report::DailyCashReport;
use feedesk_ledger::money::yuan;
use feedesk_ledger::Result;

use crate::draw::{short_time, Builder, Canvas};

const W: f32 = 210.0;
const H: f32 = 297.0;
const L: f32 = 14.0;
const R: f32 = W - 14.0;
/// Content stops here; the page number sits below.
const FLOOR: f32 = 18.0;

/// Detail columns: left edges (the amount is right-aligned at `AMOUNT_R`).
const COLS: [(&str, f32, f32); 7] = [
    ("收据号", L, 30.0),
    ("时间", L + 31.0, 10.0),
    ("房号", L + 42.0, 18.0),
    ("交款人", L + 61.0, 22.0),
    ("项目", L + 84.0, 44.0),
    ("方式", L + 129.0, 22.0),
    ("状态", R - 8.0, 8.0),
];
const AMOUNT_R: f32 = R - 9.0;
const ROW: f32 = 5.2;

/// Pages being filled top to bottom.
struct Pages<'b> {
    b: &'b Builder,
    done: Vec<Canvas>,
    c: Canvas,
    y: f32,
}

impl<'b> Pages<'b> {
    fn new(b: &'b Builder) -> Pages<'b> {
        Pages {
            b,
            done: vec![],
            c: b.canvas(),
            y: H - 14.0,
        }
    }
    fn new_page(&mut self) {
        let c = std::mem::replace(&mut self.c, self.b.canvas());
        self.done.push(c);
        self.y = H - 14.0;
    }
    /// Room for `h` mm more, else a new page; true when a page was started.
    fn room(&mut self, h: f32) -> bool {
        if self.y - h < FLOOR {
            self.new_page();
            true
        } else {
            false
        }
    }
}

/// A small ruled table from (x, y) down: `widths` per column, columns from `right_from` on are
/// right-aligned (amounts). Returns its bottom.
fn small_table(
    c: &mut Canvas,
    x: f32,
    y: f32,
    widths: &[f32],
    right_from: usize,
    head: &[&str],
    rows: &[Vec<String>],
) -> f32 {
    let row = 6.0;
    let total_w: f32 = widths.iter().sum();
    let mut lines = vec![y];
    let draw_row = |c: &mut Canvas, cells: &[String], y: f32, size: f32| {
        let mut cx = x;
        for (i, cell) in cells.iter().enumerate() {
            if i >= right_from {
                c.right(cell, cx + widths[i] - 1.5, y - 4.2, size);
            } else {
                c.text_fit(cell, cx + 1.5, y - 4.2, size, widths[i] - 3.0);
            }
            cx += widths[i];
        }
    };
    let head: Vec<String> = head.iter().map(|s| s.to_string()).collect();
    draw_row(c, &head, y, 9.0);
    let mut yy = y - row;
    lines.push(yy);
    for r in rows {
        draw_row(c, r, yy, 9.0);
        yy -= row;
        lines.push(yy);
    }
    for (i, ly) in lines.iter().enumerate() {
        let t = if i == 0 || i + 1 == lines.len() {
            0.7
        } else {
            0.3
        };
        c.line(x, *ly, x + total_w, *ly, t);
    }
    let mut cx = x;
    for (i, w) in widths.iter().enumerate() {
        c.line(cx, y, cx, yy, if i == 0 { 0.7 } else { 0.3 });
        cx += w;
    }
    c.line(cx, y, cx, yy, 0.7);
    yy
}

fn detail_header(p: &mut Pages) {
    let y = p.y;
    p.c.line(L, y, R, y, 0.7);
    for (name, x, _) in COLS {
        p.c.text(name, x + 0.5, y - 4.0, 8.5);
    }
    p.c.right("金额", AMOUNT_R, y - 4.0, 8.5);
    p.c.line(L, y - ROW - 0.6, R, y - ROW - 0.6, 0.5);
    p.y -= ROW + 0.6;
}

/// The heading: estate, title, scope, who made it, the number ranges.
fn heading(p: &mut Pages, r: &DailyCashReport) {
    p.c.center(&format!("{} {}", r.company, r.estate), W / 2.0, p.y, 12.0);
    p.y -= 9.0;
    p.c.center("现金日报表", W / 2.0, p.y, 18.0);
    p.y -= 8.0;
    p.c.text_fit(&r.scope, L, p.y, 9.5, 110.0);
    p.c.right(
        &format!("编制 {} {}", r.generated_by, short_time(&r.generated_at)),
        R,
        p.y,
        9.5,
    );
    p.y -= 6.0;
    p.c.text_fit(&r.receipts.summary_zh("收据"), L, p.y, 9.0, R - L);
    p.y -= 5.0;
    p.c.text_fit(&r.vouchers.summary_zh("退款凭证"), L, p.y, 9.0, R - L);
    p.y -= 4.0;
}

/// Summaries side by side: by method (left), by fee item and other categories (right).
fn summaries(p: &mut Pages, r: &DailyCashReport) {
    let mut by_method: Vec<Vec<String>> = r
        .by_method
        .iter()
        .map(|a| vec![a.label.clone(), a.count.to_string(), yuan(a.fen)])
        .collect();
    by_method.push(vec!["合计".into(), String::new(), yuan(r.total_fen)]);
    let mut by_item: Vec<Vec<String>> = r
        .by_item
        .iter()
        .map(|a| vec![a.label.clone(), a.count.to_string(), yuan(a.fen)])
        .collect();
    for (label, fen) in [
        ("装修押金收取", r.deposits_collected_fen),
        ("装修押金退还", r.deposits_returned_fen),
        ("押金扣款", r.deposit_deductions_fen),
        ("预存款收取", r.prepayments_received_fen),
    ] {
        if fen != 0 {
            by_item.push(vec![label.into(), String::new(), yuan(fen)]);
        }
    }
    let half = (R - L - 6.0) / 2.0;
    let y0 = p.y;
    let b1 = small_table(
        &mut p.c,
        L,
        y0,
        &[half - 42.0, 14.0, 28.0],
        1,
        &["收款方式", "笔数", "金额(元)"],
        &by_method,
    );
    let b2 = small_table(
        &mut p.c,
        L + half + 6.0,
        y0,
        &[half - 42.0, 14.0, 28.0],
        1,
        &["收费项目", "笔数", "金额(元)"],
        &by_item,
    );
    p.y = b1.min(b2) - 6.0;
    p.c.text_fit(
        &format!(
            "其中柜台收费 ¥{}；预存款抵扣 ¥{}；作废 {} 张；红冲 {} 张 ¥{}",
            yuan(r.counter_sales_fen),
            yuan(r.prepayments_used_fen),
            r.receipts.voided.len() + r.vouchers.voided.len(),
            r.reversals.count,
            yuan(r.reversals.fen)
        ),
        L,
        p.y,
        9.0,
        R - L,
    );
    p.y -= 4.0;
}

/// Expected against counted per shift and method (长短款).
fn cash_counts(p: &mut Pages, r: &DailyCashReport) {
    let mut cash_rows = vec![];
    for sh in &r.shifts {
        for m in &sh.methods {
            cash_rows.push(vec![
                format!("#{}", sh.shift_id),
                sh.cashier.clone(),
                m.method.zh().to_string(),
                yuan(m.expected_fen),
                m.counted_fen.map(yuan).unwrap_or_else(|| "未交班".into()),
                m.difference_fen.map(yuan).unwrap_or_default(),
            ]);
        }
    }
    if !cash_rows.is_empty() {
        p.room(6.0 * (cash_rows.len() + 1) as f32 + 8.0);
        p.c.text("应收与实点（长短款）", L, p.y - 4.0, 10.0);
        p.y -= 6.0;
        let w = R - L;
        p.y = small_table(
            &mut p.c,
            L,
            p.y,
            &[
                16.0,
                30.0,
                30.0,
                (w - 76.0) / 3.0,
                (w - 76.0) / 3.0,
                (w - 76.0) / 3.0,
            ],
            3,
            &["班次", "收费员", "方式", "应收", "实点/对账", "长短款"],
            &cash_rows,
        ) - 4.0;
    }
}

/// The detail: one row per document, the header on every page.
fn detail_rows(p: &mut Pages, r: &DailyCashReport) {
    p.room(ROW * 3.0 + 8.0);
    p.c.text(
        &format!("收据明细（{} 张）", r.lines.len()),
        L,
        p.y - 4.0,
        10.0,
    );
    p.y -= 6.0;
    detail_header(p);
    for d in &r.lines {
        if p.room(ROW) {
            p.c.text("收据明细（续）", L, p.y - 4.0, 10.0);
            p.y -= 6.0;
            detail_header(p);
        }
        let y = p.y - 3.9;
        let cells = [
            d.number.clone(),
            d.time.clone(),
            d.unit.clone().unwrap_or_default(),
            d.payer.clone(),
            d.items.clone(),
            d.methods.clone(),
            if d.voided {
                "作废".into()
            } else {
                String::new()
            },
        ];
        for ((_, x, w), cell) in COLS.iter().zip(cells.iter()) {
            p.c.text_fit(cell, x + 0.5, y, 8.0, *w);
        }
        p.c.right(&yuan(d.amount_fen), AMOUNT_R, y, 8.0);
        p.y -= ROW;
        p.c.line(L, p.y, R, p.y, 0.15);
    }
    p.c.line(L, p.y, R, p.y, 0.7);
    p.y -= 6.0;
}

/// The reconciliation and the signature lines, kept together.
fn sign_off(p: &mut Pages, r: &DailyCashReport) {
    p.room(30.0);
    let rc = &r.reconciliation;
    p.c.text_fit(
        &format!(
            "核对：按方式 ¥{} = 按项目 ¥{}；钱箱方式 ¥{} = 分录 ¥{}  {}",
            yuan(rc.by_method_fen),
            yuan(rc.by_category_fen),
            yuan(rc.drawer_methods_fen),
            yuan(rc.journal_drawer_fen),
            if rc.ok { "相符" } else { "不符" }
        ),
        L,
        p.y,
        9.0,
        R - L,
    );
    p.y -= 16.0;
    let x_step = (R - L) / 3.0;
    for (i, who) in ["收费员", "复核", "财务"].iter().enumerate() {
        let x = L + x_step * i as f32;
        p.c.text(&format!("{who}："), x, p.y, 10.5);
        p.c.line(x + 14.0, p.y - 1.0, x + x_step - 8.0, p.y - 1.0, 0.5);
    }
}

/// The daily cash report as an A4 PDF.
pub fn daily_report_pdf(r: &DailyCashReport) -> Result<Vec<u8>> {
    let mut b = Builder::new(&format!("现金日报表 {} {}", r.desk, r.date_from))?;
    let title = format!("{} {} 现金日报表", r.company, r.estate);
    let mut p = Pages::new(&b);
    heading(&mut p, r);
    summaries(&mut p, r);
    cash_counts(&mut p, r);
    detail_rows(&mut p, r);
    sign_off(&mut p, r);
    p.new_page();
    let pages = p.done;
    let m = pages.len();
    for (i, mut c) in pages.into_iter().enumerate() {
        c.text_fit(&title, L, 10.0, 8.0, 90.0);
        c.center(&format!("第 {} 页 / 共 {m} 页", i + 1), W / 2.0, 10.0, 9.0);
        c.right(&format!("收银台 {}", r.desk), R, 10.0, 8.0);
        b.page(c, W, H);
    }
    Ok(b.finish())
}
