//! Tables that run over pages: the column heads repeat at the top of each new page, and every page
//! is numbered 第 N 页 / 共 M 页 at the end.

use crate::draw::{Builder, Canvas};

/// A table's columns: head, width in mm; columns from `right_from` on are amounts, right-aligned.
pub(crate) struct Columns {
    pub heads: &'static [&'static str],
    pub widths: &'static [f32],
    pub right_from: usize,
}

pub(crate) const L: f32 = 14.0;
const FLOOR: f32 = 18.0;
const ROW: f32 = 5.6;

/// Pages filled top to bottom.
pub(crate) struct Pages<'b> {
    b: &'b Builder,
    done: Vec<Canvas>,
    pub c: Canvas,
    pub y: f32,
    /// Page width and height, mm.
    pub w: f32,
    pub h: f32,
}

impl<'b> Pages<'b> {
    pub fn new(b: &'b Builder, w: f32, h: f32) -> Pages<'b> {
        Pages {
            b,
            done: vec![],
            c: b.canvas(),
            y: h - 14.0,
            w,
            h,
        }
    }

    /// Room for `h` mm more, else a new page; true when a page was started.
    pub fn room(&mut self, h: f32) -> bool {
        if self.y - h >= FLOOR {
            return false;
        }
        let c = std::mem::replace(&mut self.c, self.b.canvas());
        self.done.push(c);
        self.y = self.h - 14.0;
        true
    }

    fn row(&mut self, cols: &Columns, cells: &[String], bold: bool) {
        let mut x = L;
        let size = if bold { 9.5 } else { 9.0 };
        for (i, cell) in cells.iter().enumerate() {
            let w = cols.widths[i];
            if i >= cols.right_from {
                self.c.right(cell, x + w - 1.5, self.y - 4.0, size);
            } else {
                self.c.text_fit(cell, x + 1.5, self.y - 4.0, size, w - 3.0);
            }
            x += w;
        }
        self.y -= ROW;
        self.c
            .line(L, self.y, x, self.y, if bold { 0.5 } else { 0.15 });
    }

    fn head(&mut self, cols: &Columns) {
        let w: f32 = cols.widths.iter().sum();
        self.c.line(L, self.y, L + w, self.y, 0.7);
        let heads: Vec<String> = cols.heads.iter().map(|h| h.to_string()).collect();
        self.row(cols, &heads, true);
    }

    /// A titled table whose head repeats after a page break; rows marked true are bold (totals).
    pub fn table(&mut self, title: &str, cols: &Columns, rows: &[(Vec<String>, bool)]) {
        self.room(ROW * 3.0 + 8.0);
        self.c.text(title, L, self.y - 4.0, 10.5);
        self.y -= 7.0;
        self.head(cols);
        for (cells, bold) in rows {
            if self.room(ROW) {
                self.c
                    .text(&format!("{title}（续）"), L, self.y - 4.0, 10.5);
                self.y -= 7.0;
                self.head(cols);
            }
            self.row(cols, cells, *bold);
        }
        self.y -= 6.0;
    }

    /// Signature lines across the page: `制表：____  复核：____ …`.
    pub fn signatures(&mut self, who: &[&str]) {
        self.room(16.0);
        self.y -= 10.0;
        let step = (self.w - 2.0 * L) / who.len() as f32;
        for (i, w) in who.iter().enumerate() {
            let x = L + step * i as f32;
            self.c.text(&format!("{w}："), x, self.y, 10.5);
            self.c
                .line(x + 12.0, self.y - 1.0, x + step - 10.0, self.y - 1.0, 0.5);
        }
    }

    /// The pages, the last one included.
    pub fn into_pages(self) -> Vec<Canvas> {
        self.done.into_iter().chain([self.c]).collect()
    }
}

/// Every page, numbered, with `title` at its foot, into the builder.
pub(crate) fn number(b: &mut Builder, pages: Vec<Canvas>, (w, h): (f32, f32), title: &str) {
    let m = pages.len();
    for (i, mut c) in pages.into_iter().enumerate() {
        c.text_fit(title, L, 10.0, 8.0, w / 2.0 - L - 20.0);
        c.center(&format!("第 {} 页 / 共 {m} 页", i + 1), w / 2.0, 10.0, 9.0);
        b.page(c, w, h);
    }
}
