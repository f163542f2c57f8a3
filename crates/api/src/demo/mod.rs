//! The demo estate (演示账套): a new ledger holding a realistic estate — 阳光花园, its units and owners,
//! fee items and standards — and months of history: monthly billing with a shared-electricity pool,
//! cashiers' shifts, payments by every method, counter sales, the odd void and a short drawer.
//! Deterministic for a seed (receipt UUIDs and outbox hashes aside, which use the real clock).
//!
//! Set-up goes through the api (init, users, fee items, standards, and the units import from a
//! CSV in the import template's format). The bulk history is written with the module-level operations
//! (`billing::run`, `shift::open`, `collect::collect`, …) on one connection, one transaction per
//! simulated day and `synchronous = OFF` while generating, so a 20,000-unit, 60-month ledger for the
//! benchmarks builds in minutes rather than hours. Every receipt still goes through the real code path:
//! numbering, allocations, journal, balances, outbox and audit.

// Amounts in fen are written yuan_fen (`500_00` is 500.00 yuan), not in groups of three.
#![allow(clippy::inconsistent_digit_grouping)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate, TimeZone, Utc, Weekday};
use feedesk_ledger::auth::Role;
use feedesk_ledger::{db, err, period, Result};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use serde::Serialize;

use crate::{self as api, InitRequest, Ledger, NewUser};

mod estate;
mod simulate;

use estate::{estate_units, import_units, set_up_fees, Kind, UnitSpec};
use simulate::simulate;

pub const COMPANY: &str = "阳光物业服务有限公司";
pub const ESTATE: &str = "阳光花园";
pub const DESK: &str = "A01";

/// (username, display name, role, password) of the demo's users; `admin` is created by `api::init`.
pub const USERS: [(&str, &str, Role, &str); 4] = [
    ("admin", "王建国", Role::Admin, "admin123"),
    ("lisi", "李四", Role::Cashier, "123456"),
    ("zhaoliu", "赵六", Role::Cashier, "123456"),
    ("zhangmin", "张敏", Role::Supervisor, "123456"),
];

const SUPERVISOR: (&str, &str) = ("zhangmin", "123456");
const CASHIERS: [(&str, &str); 2] = [("lisi", "123456"), ("zhaoliu", "123456")];
/// The import refuses more rows than this, so the demo does too.
const MAX_UNITS: usize = feedesk_ledger::import::MAX_DATA_ROWS;
const MAX_MONTHS: u32 = 240;
const FLOAT_FEN: i64 = 500_00;

#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Number of units (≈85% flats, 8% shops, 7% parking spaces). Default 1200.
    pub units: usize,
    /// Months of history. Default 12.
    pub months: u32,
    /// Seed of the generator: the same seed gives the same estate and history. Default 2026.
    pub seed: u64,
    /// Last billed month `YYYY-MM`. Empty = the month before `now` (the default).
    pub end_period: String,
    /// The present. Days on or after `now`'s date are not simulated.
    pub now: DateTime<FixedOffset>,
    /// Print one line per month to stderr.
    pub progress: bool,
}

pub use feedesk_ledger::auth::cst;

impl DemoOptions {
    /// The defaults, with `now` given (the clock is passed in, never read inside domain code).
    pub fn new(now: DateTime<FixedOffset>) -> DemoOptions {
        DemoOptions {
            units: 1200,
            months: 12,
            seed: 2026,
            end_period: default_end_period(now),
            now,
            progress: false,
        }
    }
}

impl Default for DemoOptions {
    /// The defaults at the current time in +08:00.
    fn default() -> Self {
        DemoOptions::new(Utc::now().with_timezone(&cst()))
    }
}

/// The month before `now`'s month, `YYYY-MM`.
pub fn default_end_period(now: DateTime<FixedOffset>) -> String {
    let first = now.date_naive().with_day(1).expect("day 1");
    period::period_of(first.checked_sub_months(Months::new(1)).expect("in range"))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub company: String,
    pub estate: String,
    pub desk: String,
    pub seed: u64,
    pub first_period: String,
    pub last_period: String,
    pub months: u32,
    pub units: usize,
    pub residential: usize,
    pub shops: usize,
    pub parking: usize,
    pub buildings: usize,
    pub owners: usize,
    pub charges: usize,
    pub charges_fen: i64,
    pub receipts: usize,
    pub payment_receipts: usize,
    pub sale_receipts: usize,
    pub voids: usize,
    /// Total of the receipts that stand (not void).
    pub received_fen: i64,
    pub shifts: usize,
    /// Shifts closed a yuan or more short (长短款). (Leftover fen below the smallest counted
    /// denomination, 0.1 yuan, are not counted here.)
    pub short_shifts: usize,
    pub arrears_units: usize,
    pub arrears_fen: i64,
    /// Units billed at least once that owe nothing.
    pub paid_up_units: usize,
    pub prepayment_units: usize,
    pub prepayment_fen: i64,
    pub outbox_events: usize,
    /// (username, role, password) of every demo user, to show in the README and CLI.
    pub users: Vec<(String, String, String)>,
}

/// Create a new demo ledger at `path`. Refuses an existing file. On failure the partial file is removed.
pub fn build(path: &Path, opts: &DemoOptions) -> Result<DemoSummary> {
    build_reporting(path, opts, &feedesk_ledger::progress::silent)
}

/// `build`, reporting the months simulated (done, total) as it goes.
pub fn build_reporting(
    path: &Path,
    opts: &DemoOptions,
    on_step: feedesk_ledger::progress::OnStep,
) -> Result<DemoSummary> {
    if path.exists() {
        return Err(err!(
            Duplicate,
            ("文件 {} 已存在；演示账套只能新建，请换一个文件名或先删除它", path.display()),
            ("{} already exists; the demo only creates a new ledger, choose another name or delete it first", path.display())
        ));
    }
    let plan = Plan::new(opts)?;
    let out = build_inner(path, opts, &plan, on_step);
    if out.is_err() {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
    out
}

// ------------------------------------------------------------------------------------------ the plan

/// Validated options: the months to simulate.
struct Plan {
    /// First day of each simulated month, oldest first.
    months: Vec<NaiveDate>,
    today: NaiveDate,
}

impl Plan {
    fn new(opts: &DemoOptions) -> Result<Plan> {
        if opts.units < 10 || opts.units > MAX_UNITS {
            return Err(err!(
                InvalidInput,
                "演示房屋数应在 10 到 {MAX_UNITS} 之间",
                "the demo needs between 10 and {MAX_UNITS} units"
            ));
        }
        if opts.months < 1 || opts.months > MAX_MONTHS {
            return Err(err!(
                InvalidInput,
                "演示月数应在 1 到 {MAX_MONTHS} 之间",
                "the demo needs between 1 and {MAX_MONTHS} months"
            ));
        }
        let end = if opts.end_period.trim().is_empty() {
            default_end_period(opts.now)
        } else {
            period::parse_period(&opts.end_period)?
        };
        let now_period = period::period_of(opts.now.date_naive());
        if end > now_period {
            return Err(err!(
                InvalidInput,
                "最后计费月 {end} 晚于当前月份 {now_period}，不能生成未来的历史",
                "the last billed month {end} is after the current month {now_period}; the history cannot be in the future"
            ));
        }
        let (end_first, _) = period::period_bounds(&end);
        let first = end_first
            .checked_sub_months(Months::new(opts.months - 1))
            .filter(|d| d.year() >= 2001)
            .ok_or_else(|| {
                err!(
                    InvalidInput,
                    "演示历史太长",
                    "the demo history reaches too far back"
                )
            })?;
        let months = (0..opts.months)
            .map(|i| first.checked_add_months(Months::new(i)).expect("in range"))
            .collect();
        Ok(Plan {
            months,
            today: opts.now.date_naive(),
        })
    }

    fn first(&self) -> NaiveDate {
        self.months[0]
    }

    /// Counter days of month `m` (Monday to Saturday) before today.
    fn working_days(&self, m: usize) -> Vec<NaiveDate> {
        let first = self.months[m];
        let next = first.checked_add_months(Months::new(1)).expect("in range");
        first
            .iter_days()
            .take_while(|d| *d < next && *d < self.today)
            .filter(|d| d.weekday() != Weekday::Sun)
            .collect()
    }
}

fn at(date: NaiveDate, secs: u32) -> DateTime<FixedOffset> {
    let naive = date
        .and_hms_opt(secs / 3600, (secs / 60) % 60, secs % 60)
        .expect("valid time");
    cst()
        .from_local_datetime(&naive)
        .single()
        .expect("fixed offset")
}

// ------------------------------------------------------------------------------------------ the estate

// ------------------------------------------------------------------------------------------ behaviour

// ------------------------------------------------------------------------------------------ the build

fn build_inner(
    path: &Path,
    opts: &DemoOptions,
    plan: &Plan,
    on_step: feedesk_ledger::progress::OnStep,
) -> Result<DemoSummary> {
    let started = Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let first_period = period::period_of(plan.first());
    // The office set the ledger up the day before the first billed month.
    let setup_time = at(plan.first() - chrono::Days::new(1), 9 * 3600);

    // ---- set-up through the API, as an office would do it
    {
        let mut l = Ledger::open(path)?;
        let (admin_user, admin_name, _, admin_pw) = USERS[0];
        api::init(
            &mut l,
            &InitRequest {
                company_name: COMPANY.into(),
                estate_name: ESTATE.into(),
                desk_code: DESK.into(),
                admin_username: admin_user.into(),
                admin_display_name: admin_name.into(),
                admin_password: admin_pw.into(),
            },
            setup_time,
        )?;
        let admin = api::login(&l, admin_user, admin_pw, setup_time)?;
        for (username, display_name, role, password) in &USERS[1..] {
            api::create_user(
                &mut l,
                &admin,
                &NewUser {
                    username: (*username).into(),
                    display_name: (*display_name).into(),
                    role: *role,
                    password: (*password).into(),
                },
            )?;
        }
        set_up_fees(&mut l, &admin, &first_period)?;
        let units = estate_units(&mut rng, opts.units, plan);
        import_units(&mut l, &admin, &units)?;
        if opts.progress {
            eprintln!(
                "[demo] {} 户已导入，收费项目与标准已设置（{:.1}s）",
                units.len(),
                started.elapsed().as_secs_f64()
            );
        }
        drop(l);
        simulate(path, opts, plan, &mut rng, &units, started, on_step)?;
    }

    let conn = db::open(path)?;
    summary(&conn, opts, plan)
}

// ------------------------------------------------------------------------------------------ the summary

fn summary(conn: &Connection, opts: &DemoOptions, plan: &Plan) -> Result<DemoSummary> {
    let count = |sql: &str| -> Result<i64> {
        Ok(conn
            .query_row(sql, [], |r| r.get::<_, Option<i64>>(0))?
            .unwrap_or(0))
    };
    let n = |sql: &str| -> Result<usize> { Ok(count(sql)? as usize) };
    // The users as stored, with the passwords the demo gave them.
    let mut users = Vec::new();
    {
        let mut stmt =
            conn.prepare("SELECT username, role FROM users WHERE active = 1 ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let username: String = r.get(0)?;
            let password = USERS
                .iter()
                .find(|u| u.0 == username)
                .map(|u| u.3.to_string())
                .unwrap_or_default();
            users.push((username, r.get(1)?, password));
        }
    }
    Ok(DemoSummary {
        company: db::setting(conn, "company_name")?.unwrap_or_default(),
        estate: db::setting(conn, "estate_name")?.unwrap_or_default(),
        desk: db::setting(conn, "desk_code")?.unwrap_or_default(),
        seed: opts.seed,
        first_period: period::period_of(plan.first()),
        last_period: period::period_of(*plan.months.last().expect("at least one month")),
        months: opts.months,
        units: n("SELECT COUNT(*) FROM units")?,
        residential: n("SELECT COUNT(*) FROM units WHERE unit_type = 'residential'")?,
        shops: n("SELECT COUNT(*) FROM units WHERE unit_type = 'shop'")?,
        parking: n("SELECT COUNT(*) FROM units WHERE unit_type = 'parking'")?,
        buildings: n("SELECT COUNT(*) FROM buildings")?,
        owners: n("SELECT COUNT(*) FROM parties WHERE role = 'owner' AND active = 1")?,
        charges: n("SELECT COUNT(*) FROM charges")?,
        charges_fen: count("SELECT SUM(amount_fen) FROM charges")?,
        receipts: n("SELECT COUNT(*) FROM receipts")?,
        payment_receipts: n("SELECT COUNT(*) FROM receipts WHERE kind = 'payment'")?,
        sale_receipts: n("SELECT COUNT(*) FROM receipts WHERE kind = 'sale'")?,
        voids: n("SELECT COUNT(*) FROM voids")?,
        received_fen: count("SELECT SUM(total_fen) FROM receipts r WHERE NOT EXISTS (SELECT 1 FROM voids v WHERE v.receipt_id = r.id)")?,
        shifts: n("SELECT COUNT(*) FROM shifts")?,
        short_shifts: n("SELECT COUNT(*) FROM shift_closes WHERE expected_cash_fen - counted_cash_fen >= 100")?,
        arrears_units: n("SELECT COUNT(*) FROM unit_balances WHERE receivable_fen > 0")?,
        arrears_fen: count("SELECT SUM(receivable_fen) FROM unit_balances WHERE receivable_fen > 0")?,
        paid_up_units: n("SELECT COUNT(*) FROM unit_balances WHERE receivable_fen = 0")?,
        prepayment_units: n("SELECT COUNT(*) FROM unit_balances WHERE prepayment_fen > 0")?,
        prepayment_fen: count("SELECT SUM(prepayment_fen) FROM unit_balances")?,
        outbox_events: n("SELECT COUNT(*) FROM outbox")?,
        users,
    })
}

#[cfg(test)]
mod tests {
    use super::estate::{resident_id, resident_id_check};
    use super::*;

    #[test]
    fn resident_id_check_digit() {
        // GB 11643 example: 11010519491231002X
        assert_eq!(resident_id_check("11010519491231002"), 'X');
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..100 {
            let id = resident_id(&mut rng);
            assert_eq!(id.len(), 18);
            assert_eq!(resident_id_check(&id[..17]), id.chars().last().unwrap());
        }
    }

    #[test]
    fn default_end_is_last_month() {
        let now = cst().with_ymd_and_hms(2026, 1, 15, 10, 0, 0).unwrap();
        assert_eq!(default_end_period(now), "2025-12");
    }
}
