//! 催缴记录: contacts with units about their arrears, and the ones due.

use feedesk_ledger::db::with_tx;
use feedesk_ledger::follow_up;

use crate::*;

pub fn record_follow_up(l: &mut Ledger, ctx: &Ctx, input: &FollowUpInput) -> Result<FollowUp> {
    with_tx(&mut l.conn, |tx| follow_up::record(tx, ctx, input))
}

/// A unit's contacts, newest first.
pub fn follow_ups(l: &Ledger, ctx: &Ctx, unit: &str) -> Result<Vec<FollowUp>> {
    follow_up::list(&l.conn, ctx, unit)
}

/// Units still in arrears whose next contact is due on or before `day` (today when none).
pub fn follow_ups_due(l: &Ledger, ctx: &Ctx, day: Option<&str>) -> Result<Vec<FollowUp>> {
    follow_up::due(&l.conn, ctx, day)
}
