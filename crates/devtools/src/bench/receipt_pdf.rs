//! The receipt PDF against its peer: headless Chromium printing the same receipt as an HTML page.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use feedesk_api::{self as api, err, CollectRequest, Money, Result, Tender};
use feedesk_documents::{receipt_pdf, Issuer, ReceiptDoc, ReceiptLayout};
use feedesk_protocol::QrPayload;

use super::*;

/// Where Chromium is, if installed (Debian's package is `chromium`).
fn chromium_binary() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The same receipt as an HTML page, the way a web-based property system prints it: A5 landscape,
/// two parts (存根联 / 客户联), the same Noto Sans SC font, every line, total in figures and 大写.
fn receipt_html(r: &api::Receipt, issuer: &Issuer, font: &Path) -> String {
    let yuan = |fen: i64| Money::from_fen(fen).grouped();
    let mut rows = String::new();
    for l in &r.lines {
        rows += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=n>{}</td></tr>",
            html_escape(&l.description),
            html_escape(l.period.as_deref().unwrap_or("")),
            html_escape(&l.basis),
            yuan(l.amount_fen)
        );
    }
    let pays: Vec<String> = r
        .payments
        .iter()
        .map(|p| {
            let mut s = format!("{} ¥{}", p.method.zh(), yuan(p.amount_fen));
            if let (Some(t), Some(c)) = (p.tendered_fen, p.change_fen) {
                s += &format!(" 实收 ¥{} 找零 ¥{}", yuan(t), yuan(c));
            }
            s
        })
        .collect();
    let total = Money::from_fen(r.total_fen);
    let part = |name: &str| {
        format!(
            r#"<section><h1>{company}{estate} 收 据</h1>
<div class=meta><span>交款单位/人 {payer}{unit}</span><span>日期 {date}</span><span>No. {number}</span></div>
<table><tr><th>收费项目</th><th>所属期间</th><th>计费依据</th><th>金额(元)</th></tr>{rows}
<tr class=t><td colspan=3>合计人民币(大写) {words}</td><td class=n>¥{total}</td></tr></table>
<div class=foot><span>{pays}</span><span>收款人 {cashier}</span><span class=stamp>盖章处</span></div>
<div class=part>{name}</div></section>"#,
            company = html_escape(&issuer.company),
            estate = html_escape(&issuer.estate),
            payer = html_escape(&r.payer),
            unit = r
                .unit
                .as_ref()
                .map(|u| format!(" ({u})"))
                .unwrap_or_default(),
            date = r.issued_at.get(..16).unwrap_or("").replace('T', " "),
            number = r.number,
            words = total.words(),
            total = total.grouped(),
            pays = html_escape(&pays.join("  ")),
            cashier = html_escape(&r.cashier),
        )
    };
    format!(
        r#"<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>{number}</title><style>
@font-face {{ font-family: NotoSC; src: url("file://{font}"); }}
@page {{ size: A5 landscape; margin: 6mm 8mm; }}
body {{ font-family: NotoSC, sans-serif; font-size: 8.5pt; line-height: 1.25; margin: 0; }}
section {{ break-after: page; }}
section:last-child {{ break-after: auto; }}
h1 {{ text-align: center; font-size: 14pt; margin: 0 0 2mm; letter-spacing: 2pt; }}
.meta, .foot {{ display: flex; justify-content: space-between; align-items: center; margin: 1.5mm 0; }}
table {{ width: 100%; border-collapse: collapse; }}
th, td {{ border: 0.5pt solid #000; padding: 0.3mm 2mm; }}
.n {{ text-align: right; }}
.stamp {{ border: 0.5pt dashed #000; padding: 3mm 6mm; }}
.part {{ text-align: right; font-size: 9pt; }}
</style></head><body>{a}{b}</body></html>"#,
        number = r.number,
        font = font.display(),
        a = part("第一联 存根联"),
        b = part("第二联 客户联"),
    )
}

/// Five cold runs of headless Chromium printing `html` to PDF: their times and the PDF's size, or why
/// a run failed.
#[allow(clippy::type_complexity)]
fn chromium_runs(
    chromium: &Path,
    work: &Path,
    html: &str,
) -> Result<std::result::Result<(Vec<Duration>, u64), String>> {
    let _ = std::fs::remove_dir_all(work);
    std::fs::create_dir_all(work)
        .map_err(|e| err!(Storage, "无法创建目录：{e}", "cannot create directory: {e}"))?;
    let work = work
        .canonicalize()
        .map_err(|e| err!(Storage, "目录无效：{e}", "bad directory: {e}"))?;
    let file = work.join("receipt.html");
    std::fs::write(&file, html).map_err(|e| err!(Storage, "写入失败：{e}", "write failed: {e}"))?;
    let mut chrome_times = vec![];
    let mut chrome_size = 0;
    for i in 0..5 {
        // A fresh profile each run, as a print service starting the browser per document would.
        let profile = work.join(format!("profile-{i}"));
        let out = work.join(format!("receipt-{i}.pdf"));
        let t = Instant::now();
        let status = std::process::Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--print-to-pdf={}", out.display()))
            .arg(format!("file://{}", file.display()))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        let elapsed = t.elapsed();
        let made = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        if !matches!(status, Ok(s) if s.success()) || made == 0 {
            return Ok(Err(format!("failed: {status:?}, {made} bytes")));
        }
        chrome_times.push(elapsed);
        chrome_size = made;
    }
    let _ = std::fs::remove_dir_all(work);
    Ok(Ok((chrome_times, chrome_size)))
}

/// Receipt PDF generation against headless Chromium printing the equivalent HTML (issue 4).
pub(super) fn bench_receipt_pdf(r: &mut Report, dir: &Path, samples: usize) -> Result<()> {
    let path = dir.join("documents.sqlite");
    let (mut l, admin) = small_estate(&path, 4)?;
    for p in ["2025-09", "2025-10", "2025-11", "2025-12"] {
        api::billing_run(&mut l, &admin, p)?;
    }
    api::open_shift(&mut l, &admin, Money::from_yuan(500))?;
    let code: String =
        raw(&l)?.query_row("SELECT code FROM units ORDER BY id LIMIT 1", [], |x| {
            x.get(0)
        })?;
    let open = api::unit_arrears(&l, &admin, &code)?;
    let tendered = Money::from_fen((open.total_fen + 9999) / 10000 * 10000);
    let receipt = api::collect(
        &mut l,
        &admin,
        &CollectRequest::all_open(&code, vec![Tender::cash(tendered)]),
    )?;
    let info = api::estate_info(&l)?;
    let issuer = Issuer {
        company: info.company_name,
        estate: info.estate_name,
    };
    // As printed at the counter: masked phone and a signed QR code (a bench secret).
    let doc = ReceiptDoc {
        qr: Some(
            QrPayload {
                receipt_id: "0190c3f0-0000-7000-8000-000000000000".into(),
                number: receipt.number.clone(),
                desk: "A01".into(),
                amount_fen: receipt.total_fen,
            }
            .sign(&[7u8; 32]),
        ),
        receipt: receipt.clone(),
        issuer,
        reprint: None,
        phone: Some("138****5678".into()),
        deposit: None,
    };
    // The first call also parses the font (once per process); it is reported on its own.
    let t = Instant::now();
    let first = receipt_pdf(&doc, ReceiptLayout::A5TwoPart)?;
    let first_time = t.elapsed();
    let mut times = Vec::with_capacity(samples);
    let mut size = first.len();
    for _ in 0..samples.max(10) {
        let t = Instant::now();
        let pdf = receipt_pdf(&doc, ReceiptLayout::A5TwoPart)?;
        times.push(t.elapsed());
        size = size.max(pdf.len());
    }
    times.sort();
    let (p50, p99) = (pct(&times, 50.0), pct(&times, 99.0));
    r.line(
        &format!(
            "receipt PDF, A5 two parts, {} lines (n={})",
            receipt.lines.len(),
            times.len()
        ),
        format!(
            "p50 {} p99 {} (first, with font parse, {})",
            ms(p50),
            ms(p99),
            ms(first_time)
        ),
        "p99 ≤ 20 ms".into(),
        p99 <= Duration::from_millis(20),
    );
    r.line(
        "receipt PDF size (subset font)",
        format!("{:.1} KB", size as f64 / 1024.0),
        "≤ 60 KB".into(),
        size <= 60 * 1024,
    );

    let Some(chromium) = chromium_binary() else {
        r.line(
            "headless Chromium, same receipt as HTML → PDF",
            "skipped: chromium not installed".into(),
            "≥ 20× slower".into(),
            true,
        );
        return Ok(());
    };
    let font =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/fonts/NotoSansSC-Regular.ttf");
    let html = receipt_html(&receipt, &doc.issuer, &font);
    let (chrome_times, chrome_size) = match chromium_runs(&chromium, &dir.join("chromium"), &html)?
    {
        Ok(runs) => runs,
        Err(why) => {
            r.line(
                "headless Chromium, same receipt as HTML → PDF",
                why,
                "≥ 20× slower".into(),
                false,
            );
            return Ok(());
        }
    };
    let mut chrome_times = chrome_times;
    chrome_times.sort();
    let c50 = pct(&chrome_times, 50.0);
    r.line(
        &format!(
            "headless Chromium, same receipt as HTML → PDF (n={})",
            chrome_times.len()
        ),
        format!("p50 {} ({:.1} KB)", ms(c50), chrome_size as f64 / 1024.0),
        String::new(),
        true,
    );
    let ratio = c50.as_secs_f64() / p50.as_secs_f64();
    r.line(
        "Chromium p50 / receipt PDF p50",
        format!("{ratio:.0}× faster"),
        "≥ 20×".into(),
        ratio >= 20.0,
    );
    Ok(())
}
