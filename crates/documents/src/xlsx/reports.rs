//! One workbook per report: its sheets built from the report's own data.

use chrono::NaiveDate;
use feedesk_ledger::billing::BillingPreview;
use feedesk_ledger::daily_report::DailyCashReport;
use feedesk_ledger::deposits::{DepositList, DepositState};
use feedesk_ledger::estate::RosterRow;
use feedesk_ledger::receipts::ReceiptRow;
use feedesk_ledger::reports::{ArrearsList, CollectionRate, CollectionRates, UnitArrears};
use feedesk_ledger::review::ShiftCheck;
use feedesk_ledger::shift::Shift;
use feedesk_ledger::Money;

use super::Cell::*;
use super::{checks_sheet, daily_sheets, opt_text, text, Book, Names, Sheet};

/// The 现金日报表: summary sheets and the per-receipt detail.
pub fn daily_cash(r: &DailyCashReport) -> Book {
    let sheets = daily_sheets(r);
    Book {
        base: format!("现金日报表-{}", r.date_from),
        scope: r.scope.clone(),
        sheets,
        total_fen: r.total_fen,
    }
}

/// 欠费清单, optionally of one building.
pub fn arrears(list: &ArrearsList, building: Option<&str>, n: &Names) -> Book {
    let (estate_name, today) = (&n.estate_name, &n.today);
    let rows = list
        .rows
        .iter()
        .map(|r| {
            vec![
                text(&r.unit),
                text(&r.building),
                opt_text(&r.owner),
                opt_text(&r.phone),
                Count(r.open_charges),
                opt_text(&r.oldest_period),
                Fen(r.arrears_fen),
                Fen(r.prepayment_fen),
                text(match (&r.last_contact_on, r.last_way) {
                    (Some(on), Some(w)) => format!("{on} {}", w.zh()),
                    _ => String::new(),
                }),
                text(r.reason.map(|x| x.zh()).unwrap_or_default()),
                opt_text(&r.promised_on),
            ]
        })
        .collect();
    let scope = building
        .as_ref()
        .map_or("全部楼栋".into(), |b| format!("{b} 栋"));
    let sheet = Sheet {
        name: "欠费清单".into(),
        title: format!("{estate_name} 欠费清单"),
        columns: vec![
            "房号",
            "楼栋",
            "业主",
            "电话",
            "欠费笔数",
            "最早欠费账期",
            "欠费金额",
            "预存余额",
            "最近催缴",
            "欠费原因",
            "承诺缴费日期",
        ],
        rows,
        totals: vec![
            text(format!("合计 {} 户", list.units)),
            Blank,
            Blank,
            Blank,
            Count(list.rows.iter().map(|r| r.open_charges).sum()),
            Blank,
            Fen(list.total_fen),
            Fen(list.rows.iter().map(|r| r.prepayment_fen).sum()),
            Blank,
            Blank,
            Blank,
        ],
        notes: vec![],
    };
    Book {
        base: format!("欠费清单-{today}"),
        scope,
        sheets: vec![sheet],
        total_fen: list.total_fen,
    }
}

/// 收据清单 of a search.
pub fn receipts(list: &[ReceiptRow], query: &str, limit: usize, n: &Names) -> Book {
    let (estate_name, today) = (&n.estate_name, &n.today);
    let valid: i64 = list.iter().filter(|r| !r.voided).map(|r| r.total_fen).sum();
    let sheet = Sheet {
        name: "收据清单".into(),
        title: format!("{estate_name} 收据清单"),
        columns: vec![
            "收据号",
            "类型",
            "房号",
            "交款人",
            "开具时间",
            "金额",
            "状态",
        ],
        rows: list
            .iter()
            .map(|r| {
                vec![
                    text(&r.number),
                    text(r.kind.zh()),
                    opt_text(&r.unit),
                    text(&r.payer),
                    DateTime(r.issued_at.clone()),
                    Fen(r.total_fen),
                    text(if r.voided { "作废" } else { "" }),
                ]
            })
            .collect(),
        totals: vec![
            text(format!(
                "合计 {} 张（不含作废）",
                list.iter().filter(|r| !r.voided).count()
            )),
            Blank,
            Blank,
            Blank,
            Blank,
            Fen(valid),
            Blank,
        ],
        notes: vec![],
    };
    let scope = if query.trim().is_empty() {
        format!("最近 {limit} 张")
    } else {
        format!("查询「{}」", query.trim())
    };
    Book {
        base: format!("收据清单-{today}"),
        scope,
        sheets: vec![sheet],
        total_fen: valid,
    }
}

/// 装修押金统计.
pub fn deposits(list: &DepositList, n: &Names) -> Book {
    let (estate_name, today) = (&n.estate_name, &n.today);
    let sheet = Sheet {
        name: "装修押金".into(),
        title: format!("{estate_name} 装修押金统计 · {}", list.title),
        columns: vec![
            "编号",
            "房号",
            "交款人",
            "施工单位",
            "施工电话",
            "押金收据",
            "收取时间",
            "计划完工",
            "状态",
            "押金",
            "在押",
            "扣款",
            "退还",
            "没收",
            "转预存",
        ],
        rows: list
            .deposits
            .iter()
            .map(|d| {
                vec![
                    Count(d.id),
                    text(&d.unit),
                    text(&d.payer),
                    text(&d.contractor),
                    text(&d.contractor_phone),
                    text(&d.receipt),
                    DateTime(d.collected_at.clone()),
                    Date(d.planned_end.clone()),
                    text(&d.state_zh),
                    Fen(d.amount_fen),
                    Fen(d.held_fen),
                    Fen(d.deducted_fen),
                    Fen(d.refunded_fen),
                    Fen(d.forfeited_fen),
                    Fen(d.transferred_fen),
                ]
            })
            .collect(),
        totals: vec![
            text(format!("合计 {} 笔", list.count)),
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Fen(list.amount_fen),
            Fen(list.held_fen),
            Fen(list.deducted_fen),
            Fen(list.refunded_fen),
            Fen(list.forfeited_fen),
            Fen(list.transferred_fen),
        ],
        notes: list
            .deposits
            .iter()
            .any(|d| d.state == DepositState::Voided)
            .then(|| "已作废的押金（收错作废）列出，不计入押金合计".to_string())
            .into_iter()
            .collect(),
    };
    Book {
        base: format!("装修押金-{today}"),
        scope: list.title.clone(),
        sheets: vec![sheet],
        total_fen: list.amount_fen,
    }
}

/// 核对统计 between two dates.
pub fn cross_check(rows: &[ShiftCheck], from: NaiveDate, to: NaiveDate, n: &Names) -> Book {
    let (estate_name,) = (&n.estate_name,);
    let total: i64 = rows.iter().map(|r| r.total_fen).sum();
    let sheet = checks_sheet(
        "核对统计",
        format!("{estate_name} 核对统计 {from} 至 {to}"),
        rows,
    );
    Book {
        base: format!("核对统计-{from}-{to}"),
        scope: format!("{from} 至 {to}"),
        sheets: vec![sheet],
        total_fen: total,
    }
}

/// Closed shifts not reviewed for `days`.
pub fn unreviewed(rows: &[ShiftCheck], days: i64, n: &Names) -> Book {
    let (estate_name, today) = (&n.estate_name, &n.today);
    let total: i64 = rows.iter().map(|r| r.total_fen).sum();
    let sheet = checks_sheet(
        "未复核班次",
        format!("{estate_name} 超过 {days} 天未复核的班次"),
        rows,
    );
    Book {
        base: format!("未复核班次-{today}"),
        scope: format!("超过 {days} 天未复核"),
        sheets: vec![sheet],
        total_fen: total,
    }
}

/// 收缴率 per building.
pub fn collection_rates(r: &CollectionRates, n: &Names) -> Book {
    let (estate_name,) = (&n.estate_name,);
    let row = |b: &CollectionRate| {
        vec![
            text(&b.building),
            Count(b.charges),
            Fen(b.billed_fen),
            Fen(b.collected_fen),
            Fen(b.outstanding_fen),
            // The exact decimal as text ("87.50%"): a percent cell would be a float.
            text(feedesk_ledger::reports::percent_text(b.rate_percent)),
        ]
    };
    let mut totals = row(&r.total);
    totals[0] = text(format!("合计 {} 栋", r.buildings.len()));
    let scope = format!("账期 {} 至 {}", r.from, r.to);
    let sheet = Sheet {
        name: "收缴率".into(),
        title: format!("{estate_name} 收缴率 {scope}"),
        columns: vec!["楼栋", "费用笔数", "应收", "实收", "未收", "收缴率"],
        rows: r.buildings.iter().map(row).collect(),
        totals,
        notes: vec![
            "收缴率 = 实收 ÷ 应收（所选账期的费用；实收已扣除作废和红冲），保留两位小数，四舍五入"
                .into(),
        ],
    };
    Book {
        base: format!("收缴率-{}-{}", r.from, r.to),
        scope,
        sheets: vec![sheet],
        total_fen: r.total.collected_fen,
    }
}

/// One unit's open charges (欠费明细).
pub fn unit_arrears(a: &UnitArrears, n: &Names) -> Book {
    let (estate_name, today) = (&n.estate_name, &n.today);
    let sheet = Sheet {
        name: "欠费明细".into(),
        title: format!(
            "{estate_name} {} {} 欠费明细",
            a.unit,
            a.owner.clone().unwrap_or_default()
        ),
        columns: vec!["账期", "收费项目", "计费依据", "应收", "未缴", "到期日"],
        rows: a
            .charges
            .iter()
            .map(|c| {
                vec![
                    text(&c.period),
                    text(&c.item_name),
                    text(&c.basis),
                    Fen(c.amount_fen),
                    Fen(c.open_fen),
                    Date(c.due_date.clone()),
                ]
            })
            .collect(),
        totals: vec![
            text(format!("合计 {} 笔", a.charges.len())),
            Blank,
            Blank,
            Fen(a.charges.iter().map(|c| c.amount_fen).sum()),
            Fen(a.total_fen),
            Blank,
        ],
        notes: vec![format!(
            "预存余额 ¥{}",
            Money::from_fen(a.prepayment_fen).grouped()
        )],
    };
    Book {
        base: format!("欠费明细-{}-{today}", a.unit),
        scope: format!("房号 {}", a.unit),
        sheets: vec![sheet],
        total_fen: a.total_fen,
    }
}

/// 班次清单.
pub fn shifts(list: &[Shift], limit: usize, n: &Names) -> Book {
    let (estate_name, today) = (&n.estate_name, &n.today);
    let floats: i64 = list.iter().map(|s| s.float_fen).sum();
    let sheet = Sheet {
        name: "班次清单".into(),
        title: format!("{estate_name} 班次清单"),
        columns: vec!["班次", "收银台", "收费员", "开班", "备用金", "交班"],
        rows: list
            .iter()
            .map(|s| {
                vec![
                    Count(s.id),
                    text(&s.desk),
                    text(&s.cashier),
                    DateTime(s.opened_at.clone()),
                    Fen(s.float_fen),
                    s.closed_at.clone().map_or(text("未交班"), DateTime),
                ]
            })
            .collect(),
        totals: vec![
            text(format!("合计 {} 个班次", list.len())),
            Blank,
            Blank,
            Blank,
            Fen(floats),
            Blank,
        ],
        notes: vec![],
    };
    Book {
        base: format!("班次清单-{today}"),
        scope: format!("最近 {limit} 个班次"),
        sheets: vec![sheet],
        total_fen: floats,
    }
}

/// 计费预览 of a month.
pub fn billing_preview(p: &BillingPreview, period: &str, n: &Names) -> Book {
    let (estate_name,) = (&n.estate_name,);
    let mut notes = vec![];
    if p.already_billed > 0 {
        notes.push(format!("已存在 {} 笔，不重复生成", p.already_billed));
    }
    if !p.missing_readings.is_empty() {
        notes.push(format!(
            "缺抄表读数 {} 户（未计费）：{}",
            p.missing_readings.len(),
            p.missing_readings.join(" ")
        ));
    }
    if !p.flagged_readings.is_empty() {
        notes.push(format!("用量异常请核实：{}", p.flagged_readings.join(" ")));
    }
    let sheet = Sheet {
        name: "计费预览".into(),
        title: format!("{estate_name} 计费预览 {period}（未生成）"),
        columns: vec!["项目编码", "收费项目", "笔数", "金额"],
        rows: p
            .items
            .iter()
            .map(|i| {
                vec![
                    text(&i.item),
                    text(&i.name),
                    Count(i.charges as i64),
                    Fen(i.total_fen),
                ]
            })
            .collect(),
        totals: vec![
            text("合计"),
            Blank,
            Count(p.charges as i64),
            Fen(p.total_fen),
        ],
        notes,
    };
    Book {
        base: format!("计费预览-{period}"),
        scope: format!("账期 {period}"),
        sheets: vec![sheet],
        total_fen: p.total_fen,
    }
}

/// 房屋业主清单.
pub fn units(list: &[RosterRow], n: &Names) -> Book {
    let (estate_name, today) = (&n.estate_name, &n.today);
    let arrears: i64 = list.iter().map(|u| u.arrears_fen).sum();
    let sheet = Sheet {
        name: "房屋业主清单".into(),
        title: format!("{estate_name} 房屋业主清单"),
        columns: vec![
            "房号",
            "楼栋",
            "类型",
            "建筑面积㎡",
            "入住状态",
            "业主",
            "电话",
            "交房日期",
            "欠费",
            "预存余额",
        ],
        rows: list
            .iter()
            .map(|u| {
                vec![
                    text(&u.code),
                    text(&u.building),
                    text(u.unit_type.zh()),
                    Area(u.area_m2),
                    text(&u.occupancy),
                    opt_text(&u.owner),
                    opt_text(&u.phone),
                    u.handover_date.clone().map_or(Blank, Date),
                    Fen(u.arrears_fen),
                    Fen(u.prepayment_fen),
                ]
            })
            .collect(),
        totals: vec![
            text(format!("合计 {} 户", list.len())),
            Blank,
            Blank,
            Area(list.iter().map(|u| u.area_m2).sum()),
            Blank,
            Blank,
            Blank,
            Blank,
            Fen(arrears),
            Fen(list.iter().map(|u| u.prepayment_fen).sum()),
        ],
        notes: vec![],
    };
    Book {
        base: format!("房屋业主清单-{today}"),
        scope: "全部房屋".into(),
        sheets: vec![sheet],
        total_fen: arrears,
    }
}
