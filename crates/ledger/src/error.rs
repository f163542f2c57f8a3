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
    /// The ledger file failed its check at opening (damaged, truncated, not a ledger): nothing was opened.
    LedgerDamaged,
    /// The ledger file or its medium is read-only: nothing can be recorded.
    ReadOnly,
    /// The disk is full: the operation was refused whole, nothing half-written.
    DiskFull,
    /// A backup could not be written or did not pass its check; the ledger itself is untouched.
    BackupFailed,
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
    /// SQLite's own failures of the medium get their own code and a message that says what to do; the
    /// transaction they happened in is rolled back whole by its owner.
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as Sql;
        match e.sqlite_error_code() {
            Some(Sql::DiskFull) => Error::new(
                ErrorCode::DiskFull,
                "磁盘已满，本次操作未记账（没有写入任何内容）。请清理磁盘空间后重试",
                "the disk is full: nothing of this operation was recorded. Free some disk space and try again",
            ),
            Some(Sql::ReadOnly) => Error::new(
                ErrorCode::ReadOnly,
                "账套文件或所在磁盘只读，本次操作未记账。请检查文件权限或 U 盘写保护开关",
                "the ledger file or its disk is read-only: nothing was recorded. Check the file's permissions or the USB stick's write-protect switch",
            ),
            Some(Sql::DatabaseCorrupt) | Some(Sql::NotADatabase) => Error::new(
                ErrorCode::LedgerDamaged,
                format!("账套文件已损坏：{e}。请停止收费并从备份恢复"),
                format!("the ledger file is damaged: {e}. Stop collecting and restore from a backup"),
            ),
            _ => Error::new(
                ErrorCode::Storage,
                format!("数据库错误：{e}"),
                format!("database error: {e}"),
            ),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
