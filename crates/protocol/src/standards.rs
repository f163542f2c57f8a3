//! Fee standards (收费标准) head office publishes: a versioned log per group and estate that each desk
//! reads from the last version it applied, applies as its own ledger events, and acknowledges.

use serde::{Deserialize, Serialize};

/// One fee item's standard in a published version. The rate is decimal text (yuan per unit of the
/// method: per m² per month, per household per month, per unit of usage or quantity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct StandardEntry {
    pub item_code: String,
    pub item_name: String,
    /// `per_area`, `fixed`, `metered`, `per_quantity` or `allocation`, as the desk names them.
    pub method: String,
    #[serde(default)]
    pub unit_label: String,
    pub rate: String,
    /// `residential`, `shop`, `parking`, `other`; none for every unit type.
    #[serde(default)]
    pub unit_type: Option<String>,
}

/// A version of the catalogue as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct PublishedStandard {
    /// Head office's running number of publications (every estate's and the group's in one log).
    pub version: i64,
    /// The estate it is for; none for the whole group.
    pub estate_code: Option<String>,
    /// `YYYY-MM`: the first billing period the rates apply to.
    pub effective_month: String,
    pub note: String,
    pub published_by: String,
    pub published_at: String,
    pub entries: Vec<StandardEntry>,
}

/// A desk asking for the versions after the last one it applied (0 for all of them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardsRequest {
    pub after: i64,
}

/// The versions for this desk's estate after the one asked for, oldest first, at most a page; `latest`
/// is head office's newest version for the estate. A desk whose `after` is beyond `latest` (head
/// office was restored from an older copy) reads everything again from 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardsReply {
    pub versions: Vec<PublishedStandard>,
    pub latest: i64,
}

/// The desk applied this version (and every one before it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardsAck {
    pub version: i64,
}

/// Versions in one answer at most.
pub const STANDARDS_PAGE: i64 = 50;
