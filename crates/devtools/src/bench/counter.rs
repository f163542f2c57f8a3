//! The counter's two writers: collect + receipt against a bare commit, the billing run against a plain insert.

use std::path::Path;
use std::time::Instant;

use feedesk_api::{self as api, CollectRequest, Money, Result, Tender};
use rusqlite::params;

use super::*;

pub(super) fn bench_collect(r: &mut Report, dir: &Path, samples: usize) -> Result<()> {
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
    let raw = raw(&l)?;
    raw.execute_batch("CREATE TABLE IF NOT EXISTS bench_bare(id INTEGER PRIMARY KEY, v INTEGER)")?;
    let codes: Vec<String> = {
        let mut s = raw.prepare("SELECT code FROM units ORDER BY id")?;
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
        b_times.push(bare_commit(&raw)?);
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

pub(super) fn bench_billing(r: &mut Report, dir: &Path, units: usize) -> Result<()> {
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
        let conn = raw(&l)?;
        conn.execute_batch(
            "DROP TABLE IF EXISTS bench_plain;
             CREATE TABLE bench_plain(id INTEGER PRIMARY KEY, unit_id INTEGER, fee_item_id INTEGER, period TEXT, amount_fen INTEGER,
               quantity TEXT, rate TEXT, basis TEXT, due_date TEXT, billing_run_id INTEGER);",
        )?;
        let t = Instant::now();
        {
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
