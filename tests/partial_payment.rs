//! Partial payment (部分缴纳): a payer pays less than is due; the amount settles the oldest period
//! first, then the office's order of fee items; the last charge reached is settled in part and stays
//! open for the rest; the receipt says 部分缴纳 and what remains, on screen, in print and to head office.

mod common;

use common::*;
use feedesk_api::{self as api, CollectRequest, ErrorCode, Lang, PayMethod, ReceiptLayout};
use feedesk_protocol::Event;

/// Pay `amount_fen` of everything the unit owes, with exactly that much tendered in `method`.
fn pay_part(w: &mut World, unit: &str, amount_fen: i64) -> api::Result<api::Receipt> {
    api::collect(
        &mut w.l,
        &w.cashier,
        &CollectRequest {
            amount_fen: Some(amount_fen),
            ..CollectRequest::all_open(unit, vec![tender(PayMethod::Cash, amount_fen)])
        },
    )
}

/// (item, period, open fen) of the unit's open charges, in their settling order.
fn open(w: &World, unit: &str) -> Vec<(String, String, i64)> {
    api::unit_arrears(&w.l, &w.cashier, unit)
        .unwrap()
        .charges
        .into_iter()
        .map(|c| (c.item, c.period, c.open_fen))
        .collect()
}

#[test]
fn a_part_settles_the_oldest_first_and_the_last_charge_reached_stays_open_for_the_rest() {
    let mut w = World::new();
    w.bill("2026-01");
    w.bill("2026-02");
    w.open_shift();
    // 3-2-1201 owes 物业服务费 210.25 and 垃圾处理费 10.00 a month: 440.50 for two months; 300 paid.
    let r = pay_part(&mut w, "3-2-1201", 30000).unwrap();
    assert_eq!(r.total_fen, 30000);
    let lines: Vec<(&str, Option<&str>, i64)> = r
        .lines
        .iter()
        .map(|l| {
            (
                l.item.as_deref().unwrap(),
                l.period.as_deref(),
                l.amount_fen,
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("WYF", Some("2026-01"), 21025),
            ("LJF", Some("2026-01"), 1000),
            ("WYF", Some("2026-02"), 7975),
        ]
    );
    assert_eq!(r.lines[2].basis, "部分缴纳，本项尚欠 ¥130.50");
    assert_eq!(r.lines[0].basis, "89.47㎡ × 2.35");
    assert_eq!(r.remaining_fen, Some(14050));
    assert_eq!(
        open(&w, "3-2-1201"),
        vec![
            ("WYF".into(), "2026-02".into(), 13050),
            ("LJF".into(), "2026-02".into(), 1000)
        ]
    );
    assert_eq!(w.arrears("3-2-1201"), 14050);
    w.assert_invariants();

    // The receipt read back, printed and sent to head office says the same.
    let again = api::receipt(&w.l, &w.cashier, &r.number).unwrap();
    assert_eq!(again.remaining_fen, Some(14050));
    assert_eq!(again.lines[2].basis, r.lines[2].basis);
    let text = pdf_text(
        &api::print_receipt(&mut w.l, &w.cashier, &r.number, ReceiptLayout::A5TwoPart).unwrap(),
    );
    assert!(text.contains("部分缴纳，所列费用尚欠 ¥140.50"), "{text}");
    assert!(text.contains("本项尚欠 ¥130.50"), "{text}");
    let events = api::outbox_events(&w.l, 0, 1000).unwrap();
    let sent = events.iter().rev().find_map(|e| match &e.event {
        Event::ReceiptIssued {
            number,
            remaining_fen,
            allocations,
            ..
        } if *number == r.number => Some((*remaining_fen, allocations.clone())),
        _ => None,
    });
    let (remaining, allocations) = sent.expect("the receipt's event");
    assert_eq!(remaining, Some(14050));
    let allocated: Vec<i64> = allocations.iter().map(|a| a.fen).collect();
    assert_eq!(allocated, vec![21025, 1000, 7975]);

    // The rest paid in full: nothing owed, and that receipt is no partial one.
    let rest = w.collect_all("3-2-1201", vec![cash(200)]).unwrap();
    assert_eq!(rest.total_fen, 14050);
    assert_eq!(rest.remaining_fen, None);
    assert_eq!(rest.lines[0].amount_fen, 13050);
    assert_eq!(rest.lines[0].basis, "补缴余款（应收 ¥210.25）");
    assert_eq!(w.arrears("3-2-1201"), 0);
    w.assert_invariants();
}

#[test]
fn within_a_month_the_office_order_of_fee_items_decides() {
    let mut w = World::new();
    // 垃圾处理费 before 物业服务费; a cashier may not change the order.
    let e = api::set_pay_order(&mut w.l, &w.cashier, &["LJF".into()]).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let items = api::set_pay_order(&mut w.l, &w.admin, &["LJF".into(), "WYF".into()]).unwrap();
    assert_eq!(items[0].code, "LJF");
    assert_eq!(items[1].code, "WYF");
    assert!(items.windows(2).all(|p| p[0].pay_order < p[1].pay_order));
    w.bill("2026-01");
    w.bill("2026-02");
    w.open_shift();
    // The oldest month still comes first: January's two, then February's 垃圾处理费, then 5.00.
    let r = pay_part(&mut w, "3-2-1201", 21025 + 1000 + 1000 + 500).unwrap();
    let lines: Vec<(&str, &str, i64)> = r
        .lines
        .iter()
        .map(|l| {
            (
                l.item.as_deref().unwrap(),
                l.period.as_deref().unwrap(),
                l.amount_fen,
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("LJF", "2026-01", 1000),
            ("WYF", "2026-01", 21025),
            ("LJF", "2026-02", 1000),
            ("WYF", "2026-02", 500),
        ]
    );
    // Bad orders are refused and change nothing.
    let before = w.fingerprint();
    let e = api::set_pay_order(&mut w.l, &w.admin, &["WYF".into(), "WYF".into()]).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(
        e.message(Lang::Zh).contains("重复"),
        "{}",
        e.message(Lang::Zh)
    );
    let e = api::set_pay_order(&mut w.l, &w.admin, &["XXX".into()]).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(w.fingerprint(), before);
    assert_eq!(api::fee_items(&w.l, &w.admin).unwrap()[0].code, "LJF");
    // An item added later goes last, not before the ones the office ordered.
    api::create_fee_item(&mut w.l, &w.admin, "TCF", "停车费", api::Method::Fixed, "").unwrap();
    let items = api::fee_items(&w.l, &w.admin).unwrap();
    assert_eq!(items.last().unwrap().code, "TCF");
    assert_eq!(items[0].code, "LJF");
}

#[test]
fn what_a_part_cannot_be_is_refused_with_a_clear_message_and_changes_nothing() {
    let mut w = World::new();
    w.bill("2026-01");
    w.open_shift();
    let before = w.fingerprint();
    let refuse = |w: &mut World, req: CollectRequest, code: ErrorCode, zh: &str, en: &str| {
        let e = api::collect(&mut w.l, &w.cashier, &req).unwrap_err();
        assert_eq!(e.code, code, "{}", e.message(Lang::En));
        assert!(e.message(Lang::Zh).contains(zh), "{}", e.message(Lang::Zh));
        assert!(e.message(Lang::En).contains(en), "{}", e.message(Lang::En));
    };
    let part = |fen: i64, tendered: i64| CollectRequest {
        amount_fen: Some(fen),
        ..CollectRequest::all_open("3-2-1201", vec![tender(PayMethod::Cash, tendered)])
    };
    refuse(
        &mut w,
        part(0, 100),
        ErrorCode::InvalidInput,
        "必须大于零",
        "greater than zero",
    );
    refuse(
        &mut w,
        part(-5, 100),
        ErrorCode::InvalidInput,
        "必须大于零",
        "greater than zero",
    );
    refuse(
        &mut w,
        part(22026, 30000),
        ErrorCode::Overpaid,
        "超过所选费用合计 ¥220.25",
        "more than the 220.25",
    );
    refuse(
        &mut w,
        part(10000, 9000),
        ErrorCode::Underpaid,
        "还差 ¥10.00",
        "10.00 short",
    );
    refuse(
        &mut w,
        CollectRequest {
            to_prepayment: true,
            ..part(10000, 20000)
        },
        ErrorCode::InvalidInput,
        "部分缴纳时不能存入预存款",
        "cannot also add to the prepayment",
    );
    // No charges chosen: nothing to pay a part of.
    refuse(
        &mut w,
        CollectRequest {
            charges: Some(vec![]),
            ..part(100, 100)
        },
        ErrorCode::InvalidInput,
        "没有选择要收的费用",
        "no charges chosen",
    );
    assert_eq!(w.fingerprint(), before);
    // Cash beyond the part gives change, as for any payment.
    let r = api::collect(&mut w.l, &w.cashier, &part(10000, 10500)).unwrap();
    assert_eq!(r.change_fen(), 500);
    assert_eq!(r.remaining_fen, Some(12025));
    w.assert_invariants();
}

#[test]
fn the_preview_groups_the_charges_by_item_and_settles_as_the_payment_then_does() {
    let mut w = World::new();
    for m in ["2026-01", "2026-02", "2026-03"] {
        w.bill(m);
    }
    w.open_shift();
    let a = api::allocation(&w.l, &w.cashier, "3-2-1201", None, Some(50000)).unwrap();
    assert_eq!(
        (a.due_fen, a.paid_fen, a.remaining_fen),
        (66075, 50000, 16075)
    );
    let groups: Vec<(&str, &str, &str, usize, i64, i64)> = a
        .groups
        .iter()
        .map(|g| {
            (
                g.item_name.as_str(),
                g.first_period.as_str(),
                g.last_period.as_str(),
                g.count,
                g.due_fen,
                g.paid_fen,
            )
        })
        .collect();
    // 500 settles January and February (440.50) and 59.50 of March's 物业服务费: 480.00 of it in all.
    assert_eq!(
        groups,
        vec![
            ("物业服务费", "2026-01", "2026-03", 3, 63075, 48000),
            ("垃圾处理费", "2026-01", "2026-03", 3, 3000, 2000),
        ]
    );
    let r = pay_part(&mut w, "3-2-1201", 50000).unwrap();
    let previewed: Vec<(i64, i64)> = a
        .charges
        .iter()
        .map(|c| (c.charge.charge_id, c.paid_fen))
        .collect();
    let paid: Vec<i64> = r.lines.iter().map(|l| l.amount_fen).collect();
    assert_eq!(previewed.iter().map(|p| p.1).collect::<Vec<_>>(), paid);
    // Voided, every charge is open again as before.
    api::void_receipt(&mut w.l, &w.cashier, &r.number, "金额录错", &approval()).unwrap();
    assert_eq!(w.arrears("3-2-1201"), 66075);
    w.assert_invariants();
}
