//! Tauri commands. Each is one call into `feedesk::api` (plus, for the long ones, running it off the UI
//! thread with progress on a channel). Arguments keep their Rust (snake_case) names in JavaScript.
//! Commands are `async` so that none runs on the window's main thread.

use feedesk::api::{self, *};
use feedesk::documents::ReceiptLayout;
use feedesk::progress::OnStep;
use feedesk::{err, Money, Result};
use serde::{Deserialize, Serialize};
use std::sync::atomic::Ordering;

use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use crate::prefs::Prefs;
use crate::state::{io_err, now, AppState};

type S<'a> = State<'a, AppState>;

// ------------------------------------------------------------------ start, sign-in, preferences

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AppStatus {
    pub initialised: bool,
    pub db_path: String,
    pub data_dir: String,
    pub estate: Option<EstateInfo>,
    pub user: Option<Actor>,
    pub prefs: Prefs,
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn app_status(s: S) -> Result<AppStatus> {
    let (initialised, estate) = s.ledger(|l| {
        let i = l.is_initialised()?;
        Ok((i, if i { Some(api::estate_info(l)?) } else { None }))
    })?;
    Ok(AppStatus {
        initialised,
        db_path: s.db_path.lock().expect("path").display().to_string(),
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
async fn long<T: Send + 'static>(
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

/// Open the demo estate (阳光花园, 1,200 units, 12 months), building it on first use.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_demo(app: AppHandle, progress: Channel<Progress>) -> Result<EstateInfo> {
    long(app, progress, "demo", |s, step| {
        let path = s.data_dir.join("feedesk-demo.sqlite");
        if !path.exists() {
            feedesk::demo::build_reporting(&path, &feedesk::demo::DemoOptions::new(now()?), step)?;
        }
        s.switch_ledger(&path)?;
        if !s.fixed_db {
            let mut p = s.prefs.lock().expect("prefs");
            p.ledger = Some(path.display().to_string());
            p.save(&s.data_dir).map_err(io_err)?;
        }
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

// ------------------------------------------------------------------ counter

#[tauri::command(async, rename_all = "snake_case")]
pub fn search_units(s: S, query: String, limit: usize) -> Result<Vec<UnitHit>> {
    s.with(|l, c| api::search_units(l, c, &query, limit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unit(s: S, code: String) -> Result<Unit> {
    s.with(|l, c| api::unit(l, c, &code))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unit_arrears(s: S, code: String) -> Result<UnitArrears> {
    s.with(|l, c| api::unit_arrears(l, c, &code))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn collect(s: S, req: CollectRequest) -> Result<Receipt> {
    s.with(|l, c| api::collect(l, c, &req))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sale(s: S, req: SaleRequest) -> Result<Receipt> {
    s.with(|l, c| api::sale(l, c, &req))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn fee_items(s: S) -> Result<Vec<FeeItem>> {
    s.with(|l, c| api::fee_items(l, c))
}

// ------------------------------------------------------------------ receipts

#[tauri::command(async, rename_all = "snake_case")]
pub fn receipts(s: S, query: String, limit: usize) -> Result<Vec<ReceiptRow>> {
    s.with(|l, c| api::receipts(l, c, &query, limit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn receipt(s: S, number: String) -> Result<Receipt> {
    s.with(|l, c| api::receipt(l, c, &number))
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PrintedDoc {
    pub path: String,
    /// The desk's printer (设置) it was sent to; None when no printer is chosen (the PDF is only saved).
    pub printer: Option<String>,
    pub printed: bool,
    /// Why printing failed: the PDF is kept (and opened in the viewer); a later print says 补打.
    pub error_zh: Option<String>,
    pub error_en: Option<String>,
}

/// The receipt in the layout of the preferences, saved under the app-data folder (recorded as a print:
/// later ones say 补打), then sent to the desk's printer if one is chosen, or opened for preview.
#[tauri::command(async, rename_all = "snake_case")]
pub fn print_receipt(s: S, number: String) -> Result<PrintedDoc> {
    let (layout, preview) = {
        let p = s.prefs.lock().expect("prefs");
        (ReceiptLayout::parse(&p.receipt_layout)?, p.preview)
    };
    let dir = s.receipts_dir();
    std::fs::create_dir_all(&dir).map_err(io_err)?;
    let path = dir.join(format!("{number}.pdf"));
    let printer = if preview {
        None
    } else {
        s.with(|l, c| api::printer(l, c))?
    };
    let out = match &printer {
        Some(p) => s.with(|l, c| {
            api::print_receipt_to_printer(l, c, &number, layout, &path, Some(p), true)
        })?,
        None => {
            let pdf = s.with(|l, c| api::print_receipt(l, c, &number, layout))?;
            std::fs::write(&path, pdf).map_err(io_err)?;
            if preview {
                feedesk::printing::open_in_viewer(&path);
            }
            feedesk::printing::PrintOutcome {
                file: path.clone(),
                printer: None,
                printed: false,
                job: None,
                error_zh: None,
                error_en: None,
                opened_in_viewer: preview,
            }
        }
    };
    Ok(PrintedDoc {
        path: path.display().to_string(),
        printer: out.printer,
        printed: out.printed,
        error_zh: out.error_zh,
        error_en: out.error_en,
    })
}

/// The desk's printer (settings of the ledger); None = only save PDFs.
#[tauri::command(async, rename_all = "snake_case")]
pub fn printer(s: S) -> Result<Option<String>> {
    s.with(|l, c| api::printer(l, c))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_printer(s: S, name: String) -> Result<()> {
    s.with(|l, c| api::set_printer(l, c, &name))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn void_receipt(s: S, number: String, reason: String, approval: Approval) -> Result<Receipt> {
    s.with(|l, c| api::void_receipt(l, c, &number, &reason, &approval))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn reverse_receipt(
    s: S,
    number: String,
    reason: String,
    approval: Approval,
) -> Result<Receipt> {
    s.with(|l, c| api::reverse_receipt(l, c, &number, &reason, &approval))
}

// ------------------------------------------------------------------ shift

#[tauri::command(async, rename_all = "snake_case")]
pub fn current_shift(s: S) -> Result<Option<i64>> {
    s.with(|l, c| api::current_shift(l, c))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn shifts(s: S, limit: usize) -> Result<Vec<Shift>> {
    s.with(|l, c| api::shifts(l, c, limit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn open_shift(s: S, float: Money) -> Result<i64> {
    s.with(|l, c| api::open_shift(l, c, float))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn cash_movement(s: S, amount: Money, reason: String) -> Result<i64> {
    s.with(|l, c| api::cash_movement(l, c, amount, &reason))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn close_shift(s: S, req: CloseRequest) -> Result<ShiftClosed> {
    s.with(|l, c| api::close_shift(l, c, &req))
}

/// Which 现金日报表: a shift, a cashier's day or the desk's day (dates `YYYY-MM-DD`).
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ReportScope {
    Shift {
        id: i64,
    },
    CashierDay {
        username: String,
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        date: chrono::NaiveDate,
    },
    DeskDay {
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        date: chrono::NaiveDate,
    },
}

impl From<ReportScope> for DailyScope {
    fn from(s: ReportScope) -> Self {
        match s {
            ReportScope::Shift { id } => DailyScope::Shift(id),
            ReportScope::CashierDay { username, date } => DailyScope::CashierDay { username, date },
            ReportScope::DeskDay { date } => DailyScope::DeskDay(date),
        }
    }
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn daily_report(s: S, scope: ReportScope) -> Result<DailyCashReport> {
    s.with(|l, c| api::daily_report(l, c, &scope.into()))
}

// ------------------------------------------------------------------ deposits

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposits(s: S, filter: DepositFilter) -> Result<DepositList> {
    s.with(|l, c| api::deposits(l, c, &filter))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposit(s: S, id: i64) -> Result<Deposit> {
    s.with(|l, c| api::deposit(l, c, id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposit_collect(s: S, req: CollectDepositRequest) -> Result<DepositReceipt> {
    s.with(|l, c| api::deposit_collect(l, c, &req))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposit_inspect(s: S, id: i64, inspection: Inspection) -> Result<Deposit> {
    s.with(|l, c| api::deposit_inspect(l, c, id, &inspection))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposit_request_refund(s: S, id: i64, req: RefundRequest) -> Result<Deposit> {
    s.with(|l, c| api::deposit_request_refund(l, c, id, &req))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposit_approve_refund(s: S, id: i64, note: String) -> Result<Deposit> {
    s.with(|l, c| api::deposit_approve_refund(l, c, id, &note))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposit_refund(
    s: S,
    id: i64,
    method: PayMethod,
    reference: String,
) -> Result<DepositReceipt> {
    s.with(|l, c| api::deposit_refund(l, c, id, method, &reference))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn deposit_forfeit(s: S, id: i64, reason: String, approval: Approval) -> Result<Deposit> {
    s.with(|l, c| api::deposit_forfeit(l, c, id, &reason, &approval))
}

// ------------------------------------------------------------------ reports, billing, data

#[tauri::command(async, rename_all = "snake_case")]
pub fn arrears_list(s: S, building: Option<String>) -> Result<ArrearsList> {
    s.with(|l, c| api::arrears_list(l, c, building.as_deref()))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn billing_preview(s: S, period: String) -> Result<BillingPreview> {
    s.with(|l, c| api::billing_preview(l, c, &period))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn billing_run(
    app: AppHandle,
    progress: Channel<Progress>,
    period: String,
) -> Result<BillingResult> {
    long(app, progress, "billing", move |s, step| {
        s.with(|l, c| api::billing_run_reporting(l, c, &period, step))
    })
    .await
}

/// Check an import file: every bad row, without importing anything.
#[tauri::command(async, rename_all = "snake_case")]
pub fn import_check(s: S, path: String) -> Result<ImportCheck> {
    s.with(|_, c| api::import_check(c, std::path::Path::new(&path)))
}

// ------------------------------------------------------------------ billing screen

#[tauri::command(async, rename_all = "snake_case")]
pub fn buildings(s: S) -> Result<Vec<Building>> {
    s.with(|l, c| api::buildings(l, c))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_fee_item(
    s: S,
    code: String,
    name: String,
    method: Method,
    unit_label: String,
) -> Result<FeeItem> {
    s.with(|l, c| api::create_fee_item(l, c, &code, &name, method, &unit_label))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn fee_standards(s: S) -> Result<Vec<Standard>> {
    s.with(|l, c| api::fee_standards(l, c))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_fee_standard(
    s: S,
    item: String,
    rate: Decimal,
    scope: Scope,
    start_period: String,
) -> Result<i64> {
    s.with(|l, c| api::set_fee_standard(l, c, &item, rate, &scope, &start_period))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn meter_sheet(
    s: S,
    item: String,
    period: String,
    building: Option<String>,
) -> Result<Vec<MeterRow>> {
    s.with(|l, c| api::meter_sheet(l, c, &item, &period, building.as_deref()))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn record_reading(s: S, r: ReadingInput) -> Result<Reading> {
    s.with(|l, c| api::record_reading(l, c, &r))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn allocation_pools(s: S, period: String) -> Result<Vec<Pool>> {
    s.with(|l, c| api::allocation_pools(l, c, &period))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_allocation_pool(s: S, pool: NewPool) -> Result<i64> {
    s.with(|l, c| api::create_allocation_pool(l, c, &pool))
}

/// 交费/催费通知单 as a PDF saved under the app-data folder and opened in the viewer (to check and
/// print from there); the path is returned.
#[tauri::command(async, rename_all = "snake_case")]
pub fn notice_pdf(s: S, kind: NoticeKind, period: String, target: NoticeTarget) -> Result<String> {
    let pdf = s.with(|l, c| api::notice_pdf(l, c, kind, &period, &target))?;
    let (NoticeTarget::Unit(who) | NoticeTarget::Building(who)) = &target;
    let safe: String = format!("{kind:?}-{}-{who}", period.trim())
        .chars()
        .map(|ch| {
            if ch.is_alphanumeric() || ch == '-' {
                ch
            } else {
                '_'
            }
        })
        .collect();
    save_and_open(&s.data_dir.join("notices"), &format!("{safe}.pdf"), &pdf).map(|f| f.path)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_units(
    app: AppHandle,
    progress: Channel<Progress>,
    path: String,
) -> Result<ImportSummary> {
    long(app, progress, "import", move |s, _| {
        s.with(|l, c| api::import_units(l, c, std::path::Path::new(&path)))
    })
    .await
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_users(s: S) -> Result<Vec<UserRow>> {
    s.with(|l, c| api::list_users(l, c))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_user(s: S, req: NewUser) -> Result<UserRow> {
    s.with(|l, c| api::create_user(l, c, &req))
}

// ------------------------------------------------------------------ reports screen: cross-check, 收缴率, files

/// 核对统计 between two dates (`YYYY-MM-DD`, inclusive).
#[tauri::command(async, rename_all = "snake_case")]
pub fn cross_check(
    s: S,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<ShiftCheck>> {
    s.with(|l, c| api::cross_check(l, c, from, to))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unreviewed_shifts(s: S, days: i64) -> Result<Vec<ShiftCheck>> {
    s.with(|l, c| api::unreviewed_shifts(l, c, days))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn review_shift(s: S, shift_id: i64, note: String) -> Result<()> {
    s.with(|l, c| api::review_shift(l, c, shift_id, &note))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn collection_rates(s: S, from: String, to: String) -> Result<CollectionRates> {
    s.with(|l, c| api::collection_rates(l, c, &from, &to))
}

/// Which report of the Reports screen to save as XLSX.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ReportExport {
    DailyCash {
        scope: ReportScope,
    },
    Arrears {
        building: Option<String>,
    },
    CrossCheck {
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        from: chrono::NaiveDate,
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        to: chrono::NaiveDate,
    },
    Unreviewed {
        days: i64,
    },
    CollectionRates {
        from: String,
        to: String,
    },
}

impl From<ReportExport> for ExportRequest {
    fn from(r: ReportExport) -> Self {
        match r {
            ReportExport::DailyCash { scope } => ExportRequest::DailyCash(scope.into()),
            ReportExport::Arrears { building } => ExportRequest::Arrears { building },
            ReportExport::CrossCheck { from, to } => ExportRequest::CrossCheck { from, to },
            ReportExport::Unreviewed { days } => ExportRequest::Unreviewed { days },
            ReportExport::CollectionRates { from, to } => {
                ExportRequest::CollectionRates { from, to }
            }
        }
    }
}

/// A report saved under the app-data folder (`reports/`) and handed to the system's viewer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SavedFile {
    pub path: String,
    pub opened: bool,
}

/// Save a document into a folder of the app data and hand it to the system's viewer.
fn save_and_open(dir: &std::path::Path, name: &str, bytes: &[u8]) -> Result<SavedFile> {
    std::fs::create_dir_all(dir).map_err(io_err)?;
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(io_err)?;
    Ok(SavedFile {
        opened: feedesk::printing::open_in_viewer(&path),
        path: path.display().to_string(),
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn export_report(s: S, req: ReportExport) -> Result<SavedFile> {
    let x = s.with(|l, c| api::export_xlsx(l, c, &req.into()))?;
    save_and_open(&s.reports_dir(), &x.file_name, &x.bytes)
}

/// 现金日报表 as an A4 PDF.
#[tauri::command(async, rename_all = "snake_case")]
pub fn daily_report_pdf(s: S, scope: ReportScope) -> Result<SavedFile> {
    let who = match &scope {
        ReportScope::Shift { id } => format!("-班次{id}"),
        ReportScope::CashierDay { username, .. } => format!("-{username}"),
        ReportScope::DeskDay { .. } => String::new(),
    };
    let r = s.with(|l, c| api::daily_report(l, c, &scope.into()))?;
    let pdf = feedesk::documents::daily_report_pdf(&r)?;
    save_and_open(
        &s.reports_dir(),
        &format!("现金日报表-{}{who}.pdf", r.date_from),
        &pdf,
    )
}
