//! Printed documents. This first part: the receipt (收据) as PDF, A5 in two parts (存根联 / 客户联)
//! and an 80 mm roll, with Noto Sans SC embedded as a subset (only the glyphs used).
//! Positions are millimetres from the bottom-left corner; amounts are formatted from `Money`, so no
//! money ever passes through a float here.

use std::sync::OnceLock;

use printpdf::{
    Color, ExtendedGraphicsState, FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rgb, TextItem, TextMatrix,
};

use crate::collect::Receipt;
use crate::{err, Money, Result};

/// Noto Sans SC Regular (TrueType outlines, SIL OFL 1.1; see assets/fonts/OFL.txt), built into the
/// program so a desk needs no font installed.
const FONT_BYTES: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-Regular.ttf");

/// Parsed once per process; every document reuses it.
fn font() -> Result<&'static ParsedFont> {
    static FONT: OnceLock<Option<ParsedFont>> = OnceLock::new();
    FONT.get_or_init(|| ParsedFont::from_bytes(FONT_BYTES, 0, &mut Vec::new()))
        .as_ref()
        .ok_or_else(|| {
            err!(
                Storage,
                "内置字体无法读取",
                "the built-in font cannot be read"
            )
        })
}

/// Width in mm of `s` set at `size` points (advance widths; no shaping is needed for CJK and digits).
fn text_width(f: &ParsedFont, s: &str, size: f32) -> f32 {
    let upem = f.font_metrics.units_per_em as f32;
    let units: f32 = s
        .chars()
        .map(|c| {
            f.lookup_glyph_index(c as u32)
                .map_or(0, |g| f.get_horizontal_advance(g)) as f32
        })
        .sum();
    Mm::from(Pt(units * size / upem)).0
}

fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

/// One page's drawing operations.
struct Canvas<'f> {
    ops: Vec<Op>,
    font_id: FontId,
    font: &'f ParsedFont,
}

impl Canvas<'_> {
    /// Text with its baseline starting at (x, y).
    fn text(&mut self, s: &str, x: f32, y: f32, size: f32) {
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(self.font_id.clone()),
                size: Pt(size),
            },
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Mm(x).into_pt(), Mm(y).into_pt()),
            },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_string())],
            },
            Op::EndTextSection,
        ]);
    }
    fn right(&mut self, s: &str, right_x: f32, y: f32, size: f32) {
        let w = text_width(self.font, s, size);
        self.text(s, right_x - w, y, size);
    }
    fn center(&mut self, s: &str, cx: f32, y: f32, size: f32) {
        let w = text_width(self.font, s, size);
        self.text(s, cx - w / 2.0, y, size);
    }
    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32) {
        let p = |x, y| LinePoint {
            p: Point::new(Mm(x), Mm(y)),
            bezier: false,
        };
        self.ops.extend([
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![p(x1, y1), p(x2, y2)],
                    is_closed: false,
                },
            },
        ]);
    }
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, thickness: f32) {
        self.line(x, y, x + w, y, thickness);
        self.line(x + w, y, x + w, y + h, thickness);
        self.line(x + w, y + h, x, y + h, thickness);
        self.line(x, y + h, x, y, thickness);
    }
}

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
                "收据版式「{o}」无效：a5 或 roll",
                "unknown receipt layout \"{o}\": a5 or roll"
            )),
        }
    }
}

/// Who issued the receipt, printed in its heading.
#[derive(Debug, Clone)]
pub struct Issuer {
    pub company: String,
    pub estate: String,
}

fn yuan(fen: i64) -> String {
    Money::from_fen(fen).grouped()
}

fn kind_title(r: &Receipt) -> &'static str {
    match r.kind.as_str() {
        "reversal" => "收据（红冲）",
        "deposit" => "装修押金收据",
        "refund" => "退款凭证",
        _ => "收  据",
    }
}

fn payments_text(r: &Receipt) -> String {
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

/// 作废 across the page, translucent red, when the receipt is void.
fn void_mark(
    c: &mut Canvas,
    r: &Receipt,
    gs: &printpdf::ExtendedGraphicsStateId,
    x: f32,
    y: f32,
    size: f32,
) {
    if r.void.is_none() {
        return;
    }
    c.ops.extend([
        Op::SaveGraphicsState,
        Op::LoadGraphicsState { gs: gs.clone() },
        Op::SetFillColor {
            col: rgb(0.9, 0.2, 0.2),
        },
        Op::StartTextSection,
        Op::SetFont {
            font: PdfFontHandle::External(c.font_id.clone()),
            size: Pt(size),
        },
        Op::SetTextMatrix {
            matrix: TextMatrix::TranslateRotate(Mm(x).into_pt(), Mm(y).into_pt(), 30.0),
        },
        Op::ShowText {
            items: vec![TextItem::Text("作废".into())],
        },
        Op::EndTextSection,
        Op::RestoreGraphicsState,
    ]);
}

fn a5_page(
    r: &Receipt,
    issuer: &Issuer,
    part: &str,
    font_id: &FontId,
    font: &ParsedFont,
    gs: &printpdf::ExtendedGraphicsStateId,
    reprint: Option<u32>,
) -> PdfPage {
    let (w, h) = (210.0, 148.0);
    let (l, rr) = (14.0, w - 14.0);
    let mut c = Canvas {
        ops: vec![Op::SetOutlineColor {
            col: rgb(0.0, 0.0, 0.0),
        }],
        font_id: font_id.clone(),
        font,
    };
    c.center(
        &format!("{} {}", issuer.company, issuer.estate),
        w / 2.0,
        h - 16.0,
        13.0,
    );
    c.center(kind_title(r), w / 2.0, h - 26.0, 18.0);
    let number = match reprint {
        Some(n) => format!("No. {}  补打(第{n}次)", r.number),
        None => format!("No. {}", r.number),
    };
    c.right(&number, rr, h - 26.0, 10.0);
    let payer = match &r.unit {
        Some(u) => format!("交款单位/人 {} ({u})", r.payer),
        None => format!("交款单位/人 {}", r.payer),
    };
    c.text(&payer, l, h - 36.0, 10.0);
    c.right(
        &format!(
            "日期 {}",
            r.issued_at
                .get(..16)
                .unwrap_or(&r.issued_at)
                .replace('T', " ")
        ),
        rr,
        h - 36.0,
        10.0,
    );
    // The table: header, one row per line, the total row.
    let cols = [l, l + 52.0, l + 80.0, rr - 34.0, rr];
    let row = 8.0;
    let top = h - 40.0;
    let rows = r.lines.len().max(1) as f32;
    let bottom = top - row * (rows + 2.0);
    c.line(l, top, rr, top, 0.8);
    c.line(l, top - row, rr, top - row, 0.5);
    for (i, head) in ["收费项目", "所属期间", "计费依据"].iter().enumerate() {
        c.text(head, cols[i] + 2.0, top - 5.5, 10.0);
    }
    c.right("金额(元)", rr - 2.0, top - 5.5, 10.0);
    for (i, line) in r.lines.iter().enumerate() {
        let y = top - row * (i as f32 + 2.0);
        c.text(&line.description, cols[0] + 2.0, y + 2.5, 10.0);
        c.text(
            line.period.as_deref().unwrap_or(""),
            cols[1] + 2.0,
            y + 2.5,
            10.0,
        );
        c.text(&line.basis, cols[2] + 2.0, y + 2.5, 9.0);
        c.right(&yuan(line.amount_fen), rr - 2.0, y + 2.5, 10.0);
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
    c.text(
        &format!("收款方式 {}", payments_text(r)),
        l,
        bottom - 8.0,
        9.0,
    );
    c.text(&format!("收款人 {}", r.cashier), l, bottom - 16.0, 10.0);
    // 盖章处: the stamp goes here.
    c.rect(rr - 40.0, bottom - 30.0, 40.0, 22.0, 0.3);
    c.center("盖章处", rr - 20.0, bottom - 20.0, 9.0);
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
    PdfPage::new(Mm(w), Mm(h), c.ops)
}

fn roll_page(
    r: &Receipt,
    issuer: &Issuer,
    font_id: &FontId,
    font: &ParsedFont,
    gs: &printpdf::ExtendedGraphicsStateId,
    reprint: Option<u32>,
) -> PdfPage {
    let w = 80.0;
    let h = 97.0 + 10.0 * r.lines.len() as f32;
    let (l, rr) = (4.0, w - 4.0);
    let mut c = Canvas {
        ops: vec![Op::SetOutlineColor {
            col: rgb(0.0, 0.0, 0.0),
        }],
        font_id: font_id.clone(),
        font,
    };
    let mut y = h - 8.0;
    c.center(&issuer.estate, w / 2.0, y, 11.0);
    y -= 6.0;
    c.center(kind_title(r), w / 2.0, y, 11.0);
    y -= 7.0;
    c.text(&format!("No. {}", r.number), l, y, 8.0);
    if let Some(n) = reprint {
        c.right(&format!("补打(第{n}次)"), rr, y, 8.0);
    }
    y -= 5.0;
    c.text(
        &r.issued_at
            .get(..16)
            .unwrap_or(&r.issued_at)
            .replace('T', " "),
        l,
        y,
        8.0,
    );
    y -= 5.0;
    c.text(
        &format!("{} {}", r.unit.as_deref().unwrap_or(""), r.payer),
        l,
        y,
        8.0,
    );
    y -= 3.0;
    c.line(l, y, rr, y, 0.4);
    for line in &r.lines {
        y -= 5.0;
        c.text(
            &format!(
                "{} {}",
                line.description,
                line.period.as_deref().unwrap_or("")
            ),
            l,
            y,
            8.0,
        );
        c.right(&yuan(line.amount_fen), rr, y, 8.0);
        y -= 4.5;
        c.text(&line.basis, l + 2.0, y, 7.0);
    }
    y -= 3.0;
    c.line(l, y, rr, y, 0.4);
    let total = Money::from_fen(r.total_fen);
    y -= 6.0;
    c.text("合计", l, y, 10.0);
    c.right(&format!("¥{}", total.grouped()), rr, y, 10.0);
    y -= 5.0;
    c.text(&total.words(), l, y, 8.0);
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
        c.text(
            &format!("作废：{}（{} 批准）", v.reason, v.approved_by),
            l,
            y,
            8.0,
        );
    }
    void_mark(&mut c, r, gs, 12.0, y + 15.0, 40.0);
    PdfPage::new(Mm(w), Mm(h), c.ops)
}

/// The receipt as a PDF. `reprint` prints 补打 with its count beside the number.
pub fn receipt_pdf(
    r: &Receipt,
    issuer: &Issuer,
    layout: ReceiptLayout,
    reprint: Option<u32>,
) -> Result<Vec<u8>> {
    let font = font()?;
    let mut doc = PdfDocument::new(&format!("收据 {}", r.number));
    let font_id = doc.add_font(font);
    let gs = doc.add_graphics_state(ExtendedGraphicsState::default().with_current_fill_alpha(0.35));
    let pages = match layout {
        ReceiptLayout::A5TwoPart => vec![
            a5_page(r, issuer, "第一联 存根联", &font_id, font, &gs, reprint),
            a5_page(r, issuer, "第二联 客户联", &font_id, font, &gs, reprint),
        ],
        ReceiptLayout::Roll80 => vec![roll_page(r, issuer, &font_id, font, &gs, reprint)],
    };
    let opts = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    Ok(doc.with_pages(pages).save(&opts, &mut Vec::new()))
}
