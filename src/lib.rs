//! feedesk core: everything that knows fees and money. No Tauri, no UI.
//! Callers (CLI, desktop shell, other transports) go through [`api`] only.

pub mod error;
pub mod money;

pub mod api;
pub mod auth;
pub mod bench;
pub mod billing;
pub mod check;
pub mod collect;
pub mod daily_report;
pub mod db;
pub mod demo;
pub mod deposits;
pub mod documents;
pub mod estate;
pub mod export;
pub mod fees;
pub mod import;
pub mod ledger;
pub mod outbox;
pub mod printing;
pub mod progress;
pub mod receipt_search;
pub mod reports;
pub mod review;
pub mod shift;
pub mod unit_search;

pub use error::{Error, ErrorCode, Lang, Result};
pub use money::Money;
