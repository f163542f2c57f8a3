//! The single surface every caller uses (CLI now; the desktop shell and other transports later).
//! One function per operation, typed requests and responses, errors with a stable code.
//! Each operation that changes anything is exactly one SQLite transaction (`db::with_tx`).

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use rusqlite::Connection;
/// Rates and readings: exact decimals, sent as strings.
pub use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use crate::auth::{Actor, Approval, AuditRow, Ctx, Role, UserRow};
pub use crate::billing::{
    Basis, BillingPreview, BillingResult, MeterRow, NewPool, Pool, Reading, ReadingInput,
};
pub use crate::collect::{
    CollectRequest, OpenCharge, PayMethod, Receipt, ReceiptRow, SaleLine, SaleRequest, Tender,
};
pub use crate::daily_report::{DailyCashReport, Scope as DailyScope};
pub use crate::deposits::{
    CollectDepositRequest, Deduction, DeductionKind, Deposit, DepositFilter, DepositList,
    DepositReceipt, DepositState, Inspection, RefundPlan, RefundRequest,
};
pub use crate::estate::{Building, ImportSummary, RosterRow, Unit, UnitHit};
pub use crate::export::{ExportRequest, Exported};
pub use crate::fees::{FeeItem, Method, Scope, Standard};
pub use crate::import::{ImportCheck, RowError};
pub use crate::printing::PrintOutcome;
pub use crate::reports::{ArrearsList, CollectionRate, CollectionRates, UnitArrears};
pub use crate::review::ShiftCheck;
pub use crate::shift::{CloseRequest, MethodLine, Shift, ShiftClosed};

use crate::db::{self, with_tx};
use crate::{auth, billing, collect, err, estate, fees, import, reports, shift, Money, Result};

/// An open ledger file (one desk's 账套).
pub struct Ledger {
    conn: Connection,
}

impl Ledger {
    pub fn open(path: &Path) -> Result<Ledger> {
        Ok(Ledger {
            conn: db::open(path)?,
        })
    }
    /// Read access for reports and tests. Writes go through the operations below.
    /// Cap SQLite's page cache of this connection (KiB). The desktop app keeps it small: the OS caches the
    /// file anyway, and the cache counts in the app's resident memory all day.
    pub fn limit_page_cache(&self, kib: u32) -> Result<()> {
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{kib}"))?;
        Ok(())
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }
    pub fn is_initialised(&self) -> Result<bool> {
        Ok(db::setting(&self.conn, "desk_code")?.is_some())
    }
    /// Fold the write-ahead log into the main file; call when the counter is idle.
    pub fn checkpoint(&self) -> Result<()> {
        db::checkpoint(&self.conn)
    }
}

impl Drop for Ledger {
    fn drop(&mut self) {
        // Best effort: a failed checkpoint loses nothing, the WAL stays and is replayed on open.
        let _ = db::checkpoint(&self.conn);
    }
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct InitRequest {
    pub company_name: String,
    pub estate_name: String,
    pub desk_code: String,
    pub admin_username: String,
    pub admin_display_name: String,
    pub admin_password: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct EstateInfo {
    pub company_name: String,
    pub estate_name: String,
    pub desk_code: String,
    pub desk_id: String,
    pub schema_version: i64,
}

/// Set up a new ledger: estate, desk code, the first administrator. Refused on an initialised ledger.
pub fn init(l: &mut Ledger, req: &InitRequest, now: DateTime<FixedOffset>) -> Result<EstateInfo> {
    let desk = req.desk_code.trim().to_uppercase();
    if desk.is_empty() || desk.len() > 8 || !desk.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(err!(
            InvalidInput,
            "收银台编号「{desk}」无效：1–8 位字母或数字，如 A01",
            "invalid desk code \"{desk}\": 1-8 letters or digits, e.g. A01"
        ));
    }
    if req.estate_name.trim().is_empty() {
        return Err(err!(
            InvalidInput,
            "请填写项目（管理处）名称",
            "the estate name is required"
        ));
    }
    with_tx(&mut l.conn, |tx| {
        if db::setting(tx, "desk_code")?.is_some() {
            return Err(err!(
                Duplicate,
                "此账套已初始化",
                "this ledger is already initialised"
            ));
        }
        let now_s = now.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
        db::set_setting(tx, "company_name", req.company_name.trim())?;
        db::set_setting(tx, "estate_name", req.estate_name.trim())?;
        db::set_setting(tx, "desk_code", &desk)?;
        db::set_setting(tx, "desk_id", &uuid::Uuid::now_v7().to_string())?;
        let name = if req.admin_display_name.trim().is_empty() {
            &req.admin_username
        } else {
            &req.admin_display_name
        };
        auth::create_user(
            tx,
            &req.admin_username,
            name,
            Role::Admin,
            &req.admin_password,
            &now_s,
        )?;
        Ok(())
    })?;
    estate_info(l)
}

pub fn estate_info(l: &Ledger) -> Result<EstateInfo> {
    let get = |k: &str| -> Result<String> { Ok(db::setting(&l.conn, k)?.unwrap_or_default()) };
    Ok(EstateInfo {
        company_name: get("company_name")?,
        estate_name: get("estate_name")?,
        desk_code: get("desk_code")?,
        desk_id: get("desk_id")?,
        schema_version: db::schema_version(),
    })
}

/// Check a password and return the context operations run in.
pub fn login(
    l: &Ledger,
    username: &str,
    password: &str,
    now: DateTime<FixedOffset>,
) -> Result<Ctx> {
    let actor = auth::login(&l.conn, username, password)?;
    auth::ctx_for(&l.conn, actor, now)
}

// ---------------------------------------------------------------- users

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

pub fn create_user(l: &mut Ledger, ctx: &Ctx, req: &NewUser) -> Result<UserRow> {
    ctx.actor.require(auth::Perm::Administer)?;
    with_tx(&mut l.conn, |tx| {
        auth::create_user(
            tx,
            &req.username,
            &req.display_name,
            req.role,
            &req.password,
            &ctx.now_text(),
        )?;
        auth::audit(
            tx,
            ctx,
            "create_user",
            &req.username,
            req.role.code(),
            None,
            None,
        )
    })?;
    Ok(UserRow {
        username: req.username.trim().into(),
        display_name: req.display_name.trim().into(),
        role: req.role,
        active: true,
    })
}

pub fn list_users(l: &Ledger, ctx: &Ctx) -> Result<Vec<UserRow>> {
    ctx.actor.require(auth::Perm::Administer)?;
    auth::list_users(&l.conn)
}

pub fn audit_log(l: &Ledger, ctx: &Ctx, limit: usize) -> Result<Vec<AuditRow>> {
    ctx.actor.require(auth::Perm::Approve)?;
    auth::audit_log(&l.conn, limit)
}

// ---------------------------------------------------------------- estate

/// Import units and owners from an XLSX or CSV file: all rows or none.
pub fn import_units(l: &mut Ledger, ctx: &Ctx, path: &Path) -> Result<ImportSummary> {
    ctx.actor.require(auth::Perm::Administer)?;
    let rows = import::parse_file(path).map_err(|f| f.into_error())?;
    with_tx(&mut l.conn, |tx| estate::apply_import(tx, ctx, &rows))
}

/// Check an import file without importing: every bad row with its row number, column and reason.
pub fn import_check(ctx: &Ctx, path: &Path) -> Result<import::ImportCheck> {
    ctx.actor.require(auth::Perm::Administer)?;
    import::check_file(path)
}

pub fn unit(l: &Ledger, ctx: &Ctx, code: &str) -> Result<Unit> {
    estate::get_unit(&l.conn, ctx, code)
}

pub fn search_units(l: &Ledger, ctx: &Ctx, query: &str, limit: usize) -> Result<Vec<UnitHit>> {
    estate::search(&l.conn, ctx, query, limit)
}

pub fn set_occupancy(l: &mut Ledger, ctx: &Ctx, unit: &str, occupancy: &str) -> Result<()> {
    with_tx(&mut l.conn, |tx| {
        estate::set_occupancy(tx, ctx, unit, occupancy)
    })
}

pub fn add_party(l: &mut Ledger, ctx: &Ctx, p: &estate::NewParty) -> Result<()> {
    with_tx(&mut l.conn, |tx| estate::add_party(tx, ctx, p))
}

/// The estate's buildings with their number of units.
pub fn buildings(l: &Ledger, ctx: &Ctx) -> Result<Vec<Building>> {
    estate::buildings(&l.conn, ctx)
}

pub fn set_billing_start(l: &mut Ledger, ctx: &Ctx, unit: &str, period: &str) -> Result<()> {
    with_tx(&mut l.conn, |tx| {
        estate::set_billing_start(tx, ctx, unit, period)
    })
}

// ---------------------------------------------------------------- fees and billing

pub fn create_fee_item(
    l: &mut Ledger,
    ctx: &Ctx,
    code: &str,
    name: &str,
    method: Method,
    unit_label: &str,
) -> Result<FeeItem> {
    with_tx(&mut l.conn, |tx| {
        fees::create_item(tx, ctx, code, name, method, unit_label)
    })
}

pub fn fee_items(l: &Ledger, ctx: &Ctx) -> Result<Vec<FeeItem>> {
    ctx.actor.require(auth::Perm::Read)?;
    fees::items(&l.conn)
}

pub fn set_fee_standard(
    l: &mut Ledger,
    ctx: &Ctx,
    item: &str,
    rate: Decimal,
    scope: &Scope,
    start_period: &str,
) -> Result<i64> {
    with_tx(&mut l.conn, |tx| {
        fees::set_standard(tx, ctx, item, rate, scope, start_period)
    })
}

pub fn fee_standards(l: &Ledger, ctx: &Ctx) -> Result<Vec<Standard>> {
    ctx.actor.require(auth::Perm::Read)?;
    fees::standards(&l.conn)
}

pub fn record_reading(l: &mut Ledger, ctx: &Ctx, r: &ReadingInput) -> Result<Reading> {
    with_tx(&mut l.conn, |tx| billing::record_reading(tx, ctx, r))
}

/// 抄表单: a building's (or the estate's) units with the previous reading and the period's, if entered.
pub fn meter_sheet(
    l: &Ledger,
    ctx: &Ctx,
    item: &str,
    period: &str,
    building: Option<&str>,
) -> Result<Vec<MeterRow>> {
    billing::meter_sheet(&l.conn, ctx, item, period, building)
}

/// The shared costs recorded for a period.
pub fn allocation_pools(l: &Ledger, ctx: &Ctx, period: &str) -> Result<Vec<Pool>> {
    billing::pools(&l.conn, ctx, period)
}

pub fn create_allocation_pool(l: &mut Ledger, ctx: &Ctx, pool: &NewPool) -> Result<i64> {
    with_tx(&mut l.conn, |tx| billing::create_pool(tx, ctx, pool))
}

pub fn billing_preview(l: &Ledger, ctx: &Ctx, period: &str) -> Result<BillingPreview> {
    billing::preview(&l.conn, ctx, period)
}

pub fn billing_run(l: &mut Ledger, ctx: &Ctx, period: &str) -> Result<BillingResult> {
    billing_run_reporting(l, ctx, period, &crate::progress::silent)
}

/// `billing_run`, reporting (charges written, charges to write) as it goes.
pub fn billing_run_reporting(
    l: &mut Ledger,
    ctx: &Ctx,
    period: &str,
    on_step: crate::progress::OnStep,
) -> Result<BillingResult> {
    crate::db::with_bulk_tx(&mut l.conn, |tx| {
        billing::run_reporting(tx, ctx, period, on_step)
    })
}

// ---------------------------------------------------------------- shifts and money

pub fn open_shift(l: &mut Ledger, ctx: &Ctx, float: Money) -> Result<i64> {
    with_tx(&mut l.conn, |tx| shift::open(tx, ctx, float))
}

pub fn close_shift(l: &mut Ledger, ctx: &Ctx, req: &CloseRequest) -> Result<ShiftClosed> {
    with_tx(&mut l.conn, |tx| shift::close(tx, ctx, req))
}

/// Cash into the drawer (positive) or out of it (negative), with a reason.
pub fn cash_movement(l: &mut Ledger, ctx: &Ctx, amount: Money, reason: &str) -> Result<i64> {
    with_tx(&mut l.conn, |tx| {
        shift::cash_movement(tx, ctx, amount, reason)
    })
}

/// The cash difference allowed at a shift close without a supervisor (default ¥5.00).
pub fn set_cash_tolerance(l: &mut Ledger, ctx: &Ctx, tolerance: Money) -> Result<()> {
    with_tx(&mut l.conn, |tx| shift::set_tolerance(tx, ctx, tolerance))
}

/// 日结 of a date at this desk.
pub fn close_day(l: &mut Ledger, ctx: &Ctx, date: chrono::NaiveDate) -> Result<()> {
    with_tx(&mut l.conn, |tx| shift::close_day(tx, ctx, date))
}

pub fn current_shift(l: &Ledger, ctx: &Ctx) -> Result<Option<i64>> {
    shift::current(&l.conn, ctx)
}

pub fn shifts(l: &Ledger, ctx: &Ctx, limit: usize) -> Result<Vec<Shift>> {
    ctx.actor.require(auth::Perm::Read)?;
    shift::list(&l.conn, limit)
}

pub fn collect(l: &mut Ledger, ctx: &Ctx, req: &CollectRequest) -> Result<Receipt> {
    with_tx(&mut l.conn, |tx| collect::collect(tx, ctx, req))
}

pub fn sale(l: &mut Ledger, ctx: &Ctx, req: &SaleRequest) -> Result<Receipt> {
    with_tx(&mut l.conn, |tx| collect::sale(tx, ctx, req))
}

pub fn void_receipt(
    l: &mut Ledger,
    ctx: &Ctx,
    number: &str,
    reason: &str,
    approval: &Approval,
) -> Result<Receipt> {
    with_tx(&mut l.conn, |tx| {
        collect::void(tx, ctx, number, reason, approval)
    })
}

pub fn reverse_receipt(
    l: &mut Ledger,
    ctx: &Ctx,
    number: &str,
    reason: &str,
    approval: &Approval,
) -> Result<Receipt> {
    with_tx(&mut l.conn, |tx| {
        collect::reverse(tx, ctx, number, reason, approval)
    })
}

pub fn receipt(l: &Ledger, ctx: &Ctx, number: &str) -> Result<Receipt> {
    ctx.actor.require(auth::Perm::Read)?;
    collect::receipt(&l.conn, number)
}

/// Record a print of receipt `number` and gather what the printed receipt shows: the first print
/// is the original, every later one is 补打 with its count (audited); the payer's phone masked;
/// the QR text signed with the desk's secret; the deposit behind a deposit receipt or voucher.
fn receipt_doc(
    tx: &rusqlite::Transaction,
    ctx: &Ctx,
    issuer: crate::documents::Issuer,
    number: &str,
    layout: &str,
) -> Result<crate::documents::ReceiptDoc> {
    use rusqlite::OptionalExtension;
    let r = collect::receipt(tx, number)?;
    let (id, uuid, desk, before): (i64, String, String, i64) = tx.query_row(
        "SELECT r.id, r.uuid, r.desk, (SELECT COUNT(*) FROM receipt_prints p WHERE p.receipt_id = r.id) FROM receipts r WHERE r.number = ?1",
        [&r.number],
        |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?)),
    )?;
    tx.execute(
        "INSERT INTO receipt_prints(receipt_id, printed_at, user_id, layout) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![id, ctx.now_text(), ctx.actor.user_id, layout],
    )?;
    let reprint = (before > 0).then_some(before as u32);
    if let Some(n) = reprint {
        auth::audit(
            tx,
            ctx,
            "reprint_receipt",
            &r.number,
            &format!("补打 {n}"),
            None,
            None,
        )?;
    }
    // The payer's own phone if the payer is a party of the unit, else the owner's; always masked:
    // the customer's part leaves the office.
    let phone: Option<String> = tx
        .query_row(
            "SELECT p.phone FROM receipts r JOIN parties p ON p.unit_id = r.unit_id AND p.active = 1
             WHERE r.id = ?1 AND p.phone <> '' ORDER BY (p.name = r.payer) DESC, (p.role = 'owner') DESC, p.id LIMIT 1",
            [id],
            |x| x.get(0),
        )
        .optional()?;
    let secret = crate::documents::desk_secret(tx)?;
    let qr = crate::documents::QrPayload {
        receipt_id: uuid,
        number: r.number.clone(),
        desk,
        amount_fen: r.total_fen,
    }
    .sign(&secret);
    let deposit_id: Option<i64> = tx
        .query_row(
            "SELECT id FROM deposits WHERE receipt_id = ?1 UNION ALL SELECT deposit_id FROM deposit_events WHERE receipt_id = ?1 LIMIT 1",
            [id],
            |x| x.get(0),
        )
        .optional()?;
    let deposit = match deposit_id {
        Some(d) => {
            let mut dep = crate::deposits::get(tx, ctx, d)?;
            if !dep.contractor_phone.contains('*') {
                dep.contractor_phone = estate::mask_phone(&dep.contractor_phone);
            }
            Some(dep)
        }
        None => None,
    };
    Ok(crate::documents::ReceiptDoc {
        receipt: r,
        issuer,
        reprint,
        phone: phone.map(|p| estate::mask_phone(&p)),
        qr: Some(qr),
        deposit,
    })
}

fn issuer(l: &Ledger) -> Result<crate::documents::Issuer> {
    let info = estate_info(l)?;
    Ok(crate::documents::Issuer {
        company: info.company_name,
        estate: info.estate_name,
    })
}

/// Print a receipt: the PDF (A5 in two parts, or an 80 mm roll), recorded as printed. The first print
/// is the original; every later one says 补打 with its count. A deposit receipt or refund voucher on
/// A5 carries the deposit's particulars and deductions.
pub fn print_receipt(
    l: &mut Ledger,
    ctx: &Ctx,
    number: &str,
    layout: crate::documents::ReceiptLayout,
) -> Result<Vec<u8>> {
    ctx.actor.require(auth::Perm::Collect)?;
    let issuer = issuer(l)?;
    with_tx(&mut l.conn, |tx| {
        let d = receipt_doc(tx, ctx, issuer, number, layout.code())?;
        crate::documents::receipt_pdf(&d, layout)
    })
}

/// Print a receipt's values onto a pre-printed form (套打) laid out by `layout`; recorded like any print.
pub fn print_receipt_form(
    l: &mut Ledger,
    ctx: &Ctx,
    number: &str,
    layout: &crate::documents::FormLayout,
) -> Result<Vec<u8>> {
    ctx.actor.require(auth::Perm::Collect)?;
    let issuer = issuer(l)?;
    with_tx(&mut l.conn, |tx| {
        let d = receipt_doc(tx, ctx, issuer, number, "form")?;
        crate::documents::form_receipt_pdf(&d, layout)
    })
}

/// Check a receipt's QR text against this desk's secret: the payload when it is genuine.
pub fn verify_receipt_qr(
    l: &mut Ledger,
    ctx: &Ctx,
    text: &str,
) -> Result<crate::documents::QrPayload> {
    ctx.actor.require(auth::Perm::Read)?;
    let secret = with_tx(&mut l.conn, |tx| crate::documents::desk_secret(tx))?;
    crate::documents::verify_qr(&secret, text)
}

pub fn receipts(l: &Ledger, ctx: &Ctx, query: &str, limit: usize) -> Result<Vec<ReceiptRow>> {
    ctx.actor.require(auth::Perm::Read)?;
    crate::receipt_search::search(&l.conn, query, limit)
}

// ---------------------------------------------------------------- reports

pub fn unit_arrears(l: &Ledger, ctx: &Ctx, unit: &str) -> Result<UnitArrears> {
    reports::unit_arrears(&l.conn, ctx, unit)
}

/// 现金日报表 for a shift, a cashier's day or the desk's day.
pub fn daily_report(l: &Ledger, ctx: &Ctx, scope: &DailyScope) -> Result<DailyCashReport> {
    crate::daily_report::build(&l.conn, ctx, scope)
}

/// 现金日报表 as an A4 PDF (multi-page, page numbers, signature lines).
pub fn daily_report_pdf(l: &Ledger, ctx: &Ctx, scope: &DailyScope) -> Result<Vec<u8>> {
    let r = crate::daily_report::build(&l.conn, ctx, scope)?;
    crate::documents::daily_report_pdf(&r)
}

// ---------------------------------------------------------------- notices

pub use crate::documents::{NoticeKind, NoticeOffice, NoticeTarget};

/// 交费通知单 or 催费通知单 for one unit or a whole building, two to an A4 page.
pub fn notice_pdf(
    l: &Ledger,
    ctx: &Ctx,
    kind: NoticeKind,
    period: &str,
    target: &NoticeTarget,
) -> Result<Vec<u8>> {
    let notices = crate::documents::gather_notices(&l.conn, ctx, kind, period, target)?;
    let office = NoticeOffice::load(&l.conn)?;
    crate::documents::notice_pdf(
        kind,
        &issuer(l)?,
        &office,
        &notices,
        &ctx.today().to_string(),
    )
}

/// Where and how to pay, as printed on notices.
pub fn set_notice_office(l: &mut Ledger, ctx: &Ctx, office: &NoticeOffice) -> Result<()> {
    ctx.actor.require(auth::Perm::Administer)?;
    with_tx(&mut l.conn, |tx| {
        office.save(tx)?;
        auth::audit(
            tx,
            ctx,
            "set_notice_office",
            "settings",
            &office.address,
            None,
            None,
        )
    })
}

pub fn notice_office(l: &Ledger, ctx: &Ctx) -> Result<NoticeOffice> {
    ctx.actor.require(auth::Perm::Read)?;
    NoticeOffice::load(&l.conn)
}

/// 核对统计: every shift between two dates with totals, differences, voids and reversals.
pub fn cross_check(
    l: &Ledger,
    ctx: &Ctx,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<ShiftCheck>> {
    crate::review::cross_check(&l.conn, ctx, from, to)
}

pub fn unreviewed_shifts(l: &Ledger, ctx: &Ctx, older_than_days: i64) -> Result<Vec<ShiftCheck>> {
    crate::review::unreviewed(&l.conn, ctx, older_than_days)
}

pub fn review_shift(l: &mut Ledger, ctx: &Ctx, shift_id: i64, note: &str) -> Result<()> {
    with_tx(&mut l.conn, |tx| {
        crate::review::review(tx, ctx, shift_id, note)
    })
}

pub fn arrears_list(l: &Ledger, ctx: &Ctx, building: Option<&str>) -> Result<ArrearsList> {
    reports::arrears_list(&l.conn, ctx, building)
}

/// 收缴率 per building and for the estate, for the charges of periods `from`..=`to` (`YYYY-MM`).
pub fn collection_rates(l: &Ledger, ctx: &Ctx, from: &str, to: &str) -> Result<CollectionRates> {
    reports::collection_rates(&l.conn, ctx, from, to)
}

// ---------------------------------------------------------------- decoration deposits (装修押金)

/// Take a decoration deposit: a numbered receipt in the cashier's open shift.
pub fn deposit_collect(
    l: &mut Ledger,
    ctx: &Ctx,
    req: &CollectDepositRequest,
) -> Result<DepositReceipt> {
    with_tx(&mut l.conn, |tx| crate::deposits::collect(tx, ctx, req))
}

/// Record the inspection: passed, or failed with findings.
pub fn deposit_inspect(
    l: &mut Ledger,
    ctx: &Ctx,
    id: i64,
    inspection: &Inspection,
) -> Result<Deposit> {
    with_tx(&mut l.conn, |tx| {
        crate::deposits::inspect(tx, ctx, id, inspection)
    })
}

/// Request the refund with itemised deductions and unpaid charges to settle; nothing moves yet.
pub fn deposit_request_refund(
    l: &mut Ledger,
    ctx: &Ctx,
    id: i64,
    req: &RefundRequest,
) -> Result<Deposit> {
    with_tx(&mut l.conn, |tx| {
        crate::deposits::request_refund(tx, ctx, id, req)
    })
}

/// A supervisor approves a refund request (never their own).
pub fn deposit_approve_refund(l: &mut Ledger, ctx: &Ctx, id: i64, note: &str) -> Result<Deposit> {
    with_tx(&mut l.conn, |tx| {
        crate::deposits::approve_refund(tx, ctx, id, note)
    })
}

/// A supervisor rejects a refund request (or withdraws an approval before the payout).
pub fn deposit_reject_refund(l: &mut Ledger, ctx: &Ctx, id: i64, reason: &str) -> Result<Deposit> {
    with_tx(&mut l.conn, |tx| {
        crate::deposits::reject_refund(tx, ctx, id, reason)
    })
}

/// Pay out an approved refund on a refund voucher (退款凭证) in the cashier's open shift.
pub fn deposit_refund(
    l: &mut Ledger,
    ctx: &Ctx,
    id: i64,
    method: PayMethod,
    reference: &str,
) -> Result<DepositReceipt> {
    with_tx(&mut l.conn, |tx| {
        crate::deposits::refund(tx, ctx, id, method, reference)
    })
}

/// 没收 a deposit, with a supervisor's approval.
pub fn deposit_forfeit(
    l: &mut Ledger,
    ctx: &Ctx,
    id: i64,
    reason: &str,
    approval: &Approval,
) -> Result<Deposit> {
    with_tx(&mut l.conn, |tx| {
        crate::deposits::forfeit(tx, ctx, id, reason, approval)
    })
}

/// Move a deposit to the unit's prepayment balance, with a supervisor's approval.
pub fn deposit_transfer(
    l: &mut Ledger,
    ctx: &Ctx,
    id: i64,
    reason: &str,
    approval: &Approval,
) -> Result<Deposit> {
    with_tx(&mut l.conn, |tx| {
        crate::deposits::transfer(tx, ctx, id, reason, approval)
    })
}

/// One deposit with its events and state.
pub fn deposit(l: &Ledger, ctx: &Ctx, id: i64) -> Result<Deposit> {
    crate::deposits::get(&l.conn, ctx, id)
}

/// 装修押金统计: held, overdue for inspection, refunded in a month, or all, with totals.
pub fn deposits(l: &Ledger, ctx: &Ctx, filter: &DepositFilter) -> Result<DepositList> {
    crate::deposits::list(&l.conn, ctx, filter)
}

// ---------------------------------------------------------------- Excel exports and units list

/// 房屋业主清单: every unit with its owner (phone masked unless allowed), arrears and prepayment.
pub fn units_list(l: &Ledger, ctx: &Ctx) -> Result<Vec<RosterRow>> {
    estate::roster(&l.conn, ctx)
}

/// Any list or report as an XLSX workbook (bytes plus what it holds); the caller saves it.
pub fn export_xlsx(l: &Ledger, ctx: &Ctx, req: &ExportRequest) -> Result<Exported> {
    crate::export::export(&l.conn, ctx, req)
}

// ---------------------------------------------------------------- printing

/// The desk's printer (settings key `printer`); None = the system's default printer.
pub fn printer(l: &Ledger, ctx: &Ctx) -> Result<Option<String>> {
    ctx.actor.require(auth::Perm::Read)?;
    Ok(db::setting(&l.conn, crate::printing::PRINTER_SETTING)?.filter(|p| !p.is_empty()))
}

/// Choose the desk's printer (the one attached to this counter PC); an empty name = system default.
pub fn set_printer(l: &mut Ledger, ctx: &Ctx, name: &str) -> Result<()> {
    ctx.actor.require(auth::Perm::Collect)?;
    let name = name.trim();
    if name.chars().any(|c| c.is_control()) || name.len() > 127 {
        return Err(err!(
            InvalidInput,
            "打印机名称「{name}」无效",
            "invalid printer name \"{name}\""
        ));
    }
    with_tx(&mut l.conn, |tx| {
        db::set_setting(tx, crate::printing::PRINTER_SETTING, name)?;
        auth::audit(tx, ctx, "set_printer", "printer", name, None, None)
    })
}

/// Print a PDF on `printer`, else the desk's printer, else the system default. A failed print is not
/// an error here: the outcome says why, and the PDF was opened in the viewer if `open_viewer`.
pub fn print_pdf(
    l: &Ledger,
    ctx: &Ctx,
    file: &Path,
    printer: Option<&str>,
    open_viewer: bool,
) -> Result<PrintOutcome> {
    let chosen = match printer.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(p.to_string()),
        None => self::printer(l, ctx)?,
    };
    Ok(crate::printing::print_pdf(
        file,
        chosen.as_deref(),
        open_viewer,
    ))
}

/// 打印收据: the receipt PDF (recorded as a print, so a later one says 补打) saved at `out`, then
/// sent to the printer. The PDF is written before printing, so a failed print still leaves it.
pub fn print_receipt_to_printer(
    l: &mut Ledger,
    ctx: &Ctx,
    number: &str,
    layout: crate::documents::ReceiptLayout,
    out: &Path,
    printer: Option<&str>,
    open_viewer: bool,
) -> Result<PrintOutcome> {
    let bytes = print_receipt(l, ctx, number, layout)?;
    std::fs::write(out, &bytes).map_err(|e| {
        err!(
            Storage,
            ("无法写入 {}：{e}", out.display()),
            ("cannot write {}: {e}", out.display())
        )
    })?;
    print_pdf(l, ctx, out, printer, open_viewer)
}
