//! Columns and the header row.

use std::collections::HashMap;

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Field {
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

    pub(super) fn zh(self) -> &'static str {
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

    pub(super) fn en(self) -> &'static str {
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
    pub(super) fn aliases(self) -> &'static [&'static str] {
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

    pub(super) fn from_header(h: &str) -> Option<Field> {
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
pub(super) fn normalize_header(h: &str) -> String {
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
pub(super) type Columns = HashMap<Field, Vec<(usize, String)>>;

pub(super) struct Header {
    /// Index of the header row in its grid.
    pub(super) index: usize,
    pub(super) columns: Columns,
}

impl Header {
    /// The field's cell in `row` and the header it sits under. If the file has the field
    /// twice (电话 and 手机), the first non-empty one is used.
    pub(super) fn get<'a>(&'a self, f: Field, row: &'a GridRow) -> Option<(&'a Cell, &'a str)> {
        let cols = self.columns.get(&f)?;
        let (col, name) = cols
            .iter()
            .find(|(c, _)| !row.cell(*c).is_empty())
            .unwrap_or(&cols[0]);
        Some((row.cell(*col), name.as_str()))
    }

    pub(super) fn any_value(&self, row: &GridRow) -> bool {
        self.columns
            .values()
            .flatten()
            .any(|(c, _)| !row.cell(*c).is_empty())
    }
}

/// A header-less grid: how close it came (distinct known columns) and the error to report.
pub(super) struct NoHeader {
    pub(super) score: usize,
    pub(super) error: Error,
}

pub(super) fn find_header(grid: &Grid) -> Result<Header, NoHeader> {
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
pub(super) fn parse_grids(
    grids: impl IntoIterator<Item = Grid>,
) -> Result<Vec<ImportRow>, ImportFailure> {
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
