//! 收费月报表, the collection rates by month and a unit's 收费台账 as workbooks.

use feedesk_ledger::collection_rate::{MonthRates, RatesByMonth};
use feedesk_ledger::fee_ledger::FeeLedger;
use feedesk_ledger::monthly_report::{MonthFigures, MonthlyReport};
use feedesk_ledger::reports::percent_text;

use super::Cell::{self, *};
use super::{text, Book, Names, Sheet};

const FEE_COLUMNS: [&str; 9] = [
    "楼栋",
    "收费项目",
    "应收",
    "实收",
    "收回欠费",
    "预收",
    "未收",
    "预存抵扣",
    "收款合计",
];

const RATE_COLUMNS: [&str; 11] = [
    "月份",
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
];

fn figures(f: &MonthFigures) -> Vec<Cell> {
    f.columns().into_iter().map(Fen).collect()
}

fn percent(p: &Option<rust_decimal::Decimal>) -> Cell {
    // The exact decimal as text ("87.50%"): a percent cell would be a float.
    text(percent_text(*p))
}

fn rate_row(r: &MonthRates) -> Vec<Cell> {
    vec![
        text(&r.month),
        text(&r.building),
        Count(r.households_billed),
        Count(r.households_paid),
        percent(&r.household_rate),
        Fen(r.billed_fen),
        Fen(r.settled_fen),
        percent(&r.collection_rate),
        Fen(r.arrears_at_start_fen),
        Fen(r.arrears_collected_fen),
        percent(&r.clearance_rate),
    ]
}

const DEFINITIONS: &str = "户收费率 = 已缴清户数 ÷ 应收户数；收费率 = 已收 ÷ 应收（至月末）；清缴率 = 收回欠费 ÷ 月初欠费；保留两位小数，四舍五入";

/// 收费月报表: the fees by building and item (with subtotals), the items of the estate, the rates.
pub fn monthly_report(r: &MonthlyReport, n: &Names) -> Book {
    let rows = r
        .building_lines()
        .iter()
        .map(|x| {
            let mut cells = vec![text(x.building), text(x.item)];
            cells.extend(figures(x.figures));
            cells
        })
        .collect();
    let mut totals = vec![text("合计"), Blank];
    totals.extend(figures(&r.total));
    let item_rows: Vec<Vec<Cell>> = r
        .items
        .iter()
        .map(|x| {
            let mut cells = vec![text("全项目"), text(&x.item_name)];
            cells.extend(figures(&x.figures));
            cells
        })
        .collect();
    let fees = Sheet {
        name: "按楼栋".into(),
        title: format!("{} 收费月报表 {}", n.estate_name, r.month),
        columns: FEE_COLUMNS.to_vec(),
        rows,
        totals: totals.clone(),
        notes: vec![
            "实收：本月应收在本月的收款；收回欠费：以前月份欠费在本月的收款；预收：以后月份的费用及预存款；未收：本月应收至月末仍未收；预存抵扣：用预存款缴费；收款合计 = 实收 + 收回欠费 + 预收 − 预存抵扣".into(),
            format!("统计至 {} 前（不含）；{}", r.until, r.state_zh()),
        ],
    };
    let items = Sheet {
        name: "按收费项目".into(),
        title: format!("{} 收费月报表 {} 按收费项目", n.estate_name, r.month),
        columns: FEE_COLUMNS.to_vec(),
        rows: item_rows,
        totals,
        notes: vec![],
    };
    let rates = Sheet {
        name: "收缴率".into(),
        title: format!("{} 收缴率 {}", n.estate_name, r.month),
        columns: RATE_COLUMNS.to_vec(),
        rows: r.rates.iter().map(rate_row).collect(),
        totals: vec![],
        notes: vec![DEFINITIONS.into()],
    };
    Book {
        base: format!("收费月报表-{}", r.month),
        scope: format!("{} 月", r.month),
        sheets: vec![fees, items, rates],
        total_fen: r.total.received_fen(),
    }
}

/// 户收费率, 收费率 and 清缴率 per building, month by month.
pub fn rates_by_month(r: &RatesByMonth, n: &Names) -> Book {
    let scope = format!("{} 至 {}", r.from, r.to);
    let sheet = Sheet {
        name: "月度收缴率".into(),
        title: format!("{} 月度收缴率 {scope}", n.estate_name),
        columns: RATE_COLUMNS.to_vec(),
        rows: r.rows.iter().map(rate_row).collect(),
        totals: vec![],
        notes: vec![DEFINITIONS.into()],
    };
    Book {
        base: format!("月度收缴率-{}-{}", r.from, r.to),
        scope,
        sheets: vec![sheet],
        total_fen: r
            .rows
            .iter()
            .filter(|x| x.building == "合计")
            .map(|x| x.settled_fen)
            .sum(),
    }
}

/// 收费台账 of one unit: every entry with the running balances.
pub fn fee_ledger(l: &FeeLedger, n: &Names) -> Book {
    let rows = l
        .entries
        .iter()
        .map(|e| {
            vec![
                DateTime(e.at.clone()),
                text(e.document.clone().unwrap_or_default()),
                text(crate::fee_ledger::kind_zh(e.kind)),
                text(&e.summary),
                Fen(e.charged_fen),
                Fen(e.paid_fen),
                Fen(e.prepaid_fen),
                Fen(e.arrears_fen),
                Fen(e.prepayment_fen),
            ]
        })
        .collect();
    let sheet = Sheet {
        name: "收费台账".into(),
        title: format!("{} 收费台账 {}", n.estate_name, l.unit),
        columns: vec![
            "时间",
            "单据",
            "类别",
            "摘要",
            "应收",
            "实收",
            "预存",
            "欠费余额",
            "预存余额",
        ],
        rows,
        totals: vec![
            text("合计"),
            Blank,
            Blank,
            text(format!("{} 笔", l.entries.len())),
            Fen(l.charged_fen),
            Fen(l.paid_fen),
            Blank,
            Fen(l.arrears_fen),
            Fen(l.prepayment_fen),
        ],
        notes: vec![format!(
            "业主 {}；欠费余额 = 应收 − 实收；预存余额为收取的预存款减去用预存缴费的金额",
            l.owner.clone().unwrap_or_default()
        )],
    };
    Book {
        base: format!("收费台账-{}", l.unit),
        scope: format!("{} 全部", l.unit),
        sheets: vec![sheet],
        total_fen: l.paid_fen,
    }
}
