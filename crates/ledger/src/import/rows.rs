//! Rows.

use std::collections::HashMap;

use super::*;

/// What is wrong with one value; the caller adds row, column and value.
pub(super) struct Problem {
    pub(super) zh: String,
    pub(super) en: String,
    /// Quote the value in the message (false for "required").
    pub(super) quote: bool,
}

pub(super) fn problem(zh: impl Into<String>, en: impl Into<String>) -> Problem {
    Problem {
        zh: zh.into(),
        en: en.into(),
        quote: true,
    }
}

pub(super) fn required() -> Problem {
    Problem {
        zh: "不能为空".into(),
        en: "required".into(),
        quote: false,
    }
}

pub(super) fn parse_rows(grid: &Grid, header: &Header) -> Result<Vec<ImportRow>, ImportFailure> {
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
pub(super) struct RowCx<'a> {
    pub(super) header: &'a Header,
    pub(super) line: &'a GridRow,
    pub(super) errors: &'a mut Vec<RowError>,
}

impl RowCx<'_> {
    /// `None` if the value is missing or bad (the problem is recorded).
    pub(super) fn required<T>(
        &mut self,
        f: Field,
        parse: impl Fn(&Cell) -> Result<T, Problem>,
    ) -> Option<T> {
        let (cell, column) = self.header.get(f, self.line)?;
        if cell.is_empty() {
            self.push(f, column, cell, required());
            return None;
        }
        self.run(f, column, cell, parse)
    }

    /// `Some(None)` for an absent column or an empty cell, `None` if the value is bad.
    pub(super) fn optional<T>(
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

    pub(super) fn run<T>(
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

    pub(super) fn push(&mut self, f: Field, column: &str, cell: &Cell, p: Problem) {
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
