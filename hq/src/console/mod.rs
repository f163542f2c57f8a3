//! The head-office console's server side: sign-in and roles, and the screens' data, each request
//! checked against the person's session and estates. Every figure comes from the tables kept at
//! ingest. Every action is audited.

pub mod arrears;
pub mod daily;
pub mod export;
pub mod files;
pub mod monthly;
pub mod rates;
pub mod routes;
pub mod session;
pub mod standards;
pub mod users;
pub mod verify;

use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

use crate::{HqError, HqResult};

/// The estates a request may read.
#[derive(Debug, Clone)]
pub struct Scope {
    pub estates: Vec<Uuid>,
}

fn bad_date(what: (&str, &str), s: &str) -> HqError {
    HqError::bad_request(
        "INVALID_INPUT",
        format!("{}「{s}」无效", what.0),
        format!("invalid {} \"{s}\"", what.1),
    )
}

/// `YYYY-MM-DD`
pub fn parse_day(s: &str) -> HqResult<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| bad_date(("日期（YYYY-MM-DD）", "day (YYYY-MM-DD)"), s))
}

/// `YYYY-MM` → its first day.
pub fn parse_month(s: &str) -> HqResult<NaiveDate> {
    let t = s.trim();
    if t.len() != 7 {
        return Err(bad_date(("月份（YYYY-MM）", "month (YYYY-MM)"), s));
    }
    NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d")
        .map_err(|_| bad_date(("月份（YYYY-MM）", "month (YYYY-MM)"), s))
}

/// Two months in order, at most `max` apart.
pub fn month_range(from: &str, to: &str, max: u32) -> HqResult<(NaiveDate, NaiveDate)> {
    let (a, b) = (parse_month(from)?, parse_month(to)?);
    let span = (b.year() - a.year()) as i64 * 12 + b.month0() as i64 - a.month0() as i64;
    if span < 0 || span >= max as i64 {
        return Err(HqError::bad_request(
            "INVALID_INPUT",
            format!("月份范围 {from} 至 {to} 无效：结束不能早于开始，最多 {max} 个月"),
            format!("invalid months {from} to {to}: the end may not precede the start, {max} months at most"),
        ));
    }
    Ok((a, b))
}

/// A person's name masked for the console: the family name stays (张三 → 张*, 欧阳娜娜 → 欧***).
/// A unit code used as payer (it has digits) stays as it is.
pub fn mask_name(name: String) -> String {
    if name.chars().any(|c| c.is_ascii_digit()) {
        return name;
    }
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_but_unit_codes_are_not() {
        assert_eq!(mask_name("张三".into()), "张*");
        assert_eq!(mask_name("欧阳娜娜".into()), "欧***");
        assert_eq!(mask_name("1-2-301".into()), "1-2-301");
        assert_eq!(mask_name(String::new()), "");
    }

    #[test]
    fn months_and_ranges_are_checked() {
        assert!(parse_month("2026-13").is_err());
        assert!(parse_month("2026-1").is_err());
        assert_eq!(parse_month("2026-02").unwrap().to_string(), "2026-02-01");
        assert!(month_range("2026-05", "2026-04", 36).is_err());
        assert!(month_range("2024-01", "2026-12", 36).is_ok());
        assert!(month_range("2024-01", "2027-01", 36).is_err());
    }
}
