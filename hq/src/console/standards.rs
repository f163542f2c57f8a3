//! Fee standards (收费标准) as the console publishes and shows them: versions, and which desk applied which.

use feedesk_protocol::{PublishedStandard, StandardEntry};
use serde::{Deserialize, Serialize};

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
