//! The head-office console's exports, against real desks synced to a real head office on real
//! PostgreSQL, read back with real readers: the workbooks (calamine) hold every row and total of the
//! JSON reports for the same person; the PDF (poppler's pdftotext) has the title, each estate, the
//! group's totals in yuan, the header and 第 N 页 / 共 M 页 on every page and the signature lines; a
//! manager's export has their estate only; no session is a 401 and a bad month a 400, with no file.
//! The files are left in target/exports/ to look at.

mod common;

use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use common::console::{add_people, Console};
use common::hq::*;
use common::*;
use feedesk_api::{self as api, PayMethod};
use feedesk_hq::console::export::{self, Made};
use feedesk_hq::console::monthly::{EstateMonth, MonthFigures, MonthRow, MonthlyReport};
use serde_json::Value;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const MONTH_COLUMNS: [&str; 5] = ["应收", "实收", "收回欠费", "预收", "未收"];
const MONTH_FIELDS: [&str; 5] = [
    "billed_fen",
    "collected_fen",
    "recovered_fen",
    "advance_fen",
    "open_fen",
];
const AGEING_COLUMNS: [&str; 5] = ["≤3个月", "3–6个月", "6–12个月", ">12个月", "合计"];
const AGEING_FIELDS: [&str; 5] = [
    "upto_3_fen",
    "from_3_to_6_fen",
    "from_6_to_12_fen",
    "over_12_fen",
    "total_fen",
];

/// A prepayment top-up: a receipt with only a prepayment line (预存款 in the monthly report).
fn prepay(w: &mut World, unit: &str, fen: i64) {
    api::collect(
        &mut w.l,
        &w.cashier,
        &api::CollectRequest {
            unit: unit.into(),
            charges: Some(vec![]),
            tenders: vec![tender(PayMethod::Cash, fen)],
            to_prepayment: true,
            amount_fen: None,
            payer: None,
            note: "预存物业费".into(),
        },
    )
    .unwrap();
}

/// A March day at the counter: 3-2-1201 pays everything it owes, the shop S-101 too when `shop`, and
/// 3-1-301 tops up its prepayment; the shift closed as counted, the day closed.
fn counter_day(w: &mut World, day: u32, shop: bool, top_up: i64) {
    w.set_time(at(2026, 3, day, 9));
    w.open_shift();
    let _ = w.collect_all("3-2-1201", vec![cash(1000)]);
    let owed = w.arrears("S-101");
    if shop && owed > 0 {
        w.collect_all("S-101", vec![tender(PayMethod::Wechat, owed)])
            .unwrap();
    }
    prepay(w, "3-1-301", top_up);
    w.close_shift_exact();
    api::close_day(
        &mut w.l,
        &w.cashier,
        chrono::NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
    )
    .unwrap();
}

/// Two estates of one desk each: January–March billed, March's days collected (EST1 on the 3rd and
/// 4th, EST2 on the 4th and not from its shop, so the estates' figures differ), synced and applied;
/// the console's people (`common::console::PEOPLE`).
fn group() -> (Hq, World, World) {
    let hq = Hq::start(&shared_pg().database());
    let mut w1 = enrolled(&hq, "EST1", "A01", true);
    let mut w2 = enrolled(&hq, "EST2", "A01", true);
    for w in [&mut w1, &mut w2] {
        for p in ["2026-01", "2026-02", "2026-03"] {
            w.bill(p);
        }
    }
    counter_day(&mut w1, 3, true, 123_450);
    counter_day(&mut w1, 4, true, 50_000);
    counter_day(&mut w2, 4, false, 98_765);
    for w in [&mut w1, &mut w2] {
        assert_eq!(sync_all(&mut w.l, 20).unwrap().pending, 0);
    }
    wait_all_applied(&hq);
    add_people(&hq);
    (hq, w1, w2)
}

/// A JSON answer of 200.
fn ok_json(c: &Console, path: &str) -> Value {
    let a = c.fetch(path);
    assert_eq!(a.status, 200, "{path}: {}", a.json());
    a.json()
}

/// A download: 200, the content type, an attachment named `name` (percent-encoded), not cached.
fn file(c: &Console, path: &str, content_type: &str, name: &str) -> Vec<u8> {
    let a = c.fetch(path);
    assert_eq!(
        a.status,
        200,
        "{path}: {}",
        String::from_utf8_lossy(&a.body)
    );
    assert_eq!(a.content_type, content_type, "{path}");
    assert_eq!(
        a.disposition.as_deref(),
        Some(format!("attachment; filename*=UTF-8''{}", percent(name)).as_str()),
        "{path}"
    );
    assert_eq!(a.cache_control.as_deref(), Some("no-store"), "{path}");
    a.body
}

/// RFC 5987 percent-encoding, written out here independently of head office's.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn fen(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not fen: {v}"))
}

fn figures(v: &Value, fields: &[&str]) -> Vec<i64> {
    fields.iter().map(|f| fen(&v[*f])).collect()
}

/// "1,234.50" from fen.
fn yuan(fen: i64) -> String {
    let digits = (fen.abs() / 100).to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!(
        "{}{out}.{:02}",
        if fen < 0 { "-" } else { "" },
        fen.abs() % 100
    )
}

/// A workbook read back: each sheet's name and its cells as rows.
fn workbook(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            assert_eq!(range.start(), Some((0, 0)), "{n}: the title is at A1");
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (n, rows)
        })
        .collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("not text: {other:?}"),
    }
}

/// A money or count cell as an integer (money: rounded to fen).
fn money(d: &Data) -> i64 {
    match d {
        Data::Float(f) => (f * 100.0).round() as i64,
        Data::Int(i) => i * 100,
        other => panic!("not a number: {other:?}"),
    }
}

fn count(d: &Data) -> i64 {
    money(d) / 100
}

/// The data rows of a sheet (after title, subtitle and header) and its totals row; checks the header.
fn table<'a>(rows: &'a [Vec<Data>], columns: &[&str]) -> (&'a [Vec<Data>], &'a Vec<Data>) {
    let header: Vec<String> = rows[2].iter().map(text).collect();
    assert_eq!(header, columns, "header row");
    let (totals, data) = rows[3..].split_last().expect("a totals row");
    (data, totals)
}

fn check_monthly_workbook(bytes: Vec<u8>, json: &Value, who: &str) {
    let sheets = workbook(bytes);
    let estates = json["estates"].as_array().unwrap();
    let mut names = vec!["汇总".to_string()];
    names.extend(estates.iter().map(|e| {
        format!(
            "{} {}",
            e["estate_code"].as_str().unwrap(),
            e["estate_name"].as_str().unwrap()
        )
    }));
    assert_eq!(
        sheets.iter().map(|s| s.0.clone()).collect::<Vec<_>>(),
        names
    );
    let (_, summary) = &sheets[0];
    assert!(text(&summary[0][0]).contains("收费月报表 2026年03月"));
    let subtitle = text(&summary[1][0]);
    assert!(
        subtitle.contains("月份 2026-03") && subtitle.contains(who) && subtitle.contains("导出"),
        "{subtitle}"
    );
    let mut cols = vec!["项目编号", "项目名称"];
    cols.extend(MONTH_COLUMNS);
    let (data, totals) = table(summary, &cols);
    assert_eq!(data.len(), estates.len());
    for (row, e) in data.iter().zip(estates) {
        assert_eq!(text(&row[0]), e["estate_code"].as_str().unwrap());
        assert_eq!(text(&row[1]), e["estate_name"].as_str().unwrap());
        let got: Vec<i64> = row[2..7].iter().map(money).collect();
        assert_eq!(got, figures(&e["total"], &MONTH_FIELDS), "汇总 {row:?}");
    }
    assert_eq!(text(&totals[0]), "合计");
    let got: Vec<i64> = totals[2..7].iter().map(money).collect();
    assert_eq!(got, figures(&json["total"], &MONTH_FIELDS), "合计");
    let mut cols = vec!["楼栋", "收费项目"];
    cols.extend(MONTH_COLUMNS);
    for ((name, rows), e) in sheets[1..].iter().zip(estates) {
        let (data, totals) = table(rows, &cols);
        let want = e["rows"].as_array().unwrap();
        assert_eq!(data.len(), want.len(), "{name}");
        for (row, w) in data.iter().zip(want) {
            assert_eq!(text(&row[0]), w["building"].as_str().unwrap(), "{name}");
            let item = w["item"].as_str().unwrap();
            let label = if item.is_empty() { "预存款" } else { item };
            assert_eq!(text(&row[1]), label, "{name}");
            let got: Vec<i64> = row[2..7].iter().map(money).collect();
            assert_eq!(got, figures(&w["figures"], &MONTH_FIELDS), "{name} {w}");
        }
        assert_eq!(text(&totals[0]), "小计", "{name}");
        let got: Vec<i64> = totals[2..7].iter().map(money).collect();
        assert_eq!(got, figures(&e["total"], &MONTH_FIELDS), "{name} 小计");
    }
}

fn check_arrears_workbook(bytes: Vec<u8>, json: &Value, units: &[Value]) {
    let sheets = workbook(bytes);
    let estates = json["estates"].as_array().unwrap();
    assert_eq!(sheets.len(), estates.len() + 1);
    assert_eq!(sheets[0].0, "汇总");
    let mut cols = vec!["项目编号", "项目名称", "欠费户数"];
    cols.extend(AGEING_COLUMNS);
    let (data, totals) = table(&sheets[0].1, &cols);
    assert_eq!(data.len(), estates.len());
    for (row, e) in data.iter().zip(estates) {
        assert_eq!(text(&row[0]), e["estate_code"].as_str().unwrap());
        assert_eq!(count(&row[2]), fen(&e["units"]));
        let got: Vec<i64> = row[3..8].iter().map(money).collect();
        assert_eq!(got, figures(&e["ageing"], &AGEING_FIELDS), "{e}");
    }
    assert_eq!(text(&totals[0]), "合计");
    assert_eq!(count(&totals[2]), fen(&json["units"]));
    let got: Vec<i64> = totals[3..8].iter().map(money).collect();
    assert_eq!(got, figures(&json["total"], &AGEING_FIELDS), "合计");
    let mut cols = vec!["房号", "楼栋", "业主", "最早欠费账期", "欠费笔数"];
    cols.extend(AGEING_COLUMNS);
    for (((name, rows), e), list) in sheets[1..].iter().zip(estates).zip(units) {
        assert!(
            name.starts_with(e["estate_code"].as_str().unwrap()),
            "{name}"
        );
        let (data, totals) = table(rows, &cols);
        let list = list.as_array().unwrap();
        assert_eq!(data.len(), list.len(), "{name}");
        assert!(!list.is_empty(), "{name}: units in arrears");
        for (row, u) in data.iter().zip(list) {
            assert_eq!(text(&row[0]), u["unit"].as_str().unwrap());
            assert_eq!(text(&row[1]), u["building"].as_str().unwrap());
            assert_eq!(text(&row[2]), u["owner"].as_str().unwrap_or_default());
            assert_eq!(text(&row[3]), u["oldest_period"].as_str().unwrap());
            assert_eq!(count(&row[4]), fen(&u["charges"]));
            let got: Vec<i64> = row[5..10].iter().map(money).collect();
            assert_eq!(got, figures(&u["ageing"], &AGEING_FIELDS), "{name} {u}");
        }
        assert_eq!(text(&totals[0]), format!("合计 {} 户", fen(&e["units"])));
        let got: Vec<i64> = totals[5..10].iter().map(money).collect();
        assert_eq!(got, figures(&e["ageing"], &AGEING_FIELDS), "{name} 合计");
    }
}

fn poppler(tool: &str, pdf: &Path, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The PDF's text, page by page (pdftotext -layout).
fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, bytes).unwrap();
    let info = Command::new("pdfinfo").arg(&path).output().unwrap();
    let n: usize = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("pdfinfo reads the PDF")
        .trim()
        .parse()
        .unwrap();
    (1..=n)
        .map(|p| {
            let p = p.to_string();
            poppler("pdftotext", &path, &["-layout", "-f", &p, "-l", &p])
        })
        .collect()
}

/// Every page: the header row and 第 N 页 / 共 M 页; the last: 合计 and the signature lines.
fn check_pdf_pages(pages: &[String]) {
    let m = pages.len();
    for (i, t) in pages.iter().enumerate() {
        // pdftotext drops the narrow spaces of 「第 N 页 / 共 M 页」.
        let squeezed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            squeezed.contains(&format!("第{}页/共{m}页", i + 1)),
            "page {}:\n{t}",
            i + 1
        );
        for col in ["楼栋", "收费项目"].iter().chain(MONTH_COLUMNS.iter()) {
            assert!(t.contains(col), "header {col} on page {}:\n{t}", i + 1);
        }
    }
    let last = pages.last().unwrap();
    for who in ["制表", "审核", "财务负责人"] {
        assert!(last.contains(who), "{who}:\n{last}");
    }
    assert!(last.contains("合计"), "{last}");
}

fn check_monthly_pdf(bytes: &[u8], json: &Value) -> String {
    assert!(bytes.starts_with(b"%PDF-"));
    let pages = pdf_pages(bytes);
    check_pdf_pages(&pages);
    let all = pages.join("\n");
    assert!(all.contains("收费月报表 2026年03月"), "{all}");
    for e in json["estates"].as_array().unwrap() {
        let (code, name) = (
            e["estate_code"].as_str().unwrap(),
            e["estate_name"].as_str().unwrap(),
        );
        assert!(all.contains(code) && all.contains(name), "{code} {name}");
        assert!(all.contains(&format!("{code} 小计")), "{code} 小计");
    }
    let last = pages.last().unwrap();
    let total_line = last
        .lines()
        .find(|l| l.contains("合计"))
        .unwrap_or_else(|| panic!("合计 on the last page:\n{last}"));
    let amounts: Vec<String> = total_line
        .split_whitespace()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || c == '-')
        })
        .map(str::to_string)
        .collect();
    let want: Vec<String> = figures(&json["total"], &MONTH_FIELDS)
        .into_iter()
        .map(yuan)
        .collect();
    assert_eq!(amounts, want, "the group total: {total_line}");
    all
}

/// Leave a file in target/exports/ for a person to open.
fn leave(name: &str, bytes: &[u8]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/exports");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn audit_count(hq: &Hq, user: &str, action: &str, ok: bool) -> i64 {
    block_on(async {
        let c = hq.pool().get().await.unwrap();
        c.query_one(
            "SELECT COUNT(*) FROM console_audit WHERE username = $1 AND action = $2 AND ok = $3",
            &[&user, &action, &ok],
        )
        .await
        .unwrap()
        .get(0)
    })
}

#[test]
fn the_exports_hold_the_same_figures_as_the_reports_for_the_same_person() {
    let (hq, _w1, _w2) = group();
    let finance = Console::sign_in(&hq, "caiwu");
    let manager = Console::sign_in(&hq, "jingli2");

    // 收费月报表: the workbook and the PDF of each person equal their own JSON report.
    for (c, who, estates) in [(&finance, "caiwu", 2), (&manager, "jingli2", 1)] {
        let json = ok_json(&c, "/api/monthly?month=2026-03");
        assert_eq!(json["estates"].as_array().unwrap().len(), estates);
        assert!(fen(&json["total"]["billed_fen"]) > 100_000, "{json}");
        assert!(
            fen(&json["total"]["advance_fen"]) > 0,
            "prepayments: {json}"
        );
        if estates == 2 {
            let e = &json["estates"];
            assert_ne!(e[0]["total"], e[1]["total"], "the estates differ");
        }
        let xlsx = file(
            &c,
            "/api/monthly.xlsx?month=2026-03",
            XLSX,
            "收费月报表-2026-03.xlsx",
        );
        leave(&format!("monthly-{who}.xlsx"), &xlsx);
        check_monthly_workbook(xlsx, &json, who);
        let pdf = file(
            &c,
            "/api/monthly.pdf?month=2026-03",
            "application/pdf",
            "收费月报表-2026-03.pdf",
        );
        leave(&format!("monthly-{who}.pdf"), &pdf);
        let text = check_monthly_pdf(&pdf, &json);
        if who == "jingli2" {
            assert!(
                !text.contains("EST1") && !text.contains("项目EST1"),
                "{text}"
            );
        }
    }

    // 欠费账龄, as of March (all under 3 months) and a year on (every charge over 6 months old).
    for as_of in ["2026-03", "2026-05", "2027-02"] {
        for (c, estates) in [(&finance, 2), (&manager, 1)] {
            let json = ok_json(&c, &format!("/api/arrears?as_of={as_of}"));
            assert_eq!(json["estates"].as_array().unwrap().len(), estates);
            let units: Vec<Value> = json["estates"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    ok_json(
                        &c,
                        &format!(
                            "/api/arrears/units?estate={}&as_of={as_of}",
                            e["estate_code"].as_str().unwrap()
                        ),
                    )
                })
                .collect();
            let xlsx = file(
                &c,
                &format!("/api/arrears.xlsx?as_of={as_of}"),
                XLSX,
                &format!("欠费账龄-{as_of}.xlsx"),
            );
            leave(&format!("arrears-{as_of}-{}.xlsx", estates), &xlsx);
            check_arrears_workbook(xlsx, &json, &units);
        }
    }
    let finance_2027 = ok_json(&finance, "/api/arrears?as_of=2027-02");
    assert!(
        fen(&finance_2027["total"]["over_12_fen"]) > 0,
        "{finance_2027}"
    );
    assert!(fen(&finance_2027["total"]["from_6_to_12_fen"]) > 0);

    // The manager's workbooks name no other estate anywhere.
    for path in [
        "/api/monthly.xlsx?month=2026-03",
        "/api/arrears.xlsx?as_of=2026-03",
    ] {
        for (name, rows) in workbook(manager.fetch(path).body) {
            assert!(!name.contains("EST1"), "{path}: sheet {name}");
            for cell in rows.iter().flatten() {
                assert!(!cell.to_string().contains("EST1"), "{path}: {cell}");
            }
        }
    }
    // Every export is audited.
    assert_eq!(audit_count(&hq, "caiwu", "monthly_xlsx", true), 1);
    assert_eq!(audit_count(&hq, "caiwu", "monthly_pdf", true), 1);
    assert_eq!(audit_count(&hq, "caiwu", "arrears_xlsx", true), 3);
    assert_eq!(audit_count(&hq, "jingli2", "monthly_xlsx", true), 2);
}

#[test]
fn no_session_is_refused_and_a_bad_month_gets_a_clear_error_and_no_file() {
    let hq = Hq::start(&shared_pg().database());
    hq_cli(&hq.db, &["estate-add", "EST1", "一号项目"]);
    hq_cli(
        &hq.db,
        &[
            "user-add",
            "caiwu",
            "测试",
            "--role",
            "finance",
            "--password",
            "console-pass",
        ],
    );
    let paths = [
        "/api/monthly.xlsx?month=2026-03",
        "/api/monthly.pdf?month=2026-03",
        "/api/arrears.xlsx?as_of=2026-03",
    ];
    for cookie in ["", "fd_console=forged"] {
        let c = Console::with_cookie(&hq, cookie);
        for path in paths {
            let a = c.fetch(path);
            assert_eq!(a.status, 401, "{path} with {cookie:?}");
            assert_eq!(a.json()["code"], "UNAUTHENTICATED", "{path}");
            assert!(a.disposition.is_none(), "{path}: no file");
        }
    }
    let c = Console::sign_in(&hq, "caiwu");
    let bad = [
        ("/api/monthly.xlsx?month=2026-13", "monthly_xlsx"),
        ("/api/monthly.xlsx", "monthly_xlsx"),
        ("/api/monthly.pdf?month=13-2026", "monthly_pdf"),
        ("/api/arrears.xlsx?as_of=yesterday", "arrears_xlsx"),
    ];
    for (path, _) in bad {
        let a = c.fetch(path);
        let v = a.json();
        assert_eq!(a.status, 400, "{path}: {v}");
        assert_eq!(v["code"], "INVALID_INPUT", "{path}: {v}");
        assert!(
            !v["zh"].as_str().unwrap_or_default().is_empty()
                && !v["en"].as_str().unwrap_or_default().is_empty(),
            "{v}"
        );
        assert!(a.content_type.starts_with("application/json"), "{path}");
        assert!(a.disposition.is_none(), "{path}: no file");
    }
    // Refused exports are audited as refused; none as done.
    assert_eq!(audit_count(&hq, "caiwu", "monthly_xlsx", false), 2);
    assert_eq!(audit_count(&hq, "caiwu", "monthly_pdf", false), 1);
    assert_eq!(audit_count(&hq, "caiwu", "arrears_xlsx", false), 1);
    for action in ["monthly_xlsx", "monthly_pdf", "arrears_xlsx"] {
        assert_eq!(audit_count(&hq, "caiwu", action, true), 0);
    }
}

/// A month too long for one page: the header and the page numbers are on every page, and every
/// row's amounts are in the text.
#[test]
fn a_long_monthly_pdf_repeats_its_header_on_every_page() {
    let figures = |n: i64| MonthFigures {
        billed_fen: 100_000 + n * 101,
        collected_fen: 50_000 + n,
        recovered_fen: n * 7,
        advance_fen: n * 3,
        open_fen: 50_000 + n * 100,
    };
    let mut report = MonthlyReport {
        month: "2026-10".into(),
        estates: vec![],
        total: MonthFigures::default(),
    };
    let mut n = 0;
    for e in 1..=3 {
        let mut estate = EstateMonth {
            estate_code: format!("E{e}"),
            estate_name: format!("第{e}花园"),
            rows: vec![],
            total: MonthFigures::default(),
        };
        for b in 1..=12 {
            for item in ["WYF", "LJF", ""] {
                n += 1;
                let f = figures(n);
                for t in [&mut estate.total, &mut report.total] {
                    t.billed_fen += f.billed_fen;
                    t.collected_fen += f.collected_fen;
                    t.recovered_fen += f.recovered_fen;
                    t.advance_fen += f.advance_fen;
                    t.open_fen += f.open_fen;
                }
                estate.rows.push(MonthRow {
                    building: b.to_string(),
                    item: item.into(),
                    figures: f,
                });
            }
        }
        report.estates.push(estate);
    }
    let made = Made {
        by: "王建国（boss）".into(),
        at: "2026-11-01 09:30".into(),
    };
    let pdf = export::pdf::monthly(&report, &made).unwrap();
    leave("monthly-long.pdf", &pdf);
    let pages = pdf_pages(&pdf);
    assert!(pages.len() >= 4, "{} pages", pages.len());
    check_pdf_pages(&pages);
    assert!(
        pages[1].contains("收费月报表 2026年10月（续）"),
        "{}",
        pages[1]
    );
    // A page that goes on with an estate's rows names the estate again.
    for (i, t) in pages.iter().enumerate().skip(1) {
        let first_row = t
            .lines()
            .skip_while(|l| !l.contains("收费项目"))
            .nth(1)
            .unwrap_or_default();
        assert!(
            first_row.contains("花园") || first_row.contains("合计"),
            "page {}: the estate named again:\n{t}",
            i + 1
        );
    }
    let all = pages.join("\n");
    assert!(all.contains("王建国（boss）"));
    for e in &report.estates {
        assert!(all.contains(&e.estate_code) && all.contains(&e.estate_name));
        for r in &e.rows {
            assert!(all.contains(&yuan(r.figures.billed_fen)), "{r:?}");
        }
        assert!(all.contains(&yuan(e.total.billed_fen)));
    }
    assert!(all.contains(&yuan(report.total.billed_fen)));
    assert!(all.contains("预存款"));
}
