//! Drawing for the exports' PDFs with printpdf: the built-in CJK font (the desk's own, embedded as a
//! subset), and a page canvas in millimetres from the bottom-left corner. Amounts arrive as text
//! formatted from integer fen, so no money passes through a float here.

use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rgb, TextItem, TextMatrix,
};

use crate::{HqError, HqResult};

/// Noto Sans SC Regular (SIL OFL 1.1; assets/fonts/OFL.txt), built in so head office needs no font
/// installed.
const FONT_BYTES: &[u8] = include_bytes!("../../../../assets/fonts/NotoSansSC-Regular.ttf");

/// Parsed once per process.
fn font() -> HqResult<&'static ParsedFont> {
    static FONT: OnceLock<Option<ParsedFont>> = OnceLock::new();
    FONT.get_or_init(|| ParsedFont::from_bytes(FONT_BYTES, 0, &mut Vec::new()))
        .as_ref()
        .ok_or_else(|| {
            HqError::new(
                500,
                "EXPORT",
                "内置字体无法读取",
                "the built-in font cannot be read",
            )
        })
}

/// Width in mm of `s` at `size` points (advance widths: CJK and digits need no shaping).
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

/// One page's drawing operations.
pub struct Canvas {
    ops: Vec<Op>,
    font_id: FontId,
    font: &'static ParsedFont,
}

impl Canvas {
    /// Text with its baseline starting at (x, y).
    pub fn text(&mut self, s: &str, x: f32, y: f32, size: f32) {
        if s.is_empty() {
            return;
        }
        let matrix = TextMatrix::Translate(Mm(x).into_pt(), Mm(y).into_pt());
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(self.font_id.clone()),
                size: Pt(size),
            },
            Op::SetTextMatrix { matrix },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_string())],
            },
            Op::EndTextSection,
        ]);
    }
    /// Text cut to `max_w` mm with an ellipsis, so a long name never runs into the next column.
    pub fn text_fit(&mut self, s: &str, x: f32, y: f32, size: f32, max_w: f32) {
        let fitted = fit(self.font, s, size, max_w);
        self.text(&fitted, x, y, size);
    }
    pub fn right(&mut self, s: &str, right_x: f32, y: f32, size: f32) {
        let w = text_width(self.font, s, size);
        self.text(s, right_x - w, y, size);
    }
    pub fn center(&mut self, s: &str, cx: f32, y: f32, size: f32) {
        let w = text_width(self.font, s, size);
        self.text(s, cx - w / 2.0, y, size);
    }
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32) {
        let lp = |x: f32, y: f32| LinePoint {
            p: Point::new(Mm(x), Mm(y)),
            bezier: false,
        };
        self.ops.extend([
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![lp(x1, y1), lp(x2, y2)],
                    is_closed: false,
                },
            },
        ]);
    }
}

/// `s` shortened with "…" until it is at most `max_w` mm wide at `size` points.
fn fit(f: &ParsedFont, s: &str, size: f32, max_w: f32) -> String {
    if text_width(f, s, size) <= max_w {
        return s.to_string();
    }
    let mut chars: Vec<char> = s.chars().collect();
    while chars.pop().is_some() {
        let t: String = chars.iter().collect::<String>() + "…";
        if text_width(f, &t, size) <= max_w {
            return t;
        }
    }
    String::new()
}

/// A document being built: the font added once, pages appended, saved with the font subset.
pub struct Builder {
    doc: PdfDocument,
    font_id: FontId,
    font: &'static ParsedFont,
    pages: Vec<PdfPage>,
}

impl Builder {
    pub fn new(title: &str) -> HqResult<Builder> {
        let font = font()?;
        let mut doc = PdfDocument::new(title);
        let font_id = doc.add_font(font);
        Ok(Builder {
            doc,
            font_id,
            font,
            pages: vec![],
        })
    }
    /// A blank page's canvas, black outlines.
    pub fn canvas(&self) -> Canvas {
        Canvas {
            ops: vec![Op::SetOutlineColor {
                col: Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None)),
            }],
            font_id: self.font_id.clone(),
            font: self.font,
        }
    }
    pub fn page(&mut self, c: Canvas, w_mm: f32, h_mm: f32) {
        self.pages.push(PdfPage::new(Mm(w_mm), Mm(h_mm), c.ops));
    }
    pub fn finish(mut self) -> Vec<u8> {
        let opts = PdfSaveOptions {
            subset_fonts: true,
            ..Default::default()
        };
        let pages = std::mem::take(&mut self.pages);
        self.doc.with_pages(pages).save(&opts, &mut Vec::new())
    }
}
