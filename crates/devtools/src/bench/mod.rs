//! `feedesk-dev bench`: speed figures, each printed beside its limit and beside a baseline measured in
//! the same run on the same disk with the same durability (WAL, synchronous=FULL), because this
//! machine's fsync is far cheaper than a counter PC's and absolute numbers mislead.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeZone};
use rust_decimal::Decimal;

use feedesk_api::{self as api, err, Ctx, Ledger, Method, Result, Scope, UnitType};
use rusqlite::Connection;

mod console;
mod counter;
mod hq;
mod large;
mod monthly;
mod receipt_pdf;

use console::bench_console;
pub use console::GroupSize;
use counter::{bench_billing, bench_collect};
use hq::bench_hq;
use large::bench_arrears;
use receipt_pdf::bench_receipt_pdf;

pub struct BenchOptions {
    pub units: usize,
    pub months: u32,
    pub samples: usize,
    pub dir: PathBuf,
    /// Run only these parts (collect, billing, large, documents, hq, console); empty = all.
    pub only: Vec<String>,
    /// Events of the one desk sent to head office (hq).
    pub hq_events: usize,
    /// The group whose reports head office's console serves (console).
    pub group: GroupSize,
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
fn bare_commit(conn: &Connection) -> Result<Duration> {
    let t = Instant::now();
    conn.execute("INSERT INTO bench_bare(v) VALUES (?1)", [1])?;
    Ok(t.elapsed())
}

pub fn run(opts: &BenchOptions) -> Result<()> {
    if cfg!(debug_assertions) {
        eprintln!(
            "note: this is a debug build; run `cargo run --release --bin feedesk-dev -- bench` for real figures"
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
    if wanted("documents") {
        bench_receipt_pdf(&mut r, &opts.dir, opts.samples)?;
    }
    if wanted("hq") {
        bench_hq(&mut r, &opts.dir, opts.hq_events, opts.samples)?;
    }
    if wanted("console") {
        bench_console(&mut r, &opts.dir, &opts.group, opts.samples)?;
    }
    println!("{} figure(s) over their limit", r.failures);
    Ok(())
}

/// A second connection to the ledger's file, with the ledger's own settings (WAL, synchronous=FULL):
/// for the baselines and the benchmark's own look-ups, which no api operation offers.
fn raw(l: &Ledger) -> Result<Connection> {
    feedesk_ledger::db::open(l.path())
}
