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

mod parse;
#[cfg(test)]
mod tests;
mod words;

pub use parse::parse_decimal;
use parse::{decimal_to_fen, parse_money};
use words::{int_words, CN_DIGITS};

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

/// An amount in fen as the office writes it: "1,234.50".
pub fn yuan(fen: i64) -> String {
    Money::from_fen(fen).grouped()
}
