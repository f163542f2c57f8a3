//! 收费台账 of one unit on A4 portrait: every entry in date order with the running arrears and
//! prepayment, the totals, the signature lines.

use feedesk_ledger::fee_ledger::{EntryKind, FeeLedger};
use feedesk_ledger::money::yuan;
use feedesk_ledger::Result;

use crate::draw::{short_time, Builder};
use crate::paged::{self, Columns, Pages, L};

const W: f32 = 210.0;
const H: f32 = 297.0;

const ENTRIES: Columns = Columns {
    heads: &[
        "日期",
        "单据",
        "摘要",
        "应收",
        "实收",
        "预存",
        "欠费余额",
        "预存余额",
    ],
    widths: &[22.0, 30.0, 40.0, 18.0, 18.0, 18.0, 18.0, 18.0],
    right_from: 3,
};

/// What kind of entry, in the summary's words.
pub fn kind_zh(k: EntryKind) -> &'static str {
    match k {
        EntryKind::Billed => "计费",
        EntryKind::Paid => "收款",
        EntryKind::Reversed => "红冲",
        EntryKind::Voided => "作废（不计）",
        EntryKind::DepositTransferred => "押金转预存",
    }
}

fn money_or_blank(fen: i64) -> String {
    if fen == 0 {
        String::new()
    } else {
        yuan(fen)
    }
}

/// The fee ledger as an A4 PDF; `at` is when it was made.
pub fn fee_ledger_pdf(l: &FeeLedger, company: &str, at: &str) -> Result<Vec<u8>> {
    let mut b = Builder::new(&format!("收费台账 {}", l.unit))?;
    let mut p = Pages::new(&b, W, H);
    p.c.center(company, W / 2.0, p.y, 12.0);
    p.y -= 9.0;
    p.c.center(&format!("收费台账 {}", l.unit), W / 2.0, p.y, 18.0);
    p.y -= 8.0;
    let owner = l.owner.clone().unwrap_or_default();
    p.c.text(&format!("房号 {}  业主 {owner}", l.unit), L, p.y, 9.5);
    p.c.right(&format!("打印 {}", short_time(at)), W - L, p.y, 9.5);
    p.y -= 5.0;
    let mut rows: Vec<(Vec<String>, bool)> = l
        .entries
        .iter()
        .map(|e| {
            let cells = vec![
                e.at.get(..10).unwrap_or("").to_string(),
                e.document.clone().unwrap_or_default(),
                format!("{} {}", kind_zh(e.kind), e.summary),
                money_or_blank(e.charged_fen),
                money_or_blank(e.paid_fen),
                money_or_blank(e.prepaid_fen),
                yuan(e.arrears_fen),
                yuan(e.prepayment_fen),
            ];
            (cells, false)
        })
        .collect();
    rows.push((
        vec![
            "合计".into(),
            String::new(),
            format!("{} 笔", l.entries.len()),
            yuan(l.charged_fen),
            yuan(l.paid_fen),
            String::new(),
            yuan(l.arrears_fen),
            yuan(l.prepayment_fen),
        ],
        true,
    ));
    p.table("台账（元）", &ENTRIES, &rows);
    p.signatures(&["收费员", "复核"]);
    let pages = p.into_pages();
    paged::number(&mut b, pages, (W, H), &format!("收费台账 {}", l.unit));
    Ok(b.finish())
}
