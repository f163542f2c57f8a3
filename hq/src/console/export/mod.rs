//! The console's report exports: 收费月报表 as an Excel workbook and an A4 PDF, 欠费账龄 as a workbook.
//! Each is the same report the JSON endpoints answer, for the same person and their estates only,
//! built from integer fen; the file is sent as an attachment that no cache keeps, and every export,
//! refused ones too, is audited.

pub mod draw;
pub mod pdf;
pub mod xlsx;

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::FixedOffset;
use deadpool_postgres::Pool;
use serde::Deserialize;
use uuid::Uuid;

use super::arrears::{self, ArrearsReport, UnitArrears};
use super::session::{self, Viewer};
use super::{monthly, Scope};
use crate::http::App;
use crate::{HqError, HqResult};

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const PDF: &str = "application/pdf";

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/monthly.xlsx", get(monthly_xlsx))
        .route("/api/monthly.pdf", get(monthly_pdf))
        .route("/api/arrears.xlsx", get(arrears_xlsx))
}

/// Who made an export and when, printed on it.
#[derive(Debug, Clone)]
pub struct Made {
    /// `显示名（用户名）`
    pub by: String,
    /// `YYYY-MM-DD HH:MM`, Beijing time.
    pub at: String,
}

impl Made {
    pub fn now(v: &Viewer) -> Made {
        let beijing = FixedOffset::east_opt(8 * 3600).expect("a valid offset");
        Made {
            by: format!("{}（{}）", v.display_name, v.username),
            at: chrono::Utc::now()
                .with_timezone(&beijing)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
        }
    }
}

/// "1,234.50" from fen; integer arithmetic only.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let digits = (abs / 100).to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", abs % 100)
}

/// A fee item as the reports show it: its code, or 预存款 for prepayments received ("").
pub fn item_label(item: &str) -> &str {
    if item.is_empty() {
        "预存款"
    } else {
        item
    }
}

/// `2026-10` → `2026年10月`.
pub fn month_zh(month: &str) -> String {
    match month.split_once('-') {
        Some((y, m)) => format!("{y}年{m}月"),
        None => month.to_string(),
    }
}

/// A file to download.
pub struct File {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// `attachment; filename*=UTF-8''…` (RFC 6266 / RFC 5987): the Chinese name percent-encoded.
pub fn disposition(name: &str) -> String {
    let mut s = String::from("attachment; filename*=UTF-8''");
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

impl IntoResponse for File {
    fn into_response(self) -> Response {
        let headers = [
            (header::CONTENT_TYPE, self.content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition(&self.name)),
            (header::CACHE_CONTROL, "no-store".to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ];
        (headers, self.bytes).into_response()
    }
}

fn failed(what: &str, e: impl std::fmt::Display) -> HqError {
    HqError::new(
        500,
        "EXPORT",
        format!("无法生成{what}：{e}"),
        format!("cannot build the file: {e}"),
    )
}

/// Build a file off the async threads (fonts, compression).
async fn build<F>(name: String, content_type: &'static str, f: F) -> HqResult<File>
where
    F: FnOnce() -> HqResult<Vec<u8>> + Send + 'static,
{
    let bytes = tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| failed("文件", e))??;
    Ok(File {
        name,
        content_type,
        bytes,
    })
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> HqResult<T> {
    q.map(|Query(t)| t).map_err(|e| {
        HqError::bad_request(
            "INVALID_INPUT",
            format!("查询参数无效：{e}"),
            format!("invalid query: {e}"),
        )
    })
}

/// Record the export and pass its outcome on.
async fn audited(
    pool: &Pool,
    v: &Viewer,
    action: &str,
    detail: String,
    r: HqResult<File>,
) -> HqResult<Response> {
    session::audit(pool, &v.username, action, &detail, r.is_ok()).await?;
    r.map(IntoResponse::into_response)
}

fn scope(v: &Viewer) -> Scope {
    Scope {
        estates: v.estates.clone(),
    }
}

#[derive(Deserialize)]
struct Month {
    month: String,
}

#[derive(Deserialize)]
struct AsOf {
    as_of: String,
}

async fn monthly_file(app: &App, v: &Viewer, q: HqResult<Month>, pdf: bool) -> HqResult<File> {
    let report = monthly::monthly(&app.pool, &scope(v), &q?.month).await?;
    let made = Made::now(v);
    let ext = if pdf { "pdf" } else { "xlsx" };
    let name = format!("收费月报表-{}.{ext}", report.month);
    if pdf {
        build(name, PDF, move || pdf::monthly(&report, &made)).await
    } else {
        build(name, XLSX, move || xlsx::monthly(&report, &made)).await
    }
}

async fn monthly_xlsx(
    State(app): State<App>,
    h: HeaderMap,
    q: Result<Query<Month>, QueryRejection>,
) -> HqResult<Response> {
    let v = session::viewer(&app.pool, &h).await?;
    let q = query(q);
    let detail = q.as_ref().map(|m| m.month.clone()).unwrap_or_default();
    let r = monthly_file(&app, &v, q, false).await;
    audited(&app.pool, &v, "monthly_xlsx", detail, r).await
}

async fn monthly_pdf(
    State(app): State<App>,
    h: HeaderMap,
    q: Result<Query<Month>, QueryRejection>,
) -> HqResult<Response> {
    let v = session::viewer(&app.pool, &h).await?;
    let q = query(q);
    let detail = q.as_ref().map(|m| m.month.clone()).unwrap_or_default();
    let r = monthly_file(&app, &v, q, true).await;
    audited(&app.pool, &v, "monthly_pdf", detail, r).await
}

/// The arrears report and, per estate in it, its units in arrears.
pub async fn arrears_with_units(
    pool: &Pool,
    scope: &Scope,
    as_of: &str,
) -> HqResult<(ArrearsReport, Vec<Vec<UnitArrears>>)> {
    let report = arrears::arrears(pool, scope, as_of).await?;
    let ids: HashMap<String, Uuid> = pool
        .get()
        .await?
        .query(
            "SELECT code, estate_id FROM estates WHERE estate_id = ANY($1)",
            &[&scope.estates],
        )
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let mut units = Vec::with_capacity(report.estates.len());
    for e in &report.estates {
        units.push(match ids.get(&e.estate_code) {
            Some(id) => arrears::estate_units(pool, *id, &report.as_of).await?,
            None => vec![],
        });
    }
    Ok((report, units))
}

async fn arrears_xlsx(
    State(app): State<App>,
    h: HeaderMap,
    q: Result<Query<AsOf>, QueryRejection>,
) -> HqResult<Response> {
    let v = session::viewer(&app.pool, &h).await?;
    let q = query(q);
    let detail = q.as_ref().map(|a| a.as_of.clone()).unwrap_or_default();
    let r = async {
        let (report, units) = arrears_with_units(&app.pool, &scope(&v), &q?.as_of).await?;
        let made = Made::now(&v);
        let name = format!("欠费账龄-{}.xlsx", report.as_of);
        build(name, XLSX, move || xlsx::arrears(&report, &units, &made)).await
    }
    .await;
    audited(&app.pool, &v, "arrears_xlsx", detail, r).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_is_grouped_from_integer_fen() {
        assert_eq!(yuan(0), "0.00");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(123_450), "1,234.50");
        assert_eq!(yuan(-100_000_001), "-1,000,000.01");
        assert_eq!(yuan(99_999), "999.99");
    }

    #[test]
    fn chinese_file_names_are_percent_encoded() {
        assert_eq!(
            disposition("收费月报表-2026-10.xlsx"),
            "attachment; filename*=UTF-8''%E6%94%B6%E8%B4%B9%E6%9C%88%E6%8A%A5%E8%A1%A8-2026-10.xlsx"
        );
        assert_eq!(month_zh("2026-03"), "2026年03月");
    }
}
