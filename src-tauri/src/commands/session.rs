//! Start, sign-in, lock and the desk's preferences.

use std::sync::atomic::Ordering;

use feedesk_api::{self as api, Actor, EstateInfo, InitRequest, ReceiptLayout, Result};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::AppHandle;

use super::{long, Progress, S};
use crate::prefs::Prefs;
use crate::state::{io_err, now};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AppStatus {
    pub initialised: bool,
    pub db_path: String,
    pub data_dir: String,
    pub estate: Option<EstateInfo>,
    pub user: Option<Actor>,
    pub prefs: Prefs,
    /// The ledger file failed its checks at start: nothing is open until it is restored.
    pub problem: Option<LedgerProblem>,
}

/// Why the ledger file was not opened, and the last good backup noted beside it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LedgerProblem {
    pub error: api::Error,
    pub last_good: Option<api::LastGood>,
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn app_status(s: S) -> Result<AppStatus> {
    let problem = s.problem.lock().expect("problem").clone();
    let (initialised, estate) = match &problem {
        Some(_) => (false, None),
        None => s.ledger(|l| {
            let i = l.is_initialised()?;
            Ok((i, if i { Some(api::estate_info(l)?) } else { None }))
        })?,
    };
    let db_path = s.db_path.lock().expect("path").clone();
    Ok(AppStatus {
        initialised,
        problem: problem.map(|error| LedgerProblem {
            error,
            last_good: api::last_good_backup(&db_path),
        }),
        db_path: db_path.display().to_string(),
        data_dir: s.data_dir.display().to_string(),
        estate,
        user: s
            .session
            .lock()
            .expect("session")
            .as_ref()
            .map(|c| c.actor.clone()),
        prefs: s.prefs.lock().expect("prefs").clone(),
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn init(s: S, req: InitRequest) -> Result<EstateInfo> {
    s.ledger(|l| api::init(l, &req, now()?))
}

/// Open the demo estate (阳光花园, 1,200 units, 12 months), building it on first use.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_demo(app: AppHandle, progress: Channel<Progress>) -> Result<EstateInfo> {
    long(app, progress, "demo", |s, step| {
        let path = s.data_dir.join("feedesk-demo.sqlite");
        if !path.exists() {
            api::demo::build_reporting(&path, &api::demo::DemoOptions::new(now()?), step)?;
        }
        s.switch_ledger(&path)?;
        s.remember_ledger(&path)?;
        s.ledger(|l| api::estate_info(l))
    })
    .await
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Session {
    pub actor: Actor,
    pub desk: String,
    pub shift: Option<i64>,
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn login(s: S, username: String, password: String) -> Result<Session> {
    let ctx = s.ledger(|l| api::login(l, &username, &password, now()?))?;
    let shift = s.ledger(|l| api::current_shift(l, &ctx))?;
    let out = Session {
        actor: ctx.actor.clone(),
        desk: ctx.desk.clone(),
        shift,
    };
    *s.session.lock().expect("session") = Some(ctx);
    s.locked.store(false, Ordering::SeqCst);
    Ok(out)
}

/// Lock the desk (idle, or the cashier stepping away): every command as the user is refused until unlock.
#[tauri::command(async, rename_all = "snake_case")]
pub fn lock(s: S) -> Result<()> {
    s.session_ctx()?;
    s.locked.store(true, Ordering::SeqCst);
    Ok(())
}

/// Unlock: the signed-in user's own password.
#[tauri::command(async, rename_all = "snake_case")]
pub fn unlock(s: S, password: String) -> Result<()> {
    let user = s.session_ctx()?.actor.username;
    s.ledger(|l| api::login(l, &user, &password, now()?))?;
    s.locked.store(false, Ordering::SeqCst);
    Ok(())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn logout(s: S) -> Result<()> {
    *s.session.lock().expect("session") = None;
    s.locked.store(false, Ordering::SeqCst);
    Ok(())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn prefs(s: S) -> Result<Prefs> {
    Ok(s.prefs.lock().expect("prefs").clone())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_prefs(s: S, prefs: Prefs) -> Result<Prefs> {
    ReceiptLayout::parse(&prefs.receipt_layout)?;
    let mut p = s.prefs.lock().expect("prefs");
    let ledger = p.ledger.clone();
    *p = Prefs { ledger, ..prefs };
    p.save(&s.data_dir).map_err(io_err)?;
    Ok(p.clone())
}
