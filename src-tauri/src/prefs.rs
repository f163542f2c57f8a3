//! Preferences of this desk's app (not ledger data): language, idle lock, receipt layout and printing.
//! Kept as JSON beside the ledger in the app-data folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Prefs {
    /// "zh-CN" or "en".
    pub lang: String,
    /// Minutes without input before the screen locks; 0 = never.
    pub idle_minutes: u32,
    /// "a5" or "roll".
    pub receipt_layout: String,
    /// Open the receipt PDF after issuing (preview) instead of only saving it for the printer.
    pub preview: bool,
    /// The ledger chosen at first start (the demo estate), reopened next time.
    pub ledger: Option<String>,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            lang: "zh-CN".into(),
            idle_minutes: 5,
            receipt_layout: "a5".into(),
            preview: false,
            ledger: None,
        }
    }
}

impl Prefs {
    fn file(dir: &Path) -> PathBuf {
        dir.join("prefs.json")
    }
    /// Missing or unreadable prefs fall back to the defaults: they hold nothing that matters for money.
    pub fn load(dir: &Path) -> Prefs {
        std::fs::read(Self::file(dir))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::write(Self::file(dir), serde_json::to_vec_pretty(self)?)
    }
}
