//! `feedesk fee | reading | pool | bill`: fee items and standards, meter readings, shared costs, billing.

use clap::{Args, Subcommand};
use feedesk_api::*;
use feedesk_api::{self as api};

use crate::session::{open, print, session};
use crate::table::Table;
use crate::Cli;

#[derive(Subcommand)]
pub enum FeeCmd {
    List,
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// per_area | fixed | metered | per_quantity | allocation
        #[arg(long)]
        method: String,
        #[arg(long, default_value = "")]
        unit_label: String,
    },
    /// Set a standard: a rate for a unit type or for chosen units, from a month on.
    Standard {
        #[arg(long)]
        item: String,
        #[arg(long)]
        rate: String,
        /// 住宅/商铺/车位/其他 (or residential/shop/parking/other)
        #[arg(long = "type", conflicts_with = "units")]
        unit_type: Option<String>,
        /// Comma-separated unit codes.
        #[arg(long, value_delimiter = ',')]
        units: Vec<String>,
        #[arg(long)]
        from: String,
    },
    Standards,
    /// The order of fee items a partial payment settles within a month (the items named first).
    Order {
        /// Item codes, comma-separated: WYF,LJF
        #[arg(value_delimiter = ',', required = true)]
        codes: Vec<String>,
    },
}
#[derive(Args)]
pub struct ReadingArgs {
    #[arg(long)]
    pub unit: String,
    #[arg(long)]
    pub item: String,
    #[arg(long)]
    pub period: String,
    #[arg(long)]
    pub current: String,
    /// The starting reading, for a meter's first reading only.
    #[arg(long)]
    pub previous: Option<String>,
    /// Meter changed: OLD_END,NEW_START
    #[arg(long, value_delimiter = ',', num_args = 2)]
    pub meter_change: Vec<String>,
    #[arg(long, default_value = "")]
    pub note: String,
}
#[derive(Args)]
pub struct PoolArgs {
    #[arg(long)]
    pub item: String,
    #[arg(long)]
    pub period: String,
    #[arg(long)]
    pub total: String,
    /// area | household
    #[arg(long, default_value = "area")]
    pub basis: String,
    #[arg(long)]
    pub building: Option<String>,
    #[arg(long, default_value = "")]
    pub note: String,
}
#[derive(Subcommand)]
pub enum BillCmd {
    Preview { period: String },
    Run { period: String },
}
pub fn fee(cli: &Cli, c: &FeeCmd) -> Result<()> {
    let mut l = open(cli)?;
    let ctx = session(cli, &l)?;
    match c {
        FeeCmd::List => {
            let items = api::fee_items(&l, &ctx)?;
            print(cli, &items, |items| {
                let mut t = Table::new(&["编码", "名称", "计费方式", "单位", "标准来源"]);
                for i in items {
                    t.row(vec![
                        i.code.clone(),
                        i.name.clone(),
                        i.method.zh().into(),
                        i.unit_label.clone(),
                        source(i.hq_version),
                    ]);
                }
                t.render()
            });
        }
        FeeCmd::Order { codes } => {
            let items = api::set_pay_order(&mut l, &ctx, codes)?;
            print(cli, &items, |items| {
                let order: Vec<String> = items
                    .iter()
                    .map(|i| format!("{} {}", i.code, i.name))
                    .collect();
                format!("部分缴纳时同月费用的结清顺序：{}", order.join(" → "))
            });
        }
        FeeCmd::Add {
            code,
            name,
            method,
            unit_label,
        } => {
            let item =
                api::create_fee_item(&mut l, &ctx, code, name, Method::parse(method)?, unit_label)?;
            print(cli, &item, |i| {
                format!("已添加收费项目 {} {}（{}）", i.code, i.name, i.method.zh())
            });
        }
        FeeCmd::Standard {
            item,
            rate,
            unit_type,
            units,
            from,
        } => {
            let rate = parse_decimal(rate, 6, &["元"], ("单价", "rate"))?;
            let scope = match unit_type {
                Some(t) => Scope::UnitType(UnitType::parse(t).ok_or_else(|| {
                    err!(
                        InvalidInput,
                        "房屋类型「{t}」无效：住宅、商铺、车位、其他",
                        "unknown unit type \"{t}\": residential, shop, parking, other"
                    )
                })?),
                None => Scope::Units(units.clone()),
            };
            let id = api::set_fee_standard(&mut l, &ctx, item, rate, &scope, from)?;
            print(cli, &serde_json::json!({"standard_id": id}), |_| {
                format!("已设置收费标准 #{id}：{item} {rate} 自 {from}")
            });
        }
        FeeCmd::Standards => {
            let list = api::fee_standards(&l, &ctx)?;
            print(cli, &list, |list| {
                let mut t = Table::new(&["#", "项目", "单价>", "适用", "起始账期", "设定"]);
                for s in list {
                    let scope = match s.unit_type {
                        Some(t) => t.zh().to_string(),
                        None => format!("指定 {} 户", s.units),
                    };
                    t.row(vec![
                        s.id.to_string(),
                        s.item.clone(),
                        s.rate.to_string(),
                        scope,
                        s.start_period.clone(),
                        if s.from_hq { "总部" } else { "本收费台" }.into(),
                    ]);
                }
                t.render()
            });
        }
    }
    Ok(())
}

/// Where an item's standards come from: head office (and which version) or this desk.
fn source(hq_version: Option<i64>) -> String {
    match hq_version {
        Some(v) => format!("总部第 {v} 版"),
        None => "本收费台".into(),
    }
}

pub fn reading(cli: &Cli, a: &ReadingArgs) -> Result<()> {
    let mut l = open(cli)?;
    let ctx = session(cli, &l)?;
    let units = &["度", "kWh", "吨", "m³"];
    let meter_change = match a.meter_change.as_slice() {
        [old, new] => Some((
            parse_decimal(old, 2, units, ("旧表止数", "old meter end"))?,
            parse_decimal(new, 2, units, ("新表起数", "new meter start"))?,
        )),
        _ => None,
    };
    let r = ReadingInput {
        unit: a.unit.clone(),
        item: a.item.clone(),
        period: a.period.clone(),
        current: parse_decimal(&a.current, 2, units, ("本期读数", "current reading"))?,
        previous: a
            .previous
            .as_deref()
            .map(|p| parse_decimal(p, 2, units, ("上期读数", "previous reading")))
            .transpose()?,
        meter_change,
        note: a.note.clone(),
    };
    let rd = api::record_reading(&mut l, &ctx, &r)?;
    print(cli, &rd, |r| {
        format!(
            "{} {} {}：上期 {} 本期 {} 用量 {}{}",
            r.unit,
            r.item,
            r.period,
            r.previous,
            r.current,
            r.usage,
            if r.flagged {
                "  ⚠ 用量异常，请核实"
            } else {
                ""
            }
        )
    });
    Ok(())
}

pub fn pool(cli: &Cli, a: &PoolArgs) -> Result<()> {
    let mut l = open(cli)?;
    let ctx = session(cli, &l)?;
    let pool = api::NewPool {
        item: a.item.clone(),
        period: a.period.clone(),
        building: a.building.clone(),
        total: Money::parse(&a.total)?,
        basis: Basis::parse(&a.basis)?,
        note: a.note.clone(),
    };
    let id = api::create_allocation_pool(&mut l, &ctx, &pool)?;
    print(cli, &serde_json::json!({"pool_id": id}), |_| {
        format!("已录入公摊 #{id}：{} {} ¥{}", a.item, a.period, a.total)
    });
    Ok(())
}

pub fn bill(cli: &Cli, c: &BillCmd) -> Result<()> {
    let mut l = open(cli)?;
    let ctx = session(cli, &l)?;
    let (p, created) = match c {
        BillCmd::Preview { period } => (api::billing_preview(&l, &ctx, period)?, None),
        BillCmd::Run { period } => {
            let r = api::billing_run(&mut l, &ctx, period)?;
            (r.preview, Some(r.run_id))
        }
    };
    print(
        cli,
        &serde_json::json!({"preview": p, "run_id": created.flatten()}),
        |_| {
            let mut t = Table::new(&["项目", "名称", "笔数>", "金额>"]);
            for i in &p.items {
                t.row(vec![
                    i.item.clone(),
                    i.name.clone(),
                    i.charges.to_string(),
                    yuan(i.total_fen),
                ]);
            }
            t.row(vec![
                "合计".into(),
                String::new(),
                p.charges.to_string(),
                yuan(p.total_fen),
            ]);
            let mut s = format!(
                "账期 {}{}\n{}",
                p.period,
                if created.is_some() {
                    " 已生成"
                } else {
                    " 预览（未生成）"
                },
                t.render()
            );
            if p.already_billed > 0 {
                s += &format!("\n已存在 {} 笔，不重复生成", p.already_billed);
            }
            if !p.missing_readings.is_empty() {
                s += &format!(
                    "\n缺抄表读数 {} 户（未计费）：{}",
                    p.missing_readings.len(),
                    p.missing_readings.join(" ")
                );
            }
            if !p.flagged_readings.is_empty() {
                s += &format!("\n⚠ 用量异常请核实：{}", p.flagged_readings.join(" "));
            }
            s
        },
    );
    Ok(())
}
