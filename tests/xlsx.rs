//! Excel exports, read back with real spreadsheet readers: Python's openpyxl (numbers, formats,
//! frozen panes, dates) and LibreOffice headless (the file opens; the amounts show as the api gives).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use common::*;
use feedesk_api::CollectDepositRequest;
use feedesk_api::Money;
use feedesk_api::{self as api, DailyScope, DepositFilter, ExportRequest, Exported};
use feedesk_documents::xlsx::{DATETIME_FORMAT, DATE_FORMAT, HEADER_ROW, MONEY_FORMAT};
use rust_decimal::Decimal;
use serde_json::Value;

const DAY: (i32, u32, u32) = (2026, 3, 10);

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(DAY.0, DAY.1, DAY.2).unwrap()
}

/// A counter day: three months billed, two collections (cash with change, WeChat), a counter sale
/// voided, a second sale kept, a decoration deposit; the shift closed as counted.
fn counter_day() -> World {
    let mut w = World::new();
    w.set_time(at(DAY.0, DAY.1, DAY.2, 9));
    for p in ["2026-01", "2026-02", "2026-03"] {
        w.bill(p);
    }
    let shift = w.open_shift();
    w.collect_all("3-2-1201", vec![cash(1000)]).unwrap();
    let due = w.arrears("3-2-1202");
    w.collect_all("3-2-1202", vec![tender(api::PayMethod::Wechat, due)])
        .unwrap();
    let sale = |w: &mut World, qty: i64, pay: i64| {
        api::sale(
            &mut w.l,
            &w.cashier,
            &api::SaleRequest {
                unit: Some("3-1-301".into()),
                payer: None,
                lines: vec![api::SaleLine {
                    item: "FYF".into(),
                    quantity: Decimal::from(qty),
                    unit_price: None,
                }],
                tenders: vec![cash(pay)],
                note: String::new(),
            },
        )
        .unwrap()
    };
    let wrong = sale(&mut w, 9, 5);
    api::void_receipt(&mut w.l, &w.cashier, &wrong.number, "数量录错", &approval()).unwrap();
    sale(&mut w, 7, 5);
    api::deposit_collect(
        &mut w.l,
        &w.cashier,
        &CollectDepositRequest {
            unit: "3-1-301".into(),
            payer: None,
            contractor: "美家装饰工程有限公司".into(),
            contractor_phone: "13566667777".into(),
            amount: Money::from_yuan(2000),
            permit_no: "ZX-2026-007".into(),
            planned_end: NaiveDate::from_ymd_opt(2026, 5, 31).unwrap(),
            tenders: vec![cash(2000)],
            note: String::new(),
        },
    )
    .unwrap();
    w.set_time(at(DAY.0, DAY.1, DAY.2, 17));
    let req = api::CloseRequest {
        cash_counts: feedesk_ledger::shift::counts_for(
            feedesk_ledger::shift::expected_cash(&w.db(), shift).unwrap(),
        ),
        non_cash: feedesk_ledger::shift::expected_non_cash(&w.db(), shift).unwrap(),
        ..Default::default()
    };
    api::close_shift(&mut w.l, &w.cashier, &req).unwrap();
    w
}

fn save(w: &World, x: &Exported, name: &str) -> PathBuf {
    let p = w.dir.path().join(name);
    std::fs::write(&p, &x.bytes).unwrap();
    p
}

/// The workbook as openpyxl reads it (see tests/tools/read_xlsx.py).
fn openpyxl(path: &Path) -> Vec<Value> {
    let out = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/tools/read_xlsx.py"
        ))
        .arg(path)
        .output()
        .expect("python3 is needed (scripts/setup.sh installs it)");
    assert!(
        out.status.success(),
        "openpyxl could not read {} (scripts/setup.sh installs openpyxl): {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn sheet<'a>(book: &'a [Value], name: &str) -> &'a Value {
    book.iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

fn cell(sheet: &Value, row: usize, col: usize) -> &Value {
    &sheet["rows"][row][col]
}

/// The cell is a money number with the ¥ format; its amount in fen, exact.
fn fen(sheet: &Value, row: usize, col: usize) -> i64 {
    let c = cell(sheet, row, col);
    assert_eq!(
        c["t"], "n",
        "money must be a number, not text: {c} at {row},{col}"
    );
    assert_eq!(c["f"], MONEY_FORMAT, "{c} at {row},{col}");
    c["fen"]
        .as_i64()
        .unwrap_or_else(|| panic!("{c} is not a whole number of fen"))
}

fn text(sheet: &Value, row: usize, col: usize) -> String {
    cell(sheet, row, col)["v"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// The data rows of a sheet: from below the header to the totals row (the first row whose first cell
/// starts with 合计).
fn data_rows(sheet: &Value) -> std::ops::Range<usize> {
    let first = HEADER_ROW as usize + 1;
    let rows = sheet["rows"].as_array().unwrap();
    let totals = (first..rows.len())
        .find(|&r| text(sheet, r, 0).starts_with("合计"))
        .expect("a totals row");
    first..totals
}

fn assert_frame(sheet: &Value, title_has: &str, headers: &[&str]) {
    assert!(
        text(sheet, 0, 0).contains(title_has),
        "title {:?} should name {title_has}",
        text(sheet, 0, 0)
    );
    assert!(
        text(sheet, 1, 0).contains("阳光花园"),
        "subtitle names the estate"
    );
    assert_eq!(sheet["freeze"], "A4", "the header row stays in view");
    for (i, h) in headers.iter().enumerate() {
        assert_eq!(text(sheet, HEADER_ROW as usize, i), *h);
    }
}

#[test]
fn the_daily_cash_report_reads_back_to_the_api_figures_to_the_fen() {
    let w = counter_day();
    let scope = DailyScope::DeskDay { date: day() };
    let r = api::daily_report(&w.l, &w.supervisor, &scope).unwrap();
    let x = api::export_xlsx(&w.l, &w.supervisor, &ExportRequest::DailyCash { scope }).unwrap();
    assert_eq!(
        x.sheets,
        ["按收款方式", "按收费项目", "班次清点", "收据明细"]
    );
    assert_eq!(x.total_fen, r.total_fen);
    let book = openpyxl(&save(&w, &x, "daily.xlsx"));
    assert_eq!(
        book.iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect::<Vec<_>>(),
        x.sheets
    );

    let s = sheet(&book, "按收款方式");
    assert_frame(s, "现金日报表", &["收款方式", "笔数", "金额"]);
    let rows = data_rows(s);
    assert_eq!(rows.len(), r.by_method.len());
    assert!(r.by_method.len() >= 2, "cash and WeChat were taken");
    for (row, a) in rows.clone().zip(&r.by_method) {
        assert_eq!(text(s, row, 0), a.label);
        assert_eq!(cell(s, row, 1)["v"], a.count);
        assert_eq!(fen(s, row, 2), a.fen);
    }
    assert_eq!(fen(s, rows.end, 2), r.total_fen);
    let notes: Vec<String> = (rows.end + 1..s["rows"].as_array().unwrap().len())
        .map(|i| text(s, i, 0))
        .collect();
    let first = r.receipts.first.clone().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.contains(&first) && n.contains("作废")),
        "the receipt number range and the void are noted: {notes:?}"
    );

    let s = sheet(&book, "按收费项目");
    let rows = data_rows(s);
    let shown: i64 = rows.clone().map(|row| fen(s, row, 2)).sum();
    assert_eq!(fen(s, rows.end, 2), r.reconciliation.by_category_fen);
    assert_eq!(
        shown, r.reconciliation.by_category_fen,
        "the rows add up to the total"
    );
    assert!(
        rows.clone()
            .any(|row| text(s, row, 0) == "装修押金收取"
                && fen(s, row, 2) == r.deposits_collected_fen),
        "the deposit has its own line"
    );

    let s = sheet(&book, "班次清点");
    let rows = data_rows(s);
    let methods: Vec<_> = r.shifts.iter().flat_map(|sh| &sh.methods).collect();
    assert_eq!(rows.len(), methods.len());
    for (row, m) in rows.clone().zip(&methods) {
        assert_eq!(fen(s, row, 7), m.expected_fen);
        assert_eq!(fen(s, row, 8), m.counted_fen.unwrap());
        assert_eq!(cell(s, row, 2)["t"], "d", "opening time is a date");
        assert_eq!(cell(s, row, 2)["f"], DATETIME_FORMAT);
        assert_eq!(
            cell(s, row, 2)["v"],
            r.shifts[0].opened_at[..19],
            "the desk's wall-clock time"
        );
    }

    let s = sheet(&book, "收据明细");
    let rows = data_rows(s);
    assert_eq!(rows.len(), r.lines.len());
    for (row, l) in rows.clone().zip(&r.lines) {
        assert_eq!(text(s, row, 0), l.number);
        assert_eq!(fen(s, row, 7), l.amount_fen);
        assert_eq!(text(s, row, 8), if l.voided { "作废" } else { "" });
        assert_eq!(cell(s, row, 1)["t"], "d", "time of day is an Excel time");
        assert!(cell(s, row, 1)["v"].as_str().unwrap().starts_with(&l.time));
    }
    let valid: i64 = r
        .lines
        .iter()
        .filter(|l| !l.voided)
        .map(|l| l.amount_fen)
        .sum();
    assert_eq!(fen(s, rows.end, 7), valid);
    assert!(
        r.lines.iter().any(|l| l.voided),
        "the void is in the detail"
    );
    // The receipt number column is wide enough for the number.
    let width = s["widths"]["A"].as_f64().unwrap();
    assert!(width >= first.len() as f64, "column A is {width} wide");
}

#[test]
fn every_list_exports_with_its_sheet_money_and_dates_as_the_api_returns_them() {
    let w = counter_day();
    let sup = w.supervisor.clone();

    // 欠费清单
    let list = api::arrears_list(&w.l, &sup, None).unwrap();
    let x = api::export_xlsx(&w.l, &sup, &ExportRequest::Arrears { building: None }).unwrap();
    let book = openpyxl(&save(&w, &x, "arrears.xlsx"));
    let s = sheet(&book, "欠费清单");
    assert_frame(s, "欠费清单", &["房号", "楼栋", "业主", "电话"]);
    let rows = data_rows(s);
    assert_eq!(rows.len(), list.rows.len());
    assert!(list.rows.len() >= 2);
    for (row, a) in rows.clone().zip(&list.rows) {
        assert_eq!(text(s, row, 0), a.unit);
        assert_eq!(fen(s, row, 6), a.arrears_fen);
        assert_eq!(
            fen(s, row, 6),
            w.arrears(&a.unit),
            "as the unit's own arrears"
        );
        assert_eq!(text(s, row, 3), a.phone.clone().unwrap_or_default());
    }
    assert_eq!(fen(s, rows.end, 6), list.total_fen);
    assert_eq!(x.total_fen, list.total_fen);

    // 收据清单
    let list = api::receipts(&w.l, &sup, "", 100).unwrap();
    let x = api::export_xlsx(
        &w.l,
        &sup,
        &ExportRequest::Receipts {
            query: String::new(),
            limit: 100,
        },
    )
    .unwrap();
    let book = openpyxl(&save(&w, &x, "receipts.xlsx"));
    let s = sheet(&book, "收据清单");
    assert_frame(
        s,
        "收据清单",
        &["收据号", "类型", "房号", "交款人", "开具时间", "金额"],
    );
    let rows = data_rows(s);
    assert_eq!(rows.len(), list.len());
    for (row, r) in rows.clone().zip(&list) {
        assert_eq!(text(s, row, 0), r.number);
        assert_eq!(fen(s, row, 5), r.total_fen);
        assert_eq!(cell(s, row, 4)["t"], "d");
        assert_eq!(cell(s, row, 4)["f"], DATETIME_FORMAT);
        assert_eq!(cell(s, row, 4)["v"], r.issued_at[..19]);
    }
    let valid: i64 = list.iter().filter(|r| !r.voided).map(|r| r.total_fen).sum();
    assert_eq!(fen(s, rows.end, 5), valid);
    assert!(list.iter().any(|r| r.voided) && valid < list.iter().map(|r| r.total_fen).sum());

    // 装修押金
    let list = api::deposits(&w.l, &sup, &DepositFilter::All).unwrap();
    let x = api::export_xlsx(
        &w.l,
        &sup,
        &ExportRequest::Deposits {
            filter: DepositFilter::All,
        },
    )
    .unwrap();
    let book = openpyxl(&save(&w, &x, "deposits.xlsx"));
    let s = sheet(&book, "装修押金");
    let rows = data_rows(s);
    assert_eq!(rows.len(), 1);
    assert_eq!(text(s, rows.start, 5), list.deposits[0].receipt);
    assert_eq!(cell(s, rows.start, 7)["t"], "d");
    assert_eq!(cell(s, rows.start, 7)["f"], DATE_FORMAT);
    assert!(cell(s, rows.start, 7)["v"]
        .as_str()
        .unwrap()
        .starts_with(&list.deposits[0].planned_end));
    assert_eq!(fen(s, rows.start, 9), list.deposits[0].amount_fen);
    assert_eq!(fen(s, rows.end, 9), list.amount_fen);
    assert_eq!(fen(s, rows.end, 10), list.held_fen);

    // 核对统计
    let checks = api::cross_check(&w.l, &sup, day(), day()).unwrap();
    let x = api::export_xlsx(
        &w.l,
        &sup,
        &ExportRequest::CrossCheck {
            from: day(),
            to: day(),
        },
    )
    .unwrap();
    let book = openpyxl(&save(&w, &x, "check.xlsx"));
    let s = sheet(&book, "核对统计");
    let rows = data_rows(s);
    assert_eq!(rows.len(), checks.len());
    for (row, c) in rows.clone().zip(&checks) {
        assert_eq!(cell(s, row, 0)["v"], c.shift_id);
        assert_eq!(fen(s, row, 5), c.total_fen);
        assert_eq!(cell(s, row, 6)["v"], c.voids);
        assert_eq!(fen(s, row, 8), c.difference_fen.unwrap());
    }
    assert_eq!(
        fen(s, rows.end, 5),
        checks.iter().map(|c| c.total_fen).sum::<i64>()
    );

    // 班次清单
    let shifts = api::shifts(&w.l, &sup, 20).unwrap();
    let x = api::export_xlsx(&w.l, &sup, &ExportRequest::Shifts { limit: 20 }).unwrap();
    let book = openpyxl(&save(&w, &x, "shifts.xlsx"));
    let s = sheet(&book, "班次清单");
    let rows = data_rows(s);
    assert_eq!(rows.len(), shifts.len());
    assert_eq!(fen(s, rows.start, 4), shifts[0].float_fen);
    assert_eq!(
        cell(s, rows.start, 5)["v"],
        shifts[0].closed_at.clone().unwrap()[..19]
    );

    // 计费预览 of the next month: nothing is billed by exporting it.
    let before = w.fingerprint();
    let p = api::billing_preview(&w.l, &w.admin, "2026-04").unwrap();
    let x = api::export_xlsx(
        &w.l,
        &w.admin,
        &ExportRequest::BillingPreview {
            period: "2026-04".into(),
        },
    )
    .unwrap();
    assert_eq!(w.fingerprint(), before);
    let book = openpyxl(&save(&w, &x, "preview.xlsx"));
    let s = sheet(&book, "计费预览");
    let rows = data_rows(s);
    assert_eq!(rows.len(), p.items.len());
    for (row, i) in rows.clone().zip(&p.items) {
        assert_eq!(text(s, row, 0), i.item);
        assert_eq!(fen(s, row, 3), i.total_fen);
    }
    assert_eq!(fen(s, rows.end, 3), p.total_fen);
    assert!(p.total_fen > 0);

    // 房屋业主清单, by a cashier: phones masked as on screen.
    let units = api::units_list(&w.l, &w.cashier).unwrap();
    let x = api::export_xlsx(&w.l, &w.cashier, &ExportRequest::Units).unwrap();
    let book = openpyxl(&save(&w, &x, "units.xlsx"));
    let s = sheet(&book, "房屋业主清单");
    let rows = data_rows(s);
    assert_eq!(rows.len(), units.len());
    assert_eq!(rows.len(), UNITS_CSV.lines().count() - 1);
    for (row, u) in rows.clone().zip(&units) {
        assert_eq!(text(s, row, 0), u.code);
        assert_eq!(fen(s, row, 8), w.arrears(&u.code));
        let area = cell(s, row, 3)["v"].as_f64().unwrap();
        assert_eq!(format!("{area:.2}"), format!("{:.2}", u.area_m2));
        let phone = text(s, row, 6);
        assert!(
            phone.contains("****"),
            "{phone} must be masked for a cashier"
        );
        assert_eq!(cell(s, row, 7)["t"], "d", "handover date is a date");
    }
    assert!(units
        .iter()
        .any(|u| u.code == "3-2-1201" && u.arrears_fen == 0));
    assert_eq!(
        fen(s, rows.end, 8),
        units.iter().map(|u| u.arrears_fen).sum::<i64>()
    );

    // A cashier may not export the whole desk's day; the supervisor's right is checked in the core.
    let e = api::export_xlsx(
        &w.l,
        &w.cashier,
        &ExportRequest::DailyCash {
            scope: DailyScope::DeskDay { date: day() },
        },
    )
    .unwrap_err();
    assert_eq!(e.code, feedesk_api::ErrorCode::Forbidden);
    w.assert_invariants();
}

/// Converts every sheet of each workbook to CSV as LibreOffice shows it (formatted), in one run.
fn libreoffice_csv(files: &[PathBuf], out: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    let profile = out.join("lo-profile");
    let status = Command::new("libreoffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to"])
        // UTF-8, every sheet to its own file, cells as shown (so the ¥ format is visible).
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1")
        .arg("--outdir")
        .arg(out)
        .args(files)
        .output()
        .expect("LibreOffice is needed (scripts/setup.sh installs libreoffice-calc-nogui)");
    assert!(
        status.status.success(),
        "libreoffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut sheets = BTreeMap::new();
    for e in std::fs::read_dir(out).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "csv") {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_path(&p)
                .unwrap();
            let rows = r
                .records()
                .map(|rec| rec.unwrap().iter().map(String::from).collect())
                .collect();
            sheets.insert(p.file_stem().unwrap().to_string_lossy().into_owned(), rows);
        }
    }
    sheets
}

fn shown(fen: i64) -> String {
    let m = Money::from_fen(fen);
    if m.is_negative() {
        format!("-¥{}", (-m).grouped())
    } else {
        format!("¥{}", m.grouped())
    }
}

#[test]
fn libreoffice_opens_the_exports_and_shows_the_same_amounts() {
    let w = counter_day();
    let sup = &w.supervisor;
    let r = api::daily_report(&w.l, sup, &DailyScope::DeskDay { date: day() }).unwrap();
    let arrears = api::arrears_list(&w.l, sup, None).unwrap();
    let daily = save(
        &w,
        &api::export_xlsx(
            &w.l,
            sup,
            &ExportRequest::DailyCash {
                scope: DailyScope::DeskDay { date: day() },
            },
        )
        .unwrap(),
        "daily.xlsx",
    );
    let arr = save(
        &w,
        &api::export_xlsx(&w.l, sup, &ExportRequest::Arrears { building: None }).unwrap(),
        "arrears.xlsx",
    );
    let out = w.dir.path().join("csv");
    std::fs::create_dir_all(&out).unwrap();
    let csv = libreoffice_csv(&[daily, arr], &out);
    let get = |name: &str| {
        csv.get(name)
            .unwrap_or_else(|| panic!("LibreOffice wrote no sheet {name}: {:?}", csv.keys()))
    };

    let s = get("daily-按收款方式");
    let first = HEADER_ROW as usize + 1;
    assert_eq!(s[HEADER_ROW as usize], ["收款方式", "笔数", "金额"]);
    for (i, a) in r.by_method.iter().enumerate() {
        assert_eq!(s[first + i][0], a.label);
        assert_eq!(s[first + i][1], a.count.to_string());
        assert_eq!(s[first + i][2], shown(a.fen));
    }
    assert_eq!(
        s[first + r.by_method.len()],
        ["合计", "", &shown(r.total_fen)]
    );

    let s = get("daily-收据明细");
    for (i, l) in r.lines.iter().enumerate() {
        assert_eq!(s[first + i][0], l.number);
        assert_eq!(s[first + i][1], l.time, "time of day shown as HH:MM");
        assert_eq!(s[first + i][7], shown(l.amount_fen));
    }

    let s = get("arrears-欠费清单");
    for (i, a) in arrears.rows.iter().enumerate() {
        assert_eq!(s[first + i][0], a.unit);
        assert_eq!(s[first + i][6], shown(a.arrears_fen));
    }
    assert_eq!(s[first + arrears.rows.len()][6], shown(arrears.total_fen));
}

/// `--xlsx FILE` on every list and report command of the program, on the demo estate: the workbook
/// holds the same total as the command's `--json` answer.
#[test]
fn the_cli_saves_every_list_and_report_as_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_feedesk"))
            .arg("--db")
            .arg(dir.path().join("demo.sqlite"))
            .args(args)
            .env("FEEDESK_AT", "2026-03-05T18:00:00+08:00")
            .env("FEEDESK_USER", "zhangmin")
            .env("FEEDESK_PASSWORD", "123456")
            .env_remove("FEEDESK_LANG")
            .output()
            .unwrap();
        o
    };
    let json = |args: &[&str]| -> Value {
        let o = run(&[args, &["--json"]].concat());
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        serde_json::from_slice(&o.stdout).unwrap()
    };
    json(&["demo", "--units", "40", "--months", "2"]);
    let last = json(&["receipt", "list", "--limit", "1"])[0]["issued_at"]
        .as_str()
        .unwrap()[..10]
        .to_string();
    let unit = json(&["arrears"])["rows"][0]["unit"]
        .as_str()
        .unwrap()
        .to_string();
    let sum = |v: &Value, key: &str| -> i64 {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r[key].as_i64().unwrap())
            .sum()
    };
    // (command, the sheet, the total as the --json answer gives it, the money column of the totals row)
    let daily = json(&["report", "daily", "--date", &last]);
    let arrears = json(&["arrears"]);
    let one = json(&["arrears", &unit]);
    let receipts = json(&["receipt", "list", "--limit", "500"]);
    let valid: i64 = receipts
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["voided"] == false)
        .map(|r| r["total_fen"].as_i64().unwrap())
        .sum();
    let check = json(&[
        "report",
        "cross-check",
        "--from",
        "2026-01-01",
        "--to",
        &last,
    ]);
    let shifts = json(&["shift", "list", "--limit", "100"]);
    let preview = json(&["bill", "preview", "2026-04"]);
    let units = json(&["unit", "list"]);
    let deposits = json(&["deposit", "list", "all"]);
    let cases: Vec<(Vec<&str>, &str, i64, usize)> = vec![
        (
            vec!["report", "daily", "--date", &last],
            "按收款方式",
            daily["total_fen"].as_i64().unwrap(),
            2,
        ),
        (
            vec!["arrears"],
            "欠费清单",
            arrears["total_fen"].as_i64().unwrap(),
            6,
        ),
        (
            vec!["arrears", &unit],
            "欠费明细",
            one["total_fen"].as_i64().unwrap(),
            4,
        ),
        (
            vec!["receipt", "list", "--limit", "500"],
            "收据清单",
            valid,
            5,
        ),
        (
            vec![
                "report",
                "cross-check",
                "--from",
                "2026-01-01",
                "--to",
                &last,
            ],
            "核对统计",
            sum(&check, "total_fen"),
            5,
        ),
        (
            vec!["shift", "list", "--limit", "100"],
            "班次清单",
            sum(&shifts, "float_fen"),
            4,
        ),
        (
            vec!["bill", "preview", "2026-04"],
            "计费预览",
            preview["preview"]["total_fen"].as_i64().unwrap(),
            3,
        ),
        (
            vec!["unit", "list"],
            "房屋业主清单",
            sum(&units, "arrears_fen"),
            8,
        ),
        (
            vec!["deposit", "list", "all"],
            "装修押金",
            deposits["amount_fen"].as_i64().unwrap(),
            9,
        ),
    ];
    for (args, name, total, col) in cases {
        let file = dir.path().join(format!("{name}.xlsx"));
        let out = json(&[&args[..], &["--xlsx", file.to_str().unwrap()]].concat());
        assert_eq!(out["total_fen"].as_i64().unwrap(), total, "{args:?}");
        let book = openpyxl(&file);
        let s = sheet(&book, name);
        assert_eq!(s["freeze"], "A4");
        let rows = data_rows(s);
        assert_eq!(fen(s, rows.end, col), total, "{args:?}: the totals row");
        assert!(
            total != 0 || name == "装修押金",
            "{args:?}: the demo has figures here"
        );
    }
    // The daily report with --pdf and --xlsx: both files, of the same report (the PDF read back by poppler).
    let (pdf, book) = (
        dir.path().join("daily.pdf"),
        dir.path().join("daily-both.xlsx"),
    );
    let out = json(&[
        "report",
        "daily",
        "--date",
        &last,
        "--pdf",
        pdf.to_str().unwrap(),
        "--xlsx",
        book.to_str().unwrap(),
    ]);
    assert_eq!(out["total_fen"], daily["total_fen"]);
    assert_eq!(out["pdf"]["file"], pdf.to_str().unwrap());
    let text = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let total = Money::from_fen(daily["total_fen"].as_i64().unwrap()).grouped();
    assert!(
        text.contains("现金日报表") && text.contains(&total),
        "the PDF holds the report and its total {total}: {text}"
    );
    let book = openpyxl(&book);
    let s = sheet(&book, "按收款方式");
    assert_eq!(
        fen(s, data_rows(s).end, 2),
        daily["total_fen"].as_i64().unwrap()
    );
    // Not a list: refused, and no file is written.
    let file = dir.path().join("no.xlsx");
    let o = run(&["info", "--xlsx", file.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--xlsx 只用于清单和报表"));
    assert!(!file.exists());
}
