//! 收费月报表 on A4 landscape: per building its fee items and subtotal, the estate's items and total,
//! the month's collection rates per building, and the signature lines. The column heads repeat on
//! every page; every page says 第 N 页 / 共 M 页.

use feedesk_ledger::collection_rate::MonthRates;
use feedesk_ledger::money::yuan;
use feedesk_ledger::monthly_report::{MonthFigures, MonthlyReport};
use feedesk_ledger::reports::percent_text;
use feedesk_ledger::Result;

use crate::draw::{short_time, Builder};
use crate::paged::{self, Columns, Pages, L};

const W: f32 = 297.0;
const H: f32 = 210.0;
const R: f32 = W - L;

const FEES: Columns = Columns {
    heads: &[
        "楼栋",
        "收费项目",
        "应收",
        "实收",
        "收回欠费",
        "预收",
        "未收",
        "预存抵扣",
        "收款合计",
    ],
    widths: &[24.0, 45.0, 28.0, 28.0, 28.0, 28.0, 28.0, 28.0, 32.0],
    right_from: 2,
};

const RATES: Columns = Columns {
    heads: &[
        "楼栋",
        "应收户数",
        "已缴清户数",
        "户收费率",
        "应收",
        "已收",
        "收费率",
        "月初欠费",
        "收回欠费",
        "清缴率",
    ],
    widths: &[27.0, 24.0, 24.0, 24.0, 30.0, 30.0, 24.0, 30.0, 30.0, 26.0],
    right_from: 1,
};

fn money(f: &MonthFigures) -> Vec<String> {
    f.columns().into_iter().map(yuan).collect()
}

fn fee_rows(r: &MonthlyReport) -> Vec<(Vec<String>, bool)> {
    let line = |building: &str, item: &str, f: &MonthFigures, bold| {
        let mut cells = vec![building.to_string(), item.to_string()];
        cells.extend(money(f));
        (cells, bold)
    };
    let mut rows: Vec<_> = r
        .building_lines()
        .iter()
        .map(|x| line(x.building, x.item, x.figures, x.subtotal))
        .collect();
    rows.extend(
        r.items
            .iter()
            .map(|x| line("全项目", &x.item_name, &x.figures, false)),
    );
    rows.push(line("全项目", "合计", &r.total, true));
    rows
}

fn rate_rows(rates: &[MonthRates]) -> Vec<(Vec<String>, bool)> {
    rates
        .iter()
        .map(|x| {
            let cells = vec![
                x.building.clone(),
                x.households_billed.to_string(),
                x.households_paid.to_string(),
                percent_text(x.household_rate),
                yuan(x.billed_fen),
                yuan(x.settled_fen),
                percent_text(x.collection_rate),
                yuan(x.arrears_at_start_fen),
                yuan(x.arrears_collected_fen),
                percent_text(x.clearance_rate),
            ];
            (cells, x.building == "合计")
        })
        .collect()
}

/// The monthly fee report as an A4 landscape PDF.
pub fn monthly_report_pdf(r: &MonthlyReport) -> Result<Vec<u8>> {
    let mut b = Builder::new(&format!("收费月报表 {}", r.month))?;
    let mut p = Pages::new(&b, W, H);
    p.c.center(&format!("{} {}", r.company, r.estate), W / 2.0, p.y, 12.0);
    p.y -= 9.0;
    p.c.center(&format!("收费月报表 {}", r.month), W / 2.0, p.y, 18.0);
    p.y -= 8.0;
    let head = format!("统计至 {} 前（不含）；{}", r.until, r.state_zh());
    p.c.text(&head, L, p.y, 9.5);
    p.c.right(
        &format!("编制 {} {}", r.generated_by, short_time(&r.generated_at)),
        R,
        p.y,
        9.5,
    );
    p.y -= 5.0;
    p.table("按楼栋与收费项目（元）", &FEES, &fee_rows(r));
    p.table("收缴率", &RATES, &rate_rows(&r.rates));
    p.room(26.0);
    for note in [
        "实收：本月应收在本月的收款；收回欠费：以前月份欠费在本月的收款；预收：以后月份的费用及预存款；未收：本月应收至月末仍未收。",
        "预存抵扣：用预存款缴费（存入时已计入预收）；收款合计 = 实收 + 收回欠费 + 预收 − 预存抵扣。",
        "户收费率 = 已缴清户数 ÷ 应收户数；收费率 = 已收 ÷ 应收（至月末）；清缴率 = 收回欠费 ÷ 月初欠费。",
    ] {
        p.c.text_fit(note, L, p.y, 8.0, R - L);
        p.y -= 4.5;
    }
    p.signatures(&["制表", "复核", "财务"]);
    let pages = p.into_pages();
    let title = format!("{} {} 收费月报表 {}", r.company, r.estate, r.month);
    paged::number(&mut b, pages, (W, H), &title);
    Ok(b.finish())
}
