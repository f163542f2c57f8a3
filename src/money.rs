//! Money in integer fen (分), the parsing of amounts and other decimals typed by a cashier or read from a
//! file, and the Chinese capital form (大写) printed on receipts.
//!
//! Rules (see DESIGN.md "Money"): amounts are integer fen everywhere, never `f64`; rates, areas and quantities
//! are [`Decimal`]; a computed charge is rounded to fen once, half-up (四舍五入), when it is created.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::err;
use crate::error::Result;

/// The largest number of integer (yuan) digits [`Money::parse`] accepts: 9999,9999,9999.99 元 at most.
pub const MAX_INTEGER_DIGITS: usize = 12;

/// Money in integer fen (分). Never a float.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Whole yuan. Panics on overflow (beyond ±9.2×10¹⁶ 元), which no real amount reaches.
    pub fn from_yuan(yuan: i64) -> Money {
        Money(yuan.checked_mul(100).expect("金额溢出 / money overflow"))
    }

    /// Round a yuan Decimal to fen once, half-up (四舍五入, i.e. away from zero at .5):
    /// 0.125 -> 0.13, -0.125 -> -0.13.
    ///
    /// Panics if the result does not fit in i64 fen (about ±9.2×10¹⁶ 元); callers compute charges from
    /// bounded inputs (see [`parse_decimal`]), so that means a programming error.
    pub fn from_decimal_round(yuan: Decimal) -> Money {
        let r = yuan.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        decimal_to_fen(r)
            .map(Money)
            .expect("金额溢出 / money overflow")
    }

    /// Exact conversion; Err(AmountTooPrecise) if more than 2 decimals are non-zero,
    /// Err(AmountTooLarge) if it does not fit.
    pub fn from_decimal_exact(yuan: Decimal) -> Result<Money> {
        let n = yuan.normalize();
        if n.scale() > 2 {
            return Err(err!(
                AmountTooPrecise,
                "金额 {yuan} 元不能精确到分（小数超过两位），请先四舍五入到分",
                "Amount {yuan} yuan is not a whole number of fen (more than 2 decimal places)"
            ));
        }
        decimal_to_fen(n).map(Money).ok_or_else(|| {
            err!(
                AmountTooLarge,
                "金额 {yuan} 元过大，超出系统可处理的范围",
                "Amount {yuan} yuan is too large to handle"
            )
        })
    }

    /// Yuan with scale 2 (e.g. `12.30`).
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    /// Parse cashier/file input as a non-negative amount.
    ///
    /// Accepts "1234.5", "1,234.50", "¥1234.50", "￥1,234.50", "1234.50元", ".5", full-width digits/point/comma
    /// ("１２３４．５０", "１，２３４"), a leading '+', and surrounding spaces (incl. U+3000, NBSP, BOM).
    ///
    /// Refuses: empty/blank (AmountEmpty); more than 2 decimal digits, even trailing zeros like "1.230"
    /// (AmountTooPrecise); any minus sign (AmountNegative); anything else that is not a plain number, e.g. "12a",
    /// "1.2.3", "1,23,4", "1 234", "¥" (AmountInvalid); more than 12 integer digits (AmountTooLarge).
    pub fn parse(input: &str) -> Result<Money> {
        parse_money(input, false)
    }

    /// Same as [`Money::parse`] but allows a leading '-', '－' or '−' (for adjustments/reversals), before or after
    /// the currency sign: "-5", "－５", "-¥5.00", "¥-5.00".
    pub fn parse_signed(input: &str) -> Result<Money> {
        parse_money(input, true)
    }

    pub fn checked_add(self, o: Money) -> Option<Money> {
        self.0.checked_add(o.0).map(Money)
    }

    pub fn checked_sub(self, o: Money) -> Option<Money> {
        self.0.checked_sub(o.0).map(Money)
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub fn abs(self) -> Money {
        Money(self.0.checked_abs().expect("金额溢出 / money overflow"))
    }

    /// "1,234.50" (thousands separators, 2 decimals, '-' for negatives).
    pub fn grouped(self) -> String {
        let abs = self.0.unsigned_abs();
        let digits = (abs / 100).to_string();
        let mut s = String::with_capacity(digits.len() + digits.len() / 3 + 4);
        if self.0 < 0 {
            s.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                s.push(',');
            }
            s.push(c);
        }
        s.push('.');
        s.push_str(&format!("{:02}", abs % 100));
        s
    }

    /// 人民币大写 per PBOC 《正确填写票据和结算凭证的基本规定》:
    /// 1409.50 → 壹仟肆佰零玖元伍角整, 1680.32 → 壹仟陆佰捌拾元零叁角贰分, 16409.02 → 壹万陆仟肆佰零玖元零贰分,
    /// 0 → 零元整, 0.05 → 伍分, 10 → 壹拾元整, 100000001 → 壹亿零壹元整, −5 → 负伍元整.
    ///
    /// 整 follows 元 when there are no 角/分 and follows 角 when there is no 分; never after 分. A run of zeros
    /// inside the number gives one 零; zeros at the end of a 万/亿 group give none; 元零X角 when the yuan
    /// part ends in 0; 元零X分 when 角 is 0.
    pub fn words(self) -> String {
        let abs = self.0.unsigned_abs();
        if abs == 0 {
            return "零元整".to_string();
        }
        let yuan = abs / 100;
        let jiao = (abs / 10 % 10) as usize;
        let fen = (abs % 10) as usize;
        let mut s = String::new();
        if self.0 < 0 {
            s.push('负');
        }
        if yuan > 0 {
            int_words(yuan, &mut s);
            s.push('元');
        }
        if jiao == 0 && fen == 0 {
            s.push('整');
            return s;
        }
        if jiao > 0 {
            if yuan > 0 && yuan.is_multiple_of(10) {
                s.push('零');
            }
            s.push(CN_DIGITS[jiao]);
            s.push('角');
            if fen == 0 {
                s.push('整');
                return s;
            }
        } else if yuan > 0 {
            s.push('零');
        }
        s.push(CN_DIGITS[fen]);
        s.push('分');
        s
    }
}

impl fmt::Display for Money {
    /// "1234.50", "-0.05", "0.00".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.0.unsigned_abs();
        let sign = if self.0 < 0 { "-" } else { "" };
        f.pad(&format!("{sign}{}.{:02}", abs / 100, abs % 100))
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        self.checked_add(o).expect("金额溢出 / money overflow")
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        self.checked_sub(o).expect("金额溢出 / money overflow")
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(self.0.checked_neg().expect("金额溢出 / money overflow"))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        *self = *self + o;
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, o: Money) {
        *self = *self - o;
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

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

// ---------------------------------------------------------------------------------------------------------
// internals

const CN_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// Fen of a Decimal already rounded to at most 2 decimals; None if it does not fit in i64.
fn decimal_to_fen(d: Decimal) -> Option<i64> {
    let scale = d.scale();
    debug_assert!(scale <= 2);
    let factor: i128 = if scale >= 2 { 1 } else { 10i128.pow(2 - scale) };
    d.mantissa()
        .checked_mul(factor)
        .and_then(|f| i64::try_from(f).ok())
}

/// Words of a group 1..=9999 without leading 零: internal zero runs give one 零, trailing zeros nothing.
fn section_words(n: u64, out: &mut String) {
    const UNITS: [&str; 4] = ["仟", "佰", "拾", ""];
    let ds = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let mut started = false;
    let mut zero = false;
    for (i, &d) in ds.iter().enumerate() {
        if d == 0 {
            zero |= started;
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push(CN_DIGITS[d as usize]);
        out.push_str(UNITS[i]);
        started = true;
    }
}

/// Words of an integer n >= 1 (nested 亿 for very large values: 壹万亿, 玖亿…亿).
fn int_words(n: u64, out: &mut String) {
    const YI: u64 = 100_000_000;
    const WAN: u64 = 10_000;
    if n >= YI {
        int_words(n / YI, out);
        out.push('亿');
        let lo = n % YI;
        if lo > 0 {
            if lo < YI / 10 {
                out.push('零');
            }
            int_words(lo, out);
        }
    } else if n >= WAN {
        section_words(n / WAN, out);
        out.push('万');
        let lo = n % WAN;
        if lo > 0 {
            if lo < WAN / 10 {
                out.push('零');
            }
            section_words(lo, out);
        }
    } else {
        section_words(n, out);
    }
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

fn parse_money(input: &str, allow_negative: bool) -> Result<Money> {
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

// ---------------------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn m(s: &str) -> Money {
        // test helper: exact decimal string -> Money
        Money::from_decimal_exact(Decimal::from_str(s).unwrap()).unwrap()
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn code<T: std::fmt::Debug>(r: Result<T>) -> ErrorCode {
        r.expect_err("expected an error").code
    }

    // ---- basics ------------------------------------------------------------------------------------------

    #[test]
    fn constructors_and_accessors() {
        assert_eq!(Money::ZERO.fen(), 0);
        assert_eq!(Money::default(), Money::ZERO);
        assert_eq!(Money::from_fen(12345).fen(), 12345);
        assert_eq!(Money::from_yuan(12), Money::from_fen(1200));
        assert_eq!(Money::from_yuan(-3), Money::from_fen(-300));
        assert!(Money::ZERO.is_zero());
        assert!(Money::from_fen(1).is_positive());
        assert!(Money::from_fen(-1).is_negative());
        assert!(!Money::ZERO.is_positive() && !Money::ZERO.is_negative());
        assert_eq!(Money::from_fen(-5).abs(), Money::from_fen(5));
        assert_eq!(Money::from_fen(5).abs(), Money::from_fen(5));
    }

    #[test]
    fn arithmetic() {
        let a = Money::from_fen(150);
        let b = Money::from_fen(275);
        assert_eq!(a + b, Money::from_fen(425));
        assert_eq!(a - b, Money::from_fen(-125));
        assert_eq!(-a, Money::from_fen(-150));
        let mut c = a;
        c += b;
        assert_eq!(c, Money::from_fen(425));
        c -= a;
        assert_eq!(c, b);
        let v = vec![a, b, Money::from_fen(-25)];
        assert_eq!(v.iter().sum::<Money>(), Money::from_fen(400));
        assert_eq!(v.into_iter().sum::<Money>(), Money::from_fen(400));
        assert_eq!(Vec::<Money>::new().into_iter().sum::<Money>(), Money::ZERO);
        assert_eq!(a.checked_add(b), Some(Money::from_fen(425)));
        assert_eq!(
            Money::from_fen(i64::MAX).checked_add(Money::from_fen(1)),
            None
        );
        assert_eq!(
            Money::from_fen(i64::MIN).checked_sub(Money::from_fen(1)),
            None
        );
        assert!(a < b);
    }

    #[test]
    #[should_panic]
    fn add_overflow_panics() {
        let _ = Money::from_fen(i64::MAX) + Money::from_fen(1);
    }

    #[test]
    fn serde_is_integer_fen() {
        assert_eq!(
            serde_json::to_string(&Money::from_fen(12345)).unwrap(),
            "12345"
        );
        assert_eq!(
            serde_json::from_str::<Money>("-5").unwrap(),
            Money::from_fen(-5)
        );
    }

    #[test]
    fn display() {
        assert_eq!(Money::from_fen(123450).to_string(), "1234.50");
        assert_eq!(Money::from_fen(-5).to_string(), "-0.05");
        assert_eq!(Money::ZERO.to_string(), "0.00");
        assert_eq!(Money::from_fen(1).to_string(), "0.01");
        assert_eq!(Money::from_fen(-100).to_string(), "-1.00");
        assert_eq!(
            Money::from_fen(i64::MIN).to_string(),
            "-92233720368547758.08"
        );
        assert_eq!(format!("{:>8}", Money::from_fen(100)), "    1.00");
    }

    #[test]
    fn grouped() {
        assert_eq!(Money::from_fen(123450).grouped(), "1,234.50");
        assert_eq!(Money::ZERO.grouped(), "0.00");
        assert_eq!(Money::from_fen(5).grouped(), "0.05");
        assert_eq!(Money::from_fen(-5).grouped(), "-0.05");
        assert_eq!(Money::from_fen(99900).grouped(), "999.00");
        assert_eq!(Money::from_fen(100000).grouped(), "1,000.00");
        assert_eq!(Money::from_fen(-100000).grouped(), "-1,000.00");
        assert_eq!(Money::from_fen(12345678).grouped(), "123,456.78");
        assert_eq!(Money::from_fen(123456789).grouped(), "1,234,567.89");
        assert_eq!(
            Money::from_fen(99_999_999_999_999).grouped(),
            "999,999,999,999.99"
        );
        assert_eq!(
            Money::from_fen(i64::MIN).grouped(),
            "-92,233,720,368,547,758.08"
        );
    }

    // ---- decimals ----------------------------------------------------------------------------------------

    #[test]
    fn to_decimal_has_scale_2() {
        let x = Money::from_fen(1230).to_decimal();
        assert_eq!(x.to_string(), "12.30");
        assert_eq!(x.scale(), 2);
        assert_eq!(Money::ZERO.to_decimal().to_string(), "0.00");
        assert_eq!(Money::from_fen(-5).to_decimal().to_string(), "-0.05");
    }

    #[test]
    fn from_decimal_round_half_up() {
        let r = |s: &str| Money::from_decimal_round(d(s)).fen();
        assert_eq!(r("0.125"), 13);
        assert_eq!(r("-0.125"), -13);
        assert_eq!(r("0.124"), 12);
        assert_eq!(r("-0.124"), -12);
        assert_eq!(r("0.115"), 12); // not banker's rounding
        assert_eq!(r("0.105"), 11);
        assert_eq!(r("1.005"), 101);
        assert_eq!(r("2.675"), 268); // the classic f64 trap
        assert_eq!(r("-0.005"), -1);
        assert_eq!(r("0.004999999"), 0);
        assert_eq!(r("0.0050"), 1);
        assert_eq!(r("1"), 100);
        assert_eq!(r("1.5"), 150);
        assert_eq!(r("12.34"), 1234);
        assert_eq!(r("-7"), -700);
        assert_eq!(r("0"), 0);
        assert_eq!(r("-0.001"), 0);
        // an area × rate computation: 89.37 m² × 2.35 元/m² = 210.0195 → 210.02
        assert_eq!(
            Money::from_decimal_round(d("89.37") * d("2.35")).fen(),
            21002
        );
        assert_eq!(r("999999999999.995"), 100_000_000_000_000);
    }

    #[test]
    #[should_panic]
    fn from_decimal_round_overflow_panics() {
        let _ = Money::from_decimal_round(Decimal::MAX);
    }

    #[test]
    fn from_decimal_exact() {
        assert_eq!(m("12.3").fen(), 1230);
        assert_eq!(m("12.30000").fen(), 1230); // zeros beyond 2 decimals are fine
        assert_eq!(m("-0.01").fen(), -1);
        assert_eq!(m("100").fen(), 10000);
        assert_eq!(
            code(Money::from_decimal_exact(d("0.125"))),
            ErrorCode::AmountTooPrecise
        );
        assert_eq!(
            code(Money::from_decimal_exact(d("1.001"))),
            ErrorCode::AmountTooPrecise
        );
        assert_eq!(
            code(Money::from_decimal_exact(Decimal::MAX)),
            ErrorCode::AmountTooLarge
        );
    }

    // ---- parse -------------------------------------------------------------------------------------------

    #[test]
    fn parse_accepts() {
        let ok = |s: &str| {
            Money::parse(s)
                .unwrap_or_else(|e| panic!("{s:?}: {}", e.zh))
                .fen()
        };
        assert_eq!(ok("1234.5"), 123450);
        assert_eq!(ok("1234.50"), 123450);
        assert_eq!(ok("1234"), 123400);
        assert_eq!(ok("1,234.50"), 123450);
        assert_eq!(ok("1,234"), 123400);
        assert_eq!(ok("1,234,567.89"), 123456789);
        assert_eq!(ok("¥1234.50"), 123450);
        assert_eq!(ok("￥1,234.50"), 123450);
        assert_eq!(ok("¥ 1,234.50"), 123450);
        assert_eq!(ok("1234.50元"), 123450);
        assert_eq!(ok("1234.50 元"), 123450);
        assert_eq!(ok("￥1234.50元"), 123450);
        assert_eq!(ok("１２３４．５０"), 123450);
        assert_eq!(ok("１，２３４"), 123400);
        assert_eq!(ok("￥１，２３４．５元"), 123450);
        assert_eq!(ok("  12.3  "), 1230);
        assert_eq!(ok("\u{3000}12.3\u{3000}"), 1230);
        assert_eq!(ok("\t12.3\n"), 1230);
        assert_eq!(ok("\u{FEFF}12.3"), 1230);
        assert_eq!(ok("\u{00A0}12.3"), 1230);
        assert_eq!(ok("0"), 0);
        assert_eq!(ok("0.00"), 0);
        assert_eq!(ok("0.01"), 1);
        assert_eq!(ok(".5"), 50);
        assert_eq!(ok("5."), 500);
        assert_eq!(ok("007.5"), 750);
        assert_eq!(ok("+5"), 500);
        assert_eq!(ok("＋5"), 500);
        assert_eq!(ok("999999999999.99"), 99_999_999_999_999);
        assert_eq!(ok("999,999,999,999.99"), 99_999_999_999_999);
        assert_eq!(ok("0000000000000001"), 100); // leading zeros do not count as digits
    }

    #[test]
    fn parse_refuses() {
        let c = |s: &str| code(Money::parse(s));
        assert_eq!(c(""), ErrorCode::AmountEmpty);
        assert_eq!(c("   "), ErrorCode::AmountEmpty);
        assert_eq!(c("\u{3000}"), ErrorCode::AmountEmpty);
        assert_eq!(c("1.234"), ErrorCode::AmountTooPrecise);
        assert_eq!(c("1.230"), ErrorCode::AmountTooPrecise);
        assert_eq!(c("0.001"), ErrorCode::AmountTooPrecise);
        assert_eq!(c("-1"), ErrorCode::AmountNegative);
        assert_eq!(c("－1"), ErrorCode::AmountNegative);
        assert_eq!(c("−1"), ErrorCode::AmountNegative);
        assert_eq!(c("-0"), ErrorCode::AmountNegative);
        assert_eq!(c("¥-1.00"), ErrorCode::AmountNegative);
        assert_eq!(c("-¥1.00"), ErrorCode::AmountNegative);
        for bad in [
            "12a", "a12", "1.2.3", "1,23,4", "12,34", ",123", "1,234,", "1234,5", "1.2,3", "1 234",
            "¥", "元", ".", "--1", "+-1", "1-", "1e3", "0x10", "NaN", "壹佰", "12元5", "$12",
            "¥¥1", "1..2",
        ] {
            assert_eq!(c(bad), ErrorCode::AmountInvalid, "{bad:?}");
        }
        assert_eq!(c("1000000000000"), ErrorCode::AmountTooLarge);
        assert_eq!(c("1,000,000,000,000.00"), ErrorCode::AmountTooLarge);
        assert_eq!(
            c("99999999999999999999999999999999"),
            ErrorCode::AmountTooLarge
        );
    }

    #[test]
    fn parse_messages_quote_input_chinese_first() {
        let e = Money::parse("12a").unwrap_err();
        assert!(e.zh.contains("「12a」") && e.zh.contains("a"), "{}", e.zh);
        assert!(e.en.contains("\"12a\""), "{}", e.en);
        let e = Money::parse("1.234").unwrap_err();
        assert!(
            e.zh.contains("「1.234」") && e.zh.contains("两位"),
            "{}",
            e.zh
        );
        let e = Money::parse("-5").unwrap_err();
        assert!(e.zh.contains("「-5」") && e.zh.contains("负"), "{}", e.zh);
        let e = Money::parse("1,23,4").unwrap_err();
        assert!(e.zh.contains("千分位"), "{}", e.zh);
        let e = Money::parse("1.2.3").unwrap_err();
        assert!(e.zh.contains("小数点"), "{}", e.zh);
        let long = "x".repeat(100);
        let e = Money::parse(&long).unwrap_err();
        assert!(e.zh.contains('…') && e.zh.chars().count() < 120, "{}", e.zh);
    }

    #[test]
    fn parse_signed() {
        let ok = |s: &str| {
            Money::parse_signed(s)
                .unwrap_or_else(|e| panic!("{s:?}: {}", e.zh))
                .fen()
        };
        assert_eq!(ok("-5"), -500);
        assert_eq!(ok("－５．５"), -550);
        assert_eq!(ok("−0.05"), -5);
        assert_eq!(ok("-¥1,234.50"), -123450);
        assert_eq!(ok("¥-1,234.50"), -123450);
        assert_eq!(ok("-1234.50元"), -123450);
        assert_eq!(ok("12"), 1200);
        assert_eq!(ok("-0"), 0);
        assert_eq!(ok("-999999999999.99"), -99_999_999_999_999);
        assert_eq!(code(Money::parse_signed("--5")), ErrorCode::AmountInvalid);
        assert_eq!(code(Money::parse_signed("-¥-5")), ErrorCode::AmountInvalid);
        assert_eq!(
            code(Money::parse_signed("-1.234")),
            ErrorCode::AmountTooPrecise
        );
        assert_eq!(code(Money::parse_signed("")), ErrorCode::AmountEmpty);
        assert_eq!(code(Money::parse_signed("-")), ErrorCode::AmountInvalid);
        assert_eq!(
            code(Money::parse_signed("-1000000000000")),
            ErrorCode::AmountTooLarge
        );
    }

    // ---- parse_decimal -----------------------------------------------------------------------------------

    const AREA_UNITS: &[&str] = &["㎡", "m²", "m2", "平方米", "平米"];
    const AREA: (&str, &str) = ("建筑面积", "floor area");

    #[test]
    fn parse_decimal_accepts() {
        let ok = |s: &str| {
            parse_decimal(s, 2, AREA_UNITS, AREA).unwrap_or_else(|e| panic!("{s:?}: {}", e.zh))
        };
        assert_eq!(ok("89.37"), d("89.37"));
        assert_eq!(ok("89.37㎡"), d("89.37"));
        assert_eq!(ok("89.37 ㎡"), d("89.37"));
        assert_eq!(ok("89.37m²"), d("89.37"));
        assert_eq!(ok("89.37M2"), d("89.37"));
        assert_eq!(ok("89.37ｍ２"), d("89.37")); // full-width unit
        assert_eq!(ok("89.37平方米"), d("89.37"));
        assert_eq!(ok("89.37平米"), d("89.37"));
        assert_eq!(ok("８９．３７平米"), d("89.37"));
        assert_eq!(ok("1,089.5"), d("1089.5"));
        assert_eq!(ok("\u{3000}120\u{3000}"), d("120"));
        assert_eq!(ok("0"), Decimal::ZERO);
        assert_eq!(ok(".5").to_string(), "0.5");
        assert_eq!(ok("12.50").to_string(), "12.50"); // keeps decimals as typed
        assert_eq!(ok("999999999999.99"), d("999999999999.99"));
        // rates with more decimals, readings as integers
        assert_eq!(
            parse_decimal("2.3456元/㎡", 4, &["元/㎡", "元"], ("单价", "unit price")).unwrap(),
            d("2.3456")
        );
        assert_eq!(
            parse_decimal("2.5元", 4, &["元/㎡", "元"], ("单价", "unit price")).unwrap(),
            d("2.5")
        );
        assert_eq!(
            parse_decimal("12345", 0, &["度"], ("读数", "reading")).unwrap(),
            d("12345")
        );
        assert_eq!(
            parse_decimal("0.123456789012345678", 18, &[], ("x", "x")).unwrap(),
            d("0.123456789012345678")
        );
    }

    #[test]
    fn parse_decimal_refuses() {
        let c = |s: &str| code(parse_decimal(s, 2, AREA_UNITS, AREA));
        assert_eq!(c(""), ErrorCode::AmountEmpty);
        assert_eq!(c(" \u{3000} "), ErrorCode::AmountEmpty);
        assert_eq!(c("-1"), ErrorCode::AmountNegative);
        assert_eq!(c("－1㎡"), ErrorCode::AmountNegative);
        assert_eq!(c("1.234"), ErrorCode::AmountTooPrecise);
        assert_eq!(c("1.230"), ErrorCode::AmountTooPrecise);
        for bad in [
            "abc",
            "1.2.3",
            "1,23",
            "12a",
            "㎡",
            "12 ㎡ 3",
            "12元",
            "1e5",
            "¥12",
            "1000000000000",
        ] {
            assert_eq!(c(bad), ErrorCode::DecimalInvalid, "{bad:?}");
        }
        assert_eq!(
            code(parse_decimal("12.5", 0, &["度"], ("读数", "reading"))),
            ErrorCode::AmountTooPrecise
        );
        // a huge max_scale must not panic
        let many = format!("999999999999.{}", "9".repeat(40));
        assert_eq!(
            code(parse_decimal(&many, 60, &[], ("x", "x"))),
            ErrorCode::DecimalInvalid
        );
    }

    #[test]
    fn parse_decimal_messages_name_the_field() {
        let e = parse_decimal("abc", 2, AREA_UNITS, AREA).unwrap_err();
        assert!(e.zh.starts_with("建筑面积「abc」"), "{}", e.zh);
        assert!(e.en.starts_with("floor area \"abc\""), "{}", e.en);
        let e = parse_decimal("", 2, AREA_UNITS, AREA).unwrap_err();
        assert!(e.zh.contains("建筑面积"), "{}", e.zh);
        let e = parse_decimal("1.234", 2, AREA_UNITS, AREA).unwrap_err();
        assert!(
            e.zh.contains("2 位小数") && e.zh.contains("「1.234」"),
            "{}",
            e.zh
        );
        let e = parse_decimal("1.5", 0, &[], ("读数", "reading")).unwrap_err();
        assert!(e.zh.contains("整数"), "{}", e.zh);
        let e = parse_decimal("-3", 2, AREA_UNITS, AREA).unwrap_err();
        assert!(e.zh.contains("负数"), "{}", e.zh);
    }

    // ---- 大写 ------------------------------------------------------------------------------------------

    #[test]
    fn words_pboc_examples() {
        let w = |s: &str| m(s).words();
        assert_eq!(w("1409.50"), "壹仟肆佰零玖元伍角整");
        assert_eq!(w("6007.14"), "陆仟零柒元壹角肆分");
        assert_eq!(w("1680.32"), "壹仟陆佰捌拾元零叁角贰分");
        assert_eq!(w("107000.53"), "壹拾万柒仟元零伍角叁分");
        assert_eq!(w("16409.02"), "壹万陆仟肆佰零玖元零贰分");
        assert_eq!(w("325.04"), "叁佰贰拾伍元零肆分");
        assert_eq!(w("0"), "零元整");
        assert_eq!(w("0.05"), "伍分");
        assert_eq!(w("0.50"), "伍角整");
        assert_eq!(w("10"), "壹拾元整");
        assert_eq!(w("100000000"), "壹亿元整");
        assert_eq!(w("1000010"), "壹佰万零壹拾元整");
        assert_eq!(w("10000.00"), "壹万元整");
        assert_eq!(w("100.10"), "壹佰元零壹角整");
        assert_eq!(w("-5.00"), "负伍元整");
        assert_eq!(w("100000001"), "壹亿零壹元整");
    }

    #[test]
    fn words_edge_cases() {
        let w = |s: &str| m(s).words();
        assert_eq!(w("1.00"), "壹元整");
        assert_eq!(w("0.10"), "壹角整");
        assert_eq!(w("0.01"), "壹分");
        assert_eq!(w("0.15"), "壹角伍分");
        assert_eq!(w("1.01"), "壹元零壹分");
        assert_eq!(w("1.10"), "壹元壹角整");
        assert_eq!(w("1.11"), "壹元壹角壹分");
        assert_eq!(w("1001.01"), "壹仟零壹元零壹分");
        assert_eq!(w("20000000.00"), "贰仟万元整");
        assert_eq!(w("1010101.10"), "壹佰零壹万零壹佰零壹元壹角整");
        assert_eq!(w("11"), "壹拾壹元整");
        assert_eq!(w("110"), "壹佰壹拾元整");
        assert_eq!(w("123.45"), "壹佰贰拾叁元肆角伍分");
        assert_eq!(w("100"), "壹佰元整");
        assert_eq!(w("101"), "壹佰零壹元整");
        assert_eq!(w("1000"), "壹仟元整");
        assert_eq!(w("1001"), "壹仟零壹元整");
        assert_eq!(w("1010"), "壹仟零壹拾元整");
        assert_eq!(w("1100"), "壹仟壹佰元整");
        assert_eq!(w("10001"), "壹万零壹元整");
        assert_eq!(w("10010"), "壹万零壹拾元整");
        assert_eq!(w("10100"), "壹万零壹佰元整");
        assert_eq!(w("11000"), "壹万壹仟元整");
        assert_eq!(w("100000"), "壹拾万元整");
        assert_eq!(w("10005000"), "壹仟万伍仟元整");
        assert_eq!(w("10000000.90"), "壹仟万元零玖角整");
        assert_eq!(w("101000000"), "壹亿零壹佰万元整");
        assert_eq!(w("110000000"), "壹亿壹仟万元整");
        assert_eq!(w("100001000"), "壹亿零壹仟元整");
        assert_eq!(w("100010000"), "壹亿零壹万元整");
        assert_eq!(w("1000000000"), "壹拾亿元整");
        assert_eq!(w("-0.05"), "负伍分");
        assert_eq!(w("-1680.32"), "负壹仟陆佰捌拾元零叁角贰分");
        assert_eq!(w("-0.50"), "负伍角整");
        assert_eq!(w("1000000000000"), "壹万亿元整");
        assert_eq!(
            w("999999999999.99"),
            "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"
        );
        assert_eq!(w("100000000000.01"), "壹仟亿元零壹分");
        assert_eq!(w("100010001000.00"), "壹仟亿壹仟万壹仟元整");
        assert_eq!(
            w("123456789012.34"),
            "壹仟贰佰叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分"
        );
        assert_eq!(
            Money::from_fen(i64::MAX).words(),
            "玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分"
        );
        assert_eq!(
            Money::from_fen(i64::MIN).words(),
            "负玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零捌分"
        );
    }

    /// Reads 大写 back to fen (test oracle; independent of the writer's zero rules).
    fn words_to_fen(s: &str) -> i128 {
        let (neg, s) = match s.strip_prefix('负') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let (mut total, mut section, mut number): (i128, i128, i128) = (0, 0, 0);
        let mut fen: i128 = 0;
        for c in s.chars() {
            if let Some(dg) = CN_DIGITS.iter().position(|x| *x == c) {
                number = dg as i128;
                continue;
            }
            match c {
                '拾' => section += number * 10,
                '佰' => section += number * 100,
                '仟' => section += number * 1000,
                '万' => section = (section + number) * 10_000,
                '亿' => {
                    total = (total + section + number) * 100_000_000;
                    section = 0;
                }
                '元' => {
                    fen += (total + section + number) * 100;
                    total = 0;
                    section = 0;
                }
                '角' => fen += number * 10,
                '分' => fen += number,
                '整' => {}
                _ => panic!("unexpected {c} in {s}"),
            }
            number = 0;
        }
        if neg {
            -fen
        } else {
            fen
        }
    }

    proptest! {
        #[test]
        fn prop_parse_roundtrip(fen in 0i64..=99_999_999_999_999) {
            let x = Money::from_fen(fen);
            prop_assert_eq!(Money::parse(&x.grouped()).unwrap(), x);
            prop_assert_eq!(Money::parse(&x.to_string()).unwrap(), x);
            prop_assert_eq!(Money::parse(&format!("¥{}元", x.grouped())).unwrap(), x);
        }

        #[test]
        fn prop_parse_signed_roundtrip(fen in -99_999_999_999_999i64..=99_999_999_999_999) {
            let x = Money::from_fen(fen);
            prop_assert_eq!(Money::parse_signed(&x.grouped()).unwrap(), x);
            prop_assert_eq!(Money::parse_signed(&x.to_string()).unwrap(), x);
            prop_assert_eq!(Money::from_decimal_exact(x.to_decimal()).unwrap(), x);
            prop_assert_eq!(Money::from_decimal_round(x.to_decimal()), x);
            prop_assert_eq!(x.grouped().replace(',', ""), x.to_string());
        }

        #[test]
        fn prop_words(fen in any::<i64>()) {
            let x = Money::from_fen(fen);
            let w = x.words();
            prop_assert!(!w.contains("零零"), "{}", w);
            prop_assert!(!w.ends_with('零'), "{}", w);
            prop_assert_eq!(w.ends_with('整'), fen % 10 == 0, "{}", w);
            prop_assert!(!w.contains("整") || w.ends_with('整'), "{}", w);
            prop_assert_eq!(w.starts_with('负'), fen < 0, "{}", w);
            prop_assert_eq!(words_to_fen(&w), fen as i128, "{}", w);
        }

        #[test]
        fn prop_words_small(fen in 0i64..=99_999_999_999_999) {
            let w = Money::from_fen(fen).words();
            prop_assert_eq!(words_to_fen(&w), fen as i128, "{}", w);
            prop_assert!(!w.contains("零零"), "{}", w);
            prop_assert!(!w.starts_with('零') || fen == 0, "{}", w);
            if fen != 0 {
                prop_assert_eq!(format!("负{w}"), Money::from_fen(-fen).words());
            }
        }

        #[test]
        fn prop_round_half_up(fen in -1_000_000_000i64..1_000_000_000, milli in 0i64..10) {
            // value = fen/100 + sign*milli/1000 ; rounds away from zero at 5
            let sign = if fen < 0 { -1 } else { 1 };
            let v = Decimal::new(fen * 10 + sign * milli, 3);
            let expect = if milli >= 5 { fen + sign } else { fen };
            prop_assert_eq!(Money::from_decimal_round(v).fen(), expect);
        }
    }
}
