//! Charge generation (应收): meter readings, shared-meter allocation (水电公摊) and the monthly billing run.

use rusqlite::{params, Connection, ToSql, Transaction};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

mod plan;
mod pools;
mod readings;
mod write;

use crate::charges::charge_id;
use plan::{compute, NewCharge, Plan};
pub use pools::{create_pool, pools, Basis, NewPool, Pool};
pub use readings::{
    meter_sheet, record_reading, usage, usage_preview, MeterRow, Reading, ReadingInput,
    ReadingUsage,
};
use write::{per_unit, prepare, ChargeRow};

use crate::auth::{Ctx, Perm};
use crate::journal::{self, EntryLinks};
use crate::outbox::{self};
use crate::{err, period, Money, Result};

/// Split `total` over `weights` so the parts sum to exactly `total`: each part is rounded down to
/// the fen, and the remaining fen go one each to the largest fractions (ties: the earlier index).
/// Deterministic for the same inputs. Refuses empty or all-zero weights.
pub fn allocate(total: Money, weights: &[Decimal]) -> Result<Vec<Money>> {
    let sum: Decimal = weights.iter().copied().sum();
    if weights.is_empty() || sum <= Decimal::ZERO || weights.iter().any(|w| w.is_sign_negative()) {
        return Err(err!(
            InvalidInput,
            "分摊对象为空或权重无效",
            "nothing to allocate over, or invalid weights"
        ));
    }
    let total_d = Decimal::from(total.fen());
    let mut parts = Vec::with_capacity(weights.len());
    let mut fracs = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = total_d * *w / sum;
        let floor = exact.round_dp_with_strategy(0, RoundingStrategy::ToNegativeInfinity);
        parts.push(i64::try_from(floor.mantissa() / 10i128.pow(floor.scale())).expect("fits"));
        fracs.push((exact - floor, i));
    }
    let assigned: i64 = parts.iter().sum();
    let left = total.fen() - assigned;
    fracs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in fracs.iter().take(left as usize) {
        parts[*i] += 1;
    }
    Ok(parts.into_iter().map(Money::from_fen).collect())
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ItemPreview {
    pub item: String,
    pub name: String,
    pub charges: usize,
    pub total_fen: i64,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BillingPreview {
    pub period: String,
    pub items: Vec<ItemPreview>,
    pub charges: usize,
    pub total_fen: i64,
    /// Charges that already exist for this period and are not created again.
    pub already_billed: usize,
    /// Units with a metered standard but no reading for the period (not billed until read).
    pub missing_readings: Vec<String>,
    /// Readings flagged as an abnormal jump, billed as read: check them.
    pub flagged_readings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BillingResult {
    pub run_id: Option<i64>,
    pub preview: BillingPreview,
}

/// What a billing run for `period` would create, without creating it.
pub fn preview(conn: &Connection, ctx: &Ctx, period: &str) -> Result<BillingPreview> {
    ctx.actor.require(Perm::Bill)?;
    let period = period::parse_period(period)?;
    Ok(compute(conn, &period)?.1)
}

/// Create the period's charges. Running the same period again creates only what is missing
/// (a unit added later, a reading entered later), never a charge twice.
pub fn run(tx: &Transaction, ctx: &Ctx, period: &str) -> Result<BillingResult> {
    run_reporting(tx, ctx, period, &crate::progress::silent)
}

/// `run`, reporting the charges written (done, total) as it goes.
pub fn run_reporting(
    tx: &Transaction,
    ctx: &Ctx,
    period: &str,
    on_step: crate::progress::OnStep,
) -> Result<BillingResult> {
    ctx.actor.require(Perm::Bill)?;
    let period = period::parse_period(period)?;
    period::require_open(tx, &period)?;
    let (plan, preview) = compute(tx, &period)?;
    if plan.charges.is_empty() {
        return Ok(BillingResult {
            run_id: None,
            preview,
        });
    }
    let Plan {
        units,
        items,
        charges,
    } = &plan;
    // In charge-id order (unit, then item) every insert lands at the end of the table. The charges
    // are sorted through their ids, not moved; they come as one ascending run per item, which the
    // stable sort merges in linear time.
    let mut order: Vec<(i64, usize)> = charges
        .iter()
        .enumerate()
        .map(|(k, c)| Ok((charge_id(&period, units[c.unit].id, items[c.item].id)?, k)))
        .collect::<Result<_>>()?;
    order.sort();
    let charges: Vec<&NewCharge> = order.iter().map(|(_, k)| &charges[*k]).collect();
    tx.execute(
        "INSERT INTO billing_runs(period, charges, total_fen, run_at, run_by) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![period, charges.len() as i64, preview.total_fen, ctx.now_text(), ctx.actor.user_id],
    )?;
    let run_id = tx.last_insert_rowid();
    let (_, last_day) = period::period_bounds(&period);
    let due = last_day.format("%Y-%m-%d").to_string();
    // The texts, the journal entry and the events need no database: a second thread makes them while
    // this one writes the charges, handing the rows over a chunk at a time as they are ready.
    let (prepared, per_unit) = std::thread::scope(|s| -> Result<_> {
        let (send, recv) = std::sync::mpsc::channel::<Vec<ChargeRow>>();
        let prep = s.spawn(|| prepare(send, &order, &charges, units, items, &period, run_id));
        // One row a statement: measured faster here than multi-row VALUES lists (db::insert_rows).
        let mut insert = tx.prepare_cached(
            "INSERT INTO charges(id, unit_id, fee_item_id, period, amount_fen, quantity, rate, basis, due_date, billing_run_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut progress = crate::progress::Percent::new(on_step, charges.len() as u64);
        let mut done = 0;
        for rows in recv {
            done += rows.len() as u64;
            for r in &rows {
                insert.execute(params![
                    r.id, r.unit, r.item, period, r.fen, r.quantity, r.rate, r.basis, due, run_id
                ])?;
            }
            progress.at(done);
        }
        let per_unit = per_unit(&charges);
        Ok((
            prep.join()
                .expect("the billing run's preparing thread panicked")?,
            per_unit,
        ))
    })?;
    journal::post(tx, ctx, &prepared.entry, EntryLinks::default())?;
    {
        let rows: Vec<(i64, i64, i64)> = per_unit
            .iter()
            .map(|(u, amt, n)| (units[*u].id, amt.fen(), *n))
            .collect();
        let values: Vec<&dyn ToSql> = rows
            .iter()
            .flat_map(|(id, fen, n)| [id as &dyn ToSql, fen, n, &period])
            .collect();
        crate::db::insert_rows_then(
            tx,
            "INSERT INTO unit_balances(unit_id, receivable_fen, open_charges, oldest_open)",
            4,
            &values,
            "ON CONFLICT(unit_id) DO UPDATE SET receivable_fen = receivable_fen + excluded.receivable_fen,
               open_charges = open_charges + excluded.open_charges,
               oldest_open = MIN(COALESCE(oldest_open, excluded.oldest_open), excluded.oldest_open)",
        )?;
    }
    for event in &prepared.events {
        outbox::append_serialised(tx, ctx, event)?;
    }
    crate::auth::audit(
        tx,
        ctx,
        "billing_run",
        &period,
        &format!("{} charges, {} fen", charges.len(), preview.total_fen),
        None,
        None,
    )?;
    Ok(BillingResult {
        run_id: Some(run_id),
        preview,
    })
}
