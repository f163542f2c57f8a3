//! Fee standards from head office at the desk: read the versions published after the desk's read
//! position (everything again when head office's log is not the one it read), take each in its own
//! transaction (applied whole, or refused whole with the reason sent to head office), and list them.

use chrono::{DateTime, FixedOffset};
use feedesk_ledger::db::with_tx;
use feedesk_ledger::hq_standards;
use feedesk_protocol::standards::{StandardsReply, STANDARDS_PAGE};
use feedesk_protocol::PublishedStandard;

use crate::hq::{link, record_failure, sync_error, Link};
use crate::*;

/// What a read of head office's standards did: the versions applied and those refused, oldest first.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct StandardsTaken {
    pub applied: Vec<i64>,
    pub refused: Vec<Refused>,
}

/// A version refused here, and why.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Refused {
    pub version: i64,
    pub zh: String,
    pub en: String,
}

/// Read and take head office's new versions. A failure to reach head office is recorded for the sync
/// status; a refused version is kept with its reason (`hq_standards`) and told to head office.
pub fn pull_standards(l: &mut Ledger, now: DateTime<FixedOffset>) -> Result<StandardsTaken> {
    let at = now.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let r = pull(l, now);
    if let Err(e) = &r {
        record_failure(l, e, &at)?;
    }
    r
}

fn pull(l: &mut Ledger, now: DateTime<FixedOffset>) -> Result<StandardsTaken> {
    let link = link(l)?;
    let (mut after, digest) = hq_standards::position(&l.conn)?;
    let mut reply = ask(&link, after)?;
    if after > 0 && reply.at_after != digest {
        // Head office's log is not the one read (restored from an older copy, its numbers given
        // again): read it all again; what is unchanged is recognised and skipped.
        with_tx(&mut l.conn, |tx| hq_standards::forget_position(tx))?;
        after = 0;
        reply = ask(&link, after)?;
    }
    let mut taken = StandardsTaken::default();
    loop {
        for v in &reply.versions {
            take(l, now, v, &mut taken)?;
            after = v.version;
        }
        if (reply.versions.len() as i64) < STANDARDS_PAGE {
            return Ok(taken);
        }
        reply = ask(&link, after)?;
    }
}

/// One version: applied whole, or (when it cannot be) refused whole with its reason.
fn take(
    l: &mut Ledger,
    now: DateTime<FixedOffset>,
    v: &PublishedStandard,
    taken: &mut StandardsTaken,
) -> Result<()> {
    let key = l.key.clone();
    let outcome = with_tx(&mut l.conn, |tx| {
        if !hq_standards::is_new(tx, v)? {
            return Ok(false);
        }
        hq_standards::apply(tx, now, key.clone(), v).map(|_| true)
    });
    match outcome {
        Ok(true) => taken.applied.push(v.version),
        Ok(false) => {}
        // The disk, not the version: try again on the next round.
        Err(e) if e.code == ErrorCode::Storage => return Err(e),
        Err(why) => {
            with_tx(&mut l.conn, |tx| {
                hq_standards::refuse(tx, now, key, v, &why)
            })?;
            taken.refused.push(Refused {
                version: v.version,
                zh: why.zh,
                en: why.en,
            });
        }
    }
    Ok(())
}

fn ask(link: &Link, after: i64) -> Result<StandardsReply> {
    link.hq
        .standards(&link.credential(), after)
        .map_err(sync_error)
}

/// The versions of head office's standards taken here, newest first.
pub fn hq_standards(l: &Ledger, ctx: &Ctx) -> Result<Vec<HqStandard>> {
    ctx.actor.require(feedesk_ledger::auth::Perm::Read)?;
    hq_standards::taken(&l.conn)
}
