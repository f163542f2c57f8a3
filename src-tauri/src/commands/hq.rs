//! Head office: where sending stands (the header), enrolling this desk and the fee standards it took
//! from head office (Settings).

use feedesk_api::{self as api, EnrollInput, Enrollment, HqStandard, Result, SyncStatus};

use super::S;
use crate::state::now;

/// Where sending to head office stands: enrolled or not, events still to send, the last success and
/// the last error (the background task records each round in the ledger).
#[tauri::command(async, rename_all = "snake_case")]
pub fn sync_status(s: S) -> Result<SyncStatus> {
    s.ledger(|l| api::sync_status(l))
}

/// Enroll this desk at head office with a one-time code (administrators); sending starts at once.
#[tauri::command(async, rename_all = "snake_case")]
pub fn enroll(s: S, input: EnrollInput) -> Result<Enrollment> {
    let e = s.with(|l, c| api::enroll(l, c, &input, now()?))?;
    // The signed-in session signs with the new key from now on.
    s.refresh_key()?;
    Ok(e)
}

/// The versions of head office's fee standards this desk took: applied, or refused and why.
#[tauri::command(async, rename_all = "snake_case")]
pub fn hq_standards(s: S) -> Result<Vec<HqStandard>> {
    s.with(|l, c| api::hq_standards(l, c))
}
