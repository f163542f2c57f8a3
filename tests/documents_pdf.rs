//! Every printed document, generated from a ledger the test builds through the api and read back
//! with real tools: poppler (pdftotext, pdfinfo, pdffonts, pdftoppm) and zbarimg for the QR code.
//! Page 1 of each document is rendered at 50 dpi and compared with a committed reference image
//! in tests/reference/ (FEEDESK_UPDATE_REFERENCES=1 rewrites them); a 100 dpi PNG of page 1 of
//! each is left in target/documents/ to look at.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use common::*;
use feedesk_api::{
    self as api, CollectDepositRequest, DailyScope, Deduction, DeductionKind, Inspection,
    NoticeKind, NoticeOffice, NoticeTarget, PayMethod, RefundRequest, SaleLine, SaleRequest,
};
use feedesk_api::{ErrorCode, Money};
use feedesk_documents::{self as documents, FormLayout, Issuer, ReceiptDoc, ReceiptLayout};

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (scripts/setup.sh installs it): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn text(pdf: &Path) -> String {
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}

fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    tool(
        "pdftotext",
        &["-layout", "-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"],
    )
}

fn info(pdf: &Path) -> String {
    tool("pdfinfo", &[pdf.to_str().unwrap()])
}

fn pages(pdf: &Path) -> usize {
    info(pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn assert_subset_font(pdf: &Path) {
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let noto: Vec<&str> = fonts.lines().filter(|l| l.contains("NotoSansSC")).collect();
    assert!(!noto.is_empty(), "the Noto font is embedded: {fonts}");
    for l in noto {
        assert!(l.contains("yes yes yes"), "embedded, subset, unicode: {l}");
    }
}

fn assert_contains(haystack: &str, wants: &[&str]) {
    for w in wants {
        assert!(haystack.contains(w), "{w:?} missing from:\n{haystack}");
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Grey levels of page `page` rendered at `dpi`: (width, height, pixels).
fn render(pdf: &Path, page: usize, dpi: u32, out_prefix: &Path) -> (u32, u32, Vec<u8>) {
    let p = page.to_string();
    tool(
        "pdftoppm",
        &[
            "-r",
            &dpi.to_string(),
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            &p,
            "-l",
            &p,
            pdf.to_str().unwrap(),
            out_prefix.to_str().unwrap(),
        ],
    );
    read_png(&out_prefix.with_extension("png"))
}

fn read_png(path: &Path) -> (u32, u32, Vec<u8>) {
    let mut dec = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = dec.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    buf.truncate(frame.buffer_size());
    let channels = frame.color_type.samples();
    let grey = buf.chunks(channels).map(|c| c[0]).collect();
    (frame.width, frame.height, grey)
}

/// Compare page 1 with tests/reference/<name>.png: the same size, and at most 0.05 % of the pixels
/// differing by more than a quarter of the grey scale. The font is embedded, so the same poppler
/// renders the same pixels; a line of text moved by 1 mm differs in far more than that. Also leaves a 100 dpi PNG in target/documents/<name>.png.
fn compare_with_reference(name: &str, pdf: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shown = root.join("target/documents");
    std::fs::create_dir_all(&shown).unwrap();
    render(pdf, 1, 100, &shown.join(name));
    let tmp = pdf.with_file_name(format!("{name}-ref"));
    let (w, h, got) = render(pdf, 1, 50, &tmp);
    let reference = root.join("tests/reference").join(format!("{name}.png"));
    if std::env::var("FEEDESK_UPDATE_REFERENCES").is_ok_and(|v| v == "1") || !reference.exists() {
        assert!(
            std::env::var("FEEDESK_UPDATE_REFERENCES").is_ok_and(|v| v == "1"),
            "no reference image {}: run with FEEDESK_UPDATE_REFERENCES=1 to make it",
            reference.display()
        );
        std::fs::create_dir_all(reference.parent().unwrap()).unwrap();
        std::fs::copy(tmp.with_extension("png"), &reference).unwrap();
        return;
    }
    let (rw, rh, want) = read_png(&reference);
    assert_eq!((w, h), (rw, rh), "{name}: page size in pixels changed");
    let differing = got
        .iter()
        .zip(&want)
        .filter(|(a, b)| a.abs_diff(**b) > 64)
        .count();
    let limit = got.len() / 2000;
    assert!(
        differing <= limit,
        "{name}: {differing} of {} pixels differ from {} (limit {limit}); look at target/documents/{name}.png \
         and rerun with FEEDESK_UPDATE_REFERENCES=1 if the change is wanted",
        got.len(),
        reference.display()
    );
}

/// The receipt as printed but with a fixed QR text: receipt uuids and the desk's secret are random,
/// so the printed code differs from run to run; its content is checked by scanning it instead.
fn stable_doc(w: &World, number: &str) -> ReceiptDoc {
    let r = api::receipt(&w.l, &w.cashier, number).unwrap();
    let info = api::estate_info(&w.l).unwrap();
    let phone = r.unit.as_deref().map(|u| {
        let unit = api::unit(&w.l, &w.cashier, u).unwrap();
        unit.parties[0].phone.clone()
    });
    let deposit = api::deposits(&w.l, &w.cashier, &api::DepositFilter::All)
        .unwrap()
        .deposits
        .into_iter()
        .find(|d| d.receipt == r.number || d.refund_voucher.as_deref() == Some(&r.number));
    ReceiptDoc {
        receipt: r,
        issuer: Issuer {
            company: info.company_name,
            estate: info.estate_name,
        },
        reprint: None,
        phone,
        qr: Some("FD1|00000000-0000-7000-8000-000000000000|A01-2026-000001|A01|0|00".into()),
        deposit,
    }
}

fn scan_qr(pdf: &Path, page: usize) -> String {
    let prefix = pdf.with_file_name("qr-scan");
    render(pdf, page, 150, &prefix);
    let png = prefix.with_extension("png");
    tool("zbarimg", &["--raw", "-q", png.to_str().unwrap()])
        .trim()
        .to_string()
}

#[test]
fn a_receipt_shows_the_masked_phone_and_a_qr_code_head_office_can_verify() {
    let mut w = World::new();
    w.bill("2026-01");
    w.bill("2026-02");
    w.open_shift();
    let r = w.collect_all("3-2-1201", vec![cash(500)]).unwrap();
    let pdf = write(
        w.dir.path(),
        "a5.pdf",
        &api::print_receipt(&mut w.l, &w.cashier, &r.number, ReceiptLayout::A5TwoPart).unwrap(),
    );
    let t = text(&pdf);
    assert_contains(
        &t,
        &[
            &r.number,
            "138****5678",
            "3-2-1201",
            "张三",
            "扫码验真",
            "盖章处",
        ],
    );
    assert!(
        !t.contains("13812345678"),
        "the full phone never leaves the office"
    );

    // Scan the code on the customer's part, as head office would, and verify it.
    let scanned = scan_qr(&pdf, 2);
    let p = api::verify_receipt_qr(&mut w.l, &w.supervisor, &scanned).unwrap();
    assert_eq!(
        (p.number.as_str(), p.desk.as_str(), p.amount_fen),
        (r.number.as_str(), "A01", r.total_fen)
    );
    let uuid: String = w
        .db()
        .query_row(
            "SELECT uuid FROM receipts WHERE number = ?1",
            [&r.number],
            |x| x.get(0),
        )
        .unwrap();
    assert_eq!(p.receipt_id, uuid);

    // An altered amount, an altered number, or another desk's secret: refused.
    let fen = format!("|{}|", r.total_fen);
    let more = scanned.replace(&fen, &format!("|{}|", r.total_fen + 100));
    assert_ne!(more, scanned);
    let e = api::verify_receipt_qr(&mut w.l, &w.supervisor, &more).unwrap_err();
    assert_eq!(e.code, ErrorCode::AuthFailed, "{}", e.zh);
    let renumbered = scanned.replace(&r.number, "A01-2026-000099");
    assert!(api::verify_receipt_qr(&mut w.l, &w.supervisor, &renumbered).is_err());
    assert!(feedesk_protocol::QrPayload::verify(&[7u8; 32], &scanned).is_err());
    assert_eq!(
        api::verify_receipt_qr(&mut w.l, &w.supervisor, "hello")
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput
    );

    // The roll carries the same code (the secret is kept, not made again), and says 补打.
    let roll = write(
        w.dir.path(),
        "roll.pdf",
        &api::print_receipt(&mut w.l, &w.cashier, &r.number, ReceiptLayout::Roll80).unwrap(),
    );
    assert_eq!(scan_qr(&roll, 1), scanned);
    assert_contains(&text(&roll), &["补打(第1次)", "138****5678"]);
    assert!(info(&roll).contains("226.772 x"), "80 mm wide");
    assert_subset_font(&roll);
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(
        size < 60_000,
        "a subset font keeps the receipt small ({size} bytes)"
    );

    let a5 = write(
        w.dir.path(),
        "a5-stable.pdf",
        &documents::receipt_pdf(&stable_doc(&w, &r.number), ReceiptLayout::A5TwoPart).unwrap(),
    );
    compare_with_reference("receipt-a5", &a5);
    let roll = write(
        w.dir.path(),
        "roll-stable.pdf",
        &documents::receipt_pdf(&stable_doc(&w, &r.number), ReceiptLayout::Roll80).unwrap(),
    );
    compare_with_reference("receipt-roll", &roll);
}

#[test]
fn a_deposit_receipt_and_its_refund_voucher_carry_the_deposit_and_every_deduction() {
    let mut w = World::new();
    w.open_shift();
    let taken = api::deposit_collect(
        &mut w.l,
        &w.cashier,
        &CollectDepositRequest {
            unit: "3-1-301".into(),
            payer: None,
            contractor: "美家装饰工程有限公司".into(),
            contractor_phone: "13566667777".into(),
            amount: Money::from_yuan(3000),
            permit_no: "ZX-2026-017".into(),
            planned_end: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            tenders: vec![cash(3000)],
            note: String::new(),
        },
    )
    .unwrap();
    let id = taken.deposit.id;
    let receipt_pdf = write(
        w.dir.path(),
        "deposit.pdf",
        &api::print_receipt(
            &mut w.l,
            &w.cashier,
            &taken.receipt.number,
            ReceiptLayout::A5TwoPart,
        )
        .unwrap(),
    );
    let t = text(&receipt_pdf);
    let amount = Money::from_fen(taken.receipt.total_fen);
    assert_contains(
        &t,
        &[
            "装修押金收据",
            &taken.receipt.number,
            "3-1-301",
            "李建国",
            "137****2222",
            "美家装饰工程有限公司",
            "135****7777",
            "ZX-2026-017",
            "2026-03-31",
            &format!("¥{}", amount.grouped()),
            &amount.words(),
            "第一联 存根联",
            "第二联 客户联",
        ],
    );
    assert!(!t.contains("13566667777"));
    assert_eq!(pages(&receipt_pdf), 2);
    assert_subset_font(&receipt_pdf);

    api::deposit_inspect(
        &mut w.l,
        &w.supervisor,
        id,
        &Inspection {
            passed: true,
            findings: String::new(),
        },
    )
    .unwrap();
    let deductions = [
        (DeductionKind::Damage, 30_000, "损坏电梯轿厢壁板"),
        (DeductionKind::Cleaning, 15_050, "装修垃圾清运两车"),
    ];
    api::deposit_request_refund(
        &mut w.l,
        &w.cashier,
        id,
        &RefundRequest {
            deductions: deductions
                .iter()
                .map(|(k, f, n)| Deduction {
                    kind: *k,
                    amount: Money::from_fen(*f),
                    note: n.to_string(),
                })
                .collect(),
            charges: vec![],
            note: String::new(),
        },
    )
    .unwrap();
    api::deposit_approve_refund(&mut w.l, &w.supervisor, id, "同意").unwrap();
    let refunded = api::deposit_refund(&mut w.l, &w.cashier, id, PayMethod::Cash, "").unwrap();
    let voucher = write(
        w.dir.path(),
        "voucher.pdf",
        &api::print_receipt(
            &mut w.l,
            &w.cashier,
            &refunded.receipt.number,
            ReceiptLayout::A5TwoPart,
        )
        .unwrap(),
    );
    let t = text(&voucher);
    let paid = -Money::from_fen(refunded.receipt.total_fen);
    let deducted: i64 = deductions.iter().map(|d| d.1).sum();
    assert_eq!(
        paid.fen(),
        amount.fen() - deducted,
        "what is paid back is the deposit less the deductions"
    );
    assert_contains(
        &t,
        &[
            "退款凭证",
            &refunded.receipt.number,
            &taken.receipt.number,
            "ZX-2026-017",
            &amount.grouped(),
            &format!("实退 ¥{}", paid.grouped()),
            &paid.words(),
            "领款人签字",
            "批准 张敏",
            "经办 李四",
        ],
    );
    for (kind, fen, note) in deductions {
        assert_contains(
            &t,
            &[
                kind.zh(),
                note,
                &format!("-{}", Money::from_fen(fen).grouped()),
            ],
        );
    }
    assert_subset_font(&voucher);

    compare_with_reference(
        "deposit-receipt",
        &write(
            w.dir.path(),
            "deposit-stable.pdf",
            &documents::receipt_pdf(
                &stable_doc(&w, &taken.receipt.number),
                ReceiptLayout::A5TwoPart,
            )
            .unwrap(),
        ),
    );
    compare_with_reference(
        "refund-voucher",
        &write(
            w.dir.path(),
            "voucher-stable.pdf",
            &documents::receipt_pdf(
                &stable_doc(&w, &refunded.receipt.number),
                ReceiptLayout::A5TwoPart,
            )
            .unwrap(),
        ),
    );
}

#[test]
fn the_daily_cash_report_runs_over_pages_with_its_header_and_page_numbers_on_each() {
    let mut w = World::new();
    w.bill("2026-01");
    w.set_time(at(2026, 1, 5, 9));
    w.open_shift();
    let mut numbers = vec![];
    for u in ["3-2-1201", "3-2-1202", "3-1-301", "S-101"] {
        numbers.push(w.collect_all(u, vec![cash(1000)]).unwrap().number);
    }
    for i in 0..70 {
        let r = api::sale(
            &mut w.l,
            &w.cashier,
            &SaleRequest {
                unit: None,
                payer: Some(format!("散客{i}")),
                lines: vec![SaleLine {
                    item: "FYF".into(),
                    quantity: rust_decimal::Decimal::from(i % 9 + 1),
                    unit_price: None,
                }],
                tenders: vec![tender(PayMethod::Wechat, (i % 9 + 1) * 50)],
                note: String::new(),
            },
        )
        .unwrap();
        numbers.push(r.number);
    }
    api::void_receipt(&mut w.l, &w.cashier, &numbers[5], "录错", &approval()).unwrap();
    let scope = DailyScope::DeskDay {
        date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
    };
    let report = api::daily_report(&w.l, &w.supervisor, &scope).unwrap();
    let pdf = write(
        w.dir.path(),
        "daily.pdf",
        &api::daily_report_pdf(&w.l, &w.supervisor, &scope).unwrap(),
    );
    let n = pages(&pdf);
    assert!(n >= 2, "74 documents take more than one page ({n})");
    assert!(info(&pdf).contains("595.276 x 841.89 pts (A4)"));
    let all = text(&pdf);
    for number in &numbers {
        assert!(
            all.contains(number.as_str()),
            "{number} missing from the detail"
        );
    }
    assert_contains(
        &all,
        &[
            "现金日报表",
            &yuan(report.total_fen),
            "收费员",
            "复核",
            "财务",
            "作废",
            "微信",
            "现金",
            "复印费",
            "物业服务费",
        ],
    );
    for m in &report.by_method {
        assert!(
            all.contains(&yuan(m.fen)),
            "{} ¥{} missing",
            m.label,
            yuan(m.fen)
        );
    }
    for i in &report.by_item {
        assert!(
            all.contains(&yuan(i.fen)),
            "{} ¥{} missing",
            i.label,
            yuan(i.fen)
        );
    }
    let first = report.receipts.first.as_deref().unwrap();
    let last = report.receipts.last.as_deref().unwrap();
    assert!(
        all.contains(&format!("{first} 至 {last}")),
        "the number range"
    );
    for p in 1..=n {
        let t = page_text(&pdf, p);
        // pdftotext drops the narrow spaces of 「第 N 页 / 共 M 页」.
        let squeezed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            squeezed.contains(&format!("第{p}页/共{n}页")),
            "page {p} number:\n{t}"
        );
        if t.contains("A01-2026-0000") {
            assert!(
                t.contains("收据号") && t.contains("交款人") && t.contains("金额"),
                "header on page {p}:\n{t}"
            );
        }
    }
    assert!(
        page_text(&pdf, 2).contains("收据明细（续）"),
        "the detail goes on over the page"
    );
    assert!(
        !page_text(&pdf, 1).contains("复核："),
        "signatures come after the detail"
    );
    assert!(page_text(&pdf, n).contains("复核："));
    assert_subset_font(&pdf);
    compare_with_reference("daily-report", &pdf);
}

fn yuan(fen: i64) -> String {
    Money::from_fen(fen).grouped()
}

#[test]
fn payment_and_dunning_notices_for_a_building_two_to_a_page() {
    let mut w = World::new();
    w.bill("2026-01");
    w.bill("2026-02");
    api::set_notice_office(
        &mut w.l,
        &w.admin,
        &NoticeOffice {
            address: "阳光花园 3 栋架空层 客户服务中心".into(),
            phone: "0755-2666 8899".into(),
            hours: "每日 8:30–18:00".into(),
            how_to_pay: "银行转账：招商银行 7559 0000 1234".into(),
        },
    )
    .unwrap();
    w.open_shift();
    w.collect_all("3-2-1202", vec![cash(2000)]).unwrap();
    w.set_time(at(2026, 2, 3, 10));
    let pdf = write(
        w.dir.path(),
        "payment.pdf",
        &api::notice_pdf(
            &w.l,
            &w.cashier,
            NoticeKind::Payment,
            "2026-02",
            &NoticeTarget::Building("3".into()),
        )
        .unwrap(),
    );
    assert_eq!(pages(&pdf), 2, "three units of building 3, two to a page");
    assert!(info(&pdf).contains("(A4)"));
    let t = text(&pdf);
    assert_contains(
        &t,
        &[
            "交费通知单",
            "3-2-1201",
            "3-2-1202",
            "3-1-301",
            "张三",
            "2026-02",
            "3 栋架空层",
            "0755-2666 8899",
            "招商银行",
        ],
    );
    assert!(!t.contains("S-101"), "another building");
    for u in ["3-2-1201", "3-1-301"] {
        let a = api::unit_arrears(&w.l, &w.cashier, u).unwrap();
        let to_pay = Money::from_fen((a.total_fen - a.prepayment_fen).max(0));
        assert!(
            t.contains(&format!("¥{}", to_pay.grouped())),
            "{u} pays {to_pay}"
        );
        assert!(t.contains(&to_pay.words()), "{u}: {}", to_pay.words());
        for c in &a.charges {
            assert!(
                t.contains(&yuan(c.open_fen)),
                "{u} {} {}",
                c.item_name,
                c.period
            );
        }
    }
    assert_subset_font(&pdf);
    compare_with_reference("payment-notice", &pdf);

    let dun = write(
        w.dir.path(),
        "dunning.pdf",
        &api::notice_pdf(
            &w.l,
            &w.cashier,
            NoticeKind::Dunning,
            "2026-02",
            &NoticeTarget::Building("3".into()),
        )
        .unwrap(),
    );
    let t = text(&dun);
    assert_contains(&t, &["催费通知单", "3-2-1201", "3-1-301", "十五日内交清"]);
    // Nothing computes a late fee here, so the notice threatens none.
    assert!(!t.contains("滞纳金"), "{t}");
    assert!(!t.contains("3-2-1202"), "the unit that paid is not dunned");
    assert_eq!(pages(&dun), 1);
    compare_with_reference("dunning-notice", &dun);

    // One unit; a unit with nothing owed gets no dunning notice; a bad period is refused.
    let one = write(
        w.dir.path(),
        "one.pdf",
        &api::notice_pdf(
            &w.l,
            &w.cashier,
            NoticeKind::Payment,
            "2026-02",
            &NoticeTarget::Unit("S-101".into()),
        )
        .unwrap(),
    );
    assert!(text(&one).contains("S-101"));
    let e = api::notice_pdf(
        &w.l,
        &w.cashier,
        NoticeKind::Dunning,
        "2026-02",
        &NoticeTarget::Unit("3-2-1202".into()),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = api::notice_pdf(
        &w.l,
        &w.cashier,
        NoticeKind::Payment,
        "2026-13",
        &NoticeTarget::Building("3".into()),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    // 3-1-301 pays its oldest month and leaves ¥599.48 as prepayment, more than it still owes: it is
    // not dunned for ¥0.00.
    let oldest: Vec<i64> = api::unit_arrears(&w.l, &w.cashier, "3-1-301")
        .unwrap()
        .charges
        .iter()
        .filter(|c| c.period == "2026-01")
        .map(|c| c.charge_id)
        .collect();
    let mut req = api::CollectRequest::all_open("3-1-301", vec![cash(760)]);
    (req.charges, req.to_prepayment) = (Some(oldest), true);
    api::collect(&mut w.l, &w.cashier, &req).unwrap();
    let a = api::unit_arrears(&w.l, &w.cashier, "3-1-301").unwrap();
    assert!(a.total_fen > 0 && a.prepayment_fen >= a.total_fen, "{a:?}");
    let e = api::notice_pdf(
        &w.l,
        &w.cashier,
        NoticeKind::Dunning,
        "2026-02",
        &NoticeTarget::Unit("3-1-301".into()),
    )
    .unwrap_err();
    assert!(e.zh.contains("预存余额足以抵扣"), "{}", e.zh);
    assert_eq!(
        api::set_notice_office(&mut w.l, &w.cashier, &NoticeOffice::default())
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
}

/// Words pdftotext finds with their boxes: (word, xMin, yMin, xMax, yMax) in points from the top-left.
fn words(pdf: &Path) -> Vec<(String, f32, f32, f32, f32)> {
    let html = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .map(|l| {
            let attr = |k: &str| -> f32 {
                let s = l.split(&format!("{k}=\"")).nth(1).unwrap();
                s[..s.find('"').unwrap()].parse().unwrap()
            };
            let word = l[l.find('>').unwrap() + 1..l.rfind("</word>").unwrap()].to_string();
            (word, attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax"))
        })
        .collect()
}

const PT_PER_MM: f32 = 72.0 / 25.4;

#[test]
fn a_pre_printed_form_gets_only_the_values_at_the_layout_positions() {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    let r = w.collect_all("3-2-1201", vec![cash(300)]).unwrap();
    let layout = FormLayout::builtin();
    let pdf = write(
        w.dir.path(),
        "form.pdf",
        &api::print_receipt_form(&mut w.l, &w.cashier, &r.number, &layout).unwrap(),
    );
    assert!(
        info(&pdf).contains("683.15 x 263.622 pts"),
        "241 × 93 mm: {}",
        info(&pdf)
    );
    let t = text(&pdf);
    let total = Money::from_fen(r.total_fen);
    assert_contains(
        &t,
        &[
            &r.number,
            "3-2-1201",
            "138****5678",
            &total.grouped(),
            &total.words(),
            "物业服务费",
            "李四",
        ],
    );
    for title in ["收  据", "收费项目", "盖章处", "合计", "收款人"] {
        assert!(!t.contains(title), "a form gets values only, not {title:?}");
    }
    // Where the values are: the number ends at its x, the unit starts at its x, both on their y.
    let ws = words(&pdf);
    let at = |w: &str| {
        ws.iter()
            .find(|x| x.0 == w)
            .unwrap_or_else(|| panic!("{w} not found in {ws:?}"))
            .clone()
    };
    let number = layout.fields.number.clone().unwrap();
    let (_, _, y0, x1, y1) = at(&r.number);
    assert!(
        (x1 / PT_PER_MM - number.x).abs() < 1.0,
        "number ends at {} mm, layout says {}",
        x1 / PT_PER_MM,
        number.x
    );
    assert!(
        number.y > y0 / PT_PER_MM && number.y < y1 / PT_PER_MM + 1.0,
        "number baseline at {} mm",
        number.y
    );
    let unit = layout.fields.unit.clone().unwrap();
    let (_, x0, _, _, _) = at("3-2-1201");
    assert!(
        (x0 / PT_PER_MM - unit.x).abs() < 1.0,
        "unit starts at {} mm, layout says {}",
        x0 / PT_PER_MM,
        unit.x
    );
    compare_with_reference(
        "receipt-form",
        &write(
            w.dir.path(),
            "form-stable.pdf",
            &documents::form_receipt_pdf(&stable_doc(&w, &r.number), &layout).unwrap(),
        ),
    );

    // The calibration page: the paper size, labelled every 10 mm.
    let cal = write(
        w.dir.path(),
        "cal.pdf",
        &documents::calibration_pdf(&layout).unwrap(),
    );
    assert!(info(&cal).contains("683.15 x 263.622 pts"));
    assert_subset_font(&cal);
    assert_subset_font(&pdf);
    let t = text(&cal);
    for mm in (10..=230).step_by(10) {
        assert!(t.contains(&mm.to_string()), "{mm} mm label");
    }
    compare_with_reference("calibration", &cal);

    // A bad layout file says what is wrong and where; nothing is printed.
    let prints = w.count("receipt_prints");
    for (content, want) in [
        (
            "name = \"x\"\nwidth_mm = 241\nheight_mm = 93\n[fields]\nnumbr = { x = 1, y = 1 }\n",
            "numbr",
        ),
        (
            "name = \"x\"\nwidth_mm = 241\nheight_mm = 93\n[fields]\ntotal = { x = 300, y = 10 }\n",
            "total",
        ),
        ("name = \"x\"\nwidth_mm = 241\n", "height_mm"),
        (
            "name = \"x\"\nwidth_mm = 241\nheight_mm = 93\nfont_size = 0\n",
            "字号",
        ),
        ("this is not toml", "bad.toml"),
    ] {
        let path = write(w.dir.path(), "bad.toml", content.as_bytes());
        let e = FormLayout::load(&path).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(
            e.zh.contains("bad.toml") && e.zh.contains(want),
            "{want}: {}",
            e.zh
        );
    }
    assert_eq!(
        FormLayout::load(&w.dir.path().join("missing.toml"))
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    assert_eq!(w.count("receipt_prints"), prints);
}

#[test]
fn the_cli_writes_every_document() {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    let r = w.collect_all("3-2-1201", vec![cash(300)]).unwrap();
    w.l.checkpoint().unwrap();
    let dir = w.dir.path().to_path_buf();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_feedesk"))
            .arg("--db")
            .arg(&w.path)
            .args(args)
            .env("FEEDESK_USER", "zhangmin")
            .env("FEEDESK_PASSWORD", "super-pass")
            .env("FEEDESK_AT", "2026-01-02T17:00:00+08:00")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let p = |n: &str| dir.join(n).to_str().unwrap().to_string();
    for args in [
        vec![
            "receipt",
            "pdf",
            &r.number,
            "--layout",
            "form",
            "--out",
            &p("f.pdf"),
        ],
        vec![
            "report",
            "daily",
            "--date",
            "2026-01-02",
            "--pdf",
            &p("d.pdf"),
        ],
        vec![
            "notice",
            "payment",
            "--period",
            "2026-01",
            "--building",
            "3",
            "--out",
            &p("n.pdf"),
        ],
        vec![
            "notice",
            "dunning",
            "--period",
            "2026-01",
            "--unit",
            "3-1-301",
            "--out",
            &p("u.pdf"),
        ],
        vec!["layout", "calibrate", "--out", &p("c.pdf")],
    ] {
        let (ok, out) = run(&args);
        assert!(ok, "{args:?}: {out}");
        assert!(out.contains("已生成"), "{out}");
        assert!(text(Path::new(args.last().unwrap())).len() > 20);
    }
    assert!(text(&dir.join("d.pdf")).contains(&r.number));
    std::fs::write(dir.join("bad.toml"), "name = 1").unwrap();
    let (ok, out) = run(&[
        "receipt",
        "pdf",
        &r.number,
        "--layout",
        &format!("form:{}", p("bad.toml")),
    ]);
    assert!(!ok && out.contains("bad.toml"), "{out}");
}

#[test]
fn a_year_paid_at_once_still_fits_each_a5_part() {
    let mut w = World::new();
    for m in 1..=12 {
        w.bill(&format!("2026-{m:02}"));
    }
    w.open_shift();
    let a = api::unit_arrears(&w.l, &w.cashier, "3-2-1201").unwrap();
    let r = w
        .collect_all("3-2-1201", vec![cash(a.total_fen / 100 + 1)])
        .unwrap();
    assert_eq!(r.lines.len(), 24);
    let pdf = write(
        w.dir.path(),
        "year.pdf",
        &api::print_receipt(&mut w.l, &w.cashier, &r.number, ReceiptLayout::A5TwoPart).unwrap(),
    );
    assert_eq!(pages(&pdf), 2);
    let t = text(&pdf);
    let total = Money::from_fen(r.total_fen);
    let wyf: i64 = r
        .lines
        .iter()
        .filter(|l| l.description == "物业服务费")
        .map(|l| l.amount_fen)
        .sum();
    assert_contains(
        &t,
        &[
            "2026-01~12",
            "12 笔合并",
            &yuan(wyf),
            &format!("¥{}", total.grouped()),
            &total.words(),
            "收款人 李四",
            "盖章处",
        ],
    );
    // Nothing runs off the page: every word lies inside the A5 page (595 × 420 pt).
    for (word, x0, y0, x1, y1) in words(&pdf) {
        assert!(
            x0 >= 0.0 && y0 >= 0.0 && x1 <= 595.3 && y1 <= 419.6,
            "{word} at ({x0}, {y0})–({x1}, {y1}) is off the page"
        );
    }
}
