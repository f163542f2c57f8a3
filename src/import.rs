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

use std::collections::HashMap;
use std::fmt;
use std::io::Cursor;
use std::path::Path;
use std::str::FromStr;

use calamine::{Data, Reader};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::err;
use crate::error::{Error, ErrorCode};
use crate::estate::UnitType;

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

// ---------------------------------------------------------------------------------------
// Cells and grids: what both file kinds are reduced to before validation.

#[derive(Debug, Clone, PartialEq)]
enum Cell {
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
    fn from_data(d: &Data) -> Cell {
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

    fn text(s: &str) -> Cell {
        if clean(s).trim().is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The value as quoted in an error message.
    fn shown(&self) -> String {
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
fn excel_number_string(f: f64) -> String {
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

struct GridRow {
    /// Row number as the user sees it.
    row: usize,
    cells: Vec<Cell>,
}

impl GridRow {
    fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }
    fn cell(&self, col: usize) -> &Cell {
        self.cells.get(col).unwrap_or(&Cell::Empty)
    }
}

/// One candidate table: a worksheet, or the text read with one delimiter.
type Grid = Vec<GridRow>;

fn workbook_grids(bytes: &[u8]) -> Result<Vec<Grid>, Error> {
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

fn csv_grid(text: &str, delimiter: u8) -> Grid {
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
fn decode_text(bytes: &[u8]) -> Result<String, Error> {
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

fn is_blank_bytes(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    body.iter()
        .all(|b| b.is_ascii_whitespace() || *b == b',' || *b == b';' || *b == b'\t')
}

fn too_big() -> Error {
    let mb = MAX_FILE_BYTES / 1024 / 1024;
    err!(
        ImportFile,
        "文件太大（超过{mb}MB），请检查是否选错了文件",
        "the file is too large (over {mb} MB); is it the right file?"
    )
}

fn empty_file() -> Error {
    err!(ImportFile, "文件是空的，没有任何内容", "the file is empty")
}

// ---------------------------------------------------------------------------------------
// Columns and the header row.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Field {
    Building,
    Entrance,
    Room,
    Type,
    Area,
    Owner,
    Phone,
    IdNumber,
    Handover,
}

impl Field {
    const ALL: [Field; 9] = [
        Field::Building,
        Field::Entrance,
        Field::Room,
        Field::Type,
        Field::Area,
        Field::Owner,
        Field::Phone,
        Field::IdNumber,
        Field::Handover,
    ];
    const REQUIRED: [Field; 6] = [
        Field::Building,
        Field::Room,
        Field::Type,
        Field::Area,
        Field::Owner,
        Field::Phone,
    ];

    fn zh(self) -> &'static str {
        match self {
            Field::Building => "楼栋",
            Field::Entrance => "单元",
            Field::Room => "房号",
            Field::Type => "房屋类型",
            Field::Area => "建筑面积",
            Field::Owner => "业主姓名",
            Field::Phone => "联系电话",
            Field::IdNumber => "证件号码",
            Field::Handover => "交房日期",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Field::Building => "building",
            Field::Entrance => "entrance",
            Field::Room => "room",
            Field::Type => "unit type",
            Field::Area => "floor area",
            Field::Owner => "owner name",
            Field::Phone => "phone",
            Field::IdNumber => "ID number",
            Field::Handover => "handover date",
        }
    }

    /// Header spellings, already in [`normalize_header`] form (no spaces, lower case).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Building => &[
                "楼栋",
                "楼号",
                "楼栋号",
                "栋号",
                "楼宇",
                "幢号",
                "楼座",
                "building",
                "buildingno",
            ],
            Field::Entrance => &["单元", "单元号", "entrance"],
            Field::Room => &["房号", "房间号", "门牌号", "室号", "room", "roomno"],
            Field::Type => &[
                "房屋类型",
                "类型",
                "房产类型",
                "物业类型",
                "type",
                "unittype",
            ],
            Field::Area => &["建筑面积", "面积", "area", "floorarea"],
            Field::Owner => &[
                "业主姓名",
                "业主",
                "姓名",
                "客户姓名",
                "业主名称",
                "owner",
                "ownername",
                "name",
            ],
            Field::Phone => &[
                "联系电话",
                "电话",
                "手机",
                "手机号",
                "手机号码",
                "联系方式",
                "电话号码",
                "phone",
                "mobile",
                "tel",
            ],
            Field::IdNumber => &[
                "证件号码",
                "身份证号",
                "身份证号码",
                "证件号",
                "身份证",
                "id",
                "idnumber",
                "idno",
            ],
            Field::Handover => &[
                "交房日期",
                "入住日期",
                "收房日期",
                "handover",
                "handoverdate",
            ],
        }
    }

    fn from_header(h: &str) -> Option<Field> {
        let n = normalize_header(h);
        if n.is_empty() {
            return None;
        }
        Field::ALL
            .into_iter()
            .find(|f| f.aliases().contains(&n.as_str()))
    }
}

/// "建筑面积（㎡）" -> "建筑面积", " Phone " -> "phone", "*楼栋" -> "楼栋".
fn normalize_header(h: &str) -> String {
    let mut s: String = clean(h)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect();
    // A unit or remark in brackets at the end: (㎡), （㎡）, (m2), [必填], 【必填】.
    loop {
        let cut = match s.chars().last() {
            Some(')') => s.rfind('('),
            Some(']') => s.rfind('['),
            Some('】') => s.rfind('【'),
            _ => None,
        };
        match cut {
            Some(i) if i > 0 => s.truncate(i),
            _ => break,
        }
    }
    for unit in ["平方米", "㎡", "m²", "m2"] {
        if let Some(rest) = s.strip_suffix(unit) {
            if !rest.is_empty() {
                s = rest.to_string();
                break;
            }
        }
    }
    s.to_lowercase()
}

/// For each field: the columns carrying it (usually one) and their headers as written.
type Columns = HashMap<Field, Vec<(usize, String)>>;

struct Header {
    /// Index of the header row in its grid.
    index: usize,
    columns: Columns,
}

impl Header {
    /// The field's cell in `row` and the header it sits under. If the file has the field
    /// twice (电话 and 手机), the first non-empty one is used.
    fn get<'a>(&'a self, f: Field, row: &'a GridRow) -> Option<(&'a Cell, &'a str)> {
        let cols = self.columns.get(&f)?;
        let (col, name) = cols
            .iter()
            .find(|(c, _)| !row.cell(*c).is_empty())
            .unwrap_or(&cols[0]);
        Some((row.cell(*col), name.as_str()))
    }

    fn any_value(&self, row: &GridRow) -> bool {
        self.columns
            .values()
            .flatten()
            .any(|(c, _)| !row.cell(*c).is_empty())
    }
}

/// A header-less grid: how close it came (distinct known columns) and the error to report.
struct NoHeader {
    score: usize,
    error: Error,
}

fn find_header(grid: &Grid) -> Result<Header, NoHeader> {
    // (header row number, distinct fields found, columns) of the closest row so far.
    let mut best: Option<(usize, usize, Columns)> = None;
    for (index, row) in grid
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_blank())
        .take(HEADER_SEARCH_ROWS)
    {
        let mut columns = Columns::new();
        for (col, cell) in row.cells.iter().enumerate() {
            let written = match cell {
                Cell::Text(s) | Cell::Number(s) => clean(s).trim().to_string(),
                _ => continue,
            };
            if let Some(f) = Field::from_header(&written) {
                columns.entry(f).or_default().push((col, written));
            }
        }
        if Field::REQUIRED.iter().all(|f| columns.contains_key(f)) {
            return Ok(Header { index, columns });
        }
        if best.as_ref().is_none_or(|(_, n, _)| columns.len() > *n) {
            best = Some((row.row, columns.len(), columns));
        }
    }
    match best {
        None => Err(NoHeader {
            score: 0,
            error: empty_file(),
        }),
        Some((row, score, columns)) if score >= 2 => {
            let missing: Vec<Field> = Field::REQUIRED
                .into_iter()
                .filter(|f| !columns.contains_key(f))
                .collect();
            let zh = missing
                .iter()
                .map(|f| f.zh())
                .collect::<Vec<_>>()
                .join("、");
            let en = missing
                .iter()
                .map(|f| format!("{} ({})", f.en(), f.zh()))
                .collect::<Vec<_>>()
                .join(", ");
            let s = if missing.len() == 1 { "" } else { "s" };
            Err(NoHeader {
                score,
                error: err!(
                    ImportFile,
                    "缺少必需的列：{zh}（第{row}行是表头，但没有这些列，请对照导入模板补上）",
                    "missing required column{s}: {en} (the header on row {row} lacks them; compare with the import template)"
                ),
            })
        }
        Some(_) => {
            let zh = Field::REQUIRED
                .iter()
                .map(|f| f.zh())
                .collect::<Vec<_>>()
                .join("、");
            let en = Field::REQUIRED
                .iter()
                .map(|f| f.en())
                .collect::<Vec<_>>()
                .join(", ");
            Err(NoHeader {
                score: 1,
                error: err!(
                    ImportFile,
                    "找不到表头：文件开头{HEADER_SEARCH_ROWS}行中没有包含 {zh} 等列名的一行，请使用导入模板",
                    "no header row found: none of the first {HEADER_SEARCH_ROWS} rows names the columns {en}; use the import template"
                ),
            })
        }
    }
}

/// Pick the candidate grid (sheet or delimiter) whose header is found, then read its rows.
/// Candidates are built lazily: the next delimiter is only tried if this one finds no header.
fn parse_grids(grids: impl IntoIterator<Item = Grid>) -> Result<Vec<ImportRow>, ImportFailure> {
    let mut best: Option<NoHeader> = None;
    for grid in grids {
        if grid.iter().all(GridRow::is_blank) {
            continue;
        }
        match find_header(&grid) {
            Ok(header) => return parse_rows(&grid, &header),
            Err(no) => {
                if best.as_ref().is_none_or(|b| no.score > b.score) {
                    best = Some(no);
                }
            }
        }
    }
    Err(best.map(|b| b.error).unwrap_or_else(empty_file).into())
}

// ---------------------------------------------------------------------------------------
// Rows.

/// What is wrong with one value; the caller adds row, column and value.
struct Problem {
    zh: String,
    en: String,
    /// Quote the value in the message (false for "required").
    quote: bool,
}

fn problem(zh: impl Into<String>, en: impl Into<String>) -> Problem {
    Problem {
        zh: zh.into(),
        en: en.into(),
        quote: true,
    }
}

fn required() -> Problem {
    Problem {
        zh: "不能为空".into(),
        en: "required".into(),
        quote: false,
    }
}

fn parse_rows(grid: &Grid, header: &Header) -> Result<Vec<ImportRow>, ImportFailure> {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut data_rows = 0usize;

    for line in grid[header.index + 1..].iter() {
        // Blank lines, and lines with only unknown columns filled (a pre-numbered 序号 column).
        if !header.any_value(line) {
            continue;
        }
        data_rows += 1;
        if data_rows > MAX_DATA_ROWS {
            return Err(err!(
                ImportFile,
                "数据行太多（超过{MAX_DATA_ROWS}行），请分成几个文件导入",
                "too many rows (over {MAX_DATA_ROWS}); split the file"
            )
            .into());
        }
        let before = errors.len();
        let mut cx = RowCx {
            header,
            line,
            errors: &mut errors,
        };

        let building = cx.required(Field::Building, |c| parse_code_part(c, BUILDING_SUFFIXES));
        let entrance = cx.optional(Field::Entrance, |c| parse_code_part(c, ENTRANCE_SUFFIXES));
        let room = cx.required(Field::Room, |c| parse_code_part(c, ROOM_SUFFIXES));
        let unit_type = cx.required(Field::Type, parse_unit_type);
        let area = cx.required(Field::Area, parse_area);
        let owner = cx.required(Field::Owner, parse_owner);
        let phone = cx.required(Field::Phone, parse_phone);
        let id_number = cx.optional(Field::IdNumber, parse_id_number);
        let handover = cx.optional(Field::Handover, parse_date);

        let unit_ok = building.is_some() && room.is_some() && entrance.is_some();
        let row = ImportRow {
            row: line.row,
            building: building.unwrap_or_default(),
            entrance: entrance.flatten().unwrap_or_default(),
            room: room.unwrap_or_default(),
            unit_type: unit_type.unwrap_or(UnitType::Other),
            area_m2: area.unwrap_or_default(),
            owner_name: owner.unwrap_or_default(),
            phone: phone.unwrap_or_default(),
            id_number: id_number.flatten(),
            handover_date: handover.flatten(),
        };
        if unit_ok {
            let code = row.unit_code();
            if let Some(first) = seen.get(&code) {
                errors.push(RowError {
                    row: line.row,
                    column: String::new(),
                    zh: format!("第{}行 房屋「{code}」与第{first}行重复", line.row),
                    en: format!("row {}, unit \"{code}\": duplicates row {first}", line.row),
                });
            } else {
                seen.insert(code, line.row);
            }
        }
        if errors.len() == before {
            rows.push(row);
        }
    }

    if !errors.is_empty() {
        return Err(ImportFailure::Rows(errors));
    }
    if rows.is_empty() {
        let header_row = grid[header.index].row;
        return Err(err!(
            ImportFile,
            "第{header_row}行表头下面没有数据，请至少填写一行",
            "there are no data rows under the header on row {header_row}"
        )
        .into());
    }
    Ok(rows)
}

/// One data row being read: looks cells up and records problems.
struct RowCx<'a> {
    header: &'a Header,
    line: &'a GridRow,
    errors: &'a mut Vec<RowError>,
}

impl RowCx<'_> {
    /// `None` if the value is missing or bad (the problem is recorded).
    fn required<T>(&mut self, f: Field, parse: impl Fn(&Cell) -> Result<T, Problem>) -> Option<T> {
        let (cell, column) = self.header.get(f, self.line)?;
        if cell.is_empty() {
            self.push(f, column, cell, required());
            return None;
        }
        self.run(f, column, cell, parse)
    }

    /// `Some(None)` for an absent column or an empty cell, `None` if the value is bad.
    fn optional<T>(
        &mut self,
        f: Field,
        parse: impl Fn(&Cell) -> Result<T, Problem>,
    ) -> Option<Option<T>> {
        let Some((cell, column)) = self.header.get(f, self.line) else {
            return Some(None);
        };
        if cell.is_empty() {
            return Some(None);
        }
        self.run(f, column, cell, parse).map(Some)
    }

    fn run<T>(
        &mut self,
        f: Field,
        column: &str,
        cell: &Cell,
        parse: impl Fn(&Cell) -> Result<T, Problem>,
    ) -> Option<T> {
        match parse(cell) {
            Ok(v) => Some(v),
            Err(p) => {
                self.push(f, column, cell, p);
                None
            }
        }
    }

    fn push(&mut self, f: Field, column: &str, cell: &Cell, p: Problem) {
        let row = self.line.row;
        let (zh, en) = if p.quote {
            let v = cell.shown();
            (
                format!("第{row}行 {column}「{v}」{}", p.zh),
                format!("row {row}, {} \"{v}\": {}", f.en(), p.en),
            )
        } else {
            (
                format!("第{row}行 {column}{}", p.zh),
                format!("row {row}, {}: {}", f.en(), p.en),
            )
        };
        self.errors.push(RowError {
            row,
            column: column.to_string(),
            zh,
            en,
        });
    }
}

// ---------------------------------------------------------------------------------------
// Values.

/// Full-width ASCII to half-width, ideographic space to space, invisible characters dropped.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn compact(s: &str) -> String {
    clean(s).chars().filter(|c| !c.is_whitespace()).collect()
}

fn excel_date_problem(shown: &str) -> Problem {
    problem(
        format!("被 Excel 识别成了日期（{shown}），请把该列设为「文本」格式后重新填写"),
        format!(
            "was turned into a date by Excel ({shown}); format the column as text and re-enter it"
        ),
    )
}

fn bad_cell_problem() -> Problem {
    problem(
        "是 Excel 错误值，请检查公式",
        "is an Excel error value; check the formula",
    )
}

/// A cell's text for fields that are text to us; numbers as Excel shows them.
fn cell_text(cell: &Cell) -> Result<String, Problem> {
    match cell {
        Cell::Text(s) | Cell::Number(s) => Ok(s.clone()),
        Cell::Date { shown, .. } => Err(excel_date_problem(shown)),
        Cell::Bad(_) => Err(bad_cell_problem()),
        Cell::Empty => Ok(String::new()),
    }
}

const BUILDING_SUFFIXES: &[&str] = &["号楼", "栋", "幢", "座", "楼", "号", "#"];
const ENTRANCE_SUFFIXES: &[&str] = &["单元", "号", "#"];
const ROOM_SUFFIXES: &[&str] = &["室", "号", "房"];

/// 楼栋 / 单元 / 房号: spaces removed, letters upper-cased, "3号楼" -> "3", "一单元" -> "1",
/// "1201室" -> "1201". A name that is not "number/letters + suffix" ("裙楼") is kept whole.
fn parse_code_part(cell: &Cell, suffixes: &[&str]) -> Result<String, Problem> {
    let s = compact(&cell_text(cell)?).to_ascii_uppercase();
    let mut core = s.as_str();
    core = core
        .strip_prefix('第')
        .filter(|r| !r.is_empty())
        .unwrap_or(core);
    'strip: loop {
        for suf in suffixes {
            if let Some(rest) = core.strip_suffix(suf) {
                if !rest.is_empty() {
                    core = rest;
                    continue 'strip;
                }
            }
        }
        break;
    }
    let value = if let Some(n) = chinese_number(core) {
        n.to_string()
    } else if core.chars().all(|c| c.is_ascii_alphanumeric()) {
        core.to_string()
    } else {
        s.clone()
    };
    if value.contains('-') {
        return Err(problem(
            "不能包含「-」，楼栋、单元、房号请分列填写",
            "must not contain \"-\"; put building, entrance and room in their own columns",
        ));
    }
    if value.chars().any(char::is_control) || value.contains(['/', '\\']) {
        return Err(problem(
            "含有不允许的字符",
            "contains a character that is not allowed",
        ));
    }
    if value.chars().count() > MAX_CODE_PART_CHARS {
        return Err(problem(
            format!("太长（最多{MAX_CODE_PART_CHARS}个字）"),
            format!("is too long (at most {MAX_CODE_PART_CHARS} characters)"),
        ));
    }
    Ok(value)
}

/// 一 … 九十九 as a number; `None` for anything else.
fn chinese_number(s: &str) -> Option<u32> {
    fn digit(c: char) -> Option<u32> {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    }
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => digit(*a).filter(|&d| d > 0),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10).filter(|&n| n >= 20),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?).filter(|&n| n >= 20),
        _ => None,
    }
}

fn parse_unit_type(cell: &Cell) -> Result<UnitType, Problem> {
    let s = compact(&cell_text(cell)?).to_lowercase();
    UnitType::parse(&s).ok_or_else(|| {
        let zh = UnitType::ALL
            .iter()
            .map(|t| t.zh())
            .collect::<Vec<_>>()
            .join("、");
        let en = UnitType::ALL
            .iter()
            .map(|t| {
                let code = match t {
                    UnitType::Residential => "residential",
                    UnitType::Shop => "shop",
                    UnitType::Parking => "parking",
                    UnitType::Other => "other",
                };
                format!("{} ({code})", t.zh())
            })
            .collect::<Vec<_>>()
            .join(", ");
        problem(
            format!("不是可识别的房屋类型，请填写：{zh}"),
            format!("is not a known unit type; use one of: {en}"),
        )
    })
}

fn parse_area(cell: &Cell) -> Result<Decimal, Problem> {
    let not_number = || problem("不是有效的数字", "is not a number");
    let mut s = compact(&cell_text(cell)?).to_lowercase();
    for unit in ["平方米", "平米", "平", "㎡", "m²", "m2"] {
        if let Some(rest) = s.strip_suffix(unit) {
            s = rest.to_string();
            break;
        }
    }
    if s.contains(',') {
        // Only thousands grouping: 1,234.56
        let int = s.split('.').next().unwrap_or("");
        let groups: Vec<&str> = int.trim_start_matches(['-', '+']).split(',').collect();
        let grouped = groups[0].len() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3);
        if !grouped {
            return Err(not_number());
        }
        s = s.replace(',', "");
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(&s);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let dots = body.matches('.').count();
    if digits == 0 || dots > 1 || body.chars().any(|c| !c.is_ascii_digit() && c != '.') {
        return Err(not_number());
    }
    let d = Decimal::from_str(&s).map_err(|_| problem("数值过大", "is too large"))?;
    if d <= Decimal::ZERO {
        return Err(problem("必须大于0", "must be greater than 0"));
    }
    let d = d.normalize();
    if d.scale() > 2 {
        return Err(problem("最多两位小数", "at most 2 decimals"));
    }
    if d > Decimal::new(9_999_999, 2) {
        return Err(problem("不能超过99999.99", "must not exceed 99999.99"));
    }
    let mut d = d;
    d.rescale(2);
    Ok(d)
}

fn parse_owner(cell: &Cell) -> Result<String, Problem> {
    // Full-width letters and brackets are kept as written; only spacing is tidied.
    let raw = cell_text(cell)?;
    let s = raw
        .split(|c: char| c.is_whitespace() || is_invisible(c))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if s.chars().any(char::is_control) {
        return Err(problem(
            "含有不允许的字符",
            "contains a character that is not allowed",
        ));
    }
    if s.chars().count() > MAX_OWNER_CHARS {
        return Err(problem(
            format!("太长（最多{MAX_OWNER_CHARS}个字）"),
            format!("is too long (at most {MAX_OWNER_CHARS} characters)"),
        ));
    }
    Ok(s)
}

/// Mobile "13800138000" (from "138 0013 8000", "138-0013-8000", "+86 13800138000", "8613800138000")
/// or landline "0755-12345678" (from "0755 12345678", "(0755)12345678", "075512345678").
fn parse_phone(cell: &Cell) -> Result<String, Problem> {
    let invalid = || {
        problem(
            "不是有效的手机号码或带区号的固定电话",
            "is not a valid mobile number or landline with area code",
        )
    };
    let s = compact(&cell_text(cell)?);
    if s.contains(['/', '、', ',', ';', '，', '；', '|']) {
        return Err(problem("只能填写一个号码", "must hold a single number"));
    }
    let s = s.replace(['(', ')'], "");
    // The split the user wrote between area code and number, if any.
    let written_area = match s.split('-').collect::<Vec<_>>().as_slice() {
        [area, _] if area.starts_with('0') && (3..=4).contains(&area.len()) => Some(area.len()),
        _ => None,
    };
    let plus = s.starts_with('+');
    let digits: String = s
        .trim_start_matches('+')
        .chars()
        .filter(|c| *c != '-')
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid());
    }
    let is_mobile =
        |d: &str| d.len() == 11 && d.starts_with('1') && matches!(d.as_bytes()[1], b'3'..=b'9');
    for prefix in ["0086", "86"] {
        if let Some(rest) = digits.strip_prefix(prefix) {
            if is_mobile(rest) {
                return Ok(rest.to_string());
            }
        }
    }
    if plus {
        return Err(invalid());
    }
    if is_mobile(&digits) {
        return Ok(digits);
    }
    if digits.starts_with('0') {
        let area_len =
            written_area.unwrap_or(if matches!(digits.as_bytes().get(1), Some(b'1' | b'2')) {
                3
            } else {
                4
            });
        if digits.len() > area_len {
            let (area, local) = digits.split_at(area_len);
            if (7..=8).contains(&local.len()) && !local.starts_with('0') {
                return Ok(format!("{area}-{local}"));
            }
        }
        return Err(invalid());
    }
    if digits.len() == 11 && digits.starts_with('1') {
        return Err(problem(
            "不是有效的手机号码",
            "is not a valid mobile number",
        ));
    }
    if (7..=8).contains(&digits.len()) {
        return Err(problem(
            "固定电话请加区号，例如 0755-12345678",
            "a landline needs its area code, e.g. 0755-12345678",
        ));
    }
    Err(invalid())
}

fn precision_lost() -> Problem {
    problem(
        "已被 Excel 当成数字、末几位已丢失，请把该列设为「文本」格式后重新填写",
        "was stored as a number and Excel has dropped its last digits; format the column as text and re-enter it",
    )
}

/// 18-character resident ID (GB 11643: birth date and check character verified), or any
/// other document number of 5 to 20 letters and digits (passport, HK/Macau/Taiwan permits).
fn parse_id_number(cell: &Cell) -> Result<String, Problem> {
    if let Cell::Number(n) = cell {
        // Excel keeps 15 significant digits: anything longer has already been rounded.
        if n.len() > 15 || n.contains(['e', 'E']) {
            return Err(precision_lost());
        }
    }
    let s = compact(&cell_text(cell)?).to_ascii_uppercase();
    // "1.10101E+17": a CSV saved from a sheet where the column was a number.
    if s.contains("E+")
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'E' | '+'))
    {
        return Err(precision_lost());
    }
    let bytes = s.as_bytes();
    let resident_like = bytes.len() == 18
        && bytes[..17].iter().all(u8::is_ascii_digit)
        && (bytes[17].is_ascii_digit() || bytes[17] == b'X');
    if resident_like {
        let birth = NaiveDate::parse_from_str(&s[6..14], "%Y%m%d")
            .ok()
            .filter(|d| d.year() >= 1900);
        if birth.is_none() {
            return Err(problem(
                "出生日期部分不正确，请核对",
                "has an impossible birth date; please check it",
            ));
        }
        if resident_id_check(&s[..17]) != bytes[17] as char {
            if s.ends_with("000") {
                // What is left of an ID after Excel rounded it to 15 digits and it was copied as text.
                return Err(problem(
                    "校验位不正确；末尾是000，可能是被 Excel 当成数字丢失了末几位，请把该列设为「文本」格式后重新填写",
                    "fails the check digit; it ends in 000, so Excel has probably rounded it as a number: format the column as text and re-enter it",
                ));
            }
            return Err(problem(
                "校验位不正确，请核对是否填错",
                "fails the check digit; please check it for typos",
            ));
        }
        return Ok(s);
    }
    if (5..=20).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Ok(s);
    }
    Err(problem(
        "不是有效的证件号码（身份证为18位，其他证件为5到20位字母或数字）",
        "is not a valid ID number (resident ID: 18 characters; other documents: 5 to 20 letters or digits)",
    ))
}

/// GB 11643-1999 check character for the first 17 digits.
fn resident_id_check(first17: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum();
    b"10X98765432"[(sum % 11) as usize] as char
}

fn parse_date(cell: &Cell) -> Result<NaiveDate, Problem> {
    let invalid = || {
        problem(
            "不是有效的日期，请写成 2020-05-01 这样的格式",
            "is not a valid date; write it like 2020-05-01",
        )
    };
    let date = match cell {
        Cell::Date { date, .. } => date.ok_or_else(invalid)?,
        Cell::Bad(_) => return Err(bad_cell_problem()),
        Cell::Number(n) => {
            if n.len() == 8 && n.chars().all(|c| c.is_ascii_digit()) {
                NaiveDate::parse_from_str(n, "%Y%m%d").map_err(|_| invalid())?
            } else {
                // An Excel serial day number in a cell without a date format.
                let serial: i64 = n.parse().map_err(|_| invalid())?;
                if !(18_264..=73_050).contains(&serial) {
                    return Err(invalid());
                }
                NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch")
                    + chrono::Duration::days(serial)
            }
        }
        Cell::Text(s) => parse_date_text(s).ok_or_else(invalid)?,
        Cell::Empty => return Err(invalid()),
    };
    if !(1950..=2100).contains(&date.year()) {
        return Err(problem(
            "不在合理的年份范围内（1950–2100）",
            "is outside 1950–2100",
        ));
    }
    Ok(date)
}

/// "2020-05-01", "2020/5/1", "2020.5.1", "2020年5月1日", "20200501", optionally followed by a time.
fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let s = clean(s);
    let s = s.trim();
    let s = s.split([' ', 'T']).next()?;
    if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok();
    }
    let s = s.replace(['年', '月'], "-");
    let s = s.trim_end_matches(['日', '号']);
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let ok = |p: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit())
    };
    if !(ok(y, 4..=4) && ok(m, 1..=2) && ok(d, 1..=2)) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        assert_eq!(chinese_number("一"), Some(1));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("十二"), Some(12));
        assert_eq!(chinese_number("二十"), Some(20));
        assert_eq!(chinese_number("三十五"), Some(35));
        assert_eq!(chinese_number("一十"), None);
        assert_eq!(chinese_number("裙"), None);
    }

    #[test]
    fn excel_numbers_show_fifteen_digits() {
        assert_eq!(excel_number_string(1201.0), "1201");
        assert_eq!(excel_number_string(89.47000000000001), "89.47");
        assert_eq!(excel_number_string(13800138000.0), "13800138000");
        assert_eq!(
            excel_number_string(110101199003074477.0),
            "110101199003074000"
        );
    }

    #[test]
    fn headers_normalise() {
        assert_eq!(Field::from_header("建筑面积（㎡）"), Some(Field::Area));
        assert_eq!(Field::from_header(" Area (m2) "), Some(Field::Area));
        assert_eq!(Field::from_header("*楼栋"), Some(Field::Building));
        assert_eq!(Field::from_header("　手机号码　"), Some(Field::Phone));
        assert_eq!(Field::from_header("套内面积"), None);
    }
}
