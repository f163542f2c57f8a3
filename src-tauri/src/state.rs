//! What the shell keeps between commands: the open ledger, the signed-in session, where files go.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Utc};
use feedesk_api::{self as api, err, Ctx, Error, Ledger, ReceiptLayout, Result};

use crate::prefs::Prefs;

pub struct AppState {
    pub data_dir: PathBuf,
    /// `--db` given on the command line: the ledger is fixed, the demo choice is not remembered.
    pub fixed_db: bool,
    pub db_path: Mutex<PathBuf>,
    /// None when the ledger file failed its checks at start (`problem` says why): nothing is opened
    /// until it is restored from a backup.
    pub ledger: Mutex<Option<Ledger>>,
    pub problem: Mutex<Option<Error>>,
    pub session: Mutex<Option<Ctx>>,
    /// The screen is locked (idle or on request): nothing runs as the user until their password is typed.
    pub locked: AtomicBool,
    pub prefs: Mutex<Prefs>,
    /// When the ledger was last used: the write-ahead log is folded into the file only when the counter
    /// is idle (the core never checkpoints during a payment, to keep its latency flat).
    pub last_used: Mutex<Instant>,
    /// Tells the background sender of the open ledger to stop.
    pub sync_stop: Mutex<std::sync::Arc<AtomicBool>>,
}

impl AppState {
    pub fn new(db: PathBuf, data_dir: PathBuf) -> Result<AppState> {
        let prefs = Prefs::load(&data_dir);
        let fixed_db = crate::db_path_from_args(&std::env::args().collect::<Vec<_>>()).is_some();
        // A remembered ledger (the demo estate chosen at first start) unless --db says otherwise.
        let db = match (&prefs.ledger, fixed_db) {
            (Some(p), false) if Path::new(p).exists() => PathBuf::from(p),
            _ => db,
        };
        let (ledger, problem) = match open_ledger(&db) {
            Ok(l) => (Some(l), None),
            Err(e) => (None, Some(e)),
        };
        Ok(AppState {
            data_dir,
            fixed_db,
            db_path: Mutex::new(db),
            ledger: Mutex::new(ledger),
            problem: Mutex::new(problem),
            session: Mutex::new(None),
            locked: AtomicBool::new(false),
            prefs: Mutex::new(prefs),
            last_used: Mutex::new(Instant::now()),
            sync_stop: Mutex::new(std::sync::Arc::new(AtomicBool::new(false))),
        })
    }

    /// Run `f` on the open ledger as the signed-in user, with the clock read now.
    pub fn with<T>(&self, f: impl FnOnce(&mut Ledger, &Ctx) -> Result<T>) -> Result<T> {
        let ctx = self.ctx()?;
        *self.last_used.lock().expect("clock lock") = Instant::now();
        let mut g = self.ledger.lock().expect("ledger lock");
        let l = g.as_mut().ok_or_else(no_ledger)?;
        f(l, &ctx)
    }

    /// Run `f` on the open ledger without a session (first start, sign-in).
    pub fn ledger<T>(&self, f: impl FnOnce(&mut Ledger) -> Result<T>) -> Result<T> {
        *self.last_used.lock().expect("clock lock") = Instant::now();
        let mut g = self.ledger.lock().expect("ledger lock");
        let l = g.as_mut().ok_or_else(no_ledger)?;
        f(l)
    }

    pub fn ctx(&self) -> Result<Ctx> {
        if self.locked.load(Ordering::SeqCst) {
            return Err(err!(
                AuthFailed,
                "已锁屏，请输入密码解锁",
                "the desk is locked: unlock it with your password"
            ));
        }
        self.session_ctx()
    }

    /// The signed-in user's context, locked or not (to unlock).
    pub fn session_ctx(&self) -> Result<Ctx> {
        let s = self.session.lock().expect("session lock");
        let mut ctx = s
            .clone()
            .ok_or_else(|| err!(AuthFailed, "请先登录", "please sign in first"))?;
        ctx.now = now()?;
        Ok(ctx)
    }

    /// Fold the write-ahead log into the ledger file if nothing used the ledger for `idle`, or if the log
    /// has grown past `wal_limit` bytes (a counter paying nonstop is never idle; the fold then waits for
    /// the payment in hand, holding the ledger between two payments). Returns whether it folded.
    /// Called from a background thread every minute.
    pub fn checkpoint_if_due(&self, idle: Duration, wal_limit: u64) -> Result<bool> {
        let idle_now = self.last_used.lock().expect("clock lock").elapsed() >= idle;
        if !idle_now && self.wal_bytes() < wal_limit {
            return Ok(false);
        }
        let g = self.ledger.lock().expect("ledger lock");
        match g.as_ref() {
            Some(l) => l.checkpoint().map(|_| true),
            None => Ok(false),
        }
    }

    /// The size of the ledger's write-ahead log (0 when there is none).
    pub fn wal_bytes(&self) -> u64 {
        let mut wal = self
            .db_path
            .lock()
            .expect("path lock")
            .clone()
            .into_os_string();
        wal.push("-wal");
        std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0)
    }

    /// Close the current ledger and open another one (the demo estate).
    pub fn switch_ledger(&self, path: &Path) -> Result<()> {
        let mut g = self.ledger.lock().expect("ledger lock");
        *g = None; // closes (and checkpoints) the old file first
        *g = Some(open_ledger(path)?);
        *self.problem.lock().expect("problem lock") = None;
        *self.db_path.lock().expect("path lock") = path.to_path_buf();
        *self.session.lock().expect("session lock") = None;
        drop(g);
        self.start_sync();
        Ok(())
    }

    /// Make the backup that is due (after a shift close or 日结, or the day's first), on a connection of
    /// its own: the counter's connection is held only to ask whether one is due. Called every few seconds.
    pub fn backup_if_due(&self) -> Result<Option<api::BackupRecord>> {
        let due = match self.ledger.lock().expect("ledger lock").as_ref() {
            Some(l) => api::backup_due(l, now()?)?,
            None => None,
        };
        let Some(reason) = due else { return Ok(None) };
        let path = self.db_path.lock().expect("path lock").clone();
        api::take_backup_of(&path, now()?, reason).map(Some)
    }

    /// Put a backup in place of the ledger: the open ledger (if any) is closed first and the restored
    /// one opened after; everyone is signed out. On a refusal the ledger as it was is opened again.
    pub fn restore(&self, req: &api::RestoreRequest) -> Result<api::RestoreReport> {
        let path = self.db_path.lock().expect("path lock").clone();
        self.sync_stop
            .lock()
            .expect("sync lock")
            .store(true, Ordering::SeqCst);
        let mut g = self.ledger.lock().expect("ledger lock");
        *g = None;
        let out = api::restore_backup(&path, req, now()?);
        let (reopened, problem) = match open_ledger(&path) {
            Ok(l) => (Some(l), None),
            Err(e) => (None, Some(e)),
        };
        *g = reopened;
        *self.problem.lock().expect("problem lock") = problem;
        *self.session.lock().expect("session lock") = None;
        drop(g);
        self.start_sync();
        out
    }

    /// Reopen this ledger at the next start (the demo estate chosen at first start), unless `--db` fixed it.
    pub fn remember_ledger(&self, path: &Path) -> Result<()> {
        if self.fixed_db {
            return Ok(());
        }
        let mut p = self.prefs.lock().expect("prefs");
        p.ledger = Some(path.display().to_string());
        p.save(&self.data_dir).map_err(io_err)
    }

    /// After an enrollment: the signed-in session signs with the ledger's new key.
    pub fn refresh_key(&self) -> Result<()> {
        let ctx = {
            let g = self.ledger.lock().expect("ledger lock");
            let l = g.as_ref().ok_or_else(no_ledger)?;
            self.session
                .lock()
                .expect("session lock")
                .as_ref()
                .map(|c| api::with_key(l, c.clone()))
        };
        *self.session.lock().expect("session lock") = ctx;
        Ok(())
    }

    /// Send to head office in the background, on a connection of the worker's own: the counter never
    /// waits on the network. A ledger switched (the demo estate) gets a worker of its own.
    pub fn start_sync(&self) {
        let mut stop = self.sync_stop.lock().expect("sync lock");
        stop.store(true, Ordering::SeqCst);
        let fresh = std::sync::Arc::new(AtomicBool::new(false));
        *stop = fresh.clone();
        let path = self.db_path.lock().expect("path lock").clone();
        std::thread::spawn(move || {
            api::run_sync_worker(
                &path,
                &fresh,
                || now().unwrap_or_else(|_| Utc::now().with_timezone(&api::cst())),
                |_| {},
            );
        });
    }

    /// The receipt layout and whether to preview instead of printing, from the preferences.
    pub fn receipt_prefs(&self) -> Result<(ReceiptLayout, bool)> {
        let p = self.prefs.lock().expect("prefs");
        Ok((ReceiptLayout::parse(&p.receipt_layout)?, p.preview))
    }

    pub fn receipts_dir(&self) -> PathBuf {
        self.data_dir.join("receipts")
    }

    /// Where reports saved from the Reports screen go (XLSX and PDF).
    pub fn reports_dir(&self) -> PathBuf {
        self.data_dir.join("reports")
    }
}

/// The desk's ledger, with a 16 MiB page cache (the core's default of 64 MiB suits bulk work, not a
/// process resident all day).
fn open_ledger(path: &Path) -> Result<Ledger> {
    let l = Ledger::open(path)?;
    l.limit_page_cache(16 * 1024)?;
    Ok(l)
}

fn no_ledger() -> Error {
    err!(
        LedgerDamaged,
        "账套未打开（文件检查未通过），请先从备份恢复",
        "no ledger is open (the file failed its checks): restore it from a backup first"
    )
}

/// The clock: FEEDESK_AT (RFC 3339, hidden, for tests and demos) or the system time in +08:00.
pub fn now() -> Result<DateTime<FixedOffset>> {
    match std::env::var("FEEDESK_AT") {
        Ok(s) if !s.is_empty() => DateTime::parse_from_rfc3339(&s).map_err(|_| {
            err!(
                InvalidInput,
                "时间「{s}」格式应为 RFC 3339",
                "time \"{s}\" should be RFC 3339"
            )
        }),
        _ => Ok(Utc::now().with_timezone(&api::cst())),
    }
}

pub fn io_err(e: std::io::Error) -> Error {
    err!(Storage, ("文件错误：{}", e), ("file error: {}", e))
}
