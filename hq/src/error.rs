//! Errors as head office answers them: an HTTP status, a stable code and the message in Chinese and
//! English. A database failure is a 503: the desk keeps its events and retries.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use feedesk_protocol::sync::ApiError;

#[derive(Debug, Clone, thiserror::Error)]
#[error("{code}: {zh} / {en}")]
pub struct HqError {
    pub status: u16,
    pub code: &'static str,
    pub zh: String,
    pub en: String,
}

pub type HqResult<T> = Result<T, HqError>;

impl HqError {
    pub fn new(
        status: u16,
        code: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> HqError {
        HqError {
            status,
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }
    pub fn bad_request(
        code: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> HqError {
        HqError::new(400, code, zh, en)
    }
    pub fn unauthorized(zh: impl Into<String>, en: impl Into<String>) -> HqError {
        HqError::new(401, "UNAUTHENTICATED", zh, en)
    }
    pub fn conflict(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> HqError {
        HqError::new(409, code, zh, en)
    }
    pub fn not_found(zh: impl Into<String>, en: impl Into<String>) -> HqError {
        HqError::new(404, "NOT_FOUND", zh, en)
    }
}

impl From<tokio_postgres::Error> for HqError {
    fn from(e: tokio_postgres::Error) -> Self {
        HqError::new(
            503,
            "STORAGE",
            format!("总部数据库错误：{e}"),
            format!("head office database error: {e}"),
        )
    }
}

impl From<deadpool_postgres::PoolError> for HqError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        HqError::new(
            503,
            "STORAGE",
            format!("总部数据库不可用：{e}"),
            format!("head office database unavailable: {e}"),
        )
    }
}

impl IntoResponse for HqError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = ApiError {
            code: self.code.to_string(),
            zh: self.zh,
            en: self.en,
        };
        (status, axum::Json(body)).into_response()
    }
}
