//! 套打: values only, at the positions a layout file gives, for pre-printed multi-part forms; and
//! the calibration page (a mm grid) to align the paper. The file format is documented in
//! `assets/layouts/form-241x93.toml`, the layout shipped with the program.

use std::path::Path;

use serde::Deserialize;

use feedesk_ledger::money::yuan;
use feedesk_ledger::{err, Money, Result};

use crate::draw::{short_time, Builder, Canvas};
use crate::receipt_doc::{payments_text, ReceiptDoc};

const BUILTIN: &str = include_str!("../../../assets/layouts/form-241x93.toml");

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    #[default]
    Left,
    Right,
    Center,
}

/// Where one value goes: mm from the paper's top-left corner to the baseline.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub x: f32,
    pub y: f32,
    pub size: Option<f32>,
    #[serde(default)]
    pub align: Align,
    pub max_width: Option<f32>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    pub number: Option<Field>,
    pub date: Option<Field>,
    pub unit: Option<Field>,
    pub payer: Option<Field>,
    pub total_words: Option<Field>,
    pub total: Option<Field>,
    pub payments: Option<Field>,
    pub cashier: Option<Field>,
    pub status: Option<Field>,
}

/// The receipt lines: one row each from `y` down by `row_height`; the y of each column is ignored.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lines {
    pub y: f32,
    pub row_height: f32,
    pub max_rows: usize,
    pub item: Option<Column>,
    pub period: Option<Column>,
    pub basis: Option<Column>,
    pub amount: Option<Column>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub x: f32,
    pub size: Option<f32>,
    #[serde(default)]
    pub align: Align,
    pub max_width: Option<f32>,
}

/// A pre-printed form's layout.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormLayout {
    pub name: String,
    pub width_mm: f32,
    pub height_mm: f32,
    #[serde(default = "default_size")]
    pub font_size: f32,
    #[serde(default)]
    pub fields: Fields,
    pub lines: Option<Lines>,
}

fn default_size() -> f32 {
    10.0
}

impl FormLayout {
    /// The layout shipped with the program (241 × 93 mm three-part form).
    pub fn builtin() -> FormLayout {
        FormLayout::parse(BUILTIN, "form-241x93.toml").expect("the shipped layout is valid")
    }

    pub fn load(path: &Path) -> Result<FormLayout> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            err!(
                NotFound,
                ("无法读取套打版式文件 {}：{e}", path.display()),
                ("cannot read layout file {}: {e}", path.display())
            )
        })?;
        FormLayout::parse(&text, &path.display().to_string())
    }

    /// Parse and check a layout: unknown keys, sizes out of range and positions off the paper
    /// are refused with the file name and what is wrong.
    pub fn parse(text: &str, source: &str) -> Result<FormLayout> {
        let l: FormLayout = toml::from_str(text).map_err(|e| {
            err!(
                InvalidInput,
                ("套打版式文件 {source} 有误：{e}"),
                ("layout file {source} is invalid: {e}")
            )
        })?;
        let bad = |what: &str, en: &str| {
            err!(
                InvalidInput,
                ("套打版式文件 {source} 有误：{what}"),
                ("layout file {source} is invalid: {en}")
            )
        };
        if !(20.0..=600.0).contains(&l.width_mm) || !(20.0..=600.0).contains(&l.height_mm) {
            return Err(bad(
                "纸张宽高应在 20–600 mm 之间",
                "paper width and height must be 20-600 mm",
            ));
        }
        let size_ok = |s: Option<f32>| s.is_none_or(|s| (4.0..=36.0).contains(&s));
        if !size_ok(Some(l.font_size)) {
            return Err(bad("字号应在 4–36 pt 之间", "font sizes must be 4-36 pt"));
        }
        let mut points: Vec<(&str, f32, f32, Option<f32>)> = vec![];
        let f = &l.fields;
        for (name, field) in [
            ("number", &f.number),
            ("date", &f.date),
            ("unit", &f.unit),
            ("payer", &f.payer),
            ("total_words", &f.total_words),
            ("total", &f.total),
            ("payments", &f.payments),
            ("cashier", &f.cashier),
            ("status", &f.status),
        ] {
            if let Some(fl) = field {
                points.push((name, fl.x, fl.y, fl.size));
            }
        }
        if let Some(lines) = &l.lines {
            if lines.max_rows == 0
                || lines.max_rows > 40
                || !(2.0..=50.0).contains(&lines.row_height)
            {
                return Err(bad(
                    "lines 的 max_rows 应为 1–40，row_height 应为 2–50 mm",
                    "lines: max_rows must be 1-40 and row_height 2-50 mm",
                ));
            }
            let last_y = lines.y + lines.row_height * (lines.max_rows - 1) as f32;
            for (name, col) in [
                ("lines.item", &lines.item),
                ("lines.period", &lines.period),
                ("lines.basis", &lines.basis),
                ("lines.amount", &lines.amount),
            ] {
                if let Some(c) = col {
                    points.push((name, c.x, lines.y, c.size));
                    points.push((name, c.x, last_y, c.size));
                }
            }
        }
        for (name, x, y, size) in points {
            if !(0.0..=l.width_mm).contains(&x) || !(0.0..=l.height_mm).contains(&y) {
                return Err(bad(
                    &format!(
                        "{name} 的位置 ({x}, {y}) 超出纸张 {} × {} mm",
                        l.width_mm, l.height_mm
                    ),
                    &format!(
                        "{name} at ({x}, {y}) is off the {} x {} mm paper",
                        l.width_mm, l.height_mm
                    ),
                ));
            }
            if !size_ok(size) {
                return Err(bad(
                    &format!("{name} 的字号应在 4–36 pt 之间"),
                    &format!("{name}: font size must be 4-36 pt"),
                ));
            }
        }
        Ok(l)
    }
}

/// Draw `s` at a position given from the top-left corner.
#[allow(clippy::too_many_arguments)]
fn put(
    c: &mut Canvas,
    h: f32,
    s: &str,
    x: f32,
    y: f32,
    size: f32,
    align: Align,
    max_w: Option<f32>,
) {
    let s = match max_w {
        Some(w) => crate::draw::fit(
            crate::draw::font().expect("font parsed by the builder"),
            s,
            size,
            w,
        ),
        None => s.to_string(),
    };
    let y = h - y;
    match align {
        Align::Left => c.text(&s, x, y, size),
        Align::Right => c.right(&s, x, y, size),
        Align::Center => c.center(&s, x, y, size),
    }
}

/// The receipt's values on a pre-printed form: no lines, no titles.
pub fn form_receipt_pdf(d: &ReceiptDoc, layout: &FormLayout) -> Result<Vec<u8>> {
    let r = &d.receipt;
    let mut b = Builder::new(&format!("收据 {} 套打", r.number))?;
    let mut c = b.canvas();
    let h = layout.height_mm;
    let fs = layout.font_size;
    let total = Money::from_fen(r.total_fen);
    let number = match d.reprint {
        Some(n) => format!("{}  补打(第{n}次)", r.number),
        None => r.number.clone(),
    };
    let payer = match d.phone.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => format!("{} {p}", r.payer),
        None => r.payer.clone(),
    };
    let f = &layout.fields;
    for (field, value) in [
        (&f.number, number),
        (&f.date, short_time(&r.issued_at)),
        (&f.unit, r.unit.clone().unwrap_or_default()),
        (&f.payer, payer),
        (&f.total_words, total.words()),
        (&f.total, format!("¥{}", total.grouped())),
        (&f.payments, payments_text(r)),
        (&f.cashier, r.cashier.clone()),
        (
            &f.status,
            if r.void.is_some() {
                "作废".into()
            } else {
                String::new()
            },
        ),
    ] {
        if let Some(fl) = field {
            put(
                &mut c,
                h,
                &value,
                fl.x,
                fl.y,
                fl.size.unwrap_or(fs),
                fl.align,
                fl.max_width,
            );
        }
    }
    if let Some(lines) = &layout.lines {
        // Lines beyond the form's rows are summed into its last row.
        let mut rows: Vec<[String; 4]> = r
            .lines
            .iter()
            .map(|l| {
                [
                    l.description.clone(),
                    l.period.clone().unwrap_or_default(),
                    l.basis.clone(),
                    yuan(l.amount_fen),
                ]
            })
            .collect();
        if rows.len() > lines.max_rows {
            let keep = lines.max_rows - 1;
            let rest = &r.lines[keep..];
            rows.truncate(keep);
            rows.push([
                format!("其他 {} 项", rest.len()),
                String::new(),
                String::new(),
                yuan(rest.iter().map(|l| l.amount_fen).sum()),
            ]);
        }
        for (i, row) in rows.iter().enumerate() {
            let y = lines.y + lines.row_height * i as f32;
            for (col, value) in [&lines.item, &lines.period, &lines.basis, &lines.amount]
                .iter()
                .zip(row)
            {
                if let Some(cl) = col {
                    put(
                        &mut c,
                        h,
                        value,
                        cl.x,
                        y,
                        cl.size.unwrap_or(fs),
                        cl.align,
                        cl.max_width,
                    );
                }
            }
        }
    }
    b.page(c, layout.width_mm, h);
    Ok(b.finish())
}

/// The calibration page: a mm grid on the layout's paper size, numbered every 10 mm from the
/// top-left corner (the layout's origin), with a cross and the name at each field's position.
pub fn calibration_pdf(layout: &FormLayout) -> Result<Vec<u8>> {
    let mut b = Builder::new(&format!("套打校准 {}", layout.name))?;
    let mut c = b.canvas();
    let (w, h) = (layout.width_mm, layout.height_mm);
    // Lines every 5 mm (heavier every 10 mm) and 1 mm ticks along the edges: a full 1 mm grid
    // would print almost black on a dot-matrix printer.
    let mut x = 0;
    while x as f32 <= w {
        let xf = x as f32;
        if x % 5 == 0 {
            c.line(xf, 0.0, xf, h, if x % 10 == 0 { 0.4 } else { 0.12 });
        } else {
            c.line(xf, 0.0, xf, 1.5, 0.12);
            c.line(xf, h - 1.5, xf, h, 0.12);
        }
        if x % 10 == 0 && x > 0 && xf < w - 4.0 {
            c.center(&x.to_string(), xf, h - 4.5, 6.0);
            c.center(&x.to_string(), xf, 2.5, 6.0);
        }
        x += 1;
    }
    let mut y = 0;
    while y as f32 <= h {
        let yf = h - y as f32;
        if y % 5 == 0 {
            c.line(0.0, yf, w, yf, if y % 10 == 0 { 0.4 } else { 0.12 });
        } else {
            c.line(0.0, yf, 1.5, yf, 0.12);
            c.line(w - 1.5, yf, w, yf, 0.12);
        }
        if y % 10 == 0 && y > 0 && (y as f32) < h - 4.0 {
            c.text(&y.to_string(), 2.0, yf + 0.8, 6.0);
            c.right(&y.to_string(), w - 2.0, yf + 0.8, 6.0);
        }
        y += 1;
    }
    let f = &layout.fields;
    let mut marks: Vec<(&str, f32, f32)> = [
        ("number", &f.number),
        ("date", &f.date),
        ("unit", &f.unit),
        ("payer", &f.payer),
        ("total_words", &f.total_words),
        ("total", &f.total),
        ("payments", &f.payments),
        ("cashier", &f.cashier),
        ("status", &f.status),
    ]
    .into_iter()
    .filter_map(|(n, fl)| fl.as_ref().map(|fl| (n, fl.x, fl.y)))
    .collect();
    if let Some(l) = &layout.lines {
        for (n, col) in [
            ("item", &l.item),
            ("period", &l.period),
            ("basis", &l.basis),
            ("amount", &l.amount),
        ] {
            if let Some(cl) = col {
                marks.push((n, cl.x, l.y));
            }
        }
    }
    for (name, x, y) in marks {
        let py = h - y;
        c.line(x - 2.0, py, x + 2.0, py, 0.6);
        c.line(x, py - 2.0, x, py + 2.0, 0.6);
        c.text(name, x + 1.0, py + 1.0, 6.5);
    }
    c.center(
        &format!("{}  {} × {} mm  刻度：距左上角毫米数", layout.name, w, h),
        w / 2.0,
        h - 57.5,
        9.0,
    );
    b.page(c, w, h);
    Ok(b.finish())
}
