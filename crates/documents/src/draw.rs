//! Shared drawing for every document: the built-in font, a page canvas in millimetres from the
//! bottom-left corner, and the document builder that embeds the font as a subset.
//! Amounts arrive as text formatted from `Money`, so no money ever passes through a float here.

use std::sync::OnceLock;

use printpdf::{
    Color, ExtendedGraphicsState, ExtendedGraphicsStateId, FontId, Line, LinePoint, Mm, Op,
    PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon,
    PolygonRing, Pt, Rgb, TextItem, TextMatrix, WindingOrder,
};

use feedesk_ledger::{err, Result};

/// Noto Sans SC Regular (TrueType outlines, SIL OFL 1.1; see assets/fonts/OFL.txt), built into the
/// program so a desk needs no font installed.
const FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Regular.ttf");

/// Parsed once per process; every document reuses it.
pub(crate) fn font() -> Result<&'static ParsedFont> {
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
pub(crate) fn text_width(f: &ParsedFont, s: &str, size: f32) -> f32 {
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

pub(crate) fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

/// "1,234.50" from fen.
/// "2026-01-05 09:30" from a stored RFC 3339 time.
pub(crate) fn short_time(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

/// One page's drawing operations.
pub(crate) struct Canvas {
    pub(crate) ops: Vec<Op>,
    font_id: FontId,
    font: &'static ParsedFont,
}

impl Canvas {
    /// Text with its baseline starting at (x, y).
    pub(crate) fn text(&mut self, s: &str, x: f32, y: f32, size: f32) {
        if s.is_empty() {
            return;
        }
        self.text_section(
            s,
            size,
            TextMatrix::Translate(Mm(x).into_pt(), Mm(y).into_pt()),
        );
    }
    /// Text cut to `max_w` mm with an ellipsis, so a long name never runs into the next column.
    pub(crate) fn text_fit(&mut self, s: &str, x: f32, y: f32, size: f32, max_w: f32) {
        self.text(&fit(self.font, s, size, max_w), x, y, size);
    }
    pub(crate) fn right(&mut self, s: &str, right_x: f32, y: f32, size: f32) {
        let w = text_width(self.font, s, size);
        self.text(s, right_x - w, y, size);
    }
    pub(crate) fn center(&mut self, s: &str, cx: f32, y: f32, size: f32) {
        let w = text_width(self.font, s, size);
        self.text(s, cx - w / 2.0, y, size);
    }
    /// Rotated text (degrees counter-clockwise), e.g. 作废 across a page.
    pub(crate) fn rotated(&mut self, s: &str, x: f32, y: f32, size: f32, degrees: f32) {
        self.text_section(
            s,
            size,
            TextMatrix::TranslateRotate(Mm(x).into_pt(), Mm(y).into_pt(), degrees),
        );
    }
    /// One text section per string, placed by an absolute matrix (SetTextCursor would be relative).
    fn text_section(&mut self, s: &str, size: f32, matrix: TextMatrix) {
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
    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32) {
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
    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, thickness: f32) {
        self.line(x, y, x + w, y, thickness);
        self.line(x + w, y, x + w, y + h, thickness);
        self.line(x + w, y + h, x, y + h, thickness);
        self.line(x, y + h, x, y, thickness);
    }
    /// Filled black rectangles (x, y, w, h) as one path: a QR code is hundreds of them.
    pub(crate) fn fill_rects(&mut self, rects: &[(f32, f32, f32, f32)]) {
        if rects.is_empty() {
            return;
        }
        let rings = rects
            .iter()
            .map(|&(x, y, w, h)| PolygonRing {
                points: vec![lp(x, y), lp(x + w, y), lp(x + w, y + h), lp(x, y + h)],
            })
            .collect();
        self.ops.extend([
            Op::SetFillColor {
                col: rgb(0.0, 0.0, 0.0),
            },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings,
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            },
        ]);
    }
    /// Run `f` with a translucent red fill (the 作废 mark), restoring the state afterwards.
    pub(crate) fn translucent_red(
        &mut self,
        gs: &ExtendedGraphicsStateId,
        f: impl FnOnce(&mut Canvas),
    ) {
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::LoadGraphicsState { gs: gs.clone() },
            Op::SetFillColor {
                col: rgb(0.9, 0.2, 0.2),
            },
        ]);
        f(self);
        self.ops.push(Op::RestoreGraphicsState);
    }
}

fn lp(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point::new(Mm(x), Mm(y)),
        bezier: false,
    }
}

/// `s` shortened with "…" until it is at most `max_w` mm wide at `size` points.
pub(crate) fn fit(f: &ParsedFont, s: &str, size: f32, max_w: f32) -> String {
    if text_width(f, s, size) <= max_w {
        return s.to_string();
    }
    let mut chars: Vec<char> = s.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let t: String = chars.iter().collect::<String>() + "…";
        if text_width(f, &t, size) <= max_w {
            return t;
        }
    }
    String::new()
}

/// A document being built: the font added once, pages appended, saved with the font subset.
pub(crate) struct Builder {
    doc: PdfDocument,
    font_id: FontId,
    font: &'static ParsedFont,
    pages: Vec<PdfPage>,
}

impl Builder {
    pub(crate) fn new(title: &str) -> Result<Builder> {
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
    /// A translucent fill state for marks laid over the content (作废).
    pub(crate) fn translucent(&mut self) -> ExtendedGraphicsStateId {
        self.doc
            .add_graphics_state(ExtendedGraphicsState::default().with_current_fill_alpha(0.35))
    }
    /// A blank page's canvas, black outlines.
    pub(crate) fn canvas(&self) -> Canvas {
        Canvas {
            ops: vec![Op::SetOutlineColor {
                col: rgb(0.0, 0.0, 0.0),
            }],
            font_id: self.font_id.clone(),
            font: self.font,
        }
    }
    pub(crate) fn page(&mut self, c: Canvas, w_mm: f32, h_mm: f32) {
        self.pages.push(PdfPage::new(Mm(w_mm), Mm(h_mm), c.ops));
    }
    pub(crate) fn finish(mut self) -> Vec<u8> {
        let opts = PdfSaveOptions {
            subset_fonts: true,
            ..Default::default()
        };
        let pages = std::mem::take(&mut self.pages);
        self.doc.with_pages(pages).save(&opts, &mut Vec::new())
    }
}

/// Who issued a document, printed in its heading.
#[derive(Debug, Clone)]
pub struct Issuer {
    pub company: String,
    pub estate: String,
}
