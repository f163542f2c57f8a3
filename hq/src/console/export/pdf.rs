//! 收费月报表 on A4 landscape: the title and who made it, then per estate its rows by building and fee
//! item with the estate's 小计, then the group's 合计 and the signature lines (制表 / 审核 / 财务负责人).
//! The column header is repeated at the top of every page; every page says 第 N 页 / 共 M 页.

use super::draw::{Builder, Canvas};
use super::{item_label, month_zh, yuan, Made};
use crate::console::monthly::{EstateMonth, MonthFigures, MonthlyReport};
use crate::HqResult;

const W: f32 = 297.0;
const H: f32 = 210.0;
const L: f32 = 14.0;
const R: f32 = W - 14.0;
const TOP: f32 = H - 14.0;
/// Content stops here; the page footer sits below.
const FLOOR: f32 = 18.0;
const ROW: f32 = 6.0;
/// Text columns: name and left edge, width.
const TEXT_COLS: [(&str, f32, f32); 2] = [("楼栋", L + 6.0, 42.0), ("收费项目", L + 50.0, 44.0)];
/// Money columns, right-aligned, each this wide, ending at R.
const MONEY_COLS: [&str; 5] = ["应收", "实收", "收回欠费", "预收", "未收"];
const MONEY_W: f32 = 34.0;

fn money_right(i: usize) -> f32 {
    R - 1.5 - MONEY_W * (MONEY_COLS.len() - 1 - i) as f32
}

fn amounts(f: &MonthFigures) -> [i64; 5] {
    [
        f.billed_fen,
        f.collected_fen,
        f.recovered_fen,
        f.advance_fen,
        f.open_fen,
    ]
}

/// Pages being filled top to bottom.
struct Pages<'b> {
    b: &'b Builder,
    done: Vec<Canvas>,
    c: Canvas,
    y: f32,
    /// `收费月报表 YYYY年MM月`
    title: String,
    /// The estate whose rows are being drawn, named again at the top of a page they continue on.
    estate: Option<String>,
}

impl Pages<'_> {
    /// Room for `h` mm more, else a new page with the header again.
    fn room(&mut self, h: f32) {
        if self.y - h >= FLOOR {
            return;
        }
        let c = std::mem::replace(&mut self.c, self.b.canvas());
        self.done.push(c);
        self.y = TOP;
        let cont = format!("{}（续）", self.title);
        self.c.text(&cont, L, self.y - 4.0, 10.0);
        self.y -= 7.0;
        self.header();
        if let Some(e) = self.estate.clone() {
            self.estate_label(&format!("{e}（续）"));
        }
    }

    fn estate_label(&mut self, label: &str) {
        self.c
            .text_fit(label, L + 1.0, self.y - 4.4, 10.0, R - L - 2.0);
        self.y -= ROW;
    }

    fn header(&mut self) {
        let y = self.y;
        self.c.line(L, y, R, y, 0.7);
        for (name, x, _) in TEXT_COLS {
            self.c.text(name, x, y - 4.2, 9.0);
        }
        for (i, name) in MONEY_COLS.iter().enumerate() {
            self.c.right(name, money_right(i), y - 4.2, 9.0);
        }
        self.y -= ROW;
        self.c.line(L, self.y, R, self.y, 0.5);
    }

    /// One table row: label cells and the five amounts; `rule` is the line under it.
    fn row(&mut self, cells: [&str; 2], f: &MonthFigures, size: f32, rule: f32) {
        self.room(ROW);
        let y = self.y - 4.2;
        for ((_, x, w), cell) in TEXT_COLS.iter().zip(cells) {
            self.c.text_fit(cell, *x, y, size, *w);
        }
        for (i, fen) in amounts(f).iter().enumerate() {
            self.c.right(&yuan(*fen), money_right(i), y, size);
        }
        self.y -= ROW;
        self.c.line(L, self.y, R, self.y, rule);
    }
}

/// The first page's heading: title, month, scope, who made it and when.
fn heading(p: &mut Pages, r: &MonthlyReport, made: &Made) {
    p.c.center(&p.title, W / 2.0, p.y - 6.0, 18.0);
    p.y -= 14.0;
    p.c.text(
        &format!(
            "月份 {} · {} 个项目 · 金额单位：元",
            r.month,
            r.estates.len()
        ),
        L,
        p.y,
        9.5,
    );
    p.c.right(
        &format!("编制 {} {}（北京时间）", made.by, made.at),
        R,
        p.y,
        9.5,
    );
    p.y -= 3.0;
    p.header();
}

/// An estate: its heading row, its rows, its 小计.
fn estate(p: &mut Pages, e: &EstateMonth) {
    // The estate's name never stands alone at the foot of a page.
    p.estate = None;
    p.room(ROW * 2.0);
    let label = format!("{}  {}", e.estate_code, e.estate_name);
    p.estate_label(&label);
    p.estate = Some(label);
    for row in &e.rows {
        p.row(
            [&row.building, item_label(&row.item)],
            &row.figures,
            8.5,
            0.15,
        );
    }
    let label = format!("{} 小计", e.estate_code);
    p.row([&label, ""], &e.total, 9.0, 0.5);
    p.estate = None;
}

fn sign_off(p: &mut Pages) {
    p.room(26.0);
    p.y -= 18.0;
    let step = (R - L) / 3.0;
    for (i, who) in ["制表", "审核", "财务负责人"].iter().enumerate() {
        let x = L + step * i as f32;
        let label = format!("{who}：");
        p.c.text(&label, x, p.y, 10.5);
        let start = x + 5.0 * label.chars().count() as f32;
        p.c.line(start, p.y - 1.0, x + step - 10.0, p.y - 1.0, 0.5);
    }
}

/// The month's report as an A4 landscape PDF.
pub fn monthly(r: &MonthlyReport, made: &Made) -> HqResult<Vec<u8>> {
    let title = format!("收费月报表 {}", month_zh(&r.month));
    let mut b = Builder::new(&title)?;
    let mut p = Pages {
        b: &b,
        done: vec![],
        c: b.canvas(),
        y: TOP,
        title: title.clone(),
        estate: None,
    };
    heading(&mut p, r, made);
    for e in &r.estates {
        estate(&mut p, e);
    }
    let label = format!("合计（{} 个项目）", r.estates.len());
    p.row([&label, ""], &r.total, 9.5, 0.7);
    p.c.line(L, p.y - 0.8, R, p.y - 0.8, 0.7);
    sign_off(&mut p);
    let Pages { mut done, c, .. } = p;
    done.push(c);
    let m = done.len();
    for (i, mut c) in done.into_iter().enumerate() {
        c.text(&title, L, 10.0, 8.0);
        c.center(&format!("第 {} 页 / 共 {m} 页", i + 1), W / 2.0, 10.0, 9.0);
        c.right(&format!("导出 {} {}", made.at, made.by), R, 10.0, 8.0);
        b.page(c, W, H);
    }
    Ok(b.finish())
}
