//! Printed receipts, read back with a real PDF reader (poppler: pdftotext, pdffonts, pdfinfo).

mod common;

use std::process::Command;

use common::*;
use feedesk_api as api;
use feedesk_api::ReceiptLayout;

fn poppler(tool: &str, pdf: &std::path::Path, extra: &[&str]) -> String {
    let out = Command::new(tool)
        .args(extra)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            vec!["-"]
        } else {
            vec![]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("{tool} is needed (scripts/setup.sh installs poppler-utils): {e}")
        });
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn an_a5_receipt_in_two_parts_carries_every_figure_and_a_subset_font() {
    let mut w = World::new();
    w.bill("2026-01");
    w.bill("2026-02");
    w.open_shift();
    let r = w.collect_all("3-2-1201", vec![cash(500)]).unwrap();
    let pdf = w.dir.path().join("a5.pdf");
    std::fs::write(
        &pdf,
        api::print_receipt(&mut w.l, &w.cashier, &r.number, ReceiptLayout::A5TwoPart).unwrap(),
    )
    .unwrap();
    let text = poppler("pdftotext", &pdf, &[]);
    for want in [
        r.number.as_str(),
        "3-2-1201",
        "张三",
        "物业服务费",
        "89.47㎡ × 2.35",
        "210.25",
        "10.00",
        "¥440.50",
        "肆佰肆拾元零伍角整",
        "实收 ¥500.00 找零 ¥59.50",
        "收款人 李四",
        "盖章处",
        "第一联 存根联",
        "第二联 客户联",
    ] {
        assert!(
            text.contains(want),
            "{want:?} missing from the receipt:\n{text}"
        );
    }
    assert!(!text.contains("作废"));
    assert!(!text.contains("补打"), "the first print is the original");
    // Printing again is a reprint, counted, and audited.
    std::fs::write(
        &pdf,
        api::print_receipt(&mut w.l, &w.cashier, &r.number, ReceiptLayout::A5TwoPart).unwrap(),
    )
    .unwrap();
    std::fs::write(
        &pdf,
        api::print_receipt(&mut w.l, &w.cashier, &r.number, ReceiptLayout::A5TwoPart).unwrap(),
    )
    .unwrap();
    assert!(poppler("pdftotext", &pdf, &[]).contains("补打(第2次)"));
    let audit = api::audit_log(&w.l, &w.supervisor, 5).unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|a| a.action == "reprint_receipt")
            .count(),
        2
    );
    let info = poppler("pdfinfo", &pdf, &[]);
    assert!(info.contains("Pages:           2"), "{info}");
    assert!(
        info.contains("595.276 x 419.528 pts"),
        "A5 landscape: {info}"
    );
    let fonts = poppler("pdffonts", &pdf, &[]);
    let noto = fonts
        .lines()
        .find(|l| l.contains("NotoSansSC"))
        .expect("the Noto font is embedded");
    assert!(
        noto.contains("yes yes yes"),
        "embedded, subset, unicode: {noto}"
    );
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(
        size < 60_000,
        "a subset font keeps the receipt small ({size} bytes)"
    );
}

#[test]
fn a_voided_receipt_prints_void_across_it_and_the_roll_fits_80_mm() {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    let r = w.collect_all("3-2-1202", vec![cash(300)]).unwrap();
    api::void_receipt(&mut w.l, &w.cashier, &r.number, "金额录错", &approval()).unwrap();
    let pdf = w.dir.path().join("roll.pdf");
    std::fs::write(
        &pdf,
        api::print_receipt(&mut w.l, &w.cashier, &r.number, ReceiptLayout::Roll80).unwrap(),
    )
    .unwrap();
    let text = poppler("pdftotext", &pdf, &[]);
    assert!(text.contains("作废"), "{text}");
    assert!(
        text.contains(&r.number)
            && text.contains("288.76")
            && text.contains("贰佰捌拾捌元柒角陆分"),
        "{text}"
    );
    let info = poppler("pdfinfo", &pdf, &[]);
    assert!(info.contains("226.772 x"), "80 mm wide: {info}");
    assert_eq!(
        ReceiptLayout::parse("A4").unwrap_err().code,
        feedesk_api::ErrorCode::InvalidInput
    );
}
