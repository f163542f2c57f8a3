//! The fee standards' log as desks read it: the versions of their estate and of the whole group after
//! the last one they read; and what each desk did with them, from its signed `standards_applied` and
//! `standards_refused` events.

use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::{GenericClient, Transaction};
use feedesk_protocol::standards::{StandardsReply, STANDARDS_PAGE};
use feedesk_protocol::sync::WireEvent;
use feedesk_protocol::{Event, PublishedStandard, StandardEntry};
use tokio_postgres::Row;
use uuid::Uuid;

use crate::alerts::alert;
use crate::auth::Desk;
use crate::{HqError, HqResult};

/// The columns `version_of` reads.
pub const VERSION_COLUMNS: &str =
    "v.version, e.code, v.effective_month, v.note, v.published_by, v.published_at, v.entries";

pub fn version_of(r: &Row) -> HqResult<PublishedStandard> {
    let month: NaiveDate = r.get(2);
    let at: DateTime<Utc> = r.get(5);
    let entries: Vec<StandardEntry> = serde_json::from_value(r.get(6)).map_err(|e| {
        HqError::new(
            500,
            "STORAGE",
            format!("收费标准第 {} 版无法读取：{e}", r.get::<_, i64>(0)),
            format!(
                "fee standards version {} cannot be read: {e}",
                r.get::<_, i64>(0)
            ),
        )
    })?;
    Ok(PublishedStandard {
        version: r.get(0),
        estate_code: r.get(1),
        effective_month: month.format("%Y-%m").to_string(),
        note: r.get(3),
        published_by: r.get(4),
        published_at: at.to_rfc3339(),
        entries,
    })
}

/// A desk's page of versions after `after`, with the digest of version `after` as head office has it
/// (the desk reads everything again when that is not the one it applied).
pub async fn for_desk(
    c: &impl GenericClient,
    estate: Uuid,
    after: i64,
) -> HqResult<StandardsReply> {
    let rows = c
        .query(
            &format!(
                "SELECT {VERSION_COLUMNS} FROM standard_versions v LEFT JOIN estates e ON e.estate_id = v.estate_id
                 WHERE (v.estate_id = $1 OR v.estate_id IS NULL) AND v.version >= $2 ORDER BY v.version LIMIT $3"
            ),
            &[&estate, &after, &(STANDARDS_PAGE + 1)],
        )
        .await?;
    let mut versions = rows.iter().map(version_of).collect::<HqResult<Vec<_>>>()?;
    let at_after = match versions.first() {
        Some(v) if v.version == after => Some(versions.remove(0).digest()),
        _ => None,
    };
    versions.truncate(STANDARDS_PAGE as usize);
    let latest: i64 = c
        .query_one(
            "SELECT COALESCE(max(version), 0) FROM standard_versions WHERE estate_id = $1 OR estate_id IS NULL",
            &[&estate],
        )
        .await?
        .get(0);
    Ok(StandardsReply {
        versions,
        latest,
        at_after,
    })
}

/// Record what a desk says (in its signed chain) it did with a version: applied, or refused and why
/// (an alert). A version head office never published for the desk's estate is an alert, not a record.
pub async fn apply(
    tx: &Transaction<'_>,
    desk: &Desk,
    events: &[(&WireEvent, Event)],
) -> HqResult<()> {
    for (e, ev) in events {
        let (version, refusal) = match ev {
            Event::StandardsApplied { version, .. } => (*version, None),
            Event::StandardsRefused { version, zh, en } => (*version, Some((zh, en))),
            _ => continue,
        };
        let ours: bool = tx
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM standard_versions WHERE version = $1 AND (estate_id = $2 OR estate_id IS NULL))",
                &[&version, &desk.estate_id],
            )
            .await?
            .get(0);
        if !ours {
            let detail = format!("the desk speaks of fee standards version {version}, which head office does not hold for its estate (restored from an older copy?)");
            alert(tx, desk, "standards_unknown", Some(e.seq), &detail).await?;
            continue;
        }
        match refusal {
            None => applied(tx, desk, version, &e.at).await?,
            Some((zh, en)) => {
                tx.execute(
                    "INSERT INTO desk_standards(estate_id, desk_id, refused_version, refused_reason_zh, refused_reason_en) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (estate_id, desk_id) DO UPDATE SET refused_version = EXCLUDED.refused_version,
                         refused_reason_zh = EXCLUDED.refused_reason_zh, refused_reason_en = EXCLUDED.refused_reason_en",
                    &[&desk.estate_id, &desk.desk_id, &version, zh, en],
                )
                .await?;
                alert(tx, desk, "standards_refused", Some(e.seq), zh).await?;
            }
        }
    }
    Ok(())
}

async fn applied(tx: &Transaction<'_>, desk: &Desk, version: i64, at: &str) -> HqResult<()> {
    let at = DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|_| Utc::now());
    tx.execute(
        "INSERT INTO desk_standards(estate_id, desk_id, version, applied_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (estate_id, desk_id) DO UPDATE SET version = EXCLUDED.version, applied_at = EXCLUDED.applied_at
         WHERE desk_standards.version IS NULL OR desk_standards.version < EXCLUDED.version",
        &[&desk.estate_id, &desk.desk_id, &version, &at],
    )
    .await?;
    // A later version applied answers an earlier refusal.
    tx.execute(
        "UPDATE desk_standards SET refused_version = NULL, refused_reason_zh = NULL, refused_reason_en = NULL
         WHERE estate_id = $1 AND desk_id = $2 AND refused_version < $3",
        &[&desk.estate_id, &desk.desk_id, &version],
    )
    .await?;
    Ok(())
}
