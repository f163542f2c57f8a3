//! `feedesk bench`: speed figures, each printed beside its limit and beside a baseline measured in
//! the same run on the same disk with the same durability (WAL, synchronous=FULL), because this
//! machine's fsync is far cheaper than a counter PC's and absolute numbers mislead.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeZone};
use rusqlite::params;
use rust_decimal::Decimal;

use crate::api::{self, CollectRequest, Ctx, Ledger, Method, Scope, Tender};
use crate::collect::PayMethod;
use crate::estate::UnitType;
use crate::{demo, err, Money, Result};

pub struct BenchOptions {
    pub units: usize,
    pub months: u32,
    pub samples: usize,
    pub dir: PathBuf,
    /// Run only these parts (collect, billing, large); empty = all.
    pub only: Vec<String>,
}

fn at(y: i32, m: u32, d: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(y, m, d, 10, 0, 0)
        .unwrap()
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    // Nearest-rank percentile over the sorted samples.
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

struct Report {
    failures: usize,
}

impl Report {
    fn line(&mut self, name: &str, figure: String, limit: String, ok: bool) {
        if !ok {
            self.failures += 1;
        }
        println!(
            "{:<58} {:<44} limit {:<24} {}",
            name,
            figure,
            limit,
            if ok { "ok" } else { "OVER" }
        );
    }
}

fn fresh(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    Ok(())
}

/// A ledger with `units` residential units and three monthly fee items (by area, fixed, by area).
fn small_estate(path: &Path, units: usize) -> Result<(Ledger, Ctx)> {
    fresh(path)?;
    let mut l = Ledger::open(path)?;
    let now = at(2026, 1, 5);
    api::init(
        &mut l,
        &api::InitRequest {
            company_name: "基准测试物业".into(),
            estate_name: "基准花园".into(),
            desk_code: "B01".into(),
            admin_username: "admin".into(),
            admin_display_name: "管理员".into(),
            admin_password: "bench-admin".into(),
        },
        now,
    )?;
    let ctx = api::login(&l, "admin", "bench-admin", now)?;
    let csv = path.with_extension("csv");
    let mut text = String::from("楼栋,单元,房号,房屋类型,建筑面积,业主姓名,联系电话\n");
    for i in 0..units {
        let (b, e, r) = (
            i / 400 + 1,
            (i / 100) % 4 + 1,
            101 + (i % 100) / 4 * 100 + i % 4,
        );
        let area = Decimal::new(6000 + ((i * 7919) % 10000) as i64, 2);
        text += &format!("{b},{e},{r},住宅,{area},业主{i},138{:08}\n", i);
    }
    std::fs::write(&csv, text).map_err(|e| err!(Storage, "写入失败：{e}", "write failed: {e}"))?;
    api::import_units(&mut l, &ctx, &csv)?;
    let _ = std::fs::remove_file(&csv);
    for (code, name, method, rate) in [
        ("WYF", "物业服务费", Method::PerArea, Decimal::new(235, 2)),
        ("LJF", "垃圾处理费", Method::Fixed, Decimal::new(10, 0)),
        ("ZXF", "专项维修资金", Method::PerArea, Decimal::new(25, 2)),
    ] {
        api::create_fee_item(&mut l, &ctx, code, name, method, "")?;
        api::set_fee_standard(
            &mut l,
            &ctx,
            code,
            rate,
            &Scope::UnitType(UnitType::Residential),
            "2025-01",
        )?;
    }
    Ok((l, ctx))
}

/// Commits of one small row, one transaction each: the floor under any committed operation.
fn bare_commit(l: &Ledger) -> Result<Duration> {
    let t = Instant::now();
    l.conn()
        .execute("INSERT INTO bench_bare(v) VALUES (?1)", [1])?;
    Ok(t.elapsed())
}

fn bench_collect(r: &mut Report, dir: &Path, samples: usize) -> Result<()> {
    let path = dir.join("collect.sqlite");
    let (mut l, admin) = small_estate(&path, samples)?;
    for p in ["2025-09", "2025-10", "2025-11", "2025-12"] {
        api::billing_run(&mut l, &admin, p)?;
    }
    api::create_user(
        &mut l,
        &admin,
        &api::NewUser {
            username: "cashier".into(),
            display_name: "收费员".into(),
            role: api::Role::Cashier,
            password: "bench-cashier".into(),
        },
    )?;
    let ctx = api::login(&l, "cashier", "bench-cashier", at(2026, 1, 5))?;
    api::open_shift(&mut l, &ctx, Money::from_yuan(500))?;
    l.conn().execute_batch(
        "CREATE TABLE IF NOT EXISTS bench_bare(id INTEGER PRIMARY KEY, v INTEGER)",
    )?;
    let codes: Vec<String> = {
        let mut s = l.conn().prepare("SELECT code FROM units ORDER BY id")?;
        let v = s
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        v
    };
    let (mut c_times, mut b_times) = (Vec::new(), Vec::new());
    for code in &codes {
        let open = api::unit_arrears(&l, &ctx, code)?;
        assert_eq!(open.charges.len(), 12, "bench unit has 12 open charges");
        let tendered = Money::from_fen((open.total_fen + 9999) / 10000 * 10000);
        let req = CollectRequest::all_open(code, vec![Tender::cash(tendered)]);
        // Interleave the two so machine noise falls on both alike.
        b_times.push(bare_commit(&l)?);
        let t = Instant::now();
        let receipt = api::collect(&mut l, &ctx, &req)?;
        c_times.push(t.elapsed());
        assert_eq!(receipt.lines.len(), 12);
    }
    c_times.sort();
    b_times.sort();
    let (c50, c99, b50, b99) = (
        pct(&c_times, 50.0),
        pct(&c_times, 99.0),
        pct(&b_times, 50.0),
        pct(&b_times, 99.0),
    );
    let ratio = c99.as_secs_f64() / b99.as_secs_f64();
    r.line(
        &format!("collect + receipt, 12 charges (n={})", c_times.len()),
        format!("p50 {} p99 {}", ms(c50), ms(c99)),
        String::new(),
        true,
    );
    r.line(
        "bare 1-row commit, same file (WAL, synchronous=FULL)",
        format!("p50 {} p99 {}", ms(b50), ms(b99)),
        String::new(),
        true,
    );
    r.line(
        "collect p99 / bare commit p99",
        format!("{ratio:.2}×"),
        "≤ 3×".into(),
        ratio <= 3.0,
    );
    Ok(())
}

fn bench_billing(r: &mut Report, dir: &Path, units: usize) -> Result<()> {
    let path = dir.join("billing.sqlite");
    let (mut l, ctx) = small_estate(&path, units)?;
    let mut runs = Vec::new();
    let mut plain = Vec::new();
    let mut rows = 0;
    for p in ["2025-01", "2025-02", "2025-03"] {
        let t = Instant::now();
        let res = api::billing_run(&mut l, &ctx, p)?;
        runs.push(t.elapsed());
        rows = res.preview.charges;
        // The same number of rows of the same shape, into a table with no index, in one transaction.
        l.conn().execute_batch(
            "DROP TABLE IF EXISTS bench_plain;
             CREATE TABLE bench_plain(id INTEGER PRIMARY KEY, unit_id INTEGER, fee_item_id INTEGER, period TEXT, amount_fen INTEGER,
               quantity TEXT, rate TEXT, basis TEXT, due_date TEXT, billing_run_id INTEGER);",
        )?;
        let t = Instant::now();
        {
            let conn = l.conn();
            conn.execute_batch("BEGIN IMMEDIATE")?;
            let mut ins = conn.prepare(
                "INSERT INTO bench_plain(unit_id, fee_item_id, period, amount_fen, quantity, rate, basis, due_date, billing_run_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for i in 0..rows {
                ins.execute(params![
                    i as i64 / 3,
                    i as i64 % 3,
                    p,
                    21025,
                    "89.47",
                    "2.35",
                    "89.47㎡ × 2.35",
                    "2025-01-31",
                    1
                ])?;
            }
            drop(ins);
            conn.execute_batch("COMMIT")?;
        }
        plain.push(t.elapsed());
    }
    runs.sort();
    plain.sort();
    let (b, p) = (runs[1], plain[1]);
    let ratio = b.as_secs_f64() / p.as_secs_f64();
    r.line(
        &format!("billing run, {units} units × 3 items = {rows} charges (median of 3)"),
        ms(b),
        String::new(),
        true,
    );
    r.line(
        &format!("plain insert of {rows} rows, one transaction"),
        ms(p),
        String::new(),
        true,
    );
    r.line(
        "billing run / plain insert",
        format!("{ratio:.2}×"),
        "≤ 3×".into(),
        ratio <= 3.0,
    );
    Ok(())
}

fn bench_arrears(r: &mut Report, dir: &Path, units: usize, months: u32) -> Result<()> {
    let path = dir.join(format!("estate-{units}u-{months}m.sqlite"));
    let now = at(2026, 11, 20);
    if !path.exists() {
        eprintln!(
            "building the {units}-unit, {months}-month database once (kept at {}) …",
            path.display()
        );
        let t = Instant::now();
        let tmp = dir.join("estate-building.sqlite");
        fresh(&tmp)?;
        demo::build(
            &tmp,
            &demo::DemoOptions {
                units,
                months,
                progress: true,
                ..demo::DemoOptions::new(now)
            },
        )?;
        std::fs::rename(&tmp, &path)
            .map_err(|e| err!(Storage, "改名失败：{e}", "rename failed: {e}"))?;
        eprintln!("built in {:.0} s", t.elapsed().as_secs_f64());
    }
    let l = Ledger::open(&path)?;
    let ctx = api::login(&l, "admin", "admin123", now)?;
    let (charges, receipts): (i64, i64) = l.conn().query_row(
        "SELECT (SELECT COUNT(*) FROM charges), (SELECT COUNT(*) FROM receipts)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("large database: {units} units, {months} months, {charges} charges, {receipts} receipts, {} MB", size / 1_000_000);
    let codes: Vec<String> = {
        let mut s = l.conn().prepare("SELECT code FROM units ORDER BY id")?;
        let v = s
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        v
    };
    let mut one = Vec::new();
    for i in 0..500usize {
        let code = &codes[(i * 7919) % codes.len()];
        let t = Instant::now();
        let a = api::unit_arrears(&l, &ctx, code)?;
        one.push(t.elapsed());
        std::hint::black_box(a);
    }
    one.sort();
    let p99 = pct(&one, 99.0);
    r.line(
        "arrears for one unit (n=500)",
        format!("p50 {} p99 {}", ms(pct(&one, 50.0)), ms(p99)),
        "p99 ≤ 5 ms".into(),
        p99 <= Duration::from_millis(5),
    );
    let mut all = Vec::new();
    let mut n = 0;
    for _ in 0..11 {
        let t = Instant::now();
        let list = api::arrears_list(&l, &ctx, None)?;
        all.push(t.elapsed());
        n = list.units;
    }
    all.sort();
    let p50 = pct(&all, 50.0);
    r.line(
        &format!("arrears list, whole estate ({n} units in arrears, n=11)"),
        format!("p50 {} max {}", ms(p50), ms(all[10])),
        "p50 ≤ 200 ms".into(),
        p50 <= Duration::from_millis(200),
    );
    drop(l);
    bench_daily_report(r, &path, &codes)
}

/// A new day with 2,000 receipts on the large database, then its daily cash report.
fn bench_daily_report(r: &mut Report, path: &Path, codes: &[String]) -> Result<()> {
    let mut l = Ledger::open(path)?;
    let last: String = l
        .conn()
        .query_row("SELECT MAX(issued_at) FROM receipts", [], |r| r.get(0))?;
    let day = chrono::NaiveDate::parse_from_str(&last[..10], "%Y-%m-%d")
        .map_err(|_| err!(Storage, "日期损坏", "bad date"))?
        .succ_opt()
        .expect("date");
    let t0 = FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .from_local_datetime(&day.and_hms_opt(8, 0, 0).unwrap())
        .unwrap();
    let mut ctx = api::login(&l, "lisi", "123456", t0)?;
    api::open_shift(&mut l, &ctx, Money::from_yuan(500))?;
    let fyf = crate::collect::SaleLine {
        item: "FYF".into(),
        quantity: Decimal::from(4),
        unit_price: None,
    };
    let mut made = 0;
    let mut i = 0usize;
    while made < 2000 {
        ctx.now = t0 + chrono::Duration::seconds(10 * made as i64);
        let code = &codes[(i * 104_729) % codes.len()];
        i += 1;
        let open = api::unit_arrears(&l, &ctx, code)?;
        if made % 2 == 0 && open.total_fen > 0 {
            let tendered = Money::from_fen((open.total_fen + 9999) / 10000 * 10000);
            api::collect(
                &mut l,
                &ctx,
                &CollectRequest::all_open(code, vec![Tender::cash(tendered)]),
            )?;
        } else {
            let method = [PayMethod::Wechat, PayMethod::Alipay, PayMethod::Cash][made % 3];
            api::sale(
                &mut l,
                &ctx,
                &crate::collect::SaleRequest {
                    unit: Some(code.clone()),
                    payer: None,
                    lines: vec![fyf.clone()],
                    tenders: vec![Tender {
                        method,
                        amount: Money::from_yuan(2),
                        reference: String::new(),
                    }],
                    note: String::new(),
                },
            )?;
        }
        made += 1;
    }
    let sup = api::login(&l, "zhangmin", "123456", ctx.now)?;
    let mut times = vec![];
    let mut report = None;
    for _ in 0..11 {
        let t = Instant::now();
        report = Some(api::daily_report(&l, &sup, &api::DailyScope::DeskDay(day))?);
        times.push(t.elapsed());
    }
    times.sort();
    let rep = report.expect("ran");
    assert_eq!(rep.receipts.count, 2000);
    assert!(rep.reconciliation.ok, "the bench day reconciles");
    let p50 = pct(&times, 50.0);
    // Leave the database as found: the shift closed, ready for the next run's new day.
    let shift = api::current_shift(&l, &ctx)?.expect("open");
    let close = api::CloseRequest {
        cash_counts: crate::shift::counts_for(crate::shift::expected_cash(l.conn(), shift)?),
        non_cash: crate::shift::expected_non_cash(l.conn(), shift)?,
        ..Default::default()
    };
    api::close_shift(&mut l, &ctx, &close)?;
    r.line(
        &format!(
            "daily cash report, desk day of {} receipts (n=11)",
            rep.receipts.count
        ),
        format!("p50 {} max {}", ms(p50), ms(times[10])),
        "p50 ≤ 50 ms".into(),
        p50 <= Duration::from_millis(50),
    );
    bench_daily_report_pdf(r, &l, &sup, day)
}

/// The same day's 现金日报表 as an A4 PDF: the report read from the ledger and drawn, as the desk
/// prints it at the day's end.
fn bench_daily_report_pdf(
    r: &mut Report,
    l: &Ledger,
    ctx: &crate::auth::Ctx,
    day: chrono::NaiveDate,
) -> Result<()> {
    let scope = api::DailyScope::DeskDay(day);
    let mut times = vec![];
    let mut size = 0;
    for _ in 0..11 {
        let t = Instant::now();
        let pdf = api::daily_report_pdf(l, ctx, &scope)?;
        times.push(t.elapsed());
        size = pdf.len();
    }
    times.sort();
    let p50 = pct(&times, 50.0);
    r.line(
        "daily cash report PDF, 2,000 receipts (n=11)",
        format!("p50 {} max {} {} KB", ms(p50), ms(times[10]), size / 1024),
        "p50 ≤ 500 ms".into(),
        p50 <= Duration::from_millis(500),
    );
    Ok(())
}

pub fn run(opts: &BenchOptions) -> Result<()> {
    if cfg!(debug_assertions) {
        eprintln!(
            "note: this is a debug build; run `cargo run --release -- bench` for real figures"
        );
    }
    std::fs::create_dir_all(&opts.dir)
        .map_err(|e| err!(Storage, "无法创建目录：{e}", "cannot create directory: {e}"))?;
    let mut r = Report { failures: 0 };
    println!("feedesk bench — durability: WAL, synchronous=FULL; limits from the issues");
    let wanted = |part: &str| opts.only.is_empty() || opts.only.iter().any(|o| o == part);
    if wanted("collect") {
        bench_collect(&mut r, &opts.dir, opts.samples)?;
    }
    if wanted("billing") {
        bench_billing(&mut r, &opts.dir, opts.units)?;
    }
    if wanted("large") {
        bench_arrears(&mut r, &opts.dir, opts.units, opts.months)?;
    }
    println!("{} figure(s) over their limit", r.failures);
    Ok(())
}
