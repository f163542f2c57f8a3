//! Parsing what a cashier types or a file holds: amounts into fen, other decimals exactly.

use rust_decimal::Decimal;

use super::{Money, MAX_INTEGER_DIGITS};
use crate::err;
use crate::error::Result;

/// Parse a non-money decimal (area m², rate, unit price, quantity, meter reading) with at most `max_scale`
/// decimals.
///
/// Same normalisation as [`Money::parse`] (full-width, thousands commas, surrounding spaces); also strips one
/// trailing unit the caller names in `units` (e.g. `&["㎡", "m²", "m2", "平方米", "平米"]`; the longest match wins,
/// ASCII letters match case-insensitively, full-width forms of the unit match too). No currency sign is
/// stripped: pass e.g. "元" or "元/㎡" in `units` for prices. The value keeps the decimals as typed ("12.50"
/// has scale 2). At most 12 integer digits.
///
/// `what` is the field's Chinese and English name used in messages, e.g. ("建筑面积", "floor area").
/// Errors: AmountEmpty (blank), AmountNegative (any minus sign), AmountTooPrecise (more than `max_scale`
/// decimals), DecimalInvalid (not a number, or too many integer digits).
pub fn parse_decimal(
    input: &str,
    max_scale: u32,
    units: &[&str],
    what: (&str, &str),
) -> Result<Decimal> {
    let (zh, en) = what;
    let q = quote(input);
    let norm = normalise(input);
    let mut s = trim(&norm);
    if s.is_empty() {
        return Err(err!(
            AmountEmpty,
            "请填写{zh}",
            "{en} is empty; please enter a number"
        ));
    }
    // Strip the longest matching unit.
    let mut best: Option<usize> = None;
    for u in units {
        let u = normalise(u);
        let u = trim(&u);
        if u.is_empty() || u.len() > s.len() {
            continue;
        }
        let cut = s.len() - u.len();
        if s.is_char_boundary(cut)
            && s[cut..].eq_ignore_ascii_case(u)
            && best.is_none_or(|b| cut < b)
        {
            best = Some(cut);
        }
    }
    if let Some(cut) = best {
        s = trim(&s[..cut]);
    }
    let (sign, rest) = strip_sign(s);
    let body = trim(rest);
    let (int, frac) = match lex_body(body) {
        Ok(v) => v,
        Err(e) => {
            let (why_zh, why_en) = e.reason();
            return Err(err!(
                DecimalInvalid,
                "{zh}「{q}」不是有效的数字：{why_zh}",
                "{en} \"{q}\" is not a valid number: {why_en}"
            ));
        }
    };
    if sign == Sign::Minus {
        return Err(err!(
            AmountNegative,
            "{zh}「{q}」不能为负数",
            "{en} \"{q}\" must not be negative"
        ));
    }
    if frac.len() > max_scale as usize {
        return Err(if max_scale == 0 {
            err!(
                AmountTooPrecise,
                "{zh}「{q}」必须是整数，不能有小数",
                "{en} \"{q}\" must be a whole number"
            )
        } else {
            err!(
                AmountTooPrecise,
                "{zh}「{q}」最多只能有 {max_scale} 位小数",
                "{en} \"{q}\" allows at most {max_scale} decimal places"
            )
        });
    }
    let too_large = || {
        err!(
            DecimalInvalid,
            "{zh}「{q}」数值过大：整数部分最多 {MAX_INTEGER_DIGITS} 位",
            "{en} \"{q}\" is too large: at most {MAX_INTEGER_DIGITS} integer digits"
        )
    };
    if int.len() > MAX_INTEGER_DIGITS {
        return Err(too_large());
    }
    let mut mantissa: i128 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        mantissa = mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add((b - b'0') as i128))
            .ok_or_else(too_large)?;
    }
    Decimal::try_from_i128_with_scale(mantissa, frac.len() as u32).map_err(|_| too_large())
}

/// Fen of a Decimal already rounded to at most 2 decimals; None if it does not fit in i64.
pub(super) fn decimal_to_fen(d: Decimal) -> Option<i64> {
    let scale = d.scale();
    debug_assert!(scale <= 2);
    let factor: i128 = if scale >= 2 { 1 } else { 10i128.pow(2 - scale) };
    d.mantissa()
        .checked_mul(factor)
        .and_then(|f| i64::try_from(f).ok())
}

/// Full-width ASCII (U+FF01..U+FF5E) to ASCII, U+3000 to a space, U+2212 (minus sign) to '-'.
fn normalise(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{2212}' => '-',
            c => c,
        })
        .collect()
}

/// Trim Unicode white space plus the invisible characters files and copy-paste bring (BOM, zero-width space).
fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}')
}

/// The input as shown in a message: trimmed and cut to a readable length.
fn quote(input: &str) -> String {
    const MAX: usize = 30;
    let t = trim(input);
    if t.chars().count() > MAX {
        let mut s: String = t.chars().take(MAX).collect();
        s.push('…');
        s
    } else {
        t.to_string()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sign {
    None,
    Plus,
    Minus,
}

/// Strip one leading sign (input already normalised, so only ASCII '+'/'-' remain).
fn strip_sign(s: &str) -> (Sign, &str) {
    if let Some(r) = s.strip_prefix('-') {
        (Sign::Minus, r)
    } else if let Some(r) = s.strip_prefix('+') {
        (Sign::Plus, r)
    } else {
        (Sign::None, s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LexError {
    NoDigits,
    BadChar(char),
    TwoPoints,
    Grouping,
}

impl LexError {
    fn reason(self) -> (String, String) {
        match self {
            LexError::NoDigits => ("没有数字".into(), "it contains no digits".into()),
            LexError::BadChar(c) => (
                format!("含有不能识别的字符「{c}」"),
                format!("unexpected character '{c}'"),
            ),
            LexError::TwoPoints => (
                "小数点多于一个".into(),
                "more than one decimal point".into(),
            ),
            LexError::Grouping => (
                "千分位逗号位置不对（应每三位一个，如 1,234,567.89）".into(),
                "misplaced thousands separator (expected e.g. 1,234,567.89)".into(),
            ),
        }
    }
}

/// Split a plain number "1,234.50" into integer digits (commas removed, leading zeros removed) and fraction
/// digits (as typed). Only ASCII digits, ',' and one '.' are allowed; commas only as proper thousands groups.
fn lex_body(body: &str) -> std::result::Result<(String, &str), LexError> {
    if let Some(c) = body
        .chars()
        .find(|c| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
    {
        return Err(LexError::BadChar(c));
    }
    let mut parts = body.split('.');
    let int_raw = parts.next().unwrap_or("");
    let frac = parts.next().unwrap_or("");
    if parts.next().is_some() {
        return Err(LexError::TwoPoints);
    }
    if frac.contains(',') {
        return Err(LexError::Grouping);
    }
    if int_raw.contains(',') {
        let mut groups = int_raw.split(',');
        let first = groups.next().unwrap_or("");
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return Err(LexError::Grouping);
        }
    }
    let int: String = int_raw.chars().filter(|c| *c != ',').collect();
    if int.is_empty() && frac.is_empty() {
        return Err(LexError::NoDigits);
    }
    let int = int.trim_start_matches('0').to_string();
    Ok((int, frac))
}

pub(super) fn parse_money(input: &str, allow_negative: bool) -> Result<Money> {
    let q = quote(input);
    let norm = normalise(input);
    let s = trim(&norm);
    if s.is_empty() {
        return Err(err!(
            AmountEmpty,
            "金额为空，请输入金额",
            "The amount is empty; please enter an amount"
        ));
    }
    // sign, currency sign, sign again (so both "-¥5" and "¥-5"), trailing 元.
    let (mut sign, mut s) = strip_sign(s);
    s = trim(s);
    if let Some(r) = s.strip_prefix('¥').or_else(|| s.strip_prefix('￥')) {
        s = trim(r);
        if sign == Sign::None {
            let (sg, r) = strip_sign(s);
            sign = sg;
            s = trim(r);
        }
    }
    if let Some(r) = s.strip_suffix('元') {
        s = trim(r);
    }
    let (int, frac) = match lex_body(s) {
        Ok(v) => v,
        Err(e) => {
            let (why_zh, why_en) = e.reason();
            return Err(err!(
                AmountInvalid,
                "金额「{q}」格式不正确：{why_zh}。请输入如 1234.50 或 1,234.50 的金额",
                "Amount \"{q}\" is not valid: {why_en}. Enter e.g. 1234.50 or 1,234.50"
            ));
        }
    };
    if sign == Sign::Minus && !allow_negative {
        return Err(err!(
            AmountNegative,
            "金额「{q}」不能为负数",
            "Amount \"{q}\" must not be negative"
        ));
    }
    if frac.len() > 2 {
        return Err(err!(
            AmountTooPrecise,
            "金额「{q}」的小数超过两位，金额最小到分（0.01 元），请核对",
            "Amount \"{q}\" has more than 2 decimal places; the smallest unit is 1 fen (0.01 yuan)"
        ));
    }
    if int.len() > MAX_INTEGER_DIGITS {
        return Err(err!(
            AmountTooLarge,
            "金额「{q}」过大：整数部分最多 {MAX_INTEGER_DIGITS} 位（不超过 999,999,999,999.99 元），请核对",
            "Amount \"{q}\" is too large: at most {MAX_INTEGER_DIGITS} integer digits (999,999,999,999.99 yuan)"
        ));
    }
    // At most 12 + 2 digits: cannot overflow i64.
    let yuan: i64 = if int.is_empty() {
        0
    } else {
        int.parse().expect("digits only")
    };
    let mut cents: i64 = 0;
    for (i, b) in frac.bytes().enumerate() {
        cents += (b - b'0') as i64 * if i == 0 { 10 } else { 1 };
    }
    let fen = yuan * 100 + cents;
    Ok(Money(if sign == Sign::Minus { -fen } else { fen }))
}
