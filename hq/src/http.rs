//! What every handler shares: the application state, and request bodies read as bytes with their
//! content type and JSON checked, so a malformed request gets a clear error and changes nothing.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::HeaderMap;
use deadpool_postgres::Pool;
use feedesk_protocol::sync::MAX_BODY_BYTES;
use serde::de::DeserializeOwned;

use crate::turns::Turns;
use crate::{HqError, HqResult};

#[derive(Clone)]
pub struct App {
    pub pool: Pool,
    /// Wakes the report applier after a batch is stored.
    pub stored: std::sync::Arc<tokio::sync::Notify>,
    /// A desk's batches sent back to back take their turns in chain order.
    pub turns: std::sync::Arc<Turns>,
    /// The console's built files (index.html and its assets), when served.
    pub console: Option<std::path::PathBuf>,
}

impl App {
    pub fn new(pool: Pool) -> App {
        App {
            pool,
            stored: std::sync::Arc::default(),
            turns: std::sync::Arc::default(),
            console: None,
        }
    }

    pub fn with_console(self, dir: Option<std::path::PathBuf>) -> App {
        App {
            console: dir,
            ..self
        }
    }
}

/// The body, or why it could not be read (over the size limit, cut off).
pub fn bytes(body: Result<Bytes, BytesRejection>) -> HqResult<Bytes> {
    body.map_err(|e| {
        HqError::new(
            e.status().as_u16(),
            "BODY_REFUSED",
            format!(
                "请求内容无法接收（{e}）：一次最多 {} MB",
                MAX_BODY_BYTES >> 20
            ),
            format!(
                "the request body was refused ({e}): {} MB at most",
                MAX_BODY_BYTES >> 20
            ),
        )
    })
}

pub fn json_body<T: DeserializeOwned>(h: &HeaderMap, body: &[u8]) -> HqResult<T> {
    let ct = h
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !ct.starts_with("application/json") {
        return Err(HqError::new(
            415,
            "WRONG_CONTENT_TYPE",
            format!("内容类型应为 application/json，收到「{ct}」"),
            format!("the content type must be application/json, not \"{ct}\""),
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        HqError::bad_request(
            "MALFORMED",
            format!("请求内容无法解析：{e}"),
            format!("the request cannot be read: {e}"),
        )
    })
}
