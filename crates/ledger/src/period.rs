//! Periods (账期): a month, written `YYYY-MM`, the unit every charge is billed in.

use chrono::NaiveDate;

use rusqlite::Connection;

use crate::{err, Result};

/// A period is a month, written `YYYY-MM`. Accepts `2026-11`, `2026-1`, `202611`, `2026/11`, `2026年11月`.
pub fn parse_period(s: &str) -> Result<String> {
    let t = s
        .trim()
        .trim_end_matches('月')
        .replace(['年', '/', '.'], "-");
    let (y, m) = match t.split_once('-') {
        Some((y, m)) => (y.to_string(), m.to_string()),
        None if t.len() == 6 => (t[..4].to_string(), t[4..].to_string()),
        None => (String::new(), String::new()),
    };
    match (y.parse::<i32>(), m.parse::<u32>()) {
        (Ok(y), Ok(m)) if (2000..=2100).contains(&y) && (1..=12).contains(&m) => {
            Ok(format!("{y:04}-{m:02}"))
        }
        _ => Err(err!(
            InvalidInput,
            "账期「{s}」无效，应为 年-月，如 2026-11",
            "invalid period \"{s}\"; use YYYY-MM such as 2026-11"
        )),
    }
}

/// First and last day of a period.
pub fn period_bounds(period: &str) -> (NaiveDate, NaiveDate) {
    let first =
        NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d").expect("validated period");
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .expect("in range");
    (first, next.pred_opt().expect("in range"))
}

pub fn period_of(date: NaiveDate) -> String {
    date.format("%Y-%m").to_string()
}

/// Refuse anything dated into a month closed (月结) — that month or an earlier one.
pub fn require_open(conn: &Connection, period: &str) -> Result<()> {
    let last: Option<String> = conn
        .prepare_cached("SELECT MAX(month) FROM month_closes")?
        .query_row([], |r| r.get(0))?;
    match last {
        Some(m) if period <= m.as_str() => Err(err!(
            MonthClosed,
            "{m} 已月结，不能再计入 {period} 的费用；更正请计入当前月份",
            "{m} has been closed (month close); nothing more can go into {period}; corrections go into the current month"
        )),
        _ => Ok(()),
    }
}
