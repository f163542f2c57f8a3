//! feedesk's core: everything that knows fees and money. No Tauri, no PDF, no network.
//! Callers (the CLI, the desktop shell) go through the `feedesk-api` crate, never here directly.
//!
//! The modules are layered; a module uses only modules of its own layer or below, and there is no
//! import cycle (`tests/house.rs` checks both):
//!
//! 0. base: `error`, `money`, `period`, `progress`, `integrity`, `db`, `auth`, `tender`, `journal`, `hq_link`, `outbox`
//! 1. estate and fees: `estate`, `unit_search`, `estate_edit`, `import`, `fees`, `hq_standards`, `charges`
//! 2. flows: `billing`, `receipts`, `collect`, `deposits`, `corrections`, `shift`
//! 3. reports: `daily_report`, `day_close`, `reports`, `fee_ledger`, `month_scan`, `monthly_report`,
//!    `collection_rate`, `month_close`, `review`, `receipt_search`, `notices`, `check`
//! 4. care of the file: `backup`, `restore`

pub mod error;
pub mod money;

// 0. base
pub mod auth;
pub mod db;
pub mod hq_link;
pub mod integrity;
pub mod journal;
pub mod outbox;
pub mod period;
pub mod progress;
pub mod tender;

// 1. estate and fees
pub mod allocation;
pub mod charges;
pub mod estate;
pub mod estate_edit;
pub mod fees;
pub mod hq_standards;
pub mod import;
pub mod unit_search;

// 2. flows
pub mod billing;
pub mod collect;
pub mod corrections;
pub mod deposits;
pub mod follow_up;
pub mod receipts;
pub mod shift;

// 3. reports
pub mod check;
pub mod collection_rate;
pub mod daily_report;
pub mod day_close;
pub mod fee_ledger;
pub mod month_close;
pub mod month_scan;
pub mod monthly_report;
pub mod notices;
pub mod receipt_search;
pub mod reports;
pub mod review;

// 4. care of the file
pub mod backup;
pub mod restore;

pub use error::{Error, ErrorCode, Lang, Result};
pub use money::Money;
