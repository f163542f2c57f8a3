//! 催缴记录: each contact with a unit in arrears is kept (never changed), the arrears list shows a
//! unit's latest contact, reason and promised date, and the follow-ups due are listed until the unit
//! pays or a newer contact moves them on. Bad input is refused with a clear message and kept nowhere.

mod common;

use common::*;
use feedesk_api::{self as api, ArrearsReason, ContactWay, ErrorCode, FollowUpInput, Lang};
use feedesk_protocol::Event;

fn contact(unit: &str, reason: ArrearsReason, next: Option<&str>) -> FollowUpInput {
    FollowUpInput {
        unit: unit.into(),
        contacted_on: None,
        way: ContactWay::Phone,
        result: "业主称月底前缴清".into(),
        reason,
        note: String::new(),
        promised_on: Some("2026-03-31".into()),
        next_on: next.map(Into::into),
    }
}

fn world() -> World {
    let mut w = World::new();
    w.bill("2026-01");
    w.bill("2026-02");
    w.set_time(at(2026, 3, 5, 10));
    w
}

#[test]
fn a_contact_is_kept_and_the_arrears_list_shows_the_latest() {
    let mut w = world();
    let first = api::record_follow_up(
        &mut w.l,
        &w.cashier,
        &FollowUpInput {
            contacted_on: Some("2026-03-02".into()),
            way: ContactWay::Visit,
            ..contact("3-2-1201", ArrearsReason::Dispute, Some("2026-03-05"))
        },
    )
    .unwrap();
    assert_eq!(first.arrears_fen, 44050);
    assert_eq!(first.by, "李四");
    let second = api::record_follow_up(
        &mut w.l,
        &w.cashier,
        &FollowUpInput {
            note: "外地工作".into(),
            ..contact("3-2-1201", ArrearsReason::Other, Some("2026-03-20"))
        },
    )
    .unwrap();
    assert_eq!(second.contacted_on, "2026-03-05");
    let list = api::follow_ups(&w.l, &w.supervisor, "3-2-1201").unwrap();
    assert_eq!(list, vec![second.clone(), first.clone()]);

    let row = api::arrears_list(&w.l, &w.supervisor, None)
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.unit == "3-2-1201")
        .unwrap();
    assert_eq!(row.last_contact_on.as_deref(), Some("2026-03-05"));
    assert_eq!(row.last_way, Some(ContactWay::Phone));
    assert_eq!(row.reason, Some(ArrearsReason::Other));
    assert_eq!(row.promised_on.as_deref(), Some("2026-03-31"));
    assert_eq!(row.next_on.as_deref(), Some("2026-03-20"));
    let other = api::arrears_list(&w.l, &w.supervisor, None)
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.unit == "3-2-1202")
        .unwrap();
    assert_eq!((other.last_contact_on, other.reason), (None, None));

    // Head office hears of it; the record cannot be changed or removed.
    let events = api::outbox_events(&w.l, 0, 1000).unwrap();
    let sent: Vec<(String, String)> = events
        .iter()
        .filter_map(|e| match &e.event {
            Event::FollowUpRecorded { unit, reason, .. } => Some((unit.clone(), reason.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        sent,
        vec![
            ("3-2-1201".into(), "dispute".into()),
            ("3-2-1201".into(), "other".into())
        ]
    );
    let conn = w.db();
    assert!(conn
        .execute("UPDATE follow_ups SET result = 'x'", [])
        .is_err());
    assert!(conn.execute("DELETE FROM follow_ups", []).is_err());
    w.assert_invariants();
}

#[test]
fn follow_ups_are_due_until_the_unit_pays_or_a_newer_contact_moves_them_on() {
    let mut w = world();
    for (unit, next) in [
        ("3-2-1201", "2026-03-04"),
        ("3-2-1202", "2026-03-05"),
        ("3-1-301", "2026-03-06"),
    ] {
        api::record_follow_up(
            &mut w.l,
            &w.cashier,
            &FollowUpInput {
                contacted_on: Some("2026-02-28".into()),
                ..contact(unit, ArrearsReason::Hardship, Some(next))
            },
        )
        .unwrap();
    }
    let due = |w: &World, day: Option<&str>| -> Vec<String> {
        api::follow_ups_due(&w.l, &w.cashier, day)
            .unwrap()
            .into_iter()
            .map(|f| f.unit)
            .collect()
    };
    // Today (2026-03-05): the overdue one first, then today's.
    assert_eq!(due(&w, None), vec!["3-2-1201", "3-2-1202"]);
    assert_eq!(due(&w, Some("2026-03-04")), vec!["3-2-1201"]);
    // A newer contact with a later date moves 3-2-1202 on; paying in full takes 3-2-1201 off.
    api::record_follow_up(
        &mut w.l,
        &w.cashier,
        &contact("3-2-1202", ArrearsReason::Hardship, Some("2026-03-12")),
    )
    .unwrap();
    w.open_shift();
    w.collect_all("3-2-1201", vec![cash(500)]).unwrap();
    assert_eq!(due(&w, None), Vec::<String>::new());
    assert_eq!(due(&w, Some("2026-03-12")), vec!["3-1-301", "3-2-1202"]);
    // Paid off, then owing again from a later month: the old contact is no longer its standing.
    w.bill("2026-03");
    let row = |w: &World| {
        api::arrears_list(&w.l, &w.supervisor, None)
            .unwrap()
            .rows
            .into_iter()
            .find(|r| r.unit == "3-2-1201")
            .unwrap()
    };
    assert_eq!(row(&w).last_contact_on, None);
    assert!(!due(&w, Some("2026-05-01")).contains(&"3-2-1201".to_string()));
    let e = api::follow_ups_due(&w.l, &w.cashier, Some("3月12日")).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
}

#[test]
fn a_contact_that_cannot_be_is_refused_with_a_clear_message_and_kept_nowhere() {
    let mut w = world();
    let count = |w: &World| w.count("follow_ups");
    let cases: Vec<(FollowUpInput, &str, &str)> = vec![
        (
            FollowUpInput {
                contacted_on: Some("2026-03-06".into()),
                ..contact("3-2-1201", ArrearsReason::Vacant, None)
            },
            "在今天之后",
            "after today",
        ),
        (
            FollowUpInput {
                contacted_on: Some("2026/03/01".into()),
                ..contact("3-2-1201", ArrearsReason::Vacant, None)
            },
            "不是有效日期",
            "is not a date",
        ),
        (
            FollowUpInput {
                promised_on: Some("2026-03-01".into()),
                ..contact("3-2-1201", ArrearsReason::Vacant, None)
            },
            "承诺缴费日期 2026-03-01 早于催缴日期 2026-03-05",
            "before the contact date",
        ),
        (
            contact("3-2-1201", ArrearsReason::Vacant, Some("2026-02-30")),
            "下次跟进日期「2026-02-30」不是有效日期",
            "is not a date",
        ),
        (
            FollowUpInput {
                result: "  ".into(),
                ..contact("3-2-1201", ArrearsReason::Vacant, None)
            },
            "请填写催缴结果",
            "enter what came of the contact",
        ),
        (
            FollowUpInput {
                result: "长".repeat(201),
                ..contact("3-2-1201", ArrearsReason::Vacant, None)
            },
            "最多 200 字",
            "at most 200 characters",
        ),
        (
            contact("3-2-1201", ArrearsReason::Other, None),
            "请在备注中说明",
            "say what it is in the note",
        ),
    ];
    for (input, zh, en) in cases {
        let e = api::record_follow_up(&mut w.l, &w.cashier, &input).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput, "{}", e.message(Lang::En));
        assert!(e.message(Lang::Zh).contains(zh), "{}", e.message(Lang::Zh));
        assert!(e.message(Lang::En).contains(en), "{}", e.message(Lang::En));
    }
    let e = api::record_follow_up(
        &mut w.l,
        &w.cashier,
        &contact("9-9-9999", ArrearsReason::Vacant, None),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(count(&w), 0);
    // A unit that owes nothing has nothing to chase.
    w.open_shift();
    w.collect_all("3-2-1201", vec![cash(500)]).unwrap();
    let e = api::record_follow_up(
        &mut w.l,
        &w.cashier,
        &contact("3-2-1201", ArrearsReason::Vacant, None),
    )
    .unwrap_err();
    assert!(
        e.message(Lang::Zh).contains("没有欠费"),
        "{}",
        e.message(Lang::Zh)
    );
    assert_eq!(count(&w), 0);
    // The words the office types parse; others are named.
    assert_eq!(ContactWay::parse("书面通知").unwrap(), ContactWay::Letter);
    assert_eq!(
        ArrearsReason::parse("联系不上").unwrap(),
        ArrearsReason::Unreachable
    );
    let e = ArrearsReason::parse("没钱").unwrap_err();
    assert!(e
        .message(Lang::Zh)
        .contains("空置、质量纠纷、经济困难、联系不上、其他"));
}
