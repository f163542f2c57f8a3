//! The shell's commands, one file per screen area. Each command is one call into `feedesk_api` (plus,
//! for long work, running it off the UI thread with progress on a channel). Arguments keep their Rust
//! (snake_case) names in JavaScript; commands are `async` so that none runs on the window's main thread.
//!
//! Declared once: `build.rs` reads every `#[tauri::command]` function of this folder and from that one
//! list makes the app manifest, the main window's capability and the handler list (`lib.rs`); a test
//! checks `ui/src/api.ts` against it. Adding a command means writing its function here.

pub mod backup;
pub mod billing;
pub mod counter;
pub mod data;
pub mod deposits;
pub mod hq;
pub mod receipts;
pub mod reports;
pub mod session;
pub mod shift;

use feedesk_api::{err, OnStep, Result};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use crate::state::AppState;

pub(crate) type S<'a> = State<'a, AppState>;

/// Progress of long work, sent on a channel: the UI shows it and stays responsive.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Progress {
    Started {
        label: String,
    },
    /// `done` of `total` (charges written, months simulated …), as the core reports them.
    Step {
        label: String,
        done: u64,
        total: u64,
    },
    Finished {
        label: String,
        ms: u64,
    },
}

/// Run long work on a blocking thread, reporting start, the core's steps and the end on the channel.
pub(crate) async fn long<T: Send + 'static>(
    app: AppHandle,
    progress: Channel<Progress>,
    label: &str,
    f: impl FnOnce(&AppState, OnStep) -> Result<T> + Send + 'static,
) -> Result<T> {
    let label = label.to_string();
    let _ = progress.send(Progress::Started {
        label: label.clone(),
    });
    let t0 = std::time::Instant::now();
    let (steps, step_label) = (progress.clone(), label.clone());
    let out = tauri::async_runtime::spawn_blocking(move || {
        let step = move |done: u64, total: u64| {
            let _ = steps.send(Progress::Step {
                label: step_label.clone(),
                done,
                total,
            });
        };
        f(&app.state::<AppState>(), &step)
    })
    .await
    .map_err(|e| {
        err!(
            Storage,
            ("后台任务失败：{}", e),
            ("background task failed: {}", e)
        )
    })?;
    let _ = progress.send(Progress::Finished {
        label,
        ms: t0.elapsed().as_millis() as u64,
    });
    out
}
