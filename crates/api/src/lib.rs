//! The single surface of the desk: every caller (the `feedesk` command, the desktop shell) goes
//! through here and nowhere else. One function per operation, typed requests and responses, errors
//! with a stable code; one file per area. Each operation that changes anything is exactly one
//! SQLite transaction (`db::with_tx`).

use std::path::{Path, PathBuf};

use feedesk_ledger::db;
use rusqlite::Connection;

pub use feedesk_ledger::allocation::{AllocatedCharge, Allocation, ChargeGroup};
pub use feedesk_ledger::auth::{cst, Actor, Approval, AuditRow, Ctx, Role, UserRow};
pub use feedesk_ledger::backup::{
    BackupFile, BackupReason, BackupRecord, BackupSettings, BackupStatus,
};
pub use feedesk_ledger::billing::{
    Basis, BillingPreview, BillingResult, MeterRow, NewPool, Pool, Reading, ReadingInput,
    ReadingUsage,
};
pub use feedesk_ledger::charges::OpenCharge;
pub use feedesk_ledger::check::CheckReport;
pub use feedesk_ledger::collect::{CollectRequest, SaleLine, SaleRequest};
pub use feedesk_ledger::collection_rate::{MonthRates, RatesByMonth};
pub use feedesk_ledger::daily_report::{DailyCashReport, DailyScope};
pub use feedesk_ledger::deposits::{
    CollectDepositRequest, Deduction, DeductionKind, Deposit, DepositFilter, DepositList,
    DepositReceipt, DepositState, Inspection, RefundPlan, RefundRequest,
};
pub use feedesk_ledger::estate::{Building, RosterRow, Unit, UnitHit, UnitType};
pub use feedesk_ledger::estate_edit::NewParty;
pub use feedesk_ledger::fee_ledger::{EntryKind, FeeLedger, FeeLedgerEntry};
pub use feedesk_ledger::fees::{FeeItem, Method, RateCheck, Scope, Standard};
pub use feedesk_ledger::follow_up::{ArrearsReason, ContactWay, FollowUp, FollowUpInput};
pub use feedesk_ledger::hq_link::{Enrollment, SyncState};
pub use feedesk_ledger::hq_standards::HqStandard;
pub use feedesk_ledger::import::{ImportCheck, ImportSummary, RowError};
pub use feedesk_ledger::integrity::LastGood;
pub use feedesk_ledger::money::{parse_decimal, yuan};
pub use feedesk_ledger::monthly_report::{MonthClose, MonthFigures, MonthRow, MonthlyReport};
pub use feedesk_ledger::notices::{NoticeKind, NoticeOffice, NoticeTarget};
pub use feedesk_ledger::outbox::StoredEvent;
pub use feedesk_ledger::progress::{silent, OnStep};
pub use feedesk_ledger::receipts::{Receipt, ReceiptKind, ReceiptRow};
pub use feedesk_ledger::reports::{
    percent_text, ArrearsList, CollectionRate, CollectionRates, LowBalance, UnitArrears,
};
pub use feedesk_ledger::restore::{LostRange, RestoreReport, RestoreRequest};
pub use feedesk_ledger::review::ShiftCheck;
pub use feedesk_ledger::shift::{CloseRequest, MethodLine, Shift, ShiftClosed, DENOMINATIONS};
pub use feedesk_ledger::tender::{PayMethod, Tender, TenderLine, TenderPreview};
pub use feedesk_ledger::{err, Error, ErrorCode, Lang, Money, Result};

pub use feedesk_documents::printing::PrintOutcome;
pub use feedesk_documents::xlsx::Exported;
pub use feedesk_documents::{FormLayout, ReceiptLayout};
pub use feedesk_protocol::QrPayload;
/// Rates and readings: exact decimals, sent as strings.
pub use rust_decimal::Decimal;

mod backups;
mod check;
mod counter;
pub mod demo;
mod deposits;
mod estate;
mod export;
mod fees;
mod files;
mod follow_ups;
mod hq;
mod print;
mod reports;
mod setup;
mod shift;
mod standards;
mod sync_worker;

pub use backups::*;
pub use check::*;
pub use counter::*;
pub use deposits::*;
pub use estate::*;
pub use export::*;
pub use fees::*;
pub use files::*;
pub use follow_ups::*;
pub use hq::*;
pub use print::*;
pub use reports::*;
pub use setup::*;
pub use shift::*;
pub use standards::*;
pub use sync_worker::*;

/// An open ledger file (one desk's 账套), with the desk's key when it is enrolled at head office.
pub struct Ledger {
    conn: Connection,
    path: PathBuf,
    key: Option<std::sync::Arc<feedesk_protocol::DeskKey>>,
}

impl Ledger {
    /// Open (creating if absent) and migrate a ledger file, once it passes the checks at start (see
    /// `integrity`); its unit search index is brought up to date.
    pub fn open(path: &Path) -> Result<Ledger> {
        let mut conn = db::open(path)?;
        if let Some((seq, count)) = feedesk_ledger::outbox::head_broken(&conn)? {
            return Err(feedesk_ledger::integrity::chain_broken(path, seq, count));
        }
        feedesk_ledger::unit_search::rebuild_if_stale(&mut conn)?;
        let key = hq::load_key(&conn)?;
        Ok(Ledger {
            conn,
            path: path.to_path_buf(),
            key,
        })
    }
    /// Cap SQLite's page cache of this connection (KiB). The desktop app keeps it small: the OS caches the
    /// file anyway, and the cache counts in the app's resident memory all day.
    pub fn limit_page_cache(&self, kib: u32) -> Result<()> {
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{kib}"))?;
        Ok(())
    }
    pub fn path(&self) -> &Path {
        &self.path
    }
    pub fn is_initialised(&self) -> Result<bool> {
        Ok(db::setting(&self.conn, "desk_code")?.is_some())
    }
    /// Fold the write-ahead log into the main file; call when the counter is idle.
    pub fn checkpoint(&self) -> Result<()> {
        db::checkpoint(&self.conn)
    }
}

impl Drop for Ledger {
    fn drop(&mut self) {
        // Best effort: a failed checkpoint loses nothing, the WAL stays and is replayed on open.
        let _ = db::checkpoint(&self.conn);
    }
}
