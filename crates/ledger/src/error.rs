//! Errors that cross the API boundary: a stable code plus a message in Chinese (first) and English.
//! The UI and scripts match on `code`, never on message text.

use serde::Serialize;

/// Stable error codes. Add new codes at the end of their group; never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ErrorCode {
    // input
    AmountEmpty,
    AmountInvalid,
    AmountTooPrecise,
    AmountNegative,
    AmountTooLarge,
    DecimalInvalid,
    InvalidInput,
    // import
    ImportFile,
    ImportRows,
    // master data / lookups
    NotFound,
    Duplicate,
    // auth
    AuthFailed,
    Forbidden,
    ApprovalRequired,
    SelfApproval,
    // ledger rules
    Unbalanced,
    NoOpenShift,
    ShiftClosed,
    /// The month is closed (月结): nothing more can be dated into it.
    MonthClosed,
    ShiftAlreadyOpen,
    ChargeNotOpen,
    Underpaid,
    Overpaid,
    AlreadyVoided,
    VoidNotAllowed,
    ReadingInvalid,
    /// The operation does not fit the object's current state (e.g. a deposit refund before inspection).
    WrongState,
    /// Deductions or a refund beyond the deposit held.
    ExceedsHeld,
    // devices
    /// The printer refused or is missing; the document is kept and was opened in the viewer.
    PrintFailed,
    // storage
    SchemaTooNew,
    Storage,
    // head office
    /// The desk is not enrolled at head office.
    NotEnrolled,
    /// Enrolled, but the desk's key file cannot be read: nothing can be signed, so nothing is recorded.
    KeyUnavailable,
    /// Head office cannot be reached (no network, refused, timed out); nothing is lost, sending retries.
    HqUnreachable,
    /// Head office refused the request, saying why.
    HqRefused,
    /// Head office has revoked this desk.
    DeskRevoked,
    /// A fee item whose standards head office publishes: not changed at the desk.
    SetByHq,
}

#[derive(Debug, Clone, thiserror::Error, Serialize)]
#[error("{zh}")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Error {
    pub code: ErrorCode,
    pub zh: String,
    pub en: String,
}

/// The user's language for messages. Chinese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Error {
    pub fn new(code: ErrorCode, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Error {
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// `err!(Code, "中文 {x}", "English {x}")` builds an [`Error`] with both messages;
/// `err!(Code, ("中文 {}", a), ("English {}", b))` when they take positional arguments.
#[macro_export]
macro_rules! err {
    ($code:ident, ($zh:expr $(, $za:expr)* $(,)?), ($en:expr $(, $ea:expr)* $(,)?) $(,)?) => {
        $crate::error::Error::new($crate::error::ErrorCode::$code, format!($zh $(, $za)*), format!($en $(, $ea)*))
    };
    ($code:ident, $zh:expr, $en:expr $(,)?) => {
        $crate::error::Error::new($crate::error::ErrorCode::$code, format!($zh), format!($en))
    };
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::new(
            ErrorCode::Storage,
            format!("数据库错误：{e}"),
            format!("database error: {e}"),
        )
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
