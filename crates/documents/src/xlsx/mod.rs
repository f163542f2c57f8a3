//! Excel (XLSX) exports of every list and report the core produces, written with rust_xlsxwriter.
//! Each sheet: a Chinese name, a title row, a subtitle (estate, scope, who and when), a frozen header
//! row, the rows, and a totals row computed here from integer fen. Money cells are numbers in yuan
//! with the `¥#,##0.00` format, dates are Excel dates, so a clerk can sum and filter them.

use chrono::{NaiveDate, NaiveDateTime};
use feedesk_ledger::daily_report::DailyCashReport;
use feedesk_ledger::receipts::ReceiptKind;
use feedesk_ledger::review::ShiftCheck;
use feedesk_ledger::{err, Error, Money, Result};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

pub mod monthly;
pub mod reports;

/// The workbook and what it holds.
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// A file name to suggest, e.g. `欠费清单-2026-11-22.xlsx`.
    pub file_name: String,
    pub sheets: Vec<String>,
    /// Data rows over all sheets (titles, headers and totals not counted).
    pub rows: usize,
    /// The report's main total in fen (e.g. the arrears total, the day's takings).
    pub total_fen: i64,
}

/// One cell's value. Money stays integer fen until the cell is written.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    Count(i64),
    Fen(i64),
    Area(Decimal),
    /// `YYYY-MM-DD…`: written as an Excel date.
    Date(String),
    /// `YYYY-MM-DDTHH:MM:SS…` as stored (desk wall-clock time): written as an Excel date and time.
    DateTime(String),
    /// `HH:MM`: written as an Excel time of day.
    Time(String),
    Blank,
}

use Cell::*;

pub(crate) fn text(s: impl Into<String>) -> Cell {
    Text(s.into())
}

pub(crate) fn opt_text(s: &Option<String>) -> Cell {
    s.clone().map_or(Blank, Text)
}

/// One sheet as a table.
pub struct Sheet {
    name: String,
    title: String,
    columns: Vec<&'static str>,
    rows: Vec<Vec<Cell>>,
    totals: Vec<Cell>,
    /// Lines printed under the totals (number ranges, checks, warnings).
    notes: Vec<String>,
}

struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    text: Format,
    count: Format,
    money: Format,
    area: Format,
    date: Format,
    datetime: Format,
    time: Format,
    total_text: Format,
    total_count: Format,
    total_money: Format,
    total_area: Format,
    note: Format,
}

/// The yuan format of every money cell.
pub const MONEY_FORMAT: &str = "¥#,##0.00";
pub const DATE_FORMAT: &str = "yyyy-mm-dd";
pub const DATETIME_FORMAT: &str = "yyyy-mm-dd hh:mm";

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
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border(FormatBorder::Thin),
            text: base.clone(),
            count: base.clone().set_num_format("#,##0"),
            money: base.clone().set_num_format(MONEY_FORMAT),
            area: base.clone().set_num_format("#,##0.00"),
            date: base
                .clone()
                .set_num_format(DATE_FORMAT)
                .set_align(FormatAlign::Left),
            datetime: base
                .clone()
                .set_num_format(DATETIME_FORMAT)
                .set_align(FormatAlign::Left),
            time: base
                .clone()
                .set_num_format("hh:mm")
                .set_align(FormatAlign::Left),
            total_text: total.clone(),
            total_count: total.clone().set_num_format("#,##0"),
            total_money: total.clone().set_num_format(MONEY_FORMAT),
            total_area: total.set_num_format("#,##0.00"),
            note: base.set_font_size(9.5),
        }
    }
}

fn xe(e: XlsxError) -> Error {
    err!(
        Storage,
        "无法生成 Excel 文件：{e}",
        "cannot build the Excel file: {e}"
    )
}

/// Fen to yuan for the cell. The f64 exists only here, at the xlsx boundary: a spreadsheet number is
/// a double. Any amount below 2^53 fen (≈ ¥90 trillion) divided by 100 is the double nearest the exact
/// decimal, so Excel shows it, and a reader rounding to fen gets back exactly the integer we wrote.
fn excel_yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

fn excel_date(s: &str) -> Option<ExcelDateTime> {
    let d = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).ok()
}

fn excel_datetime(s: &str) -> Option<ExcelDateTime> {
    use chrono::{Datelike, Timelike};
    let t = NaiveDateTime::parse_from_str(s.get(..19)?, "%Y-%m-%dT%H:%M:%S").ok()?;
    ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)
        .ok()?
        .and_hms(t.hour() as u16, t.minute() as u8, t.second())
        .ok()
}

fn excel_time(s: &str) -> Option<ExcelDateTime> {
    let (h, m) = s.split_once(':')?;
    ExcelDateTime::from_hms(h.parse().ok()?, m.get(..2)?.parse().ok()?, 0).ok()
}

/// Display width of a cell in Excel's character units (CJK counts two).
fn cell_width(c: &Cell) -> usize {
    match c {
        Text(s) => s.lines().map(|l| l.width()).max().unwrap_or(0),
        Count(n) => n.to_string().len() + 1,
        Fen(f) => Money::from_fen(*f).grouped().len() + 2,
        Area(a) => a.to_string().len() + 1,
        Date(_) => 10,
        DateTime(_) => 16,
        Time(_) => 5,
        Blank => 0,
    }
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    c: &Cell,
    f: &Formats,
    total: bool,
) -> std::result::Result<(), XlsxError> {
    let (tf, cf, mf, af) = if total {
        (&f.total_text, &f.total_count, &f.total_money, &f.total_area)
    } else {
        (&f.text, &f.count, &f.money, &f.area)
    };
    match c {
        Text(s) => ws.write_string_with_format(row, col, s, tf)?,
        Count(n) => ws.write_number_with_format(row, col, *n as f64, cf)?,
        Fen(fen) => ws.write_number_with_format(row, col, excel_yuan(*fen), mf)?,
        Area(a) => ws.write_number_with_format(row, col, a.to_f64().unwrap_or(0.0), af)?,
        // A value that does not parse is kept as text rather than lost.
        Date(s) => match excel_date(s) {
            Some(d) => ws.write_datetime_with_format(row, col, d, &f.date)?,
            None => ws.write_string_with_format(row, col, s, tf)?,
        },
        DateTime(s) => match excel_datetime(s) {
            Some(d) => ws.write_datetime_with_format(row, col, d, &f.datetime)?,
            None => ws.write_string_with_format(row, col, s, tf)?,
        },
        Time(s) => match excel_time(s) {
            Some(d) => ws.write_datetime_with_format(row, col, d, &f.time)?,
            None => ws.write_string_with_format(row, col, s, tf)?,
        },
        Blank => ws.write_blank(row, col, tf)?,
    };
    Ok(())
}

/// Row layout of every sheet (0-based): title, subtitle, header, then the data.
pub const HEADER_ROW: u32 = 2;

fn write_sheet(
    wb: &mut Workbook,
    s: &Sheet,
    subtitle: &str,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(&s.name)?;
    let last_col = (s.columns.len() - 1) as u16;
    if last_col > 0 {
        ws.merge_range(0, 0, 0, last_col, &s.title, &f.title)?;
    } else {
        ws.write_string_with_format(0, 0, &s.title, &f.title)?;
    }
    ws.set_row_height(0, 24)?;
    ws.write_string_with_format(1, 0, subtitle, &f.subtitle)?;
    let mut widths: Vec<usize> = s.columns.iter().map(|c| c.width() + 2).collect();
    for (i, c) in s.columns.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, i as u16, *c, &f.header)?;
    }
    let mut row = HEADER_ROW + 1;
    for r in &s.rows {
        for (i, c) in r.iter().enumerate() {
            write_cell(ws, row, i as u16, c, f, false)?;
            widths[i] = widths[i].max(cell_width(c));
        }
        row += 1;
    }
    if !s.totals.is_empty() {
        for (i, c) in s.totals.iter().enumerate() {
            write_cell(ws, row, i as u16, c, f, true)?;
            widths[i] = widths[i].max(cell_width(c));
        }
        row += 1;
    }
    row += 1;
    for n in &s.notes {
        ws.write_string_with_format(row, 0, n, &f.note)?;
        row += 1;
    }
    for (i, w) in widths.iter().enumerate() {
        // Two characters of air, and no column wider than a screenful of text.
        ws.set_column_width(i as u16, (*w as f64 + 2.0).min(60.0))?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_paper_size(9); // A4
    if s.columns.len() > 6 {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// By payment method, with the number ranges, the other figures and the check.
fn method_sheet(r: &DailyCashReport) -> Sheet {
    let title = |what: &str| format!("{} 现金日报表 · {what}", r.estate);
    let rc = &r.reconciliation;
    Sheet {
        name: "按收款方式".into(),
        title: title("按收款方式"),
        columns: vec!["收款方式", "笔数", "金额"],
        rows: r
            .by_method
            .iter()
            .map(|a| vec![text(&a.label), Count(a.count), Fen(a.fen)])
            .collect(),
        totals: vec![text("合计"), Blank, Fen(r.total_fen)],
        notes: vec![
            r.receipts.summary_zh("收据"),
            r.vouchers.summary_zh("退款凭证"),
            format!(
                "其中柜台收费 ¥{}；押金扣款 ¥{}；预存款抵扣 ¥{}；红冲 {} 张 ¥{}",
                Money::from_fen(r.counter_sales_fen).grouped(),
                Money::from_fen(r.deposit_deductions_fen).grouped(),
                Money::from_fen(r.prepayments_used_fen).grouped(),
                r.reversals.count,
                Money::from_fen(r.reversals.fen).grouped()
            ),
            format!(
                "核对：按方式 ¥{} = 按项目 ¥{}；钱箱方式 ¥{} = 分录 ¥{}  {}",
                Money::from_fen(rc.by_method_fen).grouped(),
                Money::from_fen(rc.by_category_fen).grouped(),
                Money::from_fen(rc.drawer_methods_fen).grouped(),
                Money::from_fen(rc.journal_drawer_fen).grouped(),
                if rc.ok { "相符" } else { "不符" }
            ),
            r.sign_off
                .iter()
                .map(|x| format!("{x}：__________"))
                .collect::<Vec<_>>()
                .join("    "),
        ],
    }
}

/// By fee item and the other categories.
fn item_sheet(r: &DailyCashReport) -> Sheet {
    let title = |what: &str| format!("{} 现金日报表 · {what}", r.estate);
    let rc = &r.reconciliation;
    let mut item_rows: Vec<Vec<Cell>> = r
        .by_item
        .iter()
        .map(|a| vec![text(&a.label), Count(a.count), Fen(a.fen)])
        .collect();
    for (label, fen) in [
        ("装修押金收取", r.deposits_collected_fen),
        ("装修押金退还", r.deposits_returned_fen),
        ("预存款收取", r.prepayments_received_fen),
    ] {
        if fen != 0 {
            item_rows.push(vec![text(label), Blank, Fen(fen)]);
        }
    }
    Sheet {
        name: "按收费项目".into(),
        title: title("按收费项目"),
        columns: vec!["收费项目", "笔数", "金额"],
        rows: item_rows,
        totals: vec![text("合计"), Blank, Fen(rc.by_category_fen)],
        notes: vec![],
    }
}

/// Each shift's expected against counted, by method.
fn shifts_sheet(r: &DailyCashReport) -> Sheet {
    let title = |what: &str| format!("{} 现金日报表 · {what}", r.estate);
    let mut shift_rows = vec![];
    let (mut expected, mut counted, mut diff) = (0, 0, 0);
    for sh in &r.shifts {
        for m in &sh.methods {
            expected += m.expected_fen;
            counted += m.counted_fen.unwrap_or(0);
            diff += m.difference_fen.unwrap_or(0);
            shift_rows.push(vec![
                Count(sh.shift_id),
                text(&sh.cashier),
                DateTime(sh.opened_at.clone()),
                sh.closed_at.clone().map_or(text("未交班"), DateTime),
                Fen(sh.float_fen),
                Fen(sh.cash_in_out_fen),
                text(m.method.zh()),
                Fen(m.expected_fen),
                m.counted_fen.map_or(Blank, Fen),
                m.difference_fen.map_or(Blank, Fen),
            ]);
        }
    }
    Sheet {
        name: "班次清点".into(),
        title: title("班次清点（应有 / 实点 / 长短款）"),
        columns: vec![
            "班次",
            "收费员",
            "开班",
            "交班",
            "备用金",
            "存取款",
            "方式",
            "应有",
            "实点/对账",
            "长短款",
        ],
        rows: shift_rows,
        totals: vec![
            text("合计"),
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Fen(expected),
            Fen(counted),
            Fen(diff),
        ],
        notes: vec![],
    }
}

/// One row per document.
fn detail_sheet(r: &DailyCashReport) -> Sheet {
    let title = |what: &str| format!("{} 现金日报表 · {what}", r.estate);
    let valid: i64 = r
        .lines
        .iter()
        .filter(|l| !l.voided)
        .map(|l| l.amount_fen)
        .sum();
    Sheet {
        name: "收据明细".into(),
        title: title(&format!("收据明细 {}", r.date_from)),
        columns: vec![
            "收据号",
            "时间",
            "类型",
            "房号",
            "交款人",
            "项目",
            "方式",
            "金额",
            "状态",
        ],
        rows: r
            .lines
            .iter()
            .map(|l| {
                vec![
                    text(&l.number),
                    Time(l.time.clone()),
                    text(ReceiptKind::from_code(&l.kind).map_or("其他", ReceiptKind::zh)),
                    opt_text(&l.unit),
                    text(&l.payer),
                    text(&l.items),
                    text(&l.methods),
                    Fen(l.amount_fen),
                    text(if l.voided { "作废" } else { "" }),
                ]
            })
            .collect(),
        totals: vec![
            text("合计（不含作废）"),
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Fen(valid),
            Blank,
        ],
        notes: vec![],
    }
}

pub(crate) fn daily_sheets(r: &DailyCashReport) -> Vec<Sheet> {
    vec![
        method_sheet(r),
        item_sheet(r),
        shifts_sheet(r),
        detail_sheet(r),
    ]
}

/// 核对统计 and the unreviewed shifts: one row per shift with its totals, voids and differences.
pub(crate) fn checks_sheet(name: &str, title: String, rows: &[ShiftCheck]) -> Sheet {
    let total: i64 = rows.iter().map(|r| r.total_fen).sum();
    Sheet {
        name: name.into(),
        title,
        columns: vec![
            "班次",
            "收费员",
            "开班",
            "交班",
            "张数",
            "实收",
            "作废",
            "红冲",
            "长短款",
            "复核人",
            "复核时间",
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Count(r.shift_id),
                    text(&r.cashier),
                    DateTime(r.opened_at.clone()),
                    r.closed_at.clone().map_or(text("未交班"), DateTime),
                    Count(r.receipts),
                    Fen(r.total_fen),
                    Count(r.voids),
                    Count(r.reversals),
                    r.difference_fen.map_or(Blank, Fen),
                    opt_text(&r.reviewed_by),
                    r.reviewed_at.clone().map_or(Blank, DateTime),
                ]
            })
            .collect(),
        totals: vec![
            text(format!("合计 {} 个班次", rows.len())),
            Blank,
            Blank,
            Blank,
            Count(rows.iter().map(|r| r.receipts).sum()),
            Fen(total),
            Count(rows.iter().map(|r| r.voids).sum()),
            Count(rows.iter().map(|r| r.reversals).sum()),
            Fen(rows.iter().filter_map(|r| r.difference_fen).sum()),
            Blank,
            Blank,
        ],
        notes: vec![],
    }
}

/// Build the workbook. Every reader may export what they may read; the reports check their own rights.
/// A report as a workbook: its sheets, the file name to suggest and its main total.
pub struct Book {
    /// The file name without `.xlsx`, e.g. `欠费清单-2026-11-22`.
    pub base: String,
    /// What the report covers, printed in each sheet's subtitle.
    pub scope: String,
    pub sheets: Vec<Sheet>,
    pub total_fen: i64,
}

/// Names the sheets' titles use.
pub struct Names {
    pub estate_name: String,
    /// `YYYY-MM-DD`, for file names.
    pub today: String,
}

/// Who exported what, where and when: each sheet's subtitle.
pub struct Heading {
    pub company: String,
    pub estate_name: String,
    pub desk: String,
    /// `YYYY-MM-DD HH:MM`
    pub at: String,
    pub by: String,
}

/// Write a book as an XLSX workbook.
pub fn workbook(book: &Book, h: &Heading) -> Result<Exported> {
    let desk = if book.scope.contains(&h.desk) {
        String::new()
    } else {
        format!(" · 收银台 {}", h.desk)
    };
    let subtitle = format!(
        "{} {} · {}{desk} · 导出 {} {}",
        h.company, h.estate_name, book.scope, h.at, h.by
    );
    let f = Formats::new();
    let mut wb = Workbook::new();
    for s in &book.sheets {
        write_sheet(&mut wb, s, &subtitle, &f).map_err(xe)?;
    }
    let bytes = wb.save_to_buffer().map_err(xe)?;
    Ok(Exported {
        bytes,
        file_name: format!("{}.xlsx", book.base),
        sheets: book.sheets.iter().map(|s| s.name.clone()).collect(),
        rows: book.sheets.iter().map(|s| s.rows.len()).sum(),
        total_fen: book.total_fen,
    })
}
