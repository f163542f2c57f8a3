//! The demo's history: month after month of billing, shifts, payments by every method with the payers'
//! habits, counter sales, the odd void and short drawer, one transaction per simulated day.
#![allow(clippy::inconsistent_digit_grouping)]

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate};
use feedesk_ledger::auth::{self, Approval, Ctx};
use feedesk_ledger::billing::{self, Basis};
use feedesk_ledger::collect::{self, CollectRequest, SaleLine, SaleRequest};
use feedesk_ledger::tender::{PayMethod, Tender};
use feedesk_ledger::{charges, corrections, db, period, shift, Money, Result};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Habit {
    /// Pays within the month, every month.
    Monthly,
    /// Every three months.
    Quarterly,
    /// Every six months; some add a prepayment.
    HalfYearly { prepays: bool },
    /// Lets 2-4 months run up, then clears everything.
    Late,
    /// Rarely (or never) pays; when they do, only the oldest charges.
    Chronic { never: bool },
}

pub(super) struct Payer {
    unit_id: i64,
    code: String,
    habit: Habit,
    method: PayMethod,
    /// Month index of the next payment.
    next: usize,
    start_month: usize,
}

pub(super) fn draw_method(rng: &mut ChaCha8Rng) -> PayMethod {
    match rng.gen_range(0..100) {
        0..=34 => PayMethod::Cash,
        35..=69 => PayMethod::Wechat,
        70..=89 => PayMethod::Alipay,
        90..=96 => PayMethod::Unionpay,
        _ => PayMethod::Transfer,
    }
}

pub(super) fn draw_habit(rng: &mut ChaCha8Rng) -> Habit {
    match rng.gen_range(0..100) {
        0..=44 => Habit::Monthly,
        45..=69 => Habit::Quarterly,
        70..=81 => Habit::HalfYearly {
            prepays: rng.gen_bool(0.35),
        },
        82..=91 => Habit::Late,
        _ => Habit::Chronic {
            never: rng.gen_bool(0.5),
        },
    }
}

/// The bank's or wallet's transaction reference for a non-cash payment.
pub(super) fn reference(rng: &mut ChaCha8Rng, method: PayMethod, date: NaiveDate) -> String {
    let digits = |rng: &mut ChaCha8Rng, n: usize| {
        (0..n)
            .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
            .collect::<String>()
    };
    match method {
        PayMethod::Wechat => format!("4200{}{}", date.format("%Y%m%d"), digits(rng, 16)),
        PayMethod::Alipay => format!("{}{}", date.format("%Y%m%d"), digits(rng, 20)),
        PayMethod::Unionpay => digits(rng, 12),
        PayMethod::Transfer => format!("HZ{}{}", date.format("%Y%m%d"), digits(rng, 8)),
        _ => String::new(),
    }
}

/// What a cash payer hands over for `due` fen: usually rounded up to notes, sometimes exact.
pub(super) fn cash_handed(rng: &mut ChaCha8Rng, due: i64) -> i64 {
    if rng.gen_bool(0.2) {
        return due;
    }
    let step = if due <= 50_00 {
        *[10_00, 50_00, 100_00].choose(rng).expect("non-empty")
    } else if due <= 500_00 {
        *[50_00, 100_00].choose(rng).expect("non-empty")
    } else {
        100_00
    };
    (due + step - 1) / step * step
}

pub(super) fn tender(rng: &mut ChaCha8Rng, method: PayMethod, due: i64, date: NaiveDate) -> Tender {
    let amount = if method == PayMethod::Cash {
        cash_handed(rng, due)
    } else {
        due
    };
    Tender {
        method,
        amount: Money::from_fen(amount),
        reference: reference(rng, method, date),
    }
}

/// One thing that happens at the counter during a day.
pub(super) enum Visit {
    Pay(usize),
    Sale,
}

pub(super) struct Users {
    supervisor: Ctx,
    cashiers: [Ctx; 2],
}

pub(super) fn login(
    conn: &Connection,
    user: &str,
    password: &str,
    now: DateTime<FixedOffset>,
) -> Result<Ctx> {
    let actor = auth::login(conn, user, password)?;
    auth::ctx_for(conn, actor, now)
}

/// The shops, the cashiers and the payers the simulation works with.
struct Office<'a> {
    users: Users,
    approval: Approval,
    payers: Vec<Payer>,
    units: &'a [UnitSpec],
    sales_per_day: usize,
}

/// Each unit's payer: how they pay and when they come next.
fn draw_payers(conn: &Connection, rng: &mut ChaCha8Rng, units: &[UnitSpec]) -> Result<Vec<Payer>> {
    let mut payers = Vec::with_capacity(units.len());
    let mut stmt = conn.prepare("SELECT id FROM units WHERE code = ?1")?;
    for u in units {
        let code = u.code();
        let unit_id: i64 = stmt.query_row([&code], |r| r.get(0))?;
        let habit = draw_habit(rng);
        let next = match habit {
            Habit::Monthly => 0,
            Habit::Quarterly => rng.gen_range(0..3),
            Habit::HalfYearly { .. } => rng.gen_range(0..6),
            Habit::Late => rng.gen_range(1..4),
            Habit::Chronic { .. } => usize::MAX,
        };
        payers.push(Payer {
            unit_id,
            code,
            habit,
            method: draw_method(rng),
            next: next.max(u.start_month),
            start_month: u.start_month,
        });
    }
    Ok(payers)
}

/// The 1st of the month: the supervisor records the shared meter's bill and runs the billing.
fn bill_month(
    conn: &mut Connection,
    office: &Office,
    rng: &mut ChaCha8Rng,
    m: usize,
    first_day: NaiveDate,
    period: &str,
) -> Result<usize> {
    let mut ctx = office.users.supervisor.clone();
    ctx.now = at(first_day, 8 * 3600 + 10 * 60);
    let tx = conn.transaction()?;
    // 0.80–1.20 yuan per m² of the flats billed this month
    let rate_fen = rng.gen_range(80..=120);
    let billed_area: i64 = office
        .units
        .iter()
        .filter(|u| u.kind == Kind::Residential && u.start_month <= m)
        .map(|u| u.area)
        .sum();
    let total = billed_area * rate_fen / 100;
    if total > 0 {
        let pool = billing::NewPool {
            item: "GTDF".into(),
            period: period.to_string(),
            building: None,
            total: Money::from_fen(total),
            basis: Basis::Area,
            note: format!("{period} 公共区域用电（供电局账单）"),
        };
        billing::create_pool(&tx, &ctx, &pool)?;
    }
    let r = billing::run(&tx, &ctx, period)?;
    tx.commit()?;
    Ok(r.preview.charges)
}

/// Who pays in month `m`, and on which of its `n_days` counter days.
fn schedule(
    payers: &mut [Payer],
    rng: &mut ChaCha8Rng,
    m: usize,
    n_days: usize,
) -> Vec<Vec<usize>> {
    let mut schedule: Vec<Vec<usize>> = vec![Vec::new(); n_days];
    for (i, p) in payers.iter_mut().enumerate() {
        if p.start_month > m {
            continue;
        }
        let pays = match p.habit {
            Habit::Chronic { never } => !never && rng.gen_bool(0.06),
            _ => p.next <= m,
        };
        if !pays {
            continue;
        }
        p.next = match p.habit {
            Habit::Monthly => m + if rng.gen_bool(0.05) { 2 } else { 1 },
            Habit::Quarterly => m + 3,
            Habit::HalfYearly { .. } => m + 6,
            Habit::Late => m + rng.gen_range(3..=5),
            Habit::Chronic { .. } => usize::MAX,
        };
        // Early in the month is busier: the earlier of two draws.
        let d = rng.gen_range(0..n_days).min(rng.gen_range(0..n_days));
        schedule[d].push(i);
    }
    schedule
}

/// One counter day in one transaction: the shift opened, the payers and walk-in sales in time order,
/// the shift closed (now and then ¥10 short) and the day closed. Returns (receipts, voids).
#[allow(clippy::too_many_arguments)]
fn counter_day(
    conn: &mut Connection,
    office: &Office,
    rng: &mut ChaCha8Rng,
    cashier: usize,
    date: NaiveDate,
    payers_today: &[usize],
    force_void: bool,
) -> Result<(usize, usize)> {
    let mut visits: Vec<(u32, Visit)> = payers_today
        .iter()
        .map(|&i| (rng.gen_range(31_000..62_400), Visit::Pay(i)))
        .collect();
    for _ in 0..rng.gen_range(0..=office.sales_per_day * 2) {
        visits.push((rng.gen_range(31_000..62_400), Visit::Sale));
    }
    visits.sort_by_key(|v| v.0);
    let mut ctx = office.users.cashiers[cashier].clone();
    let tx = conn.transaction()?;
    ctx.now = at(date, 8 * 3600 + 30 * 60);
    let shift_id = shift::open(&tx, &ctx, Money::from_fen(FLOAT_FEN))?;
    let (mut receipts, mut voids) = (0, 0);
    for (secs, visit) in visits {
        ctx.now = at(date, secs);
        // About one receipt in 300 is typed wrong and voided at once; the demo shows at least one.
        let void_first = rng.gen_range(0..300) == 0
            || (force_void && voids == 0 && matches!(visit, Visit::Pay(_)));
        match visit {
            Visit::Pay(i) => {
                let (n, v) = pay(
                    &tx,
                    &mut ctx,
                    rng,
                    &office.payers[i],
                    date,
                    secs,
                    void_first,
                    &office.approval,
                )?;
                receipts += n;
                voids += v as usize;
            }
            Visit::Sale => {
                let unit = rng
                    .gen_bool(0.6)
                    .then(|| office.payers.choose(rng).expect("units").code.clone());
                receipts += sell(
                    &tx,
                    &mut ctx,
                    rng,
                    unit,
                    date,
                    secs,
                    void_first,
                    &office.approval,
                )?;
                voids += void_first as usize;
            }
        }
    }
    ctx.now = at(date, 17 * 3600 + 30 * 60);
    let expected = shift::expected_cash(&tx, shift_id)?;
    let short = expected.fen() >= 10_00 && rng.gen_range(0..40) == 0;
    let (counted, note) = if short {
        (
            expected - Money::from_yuan(10),
            "短款10元，已按实点金额登记",
        )
    } else {
        (expected, "")
    };
    let close = shift::CloseRequest {
        cash_counts: shift::counts_for(counted),
        non_cash: shift::expected_non_cash(&tx, shift_id)?,
        note: note.into(),
        approval: short.then(|| office.approval.clone()),
        shift_id: None,
    };
    shift::close(&tx, &ctx, &close)?;
    // 日结: the counter's day is closed once the shift is in.
    ctx.now = at(date, 17 * 3600 + 40 * 60);
    feedesk_ledger::day_close::close_day(&tx, &ctx, date)?;
    tx.commit()?;
    Ok((receipts, voids))
}

pub(super) fn simulate(
    path: &Path,
    opts: &DemoOptions,
    plan: &Plan,
    rng: &mut ChaCha8Rng,
    units: &[UnitSpec],
    started: Instant,
    on_step: feedesk_ledger::progress::OnStep,
) -> Result<()> {
    let mut conn = db::open(path)?;
    // Nothing here needs to survive a power cut: a failed build is deleted. FULL again at the end.
    conn.execute_batch("PRAGMA synchronous = OFF;")?;
    // A receipt runs some 30 distinct cached statements; rusqlite keeps 16 by default, so they would be
    // parsed again for every receipt.
    conn.set_prepared_statement_cache_capacity(256);
    let t0 = at(plan.first(), 8 * 3600);
    let users = Users {
        supervisor: login(&conn, SUPERVISOR.0, SUPERVISOR.1, t0)?,
        cashiers: [
            login(&conn, CASHIERS[0].0, CASHIERS[0].1, t0)?,
            login(&conn, CASHIERS[1].0, CASHIERS[1].1, t0)?,
        ],
    };
    let mut office = Office {
        users,
        approval: Approval {
            username: SUPERVISOR.0.into(),
            password: SUPERVISOR.1.into(),
        },
        payers: draw_payers(&conn, rng, units)?,
        units,
        sales_per_day: (opts.units / 400).max(2),
    };
    let (mut day_no, mut voids) = (0usize, 0usize);
    for (m, first_day) in plan.months.iter().enumerate() {
        on_step(m as u64, plan.months.len() as u64);
        let period = period::period_of(*first_day);
        let m_started = Instant::now();
        let charges = bill_month(&mut conn, &office, rng, m, *first_day, &period)?;
        let days = plan.working_days(m);
        let plan_days = schedule(&mut office.payers, rng, m, days.len().max(1));
        let mut receipts = 0usize;
        for (d, date) in days.iter().enumerate() {
            let force_void = m + 1 == plan.months.len() && voids == 0;
            let (n, v) = counter_day(
                &mut conn,
                &office,
                rng,
                day_no % 2,
                *date,
                &plan_days[d],
                force_void,
            )?;
            day_no += 1;
            receipts += n;
            voids += v;
        }
        if opts.progress {
            eprintln!(
                "[demo] {period}: {charges} 笔应收，{} 个收费日，{receipts} 张收据（本月 {:.1}s，累计 {:.1}s）",
                days.len(),
                m_started.elapsed().as_secs_f64(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(())
}

/// A unit pays at the counter. Returns the number of receipts issued and whether one was voided.
#[allow(clippy::too_many_arguments)]
pub(super) fn pay(
    tx: &rusqlite::Transaction,
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    p: &Payer,
    date: NaiveDate,
    secs: u32,
    void_first: bool,
    approval: &Approval,
) -> Result<(usize, bool)> {
    let (due, prepaid): (i64, i64) = tx
        .prepare_cached(
            "SELECT receivable_fen, prepayment_fen FROM unit_balances WHERE unit_id = ?1",
        )?
        .query_row([p.unit_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, 0));
    if due <= 0 {
        return Ok((0, false));
    }
    let method = if rng.gen_bool(0.8) {
        p.method
    } else {
        draw_method(rng)
    };
    // Chronic debtors, when they come, settle only the oldest few charges.
    let (charges, due) = match p.habit {
        Habit::Chronic { .. } => {
            let open = charges::open_charges(tx, p.unit_id)?;
            let take = rng.gen_range(1..=3).min(open.len());
            (
                Some(open[..take].iter().map(|c| c.charge_id).collect::<Vec<_>>()),
                open[..take].iter().map(|c| c.open_fen).sum(),
            )
        }
        _ => (None, due),
    };
    let mut req = CollectRequest {
        unit: p.code.clone(),
        charges,
        tenders: vec![],
        to_prepayment: false,
        amount_fen: None,
        payer: None,
        note: String::new(),
    };
    let mut issued = 0;
    if prepaid > 0 && req.charges.is_none() {
        // The prepayment balance is used first; the rest is paid as usual.
        let used = prepaid.min(due);
        req.tenders.push(Tender {
            method: PayMethod::Prepayment,
            amount: Money::from_fen(used),
            reference: String::new(),
        });
        if due > used {
            req.tenders.push(tender(rng, method, due - used, date));
        }
        req.note = "预存款抵扣".into();
        collect::collect(tx, ctx, &req)?;
        issued += 1;
        if let Habit::HalfYearly { prepays: true } = p.habit {
            // …and tops the balance up again for the next months (a receipt with only a prepayment line).
            ctx.now = at(date, secs + 30);
            let extra = *[500_00, 1000_00, 2000_00].choose(rng).expect("non-empty");
            let top_up = CollectRequest {
                charges: Some(vec![]),
                tenders: vec![Tender {
                    method,
                    amount: Money::from_fen(extra),
                    reference: reference(rng, method, date),
                }],
                to_prepayment: true,
                amount_fen: None,
                note: "预存物业费".into(),
                ..req
            };
            collect::collect(tx, ctx, &top_up)?;
            issued += 1;
        }
        return Ok((issued, false));
    } else {
        if void_first {
            // The cashier types one zero too many and keeps the excess as prepayment; caught at once.
            let wrong = CollectRequest {
                tenders: vec![Tender {
                    method,
                    amount: Money::from_fen(due * 10),
                    reference: reference(rng, method, date),
                }],
                to_prepayment: true,
                amount_fen: None,
                ..req.clone()
            };
            let r = collect::collect(tx, ctx, &wrong)?;
            ctx.now = at(date, secs + 60);
            corrections::void(tx, ctx, &r.number, "金额录入错误，多输了一个0", approval)?;
            ctx.now = at(date, secs + 120);
            issued += 1;
        }
        let prepay_extra = match p.habit {
            Habit::HalfYearly { prepays: true } if req.charges.is_none() => {
                *[500_00, 1000_00, 2000_00].choose(rng).expect("non-empty")
            }
            _ => 0,
        };
        if prepay_extra > 0 {
            let amount = (due + prepay_extra + 100_00 - 1) / 100_00 * 100_00;
            req.tenders.push(Tender {
                method,
                amount: Money::from_fen(amount),
                reference: reference(rng, method, date),
            });
            req.to_prepayment = true;
            req.note = "多缴部分转预存".into();
        } else {
            req.tenders.push(tender(rng, method, due, date));
        }
    }
    collect::collect(tx, ctx, &req)?;
    Ok((issued + 1, issued > 0))
}

/// A counter sale (有偿服务, 会所). Returns the number of receipts issued.
#[allow(clippy::too_many_arguments)]
pub(super) fn sell(
    tx: &rusqlite::Transaction,
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    unit: Option<String>,
    date: NaiveDate,
    secs: u32,
    void_first: bool,
    approval: &Approval,
) -> Result<usize> {
    let (item, qty, price): (&str, i64, i64) = match rng.gen_range(0..100) {
        0..=49 => ("FYF", rng.gen_range(1..=30), 50),
        50..=69 => ("YSF", rng.gen_range(1..=3), 15_00),
        70..=89 => ("BJF", rng.gen_range(1..=2), 80_00),
        _ => ("HSF", rng.gen_range(1..=4), 200_00),
    };
    let method = draw_method(rng);
    let mut lines = vec![SaleLine {
        item: item.into(),
        quantity: Decimal::from(qty),
        unit_price: None,
    }];
    let mut due = qty * price;
    if item == "YSF" && rng.gen_bool(0.3) {
        let copies = rng.gen_range(1..=4);
        lines.push(SaleLine {
            item: "FYF".into(),
            quantity: Decimal::from(copies),
            unit_price: None,
        });
        due += copies * 50;
    }
    let payer = unit.is_none().then(|| {
        if item == "HSF" {
            "业主活动预订".to_string()
        } else {
            "散客".to_string()
        }
    });
    let mut issued = 0;
    if void_first {
        let mut wrong_lines = lines.clone();
        wrong_lines[0].quantity = Decimal::from(qty * 10);
        let wrong_due = due + 9 * qty * price;
        let wrong = SaleRequest {
            unit: unit.clone(),
            payer: payer.clone(),
            lines: wrong_lines,
            tenders: vec![tender(rng, method, wrong_due, date)],
            note: String::new(),
        };
        let r = collect::sale(tx, ctx, &wrong)?;
        ctx.now = at(date, secs + 60);
        corrections::void(tx, ctx, &r.number, "数量录入错误", approval)?;
        ctx.now = at(date, secs + 120);
        issued += 1;
    }
    let req = SaleRequest {
        unit,
        payer,
        lines,
        tenders: vec![tender(rng, method, due, date)],
        note: String::new(),
    };
    collect::sale(tx, ctx, &req)?;
    Ok(issued + 1)
}
