//! Values.

use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::*;

/// Full-width ASCII to half-width, ideographic space to space, invisible characters dropped.
pub(super) fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

pub(super) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

pub(super) fn compact(s: &str) -> String {
    clean(s).chars().filter(|c| !c.is_whitespace()).collect()
}

pub(super) fn excel_date_problem(shown: &str) -> Problem {
    problem(
        format!("被 Excel 识别成了日期（{shown}），请把该列设为「文本」格式后重新填写"),
        format!(
            "was turned into a date by Excel ({shown}); format the column as text and re-enter it"
        ),
    )
}

pub(super) fn bad_cell_problem() -> Problem {
    problem(
        "是 Excel 错误值，请检查公式",
        "is an Excel error value; check the formula",
    )
}

/// A cell's text for fields that are text to us; numbers as Excel shows them.
pub(super) fn cell_text(cell: &Cell) -> Result<String, Problem> {
    match cell {
        Cell::Text(s) | Cell::Number(s) => Ok(s.clone()),
        Cell::Date { shown, .. } => Err(excel_date_problem(shown)),
        Cell::Bad(_) => Err(bad_cell_problem()),
        Cell::Empty => Ok(String::new()),
    }
}

pub(super) const BUILDING_SUFFIXES: &[&str] = &["号楼", "栋", "幢", "座", "楼", "号", "#"];
pub(super) const ENTRANCE_SUFFIXES: &[&str] = &["单元", "号", "#"];
pub(super) const ROOM_SUFFIXES: &[&str] = &["室", "号", "房"];

/// 楼栋 / 单元 / 房号: spaces removed, letters upper-cased, "3号楼" -> "3", "一单元" -> "1",
/// "1201室" -> "1201". A name that is not "number/letters + suffix" ("裙楼") is kept whole.
pub(super) fn parse_code_part(cell: &Cell, suffixes: &[&str]) -> Result<String, Problem> {
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
pub(super) fn chinese_number(s: &str) -> Option<u32> {
    pub(super) fn digit(c: char) -> Option<u32> {
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

pub(super) fn parse_unit_type(cell: &Cell) -> Result<UnitType, Problem> {
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

pub(super) fn parse_area(cell: &Cell) -> Result<Decimal, Problem> {
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

pub(super) fn parse_owner(cell: &Cell) -> Result<String, Problem> {
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
pub(super) fn parse_phone(cell: &Cell) -> Result<String, Problem> {
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

pub(super) fn precision_lost() -> Problem {
    problem(
        "已被 Excel 当成数字、末几位已丢失，请把该列设为「文本」格式后重新填写",
        "was stored as a number and Excel has dropped its last digits; format the column as text and re-enter it",
    )
}

/// 18-character resident ID (GB 11643: birth date and check character verified), or any
/// other document number of 5 to 20 letters and digits (passport, HK/Macau/Taiwan permits).
pub(super) fn parse_id_number(cell: &Cell) -> Result<String, Problem> {
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
pub(super) fn resident_id_check(first17: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum();
    b"10X98765432"[(sum % 11) as usize] as char
}

pub(super) fn parse_date(cell: &Cell) -> Result<NaiveDate, Problem> {
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
pub(super) fn parse_date_text(s: &str) -> Option<NaiveDate> {
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
    pub(super) fn chinese_numbers() {
        assert_eq!(chinese_number("一"), Some(1));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("十二"), Some(12));
        assert_eq!(chinese_number("二十"), Some(20));
        assert_eq!(chinese_number("三十五"), Some(35));
        assert_eq!(chinese_number("一十"), None);
        assert_eq!(chinese_number("裙"), None);
    }

    #[test]
    pub(super) fn excel_numbers_show_fifteen_digits() {
        assert_eq!(excel_number_string(1201.0), "1201");
        assert_eq!(excel_number_string(89.47000000000001), "89.47");
        assert_eq!(excel_number_string(13800138000.0), "13800138000");
        assert_eq!(
            excel_number_string(110101199003074477.0),
            "110101199003074000"
        );
    }

    #[test]
    pub(super) fn headers_normalise() {
        assert_eq!(Field::from_header("建筑面积（㎡）"), Some(Field::Area));
        assert_eq!(Field::from_header(" Area (m2) "), Some(Field::Area));
        assert_eq!(Field::from_header("*楼栋"), Some(Field::Building));
        assert_eq!(Field::from_header("　手机号码　"), Some(Field::Phone));
        assert_eq!(Field::from_header("套内面积"), None);
    }
}
