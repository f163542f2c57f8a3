//! Fee standards from head office at the desk: read the versions published after the last one
//! applied (everything again when head office's log is behind ours), apply each in its own
//! transaction, and list what was applied.

use chrono::{DateTime, FixedOffset};
use feedesk_ledger::db::with_tx;
use feedesk_ledger::hq_standards;
use feedesk_protocol::standards::{StandardsReply, STANDARDS_PAGE};

use crate::hq::{link, record_failure, sync_error, Link};
use crate::*;

/// Read and apply head office's new versions; the versions applied now, oldest first.
pub fn pull_standards(l: &mut Ledger, now: DateTime<FixedOffset>) -> Result<Vec<i64>> {
    let at = now.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let r = pull(l, now);
    if let Err(e) = &r {
        record_failure(l, e, &at)?;
    }
    r
}

fn pull(l: &mut Ledger, now: DateTime<FixedOffset>) -> Result<Vec<i64>> {
    let link = link(l)?;
    let (mut after, digest) = hq_standards::applied_head(&l.conn)?;
    let mut reply = ask(&link, after)?;
    if after > 0 && reply.at_after != digest {
        // Head office's log is not the one we applied (restored from an older copy, its numbers
        // given again): read it all again; what is unchanged is recognised and skipped.
        after = 0;
        reply = ask(&link, after)?;
    }
    let mut applied = vec![];
    loop {
        for v in &reply.versions {
            let key = l.key.clone();
            if with_tx(&mut l.conn, |tx| hq_standards::apply(tx, now, key, v))? {
                applied.push(v.version);
            }
            after = after.max(v.version);
        }
        if (reply.versions.len() as i64) < STANDARDS_PAGE {
            return Ok(applied);
        }
        reply = ask(&link, after)?;
    }
}

fn ask(link: &Link, after: i64) -> Result<StandardsReply> {
    link.hq
        .standards(&link.credential(), after)
        .map_err(sync_error)
}

/// The versions applied here, newest first.
pub fn applied_standards(l: &Ledger, ctx: &Ctx) -> Result<Vec<AppliedStandard>> {
    ctx.actor.require(feedesk_ledger::auth::Perm::Read)?;
    hq_standards::applied(&l.conn)
}
