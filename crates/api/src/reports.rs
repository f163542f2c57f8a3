//! Reports: arrears, the daily cash report, the monthly fee report, cross-checks and reviews,
//! collection rates, notices.

use feedesk_ledger::db::with_tx;
use feedesk_ledger::{
    auth, collection_rate, daily_report, fee_ledger, month_close, notices, reports, review,
};

use crate::*;

pub fn unit_arrears(l: &Ledger, ctx: &Ctx, unit: &str) -> Result<UnitArrears> {
    reports::unit_arrears(&l.conn, ctx, unit)
}

/// 现金日报表 for a shift, a cashier's day or the desk's day.
pub fn daily_report(l: &Ledger, ctx: &Ctx, scope: &DailyScope) -> Result<DailyCashReport> {
    daily_report::build(&l.conn, ctx, scope)
}

/// 现金日报表 as an A4 PDF (multi-page, page numbers, signature lines).
pub fn daily_report_pdf(l: &Ledger, ctx: &Ctx, scope: &DailyScope) -> Result<Vec<u8>> {
    let r = daily_report::build(&l.conn, ctx, scope)?;
    feedesk_documents::daily_report_pdf(&r)
}

/// 交费通知单 or 催费通知单 for one unit or a whole building, two to an A4 page.
pub fn notice_pdf(
    l: &Ledger,
    ctx: &Ctx,
    kind: NoticeKind,
    period: &str,
    target: &NoticeTarget,
) -> Result<Vec<u8>> {
    let notices = notices::gather(&l.conn, ctx, kind, period, target)?;
    let office = NoticeOffice::load(&l.conn)?;
    feedesk_documents::notice_pdf(
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
    review::cross_check(&l.conn, ctx, from, to)
}

pub fn unreviewed_shifts(l: &Ledger, ctx: &Ctx, older_than_days: i64) -> Result<Vec<ShiftCheck>> {
    review::unreviewed(&l.conn, ctx, older_than_days)
}

pub fn review_shift(l: &mut Ledger, ctx: &Ctx, shift_id: i64, note: &str) -> Result<()> {
    with_tx(&mut l.conn, |tx| review::review(tx, ctx, shift_id, note))
}

/// 预存不足: units whose prepayment is less than a month of their charges.
pub fn low_balances(l: &Ledger, ctx: &Ctx) -> Result<Vec<LowBalance>> {
    reports::low_balances(&l.conn, ctx)
}

pub fn arrears_list(l: &Ledger, ctx: &Ctx, building: Option<&str>) -> Result<ArrearsList> {
    reports::arrears_list(&l.conn, ctx, building)
}

/// 收缴率 per building and for the estate, for the charges of periods `from`..=`to` (`YYYY-MM`).
pub fn collection_rates(l: &Ledger, ctx: &Ctx, from: &str, to: &str) -> Result<CollectionRates> {
    reports::collection_rates(&l.conn, ctx, from, to)
}

/// 收费月报表 of a month (`YYYY-MM`) by building and fee item, with the month's collection rates;
/// of a closed month, the report frozen at its close.
pub fn monthly_report(l: &Ledger, ctx: &Ctx, month: &str) -> Result<MonthlyReport> {
    month_close::report(&l.conn, ctx, month)
}

/// 收费月报表 as an A4 PDF (landscape table, signature lines).
pub fn monthly_report_pdf(l: &Ledger, ctx: &Ctx, month: &str) -> Result<Vec<u8>> {
    feedesk_documents::monthly_report_pdf(&month_close::report(&l.conn, ctx, month)?)
}

/// 收费台账 of one unit: every charge, payment and prepayment movement in date order with its balances.
pub fn fee_ledger(l: &Ledger, ctx: &Ctx, unit: &str) -> Result<FeeLedger> {
    fee_ledger::build(&l.conn, ctx, unit)
}

/// 收费台账 as an A4 PDF.
pub fn fee_ledger_pdf(l: &Ledger, ctx: &Ctx, unit: &str) -> Result<Vec<u8>> {
    let ledger = fee_ledger::build(&l.conn, ctx, unit)?;
    let company = feedesk_ledger::db::setting(&l.conn, "company_name")?.unwrap_or_default();
    feedesk_documents::fee_ledger_pdf(&ledger, &company, &ctx.now_text())
}

/// 月结: close a month once its last day is closed; its monthly report is frozen.
pub fn close_month(l: &mut Ledger, ctx: &Ctx, month: &str) -> Result<MonthClose> {
    with_tx(&mut l.conn, |tx| month_close::close(tx, ctx, month))
}

/// The months closed, newest first.
pub fn month_closes(l: &Ledger, ctx: &Ctx) -> Result<Vec<MonthClose>> {
    month_close::list(&l.conn, ctx)
}

/// A 收费月报表 already built, as a PDF.
pub fn monthly_report_pdf_of(r: &MonthlyReport) -> Result<Vec<u8>> {
    feedesk_documents::monthly_report_pdf(r)
}

/// 户收费率, 收费率 and 清缴率 per building for each month `from`..=`to` (`YYYY-MM`).
pub fn rates_by_month(l: &Ledger, ctx: &Ctx, from: &str, to: &str) -> Result<RatesByMonth> {
    collection_rate::by_month(&l.conn, ctx, from, to)
}

/// A 现金日报表 already built, as an A4 PDF.
pub fn daily_report_pdf_of(r: &DailyCashReport) -> Result<Vec<u8>> {
    feedesk_documents::daily_report_pdf(r)
}
