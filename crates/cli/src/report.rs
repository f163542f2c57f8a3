//! `feedesk report …`: the daily cash report (现金日报表), the monthly fee report (收费月报表), the
//! collection rates and the supervisor's cross-check (核对统计).

use chrono::NaiveDate;
use clap::Subcommand;
use feedesk_api::Result;
use feedesk_api::{
    self as api, yuan, CollectionRates, Ctx, DailyCashReport, DailyScope, Ledger, MonthFigures,
    MonthRates, MonthlyReport, ShiftCheck,
};

use super::table::Table;

#[derive(Subcommand)]
pub enum ReportCmd {
    /// 现金日报表: the desk's day, one cashier's day (--cashier), or one shift (--shift).
    Daily {
        /// YYYY-MM-DD (default today)
        #[arg(long)]
        date: Option<NaiveDate>,
        #[arg(long, conflicts_with = "shift")]
        cashier: Option<String>,
        #[arg(long)]
        shift: Option<i64>,
        /// Also write the report as an A4 PDF to this file.
        #[arg(long)]
        pdf: Option<std::path::PathBuf>,
    },
    /// 核对统计: every shift between two dates with totals, differences, voids, reversals.
    CrossCheck {
        #[arg(long)]
        from: NaiveDate,
        #[arg(long)]
        to: NaiveDate,
    },
    /// Closed shifts not reviewed yet, opened more than N days ago.
    Unreviewed {
        #[arg(long, default_value_t = 3)]
        days: i64,
    },
    /// 收缴率 per building: billed, collected (net of voids and reversals) and the rate, for periods FROM..=TO.
    Collection {
        /// First period, YYYY-MM
        #[arg(long)]
        from: String,
        /// Last period, YYYY-MM (default: the first)
        #[arg(long)]
        to: Option<String>,
    },
    /// 收费月报表 of a month: by building and fee item 应收, 实收, 收回欠费, 预收, 未收, with the month's rates.
    Monthly {
        /// YYYY-MM
        month: String,
        /// Also write the report as an A4 landscape PDF to this file.
        #[arg(long)]
        pdf: Option<std::path::PathBuf>,
    },
    /// 户收费率, 收费率 and 清缴率 per building, month by month FROM..=TO.
    Rates {
        /// First month, YYYY-MM
        #[arg(long)]
        from: String,
        /// Last month, YYYY-MM (default: the first)
        #[arg(long)]
        to: Option<String>,
    },
    /// 预存不足: units whose prepayment is less than a month of their charges (the latest month billed).
    LowBalance,
    /// Mark a shift as reviewed (已复核).
    Review {
        shift: i64,
        #[arg(long, default_value = "")]
        note: String,
    },
}

/// Which day or shift `report daily` means: a shift, a cashier's day, else the desk's day (today by default).
pub fn daily_scope(
    ctx: &Ctx,
    date: Option<NaiveDate>,
    cashier: &Option<String>,
    shift: Option<i64>,
) -> DailyScope {
    match (shift, cashier) {
        (Some(id), _) => DailyScope::Shift { id },
        (None, Some(u)) => DailyScope::CashierDay {
            username: u.clone(),
            date: date.unwrap_or(ctx.today()),
        },
        (None, None) => DailyScope::DeskDay {
            date: date.unwrap_or(ctx.today()),
        },
    }
}

/// `report daily --pdf FILE`: the report as an A4 PDF.
pub fn daily_pdf(
    r: &DailyCashReport,
    path: &std::path::Path,
) -> Result<(serde_json::Value, String)> {
    super::document::write_pdf(path, &api::daily_report_pdf_of(r)?)
}

/// Returns the value to print as JSON and its human rendering.
pub fn run(l: &mut Ledger, ctx: &Ctx, cmd: &ReportCmd) -> Result<(serde_json::Value, String)> {
    Ok(match cmd {
        ReportCmd::Daily {
            date,
            cashier,
            shift,
            pdf,
        } => {
            let r = api::daily_report(l, ctx, &daily_scope(ctx, *date, cashier, *shift))?;
            let mut text = daily_text(&r);
            if let Some(path) = pdf {
                text += &format!("\n\n{}", daily_pdf(&r, path)?.1);
            }
            (serde_json::to_value(&r).expect("serialise"), text)
        }
        ReportCmd::CrossCheck { from, to } => {
            let rows = api::cross_check(l, ctx, *from, *to)?;
            (
                serde_json::to_value(&rows).expect("serialise"),
                checks_text(&rows),
            )
        }
        ReportCmd::Unreviewed { days } => {
            let rows = api::unreviewed_shifts(l, ctx, *days)?;
            (
                serde_json::to_value(&rows).expect("serialise"),
                format!(
                    "超过 {days} 天未复核的班次 {} 个\n{}",
                    rows.len(),
                    checks_text(&rows)
                ),
            )
        }
        ReportCmd::Collection { from, to } => {
            let r = api::collection_rates(l, ctx, from, to.as_deref().unwrap_or(from))?;
            (serde_json::to_value(&r).expect("serialise"), rates_text(&r))
        }
        ReportCmd::Monthly { month, pdf } => {
            let r = api::monthly_report(l, ctx, month)?;
            let mut text = monthly_text(&r);
            if let Some(path) = pdf {
                let bytes = api::monthly_report_pdf_of(&r)?;
                text += &format!("\n\n{}", super::document::write_pdf(path, &bytes)?.1);
            }
            (serde_json::to_value(&r).expect("serialise"), text)
        }
        ReportCmd::Rates { from, to } => {
            let r = api::rates_by_month(l, ctx, from, to.as_deref().unwrap_or(from))?;
            let text = format!(
                "月度收缴率 {} 至 {}\n{}",
                r.from,
                r.to,
                month_rates_text(&r.rows)
            );
            (serde_json::to_value(&r).expect("serialise"), text)
        }
        ReportCmd::LowBalance => {
            let rows = api::low_balances(l, ctx)?;
            let mut t = Table::new(&["房号", "业主", "预存余额>", "月费用>"]);
            for r in &rows {
                t.row(vec![
                    r.unit.clone(),
                    r.owner.clone().unwrap_or_default(),
                    yuan(r.prepayment_fen),
                    yuan(r.monthly_fen),
                ]);
            }
            let text = format!(
                "预存不足 {} 户（余额不足一个月费用）\n{}",
                rows.len(),
                t.render()
            );
            (serde_json::to_value(&rows).expect("serialise"), text)
        }
        ReportCmd::Review { shift, note } => {
            api::review_shift(l, ctx, *shift, note)?;
            (
                serde_json::json!({"shift_id": shift, "reviewed": true}),
                format!("班次 #{shift} 已复核"),
            )
        }
    })
}

fn rates_text(r: &CollectionRates) -> String {
    let mut t = Table::new(&["楼栋", "笔数>", "应收>", "实收>", "未收>", "收缴率>"]);
    for b in r.buildings.iter().chain([&r.total]) {
        t.row(vec![
            b.building.clone(),
            b.charges.to_string(),
            yuan(b.billed_fen),
            yuan(b.collected_fen),
            yuan(b.outstanding_fen),
            api::percent_text(b.rate_percent),
        ]);
    }
    format!("收缴率 账期 {} 至 {}\n{}", r.from, r.to, t.render())
}

fn monthly_text(r: &MonthlyReport) -> String {
    let mut t = Table::new(&[
        "楼栋",
        "收费项目",
        "应收>",
        "实收>",
        "收回欠费>",
        "预收>",
        "未收>",
        "预存抵扣>",
        "收款合计>",
    ]);
    let mut row = |b: &str, item: &str, f: &MonthFigures| {
        let mut cells = vec![b.to_string(), item.to_string()];
        cells.extend(f.columns().into_iter().map(yuan));
        t.row(cells);
    };
    for x in r.building_lines() {
        row(x.building, x.item, x.figures);
    }
    row("合计", "", &r.total);
    let state = r.state_zh();
    format!(
        "收费月报表 {} {} {}（统计至 {} 前；{state}）\n{}\n收缴率\n{}",
        r.estate,
        r.month,
        r.company,
        r.until,
        t.render(),
        month_rates_text(&r.rates)
    )
}

fn month_rates_text(rows: &[MonthRates]) -> String {
    let mut t = Table::new(&[
        "月份",
        "楼栋",
        "应收户>",
        "缴清户>",
        "户收费率>",
        "应收>",
        "已收>",
        "收费率>",
        "月初欠费>",
        "收回欠费>",
        "清缴率>",
    ]);
    for x in rows {
        t.row(vec![
            x.month.clone(),
            x.building.clone(),
            x.households_billed.to_string(),
            x.households_paid.to_string(),
            api::percent_text(x.household_rate),
            yuan(x.billed_fen),
            yuan(x.settled_fen),
            api::percent_text(x.collection_rate),
            yuan(x.arrears_at_start_fen),
            yuan(x.arrears_collected_fen),
            api::percent_text(x.clearance_rate),
        ]);
    }
    t.render()
}

fn checks_text(rows: &[ShiftCheck]) -> String {
    let mut t = Table::new(&[
        "班次",
        "收费员",
        "开班",
        "交班",
        "张数>",
        "实收>",
        "作废>",
        "红冲>",
        "长短款>",
        "复核",
    ]);
    for r in rows {
        t.row(vec![
            format!("#{}", r.shift_id),
            r.cashier.clone(),
            r.opened_at.get(..16).unwrap_or("").replace('T', " "),
            r.closed_at
                .as_deref()
                .and_then(|c| c.get(11..16))
                .unwrap_or("未交班")
                .to_string(),
            r.receipts.to_string(),
            yuan(r.total_fen),
            r.voids.to_string(),
            r.reversals.to_string(),
            r.difference_fen.map(yuan).unwrap_or_default(),
            r.reviewed_by.clone().unwrap_or_default(),
        ]);
    }
    t.render()
}

pub fn daily_text(r: &DailyCashReport) -> String {
    let mut s = format!(
        "{} {} 现金日报表\n{}（收银台 {}）  编制 {} {}\n",
        r.company,
        r.estate,
        r.scope,
        r.desk,
        r.generated_by,
        r.generated_at.replace('T', " ")
    );
    s += &r.receipts.summary_zh("收据");
    s += "\n";
    s += &r.vouchers.summary_zh("退款凭证");
    let mut t = Table::new(&["收款方式", "笔数>", "金额>"]);
    for a in &r.by_method {
        t.row(vec![a.label.clone(), a.count.to_string(), yuan(a.fen)]);
    }
    t.row(vec!["合计".into(), String::new(), yuan(r.total_fen)]);
    s += &format!("\n\n{}", t.render());
    let mut t = Table::new(&["收费项目", "笔数>", "金额>"]);
    for a in &r.by_item {
        t.row(vec![a.label.clone(), a.count.to_string(), yuan(a.fen)]);
    }
    for (label, fen) in [
        ("装修押金收取", r.deposits_collected_fen),
        ("装修押金退还", r.deposits_returned_fen),
        ("预存款收取", r.prepayments_received_fen),
    ] {
        if fen != 0 {
            t.row(vec![label.into(), String::new(), yuan(fen)]);
        }
    }
    s += &format!("\n\n{}", t.render());
    s += &format!(
        "\n其中柜台收费 ¥{}；押金扣款 ¥{}；预存款抵扣 ¥{}；红冲 {} 张 ¥{}",
        yuan(r.counter_sales_fen),
        yuan(r.deposit_deductions_fen),
        yuan(r.prepayments_used_fen),
        r.reversals.count,
        yuan(r.reversals.fen)
    );
    let mut t = Table::new(&["班次", "收费员", "方式", "应收>", "实点/对账>", "长短款>"]);
    for sh in &r.shifts {
        for m in &sh.methods {
            t.row(vec![
                format!("#{}", sh.shift_id),
                sh.cashier.clone(),
                m.method.zh().into(),
                yuan(m.expected_fen),
                m.counted_fen.map(yuan).unwrap_or("未交班".into()),
                m.difference_fen.map(yuan).unwrap_or_default(),
            ]);
        }
    }
    s += &format!("\n\n{}", t.render());
    let mut t = Table::new(&[
        "收据号",
        "时间",
        "房号",
        "交款人",
        "项目",
        "方式",
        "金额>",
        "状态",
    ]);
    for l in &r.lines {
        t.row(vec![
            l.number.clone(),
            l.time.clone(),
            l.unit.clone().unwrap_or_default(),
            l.payer.clone(),
            l.items.clone(),
            l.methods.clone(),
            yuan(l.amount_fen),
            if l.voided {
                "作废".into()
            } else {
                String::new()
            },
        ]);
    }
    s += &format!("\n\n明细\n{}", t.render());
    let rc = &r.reconciliation;
    s += &format!(
        "\n\n核对：按方式 ¥{} = 按项目 ¥{}；钱箱方式 ¥{} = 分录 ¥{}  {}",
        yuan(rc.by_method_fen),
        yuan(rc.by_category_fen),
        yuan(rc.drawer_methods_fen),
        yuan(rc.journal_drawer_fen),
        if rc.ok { "✓ 相符" } else { "✗ 不符" }
    );
    s += &format!(
        "\n\n{}",
        r.sign_off
            .iter()
            .map(|x| format!("{x}：__________"))
            .collect::<Vec<_>>()
            .join("    ")
    );
    s
}
