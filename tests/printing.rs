//! Printing from the api: the desk's printer in the settings, and a print that fails loses nothing.
//! (Printing through a real CUPS queue is scripts/test-printing.sh, run by scripts/test.sh.)

mod common;

use common::*;
use feedesk_api as api;
use feedesk_api::ReceiptLayout;

#[test]
fn the_desk_printer_is_a_setting_a_cashier_may_choose_and_finance_may_not() {
    let mut w = World::new();
    assert_eq!(
        api::printer(&w.l, &w.cashier).unwrap(),
        None,
        "default printer at first"
    );
    api::set_printer(&mut w.l, &w.cashier, " 前台针式打印机 ").unwrap();
    assert_eq!(
        api::printer(&w.l, &w.admin).unwrap().as_deref(),
        Some("前台针式打印机"),
        "one setting for the desk, trimmed"
    );
    let audit = api::audit_log(&w.l, &w.supervisor, 5).unwrap();
    assert!(audit
        .iter()
        .any(|a| a.action == "set_printer" && a.detail == "前台针式打印机"));

    let before = w.fingerprint();
    let e = api::set_printer(&mut w.l, &w.cashier, "bad\nname").unwrap_err();
    assert_eq!(e.code, feedesk_api::ErrorCode::InvalidInput);
    assert_eq!(w.fingerprint(), before, "bad input changes nothing");

    let finance = {
        api::create_user(
            &mut w.l,
            &w.admin,
            &api::NewUser {
                username: "qianqi".into(),
                display_name: "钱七".into(),
                role: api::Role::Finance,
                password: "finance-pass".into(),
            },
        )
        .unwrap();
        api::login(&w.l, "qianqi", "finance-pass", w.admin.now).unwrap()
    };
    let e = api::set_printer(&mut w.l, &finance, "PDF").unwrap_err();
    assert_eq!(e.code, feedesk_api::ErrorCode::Forbidden);
    api::set_printer(&mut w.l, &w.cashier, "").unwrap();
    assert_eq!(
        api::printer(&w.l, &w.cashier).unwrap(),
        None,
        "empty = system default again"
    );
}

#[test]
fn a_failed_print_keeps_the_receipt_pdf_records_the_print_and_says_why() {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    let r = w.collect_all("3-2-1201", vec![cash(300)]).unwrap();
    let out = w.dir.path().join("receipt.pdf");
    let receipts = w.count("receipts");
    let entries = w.count("journal_entries");
    let outcome = api::print_receipt_to_printer(
        &mut w.l,
        &w.cashier,
        &r.number,
        ReceiptLayout::A5TwoPart,
        &out,
        Some("没有这台打印机"),
        false,
    )
    .unwrap();
    assert!(!outcome.printed);
    assert_eq!(outcome.printer.as_deref(), Some("没有这台打印机"));
    assert!(
        outcome.error_zh.as_deref().unwrap().contains("打印"),
        "{outcome:?}"
    );
    assert!(!outcome.opened_in_viewer, "no viewer was asked for");
    assert_eq!(outcome.file, out);
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "the PDF is kept");
    assert_eq!(
        w.count("receipt_prints"),
        1,
        "the print is recorded: a later one says 补打"
    );
    assert_eq!(w.count("receipts"), receipts);
    assert_eq!(w.count("journal_entries"), entries);

    // The desk's printer applies when none is named; a missing file is a failed print, not a panic.
    api::set_printer(&mut w.l, &w.cashier, "也没有这台").unwrap();
    let o = api::print_pdf(&w.l, &w.cashier, &out, None, false).unwrap();
    assert_eq!(o.printer.as_deref(), Some("也没有这台"));
    assert!(!o.printed);
    let o = api::print_pdf(
        &w.l,
        &w.cashier,
        &w.dir.path().join("nope.pdf"),
        None,
        false,
    )
    .unwrap();
    assert!(!o.printed && o.error_zh.unwrap().contains("不存在"));
    w.assert_invariants();
}
