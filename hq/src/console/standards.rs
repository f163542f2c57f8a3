//! Fee standards (收费标准) as the console publishes and shows them: versions, and which desk applied which.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use deadpool_postgres::Pool;
use feedesk_protocol::standards::check_version;
use feedesk_protocol::{PublishedStandard, StandardEntry};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{parse_month, Scope};
use crate::standards_log::{version_of, VERSION_COLUMNS};
use crate::{HqError, HqResult};

/// An administrator publishing a version.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct NewStandard {
    /// An estate's code; none (or empty) for the whole group.
    #[serde(default)]
    pub estate: Option<String>,
    pub effective_month: String,
    #[serde(default)]
    pub note: String,
    pub entries: Vec<StandardEntry>,
}

/// Where one desk stands with the standards of its estate.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct DeskStandard {
    pub estate_code: String,
    pub desk_code: String,
    /// The newest version the desk acknowledged applying.
    pub applied_version: Option<i64>,
    pub applied_at: Option<String>,
    /// The newest version published for its estate (or the group).
    pub latest_version: Option<i64>,
    /// The last version the desk refused, and why (in the desk's words).
    pub refused_version: Option<i64>,
    pub refused_reason_zh: Option<String>,
    pub refused_reason_en: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct StandardsOverview {
    /// Newest first.
    pub versions: Vec<PublishedStandard>,
    pub desks: Vec<DeskStandard>,
}

/// The first month a new version may take effect: this month, China time. A desk that has billed the
/// month already refuses the version and says so.
pub fn first_open_month(now: DateTime<Utc>) -> NaiveDate {
    let local = (now + chrono::Duration::hours(8)).date_naive();
    local.with_day(1).expect("day 1")
}

/// Publish a version: checked whole, stored as one row, never changed afterwards.
pub async fn publish(
    pool: &Pool,
    by: &str,
    estate: Option<Uuid>,
    req: &NewStandard,
) -> HqResult<PublishedStandard> {
    let month = parse_month(&req.effective_month)?;
    let open = first_open_month(Utc::now());
    if month < open {
        return Err(invalid(
            format!(
                "生效月份 {} 已过去：收费标准最早从本月（{}）起生效（已按旧标准计费的收费台会拒绝并说明）",
                req.effective_month.trim(),
                open.format("%Y-%m")
            ),
            format!(
                "effective month {} is past: standards take effect from this month ({}) on (a desk that has billed it already refuses, saying so)",
                req.effective_month.trim(),
                open.format("%Y-%m")
            ),
        ));
    }
    if req.note.chars().count() > 200 {
        return Err(invalid(
            "说明最多 200 字".into(),
            "the note is 200 characters at most".into(),
        ));
    }
    check_version(&req.entries).map_err(|(zh, en)| invalid(zh, en))?;
    let entries: Vec<StandardEntry> = req.entries.iter().map(tidy).collect();
    let c = pool.get().await?;
    let row = c
        .query_one(
            &format!(
                "WITH v AS (INSERT INTO standard_versions(estate_id, effective_month, note, entries, published_by)
                            VALUES ($1, $2, $3, $4, $5) RETURNING *)
                 SELECT {VERSION_COLUMNS} FROM v LEFT JOIN estates e ON e.estate_id = v.estate_id"
            ),
            &[&estate, &month, &req.note.trim(), &serde_json::to_value(&entries).expect("json"), &by],
        )
        .await?;
    version_of(&row)
}

fn invalid(zh: String, en: String) -> HqError {
    HqError::bad_request("INVALID_INPUT", zh, en)
}

fn tidy(e: &StandardEntry) -> StandardEntry {
    StandardEntry {
        item_code: e.item_code.trim().to_string(),
        item_name: e.item_name.trim().to_string(),
        method: e.method.clone(),
        unit_label: e.unit_label.trim().to_string(),
        rate: e.rate.trim().to_string(),
        unit_type: e.unit_type.clone(),
    }
}

/// The versions the person may see (their estates' and the group's), newest first, and where each of
/// their desks stands.
pub async fn overview(pool: &Pool, scope: &Scope) -> HqResult<StandardsOverview> {
    let c = pool.get().await?;
    let rows = c
        .query(
            &format!(
                "SELECT {VERSION_COLUMNS} FROM standard_versions v LEFT JOIN estates e ON e.estate_id = v.estate_id
                 WHERE v.estate_id IS NULL OR v.estate_id = ANY($1) ORDER BY v.version DESC LIMIT 500"
            ),
            &[&scope.estates],
        )
        .await?;
    let desks = c
        .query(
            "SELECT e.code, d.code, s.version, s.applied_at,
                    (SELECT max(version) FROM standard_versions v WHERE v.estate_id = d.estate_id OR v.estate_id IS NULL),
                    s.refused_version, s.refused_reason_zh, s.refused_reason_en
             FROM desks d JOIN estates e ON e.estate_id = d.estate_id
             LEFT JOIN desk_standards s ON s.estate_id = d.estate_id AND s.desk_id = d.desk_id
             WHERE d.estate_id = ANY($1) AND d.revoked_at IS NULL ORDER BY e.code, d.code",
            &[&scope.estates],
        )
        .await?;
    Ok(StandardsOverview {
        versions: rows.iter().map(version_of).collect::<HqResult<_>>()?,
        desks: desks
            .iter()
            .map(|r| DeskStandard {
                estate_code: r.get(0),
                desk_code: r.get(1),
                applied_version: r.get(2),
                applied_at: r.get::<_, Option<DateTime<Utc>>>(3).map(|t| t.to_rfc3339()),
                latest_version: r.get(4),
                refused_version: r.get(5),
                refused_reason_zh: r.get(6),
                refused_reason_en: r.get(7),
            })
            .collect(),
    })
}
