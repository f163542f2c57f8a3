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

impl PublishedStandard {
    /// SHA-256 (hex) of what the version says: its scope, month and entries. A desk that reads the
    /// log again (head office restored from an older copy) applies a version number again only when
    /// this differs.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let text =
            serde_json::to_string(&(&self.estate_code, &self.effective_month, &self.entries))
                .expect("serialise");
        hex::encode(Sha256::digest(text.as_bytes()))
    }
}

/// A desk asking for the versions after the last one it applied (0 for all of them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardsRequest {
    pub after: i64,
}

/// The versions for this desk's estate after the one asked for, oldest first, at most a page; `latest`
/// is head office's newest version for the estate, `at_after` the digest of the version asked after as
/// head office has it. A desk whose own version `after` has another digest, or none at head office
/// (head office restored from an older copy, its numbers since given again), reads everything again
/// from 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardsReply {
    pub versions: Vec<PublishedStandard>,
    pub latest: i64,
    pub at_after: Option<String>,
}

/// The desk applied this version (and every one before it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardsAck {
    pub version: i64,
}

/// Versions in one answer at most.
pub const STANDARDS_PAGE: i64 = 50;

/// Decimal places a rate may have: the desk's own limit for a standard's rate.
pub const RATE_DECIMALS: usize = 6;
pub const METHODS: [&str; 5] = ["per_area", "fixed", "metered", "per_quantity", "allocation"];
pub const UNIT_TYPES: [&str; 4] = ["residential", "shop", "parking", "other"];

/// Why an entry cannot be published or applied (Chinese, English), checked alike at head office when
/// it is published and at the desk when it arrives.
pub fn check_entry(e: &StandardEntry) -> Result<(), (String, String)> {
    let code = e.item_code.trim();
    if code.is_empty()
        || code.contains(':')
        || code.chars().count() > 20
        || e.item_name.trim().is_empty()
    {
        return Err((
            format!("收费项目「{code}」需要编码（不超过 20 个字符，不含冒号）和名称"),
            format!("fee item \"{code}\" needs a code (at most 20 characters, no ':') and a name"),
        ));
    }
    if !METHODS.contains(&e.method.as_str()) {
        return Err((
            format!(
                "收费项目 {code} 的计费方式「{}」无效，可选：{}",
                e.method,
                METHODS.join("、")
            ),
            format!(
                "fee item {code}: unknown method \"{}\"; use {}",
                e.method,
                METHODS.join(", ")
            ),
        ));
    }
    if let Some(t) = e.unit_type.as_deref().filter(|t| !UNIT_TYPES.contains(t)) {
        return Err((
            format!(
                "收费项目 {code} 的房屋类型「{t}」无效，可选：{}",
                UNIT_TYPES.join("、")
            ),
            format!(
                "fee item {code}: unknown unit type \"{t}\"; use {}",
                UNIT_TYPES.join(", ")
            ),
        ));
    }
    check_rate(code, &e.rate, e.method == "allocation")
}

/// Entries in one version at most.
pub const MAX_ENTRIES: usize = 200;

/// Why a whole version cannot be published or applied: each entry valid, each (item, unit type) once,
/// an item named and billed alike in all its entries, and an item for every unit type (no unit type
/// given) not also given for one type (which of the two would hold would depend on their order).
pub fn check_version(entries: &[StandardEntry]) -> Result<(), (String, String)> {
    if entries.is_empty() || entries.len() > MAX_ENTRIES {
        return Err((
            format!("请填写 1 至 {MAX_ENTRIES} 条收费标准"),
            format!("give 1 to {MAX_ENTRIES} standards"),
        ));
    }
    for (i, e) in entries.iter().enumerate() {
        check_entry(e)?;
        let code = e.item_code.trim();
        for o in &entries[..i] {
            if o.item_code.trim() != code {
                continue;
            }
            if o.item_name.trim() != e.item_name.trim() || o.method != e.method {
                return Err((
                    format!("收费项目 {code} 的名称或计费方式前后不一致"),
                    format!("fee item {code} has different names or methods in its entries"),
                ));
            }
            if o.unit_type == e.unit_type {
                return Err((
                    format!("收费项目 {code} 的同一房屋类型出现了两次"),
                    format!("fee item {code} appears twice for the same unit type"),
                ));
            }
            if o.unit_type.is_none() || e.unit_type.is_none() {
                return Err((
                    format!("收费项目 {code} 既有「全部类型」又有单独类型的标准，请只用一种"),
                    format!("fee item {code} has both an all-types entry and one for a single type; use one or the other"),
                ));
            }
        }
    }
    Ok(())
}

fn check_rate(code: &str, rate: &str, zero_allowed: bool) -> Result<(), (String, String)> {
    let r = rate.trim();
    let (int, frac) = r.split_once('.').unwrap_or((r, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if int.is_empty()
        || int.len() > 9
        || !digits(int)
        || !digits(frac)
        || (r.contains('.') && frac.is_empty())
    {
        return Err((
            format!("收费项目 {code} 的单价「{rate}」无效：应为不小于零的数字，例如 2.5"),
            format!(
                "fee item {code}: rate \"{rate}\" is not a number of zero or more, such as 2.5"
            ),
        ));
    }
    if frac.len() > RATE_DECIMALS {
        return Err((
            format!("收费项目 {code} 的单价「{rate}」最多 {RATE_DECIMALS} 位小数"),
            format!("fee item {code}: rate \"{rate}\" has more than {RATE_DECIMALS} decimals"),
        ));
    }
    if !zero_allowed && r.chars().all(|c| c == '0' || c == '.') {
        return Err((
            format!("收费项目 {code} 的单价必须大于零"),
            format!("fee item {code}: the rate must be greater than zero"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(rate: &str, method: &str) -> StandardEntry {
        StandardEntry {
            item_code: "WYF".into(),
            item_name: "物业服务费".into(),
            method: method.into(),
            unit_label: "元/㎡·月".into(),
            rate: rate.into(),
            unit_type: Some("residential".into()),
        }
    }

    #[test]
    fn a_version_names_each_item_and_unit_type_once() {
        let mut all = entry("2", "per_area");
        all.unit_type = None;
        let shop = {
            let mut e = entry("3", "per_area");
            e.unit_type = Some("shop".into());
            e
        };
        assert_eq!(
            check_version(&[entry("2", "per_area"), shop.clone()]),
            Ok(())
        );
        assert!(check_version(&[]).is_err());
        assert!(check_version(&[entry("2", "per_area"), entry("3", "per_area")]).is_err());
        assert!(check_version(&[all.clone(), shop.clone()]).is_err());
        assert!(check_version(&[shop.clone(), all]).is_err());
        let mut other_name = shop;
        other_name.item_name = "别的".into();
        assert!(check_version(&[entry("2", "per_area"), other_name]).is_err());
    }

    #[test]
    fn rates_as_the_desk_takes_them() {
        for ok in ["2.5", "0.123456", "12", "0.5"] {
            assert_eq!(check_entry(&entry(ok, "per_area")), Ok(()), "{ok}");
        }
        assert_eq!(check_entry(&entry("0", "allocation")), Ok(()));
        for bad in [
            "-1",
            "-0.5",
            "0.1234567",
            "1e3",
            "",
            "2.",
            ".5",
            "0",
            "0.00",
            "1,5",
            "１",
        ] {
            assert!(check_entry(&entry(bad, "per_area")).is_err(), "{bad}");
        }
        assert!(check_entry(&entry("2", "by_magic")).is_err());
        let mut e = entry("2", "fixed");
        e.unit_type = Some("castle".into());
        assert!(check_entry(&e).is_err());
        e.unit_type = None;
        e.item_code = "A:B".into();
        assert!(check_entry(&e).is_err());
    }
}
