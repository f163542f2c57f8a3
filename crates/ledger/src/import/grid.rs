//! Cells and grids: what both file kinds are reduced to before validation.

use std::io::Cursor;

use calamine::{Data, Reader};
use chrono::NaiveDate;

use super::*;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Empty,
    Text(String),
    /// A numeric cell, as Excel would display it (at most 15 significant digits).
    Number(String),
    /// An Excel date cell; `None` when it is not a calendar date (a duration, 1900-02-29).
    Date {
        date: Option<NaiveDate>,
        shown: String,
    },
    /// An Excel error value such as #N/A.
    Bad(String),
}

impl Cell {
    pub(super) fn from_data(d: &Data) -> Cell {
        match d {
            Data::Empty => Cell::Empty,
            Data::String(s) => Cell::text(s),
            Data::Int(i) => Cell::Number(i.to_string()),
            Data::Float(f) => Cell::Number(excel_number_string(*f)),
            Data::Bool(b) => Cell::Text(if *b { "TRUE".into() } else { "FALSE".into() }),
            Data::DateTime(dt) => {
                if dt.is_datetime() {
                    let (y, m, d, ..) = dt.to_ymd_hms_milli();
                    let date = NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32);
                    Cell::Date {
                        date,
                        shown: format!("{y:04}-{m:02}-{d:02}"),
                    }
                } else {
                    Cell::Date {
                        date: None,
                        shown: excel_number_string(dt.as_f64()),
                    }
                }
            }
            Data::DateTimeIso(s) => {
                let date = s
                    .get(..10)
                    .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
                Cell::Date {
                    date,
                    shown: s.clone(),
                }
            }
            Data::DurationIso(s) => Cell::Date {
                date: None,
                shown: s.clone(),
            },
            Data::Error(e) => Cell::Bad(e.to_string()),
        }
    }

    pub(super) fn text(s: &str) -> Cell {
        if clean(s).trim().is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The value as quoted in an error message.
    pub(super) fn shown(&self) -> String {
        let s = match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => clean(s).trim().to_string(),
            Cell::Number(s) | Cell::Bad(s) => s.clone(),
            Cell::Date { shown, .. } => shown.clone(),
        };
        if s.chars().count() > MAX_QUOTED_CHARS {
            let cut: String = s.chars().take(MAX_QUOTED_CHARS).collect();
            format!("{cut}…")
        } else {
            s
        }
    }
}

/// Excel shows (and keeps) at most 15 significant digits; a float with more is binary
/// noise from a formula (89.47000000000001) and is shown here as Excel shows it (89.47).
pub(super) fn excel_number_string(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    let s = rounded.to_string();
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

pub(super) struct GridRow {
    /// Row number as the user sees it.
    pub(super) row: usize,
    pub(super) cells: Vec<Cell>,
}

impl GridRow {
    pub(super) fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }
    pub(super) fn cell(&self, col: usize) -> &Cell {
        self.cells.get(col).unwrap_or(&Cell::Empty)
    }
}

/// One candidate table: a worksheet, or the text read with one delimiter.
pub(super) type Grid = Vec<GridRow>;

pub(super) fn workbook_grids(bytes: &[u8]) -> Result<Vec<Grid>, Error> {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        err!(
            ImportFile,
            "无法读取 Excel 文件（{e}）。请用 Excel 打开后另存为 .xlsx 再导入",
            "cannot read the Excel file ({e}); open it in Excel, save it as .xlsx and import that"
        )
    })?;
    let count = wb.sheet_names().len();
    let mut grids = Vec::with_capacity(count);
    for i in 0..count {
        let range = match wb.worksheet_range_at(i) {
            Some(Ok(r)) => r,
            // A chart sheet or an unreadable extra sheet: the data may be on another one.
            Some(Err(_)) | None => continue,
        };
        let Some((first_row, _)) = range.start() else {
            continue;
        };
        let grid = range
            .rows()
            .enumerate()
            .map(|(i, cells)| GridRow {
                row: first_row as usize + i + 1,
                cells: cells.iter().map(Cell::from_data).collect(),
            })
            .collect();
        grids.push(grid);
    }
    Ok(grids)
}

pub(super) fn csv_grid(text: &str, delimiter: u8) -> Grid {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    let mut record = csv::StringRecord::new();
    // Excel's row number: line breaks before the record (blank lines are rows too), less
    // those inside quoted values, which keep a record on one row in Excel.
    let mut counted_to = 0usize;
    let mut breaks = 0usize;
    let mut breaks_in_values = 0usize;
    // `text` is valid UTF-8 and the reader is flexible, so a read error cannot happen;
    // stop at one rather than loop.
    while let Ok(true) = reader.read_record(&mut record) {
        // The reader reports where it stopped reading the previous record, which can be
        // before that record's line break and before skipped blank lines.
        let mut start = record
            .position()
            .map_or(counted_to, |p| p.byte() as usize)
            .clamp(counted_to, text.len());
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        breaks += text.as_bytes()[counted_to..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted_to = start;
        let row = breaks.saturating_sub(breaks_in_values) + 1;
        grid.push(GridRow {
            row,
            cells: record.iter().map(Cell::text).collect(),
        });
        breaks_in_values += record
            .iter()
            .map(|f| f.matches('\n').count())
            .sum::<usize>();
    }
    grid
}

/// UTF-8 (BOM stripped), UTF-16 with BOM ("Unicode text" from Excel), else GB18030
/// (what Excel on Chinese Windows writes for "CSV").
pub(super) fn decode_text(bytes: &[u8]) -> Result<String, Error> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, had_errors) = encoding_rs::UTF_16LE.decode(bytes); // sniffs the BOM
        if !had_errors {
            return Ok(text.into_owned());
        }
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(body) {
        return Ok(s.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(body);
    if had_errors {
        return Err(err!(
            ImportFile,
            "无法识别文件的文字编码，请在 Excel 中另存为「CSV UTF-8」或 .xlsx 后再导入",
            "cannot tell the file's text encoding; save it from Excel as \"CSV UTF-8\" or .xlsx and import that"
        ));
    }
    Ok(text.into_owned())
}

pub(super) fn is_blank_bytes(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    body.iter()
        .all(|b| b.is_ascii_whitespace() || *b == b',' || *b == b';' || *b == b'\t')
}

pub(super) fn too_big() -> Error {
    let mb = MAX_FILE_BYTES / 1024 / 1024;
    err!(
        ImportFile,
        "文件太大（超过{mb}MB），请检查是否选错了文件",
        "the file is too large (over {mb} MB); is it the right file?"
    )
}

pub(super) fn empty_file() -> Error {
    err!(ImportFile, "文件是空的，没有任何内容", "the file is empty")
}
