//! Fee items and standards, meter readings, shared costs and the monthly billing run.

use feedesk_ledger::db::{self, with_tx};
use feedesk_ledger::{auth, billing, fees};
use rust_decimal::Decimal;

use crate::*;

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

/// The office's order of fee items for partial payments (the items named first, in this order).
pub fn set_pay_order(l: &mut Ledger, ctx: &Ctx, codes: &[String]) -> Result<Vec<FeeItem>> {
    with_tx(&mut l.conn, |tx| fees::set_pay_order(tx, ctx, codes))
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
    billing_run_reporting(l, ctx, period, &feedesk_ledger::progress::silent)
}

/// `billing_run`, reporting (charges written, charges to write) as it goes.
pub fn billing_run_reporting(
    l: &mut Ledger,
    ctx: &Ctx,
    period: &str,
    on_step: feedesk_ledger::progress::OnStep,
) -> Result<BillingResult> {
    db::with_bulk_tx(&mut l.conn, |tx| {
        billing::run_reporting(tx, ctx, period, on_step)
    })
}

/// Whether a rate as typed would be accepted for an item of this method, before it is saved.
pub fn rate_check(text: &str, method: Method) -> RateCheck {
    fees::rate_check(text, method)
}

/// The usage a meter-sheet row as typed would give, as recording it computes it.
pub fn reading_usage(r: &ReadingUsage) -> Option<String> {
    billing::usage_preview(r)
}
