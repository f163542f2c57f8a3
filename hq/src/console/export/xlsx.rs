//! The exports' Excel workbooks, in the desk's style: each sheet has a title row, a subtitle (month,
//! who exported it and when), a frozen header row, the rows and a totals row. Money cells are numbers
//! in yuan with the `¥#,##0.00` format, so a clerk can sum and filter them.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{item_label, month_zh, Made};
use crate::console::arrears::{Ageing, ArrearsReport, UnitArrears};
use crate::console::monthly::{MonthFigures, MonthlyReport};
use crate::{HqError, HqResult};

/// The yuan format of every money cell (the desk's exports use the same).
pub const MONEY_FORMAT: &str = "¥#,##0.00";
/// Row layout of every sheet (0-based): title, subtitle, header, then the data.
pub const HEADER_ROW: u32 = 2;
/// The sheet of the group's figures, first in every workbook.
pub const SUMMARY_SHEET: &str = "汇总";

/// One cell's value. Money stays integer fen until the cell is written.
enum Cell {
    Text(String),
    Count(i64),
    Fen(i64),
    Blank,
}

use Cell::*;

fn text(s: impl Into<String>) -> Cell {
    Text(s.into())
}

/// One sheet as a table.
struct Sheet {
    name: String,
    title: String,
    columns: Vec<&'static str>,
    rows: Vec<Vec<Cell>>,
    totals: Vec<Cell>,
}

struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    text: Format,
    count: Format,
    money: Format,
    total_text: Format,
    total_count: Format,
    total_money: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name("等线").set_font_size(10.5);
        let total = base
            .clone()
            .set_bold()
            .set_border_top(FormatBorder::Thin)
            .set_border_bottom(FormatBorder::Double);
        Formats {
            title: base
                .clone()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center),
            subtitle: base
                .clone()
                .set_font_size(9)
                .set_font_color(Color::RGB(0x595959)),
            header: base
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border(FormatBorder::Thin),
            text: base.clone(),
            count: base.clone().set_num_format("#,##0"),
            money: base.set_num_format(MONEY_FORMAT),
            total_text: total.clone(),
            total_count: total.clone().set_num_format("#,##0"),
            total_money: total.set_num_format(MONEY_FORMAT),
        }
    }
}

fn xe(e: XlsxError) -> HqError {
    HqError::new(
        500,
        "EXPORT",
        format!("无法生成 Excel 文件：{e}"),
        format!("cannot build the Excel file: {e}"),
    )
}

/// Fen to yuan for the cell: the f64 exists only here, at the xlsx boundary, where a spreadsheet
/// number is a double (as in the desk's exports). Below 2^53 fen the quotient is the double nearest
/// the exact decimal, so Excel shows it and a reader rounding to fen gets back the integer written.
fn excel_yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

/// Display width in Excel's character units (a CJK character counts two).
fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn cell_width(c: &Cell) -> usize {
    match c {
        Text(s) => width(s),
        Count(n) => n.to_string().len() + 1,
        Fen(f) => super::yuan(*f).len() + 2,
        Blank => 0,
    }
}

fn write_cell(
    ws: &mut Worksheet,
    (row, col): (u32, u16),
    c: &Cell,
    f: &Formats,
    total: bool,
) -> Result<(), XlsxError> {
    let (tf, cf, mf) = if total {
        (&f.total_text, &f.total_count, &f.total_money)
    } else {
        (&f.text, &f.count, &f.money)
    };
    match c {
        Text(s) => ws.write_string_with_format(row, col, s, tf)?,
        Count(n) => ws.write_number_with_format(row, col, *n as f64, cf)?,
        Fen(fen) => ws.write_number_with_format(row, col, excel_yuan(*fen), mf)?,
        Blank => ws.write_blank(row, col, tf)?,
    };
    Ok(())
}

fn write_sheet(wb: &mut Workbook, s: &Sheet, subtitle: &str, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(&s.name)?;
    let last_col = (s.columns.len() - 1) as u16;
    ws.merge_range(0, 0, 0, last_col, &s.title, &f.title)?;
    ws.set_row_height(0, 24)?;
    ws.write_string_with_format(1, 0, subtitle, &f.subtitle)?;
    let mut widths: Vec<usize> = s.columns.iter().map(|c| width(c) + 2).collect();
    for (i, c) in s.columns.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, i as u16, *c, &f.header)?;
    }
    let lines = s.rows.iter().map(|r| (r, false));
    for (n, (r, total)) in lines.chain([(&s.totals, true)]).enumerate() {
        let row = HEADER_ROW + 1 + n as u32;
        for (i, c) in r.iter().enumerate() {
            write_cell(ws, (row, i as u16), c, f, total)?;
            widths[i] = widths[i].max(cell_width(c));
        }
    }
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, (*w as f64 + 2.0).min(60.0))?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn save(sheets: &[Sheet], subtitle: &str) -> HqResult<Vec<u8>> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    for s in sheets {
        write_sheet(&mut wb, s, subtitle, &f).map_err(xe)?;
    }
    wb.save_to_buffer().map_err(xe)
}

/// An estate's sheet name: `CODE 名称`, without the characters Excel refuses, at most 31 characters.
/// Codes are unique ASCII, so the names are unique and never 汇总.
pub fn estate_sheet(code: &str, name: &str) -> String {
    format!("{code} {name}")
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c))
        .take(31)
        .collect::<String>()
        .trim_end()
        .to_string()
}

fn month_cells(f: &MonthFigures) -> [Cell; 5] {
    [
        Fen(f.billed_fen),
        Fen(f.collected_fen),
        Fen(f.recovered_fen),
        Fen(f.advance_fen),
        Fen(f.open_fen),
    ]
}

const MONTH_COLUMNS: [&str; 5] = ["应收", "实收", "收回欠费", "预收", "未收"];

/// 收费月报表: 汇总 (one row per estate, 合计), then one sheet per estate by building and fee item
/// with its 小计.
pub fn monthly(r: &MonthlyReport, made: &Made) -> HqResult<Vec<u8>> {
    let title = format!("收费月报表 {}", month_zh(&r.month));
    let mut summary_cols = vec!["项目编号", "项目名称"];
    summary_cols.extend(MONTH_COLUMNS);
    let mut sheets = vec![Sheet {
        name: SUMMARY_SHEET.into(),
        title: format!("{title} · 汇总"),
        columns: summary_cols,
        rows: r
            .estates
            .iter()
            .map(|e| {
                let mut row = vec![text(&e.estate_code), text(&e.estate_name)];
                row.extend(month_cells(&e.total));
                row
            })
            .collect(),
        totals: [text("合计"), Blank]
            .into_iter()
            .chain(month_cells(&r.total))
            .collect(),
    }];
    for e in &r.estates {
        let mut columns = vec!["楼栋", "收费项目"];
        columns.extend(MONTH_COLUMNS);
        sheets.push(Sheet {
            name: estate_sheet(&e.estate_code, &e.estate_name),
            title: format!("{} {} {title}", e.estate_code, e.estate_name),
            columns,
            rows: e
                .rows
                .iter()
                .map(|row| {
                    let mut cells = vec![text(&row.building), text(item_label(&row.item))];
                    cells.extend(month_cells(&row.figures));
                    cells
                })
                .collect(),
            totals: [text("小计"), Blank]
                .into_iter()
                .chain(month_cells(&e.total))
                .collect(),
        });
    }
    let subtitle = format!(
        "月份 {} · {} 个项目 · 导出 {}（北京时间） {}",
        r.month,
        r.estates.len(),
        made.at,
        made.by
    );
    save(&sheets, &subtitle)
}

fn ageing_cells(a: &Ageing) -> [Cell; 5] {
    [
        Fen(a.upto_3_fen),
        Fen(a.from_3_to_6_fen),
        Fen(a.from_6_to_12_fen),
        Fen(a.over_12_fen),
        Fen(a.total_fen),
    ]
}

const AGEING_COLUMNS: [&str; 5] = ["≤3个月", "3–6个月", "6–12个月", ">12个月", "合计"];

/// An estate's units in arrears, with their total.
fn units_sheet(name: String, title: String, units: &[UnitArrears]) -> Sheet {
    let mut sum = Ageing::default();
    for u in units {
        sum.upto_3_fen += u.ageing.upto_3_fen;
        sum.from_3_to_6_fen += u.ageing.from_3_to_6_fen;
        sum.from_6_to_12_fen += u.ageing.from_6_to_12_fen;
        sum.over_12_fen += u.ageing.over_12_fen;
        sum.total_fen += u.ageing.total_fen;
    }
    let mut columns = vec!["房号", "楼栋", "业主", "最早欠费账期", "欠费笔数"];
    columns.extend(AGEING_COLUMNS);
    let head = [
        text(format!("合计 {} 户", units.len())),
        Blank,
        Blank,
        Blank,
        Count(units.iter().map(|u| u.charges).sum()),
    ];
    Sheet {
        name,
        title,
        columns,
        rows: units
            .iter()
            .map(|u| {
                let mut cells = vec![
                    text(&u.unit),
                    text(&u.building),
                    u.owner.clone().map_or(Blank, Text),
                    text(&u.oldest_period),
                    Count(u.charges),
                ];
                cells.extend(ageing_cells(&u.ageing));
                cells
            })
            .collect(),
        totals: head.into_iter().chain(ageing_cells(&sum)).collect(),
    }
}

/// 欠费账龄: 汇总 (one row per estate: units and ageing, 合计), then one sheet per estate listing its
/// units in arrears; `units` is in the order of `r.estates`.
pub fn arrears(r: &ArrearsReport, units: &[Vec<UnitArrears>], made: &Made) -> HqResult<Vec<u8>> {
    let title = format!("欠费账龄 截至 {}", month_zh(&r.as_of));
    let mut columns = vec!["项目编号", "项目名称", "欠费户数"];
    columns.extend(AGEING_COLUMNS);
    let mut sheets = vec![Sheet {
        name: SUMMARY_SHEET.into(),
        title: format!("{title} · 汇总"),
        columns,
        rows: r
            .estates
            .iter()
            .map(|e| {
                let mut row = vec![text(&e.estate_code), text(&e.estate_name), Count(e.units)];
                row.extend(ageing_cells(&e.ageing));
                row
            })
            .collect(),
        totals: [text("合计"), Blank, Count(r.units)]
            .into_iter()
            .chain(ageing_cells(&r.total))
            .collect(),
    }];
    for (e, list) in r.estates.iter().zip(units) {
        sheets.push(units_sheet(
            estate_sheet(&e.estate_code, &e.estate_name),
            format!(
                "{} {} 欠费户 截至 {}",
                e.estate_code, e.estate_name, r.as_of
            ),
            list,
        ));
    }
    let subtitle = format!(
        "截至 {}（账期按月计龄）· {} 个项目 · 导出 {}（北京时间） {}",
        r.as_of,
        r.estates.len(),
        made.at,
        made.by
    );
    save(&sheets, &subtitle)
}
