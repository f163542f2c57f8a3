//! Units-and-owners import (房屋及业主资料导入): read an XLSX or CSV file the office
//! filled in and turn it into validated [`ImportRow`]s.
//!
//! This module never touches the database. It either returns every row, all of them
//! good, or it returns every problem it found (each bad row, each bad cell), so the
//! office can fix the file once instead of once per error. Nothing is guessed
//! silently: an area with three decimals, an ID number Excel has already rounded or a
//! phone number with two numbers in it is an error, not a "best effort" value.
//!
//! Accepted layout: an optional title row, then a header row (within the first 5
//! non-empty rows) naming the columns in any order, then one row per unit. See
//! `assets/templates/README.md` for the columns and the spellings accepted.

use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::err;
use crate::error::{Error, ErrorCode};
use crate::estate::UnitType;

mod apply;
mod cells;
mod grid;
mod header;
mod rows;

use cells::*;
use grid::*;
use header::*;
use rows::*;

pub use apply::{apply_import, ImportSummary};

/// Files larger than this are refused before parsing (a whole estate is a few hundred KB).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Data rows per file; the largest estates have a few thousand units.
pub const MAX_DATA_ROWS: usize = 50_000;
/// The header must be among this many non-empty rows at the top of the sheet.
const HEADER_SEARCH_ROWS: usize = 5;
/// 楼栋 / 单元 / 房号 each at most this many characters.
const MAX_CODE_PART_CHARS: usize = 20;
const MAX_OWNER_CHARS: usize = 40;
/// How many row errors [`ImportFailure::into_error`] spells out before "and N more".
const SUMMARY_MAX_ITEMS: usize = 20;
/// Values quoted in messages are cut to this many characters.
const MAX_QUOTED_CHARS: usize = 30;

/// One unit and its owner, as read from one line of the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportRow {
    /// Row number as the user sees it in Excel / a text editor (the first line is row 1).
    pub row: usize,
    /// 楼栋, normalised: "3栋"/"3号楼"/"3幢"/"3座"/" 3 " -> "3"; "A座" -> "A".
    pub building: String,
    /// 单元, may be empty (shops, parking); "2单元" -> "2".
    pub entrance: String,
    /// 房号: "1201室" -> "1201".
    pub room: String,
    pub unit_type: UnitType,
    /// 建筑面积 in m², > 0, at most 2 decimals, at most 99999.99; always carried with scale 2.
    pub area_m2: Decimal,
    /// 业主姓名, trimmed, inner whitespace collapsed to one space.
    pub owner_name: String,
    /// 联系电话: an 11-digit mobile number, or a landline as "0755-12345678".
    pub phone: String,
    /// 证件号码: a resident ID (checksum verified, upper-case X) or another document number.
    pub id_number: Option<String>,
    /// 交房日期.
    pub handover_date: Option<NaiveDate>,
}

impl ImportRow {
    /// The unit's code: the non-empty parts of building, entrance and room joined by '-',
    /// e.g. "3-2-1201", or "B1-101" for a unit without an entrance.
    pub fn unit_code(&self) -> String {
        [
            self.building.as_str(),
            self.entrance.as_str(),
            self.room.as_str(),
        ]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("-")
    }
}

/// One problem in one row. A row with three bad cells gives three `RowError`s.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RowError {
    /// Row number as the user sees it in Excel.
    pub row: usize,
    /// The column's header as written in the file, or "" when the problem is not one cell's.
    pub column: String,
    /// Full message in Chinese, naming row, column and value: 第5行 建筑面积「89.475」最多两位小数
    pub zh: String,
    /// The same in English: row 5, floor area "89.475": at most 2 decimals
    pub en: String,
}

/// How to read the bytes of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// An Excel workbook (.xlsx, .xlsm, .xls; also .xlsb and .ods). The format is detected from the content.
    Xlsx,
    /// Comma-separated text (.csv, .txt): UTF-8 with or without BOM, GBK/GB18030, or UTF-16 with BOM.
    /// Tab- and semicolon-separated text is recognised too.
    Csv,
}

impl FileKind {
    /// The kind for a file name's extension (case-insensitive), or `None` if it is not one we read.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Some(FileKind::Xlsx),
            "csv" | "txt" => Some(FileKind::Csv),
            _ => None,
        }
    }
}

/// Why an import produced no rows.
#[derive(Debug, Clone)]
pub enum ImportFailure {
    /// The file as a whole could not be used (unreadable, empty, no header, missing column).
    /// The error's code is `ImportFile`.
    File(Error),
    /// The file was readable but some rows are bad: every problem, in row order.
    Rows(Vec<RowError>),
}

impl ImportFailure {
    /// One [`Error`] for the API boundary. For bad rows: code `ImportRows` and a summary
    /// listing the first problems, e.g. "导入失败：2行共3处错误：第3行 建筑面积「0」必须大于0；第7行 …".
    pub fn into_error(self) -> Error {
        match self {
            ImportFailure::File(e) => e,
            ImportFailure::Rows(errors) => {
                let total = errors.len();
                let mut rows: Vec<usize> = errors.iter().map(|e| e.row).collect();
                rows.dedup();
                let row_count = rows.len();
                let shown = &errors[..total.min(SUMMARY_MAX_ITEMS)];
                let mut zh = shown
                    .iter()
                    .map(|e| e.zh.as_str())
                    .collect::<Vec<_>>()
                    .join("；");
                let mut en = shown
                    .iter()
                    .map(|e| e.en.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                if total > shown.len() {
                    let more = total - shown.len();
                    zh.push_str(&format!("；……另有{more}处错误"));
                    en.push_str(&format!("; … and {more} more"));
                }
                let plural = if total == 1 { "" } else { "s" };
                let row_plural = if row_count == 1 { "" } else { "s" };
                Error::new(
                    ErrorCode::ImportRows,
                    format!("导入失败：{row_count}行共{total}处错误：{zh}"),
                    format!("import failed: {total} problem{plural} in {row_count} row{row_plural}: {en}"),
                )
            }
        }
    }
}

impl fmt::Display for ImportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportFailure::File(e) => write!(f, "{}", e.zh),
            ImportFailure::Rows(errors) => {
                let zh: Vec<&str> = errors.iter().map(|e| e.zh.as_str()).collect();
                write!(f, "{}", zh.join("；"))
            }
        }
    }
}

impl std::error::Error for ImportFailure {}

impl From<ImportFailure> for Error {
    fn from(f: ImportFailure) -> Self {
        f.into_error()
    }
}

impl From<Error> for ImportFailure {
    fn from(e: Error) -> Self {
        ImportFailure::File(e)
    }
}

/// What a file would import, read and checked without touching the ledger: the screen's error table.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ImportCheck {
    /// Good rows (all of the file's rows when `problems` is empty).
    pub rows: usize,
    /// Every problem, in row order; the import refuses the whole file while there is one.
    pub problems: Vec<RowError>,
}

/// Check a file as an import would, listing every bad row. A file that can't be read at all is an error.
pub fn check_file(path: &Path) -> crate::Result<ImportCheck> {
    match parse_file(path) {
        Ok(rows) => Ok(ImportCheck {
            rows: rows.len(),
            problems: Vec::new(),
        }),
        Err(ImportFailure::Rows(problems)) => Ok(ImportCheck { rows: 0, problems }),
        Err(ImportFailure::File(e)) => Err(e),
    }
}

/// Read and validate a units-and-owners file; the kind comes from the extension.
pub fn parse_file(path: &Path) -> Result<Vec<ImportRow>, ImportFailure> {
    let shown = path.display();
    let kind = FileKind::from_path(path).ok_or_else(|| {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        err!(
            ImportFile,
            "不支持的文件类型「.{ext}」，请使用 Excel（.xlsx）或 CSV 文件",
            "unsupported file type \".{ext}\"; use an Excel (.xlsx) or CSV file"
        )
    })?;
    let meta = std::fs::metadata(path).map_err(|e| {
        err!(
            ImportFile,
            "无法打开文件「{shown}」：{e}",
            "cannot open \"{shown}\": {e}"
        )
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big().into());
    }
    let bytes = std::fs::read(path).map_err(|e| {
        err!(
            ImportFile,
            "无法读取文件「{shown}」：{e}",
            "cannot read \"{shown}\": {e}"
        )
    })?;
    parse_bytes(&bytes, kind)
}

/// Validate the content of a units-and-owners file already in memory.
pub fn parse_bytes(bytes: &[u8], kind: FileKind) -> Result<Vec<ImportRow>, ImportFailure> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big().into());
    }
    if is_blank_bytes(bytes) {
        return Err(empty_file().into());
    }
    // Trust the content over the name: a workbook saved as .csv or a text file saved as .xls
    // are both common.
    let looks_like_workbook =
        bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    match kind {
        FileKind::Csv if !looks_like_workbook => parse_text(&decode_text(bytes)?),
        FileKind::Csv => parse_grids(workbook_grids(bytes)?),
        FileKind::Xlsx => match workbook_grids(bytes) {
            Ok(grids) => parse_grids(grids),
            // Some systems export text with an .xls name.
            Err(e) if !looks_like_workbook => match decode_text(bytes) {
                Ok(text) if !text.trim_start().starts_with('<') && !text.contains('\0') => {
                    parse_text(&text)
                }
                _ => Err(e.into()),
            },
            Err(e) => Err(e.into()),
        },
    }
}

/// Delimited text: comma first, then tab (Excel's "Unicode text"), then semicolon; the header decides.
fn parse_text(text: &str) -> Result<Vec<ImportRow>, ImportFailure> {
    parse_grids([b',', b'\t', b';'].into_iter().map(|d| csv_grid(text, d)))
}
