//! `feedesk unit | arrears`: the estate's units and what they owe.

use clap::Subcommand;
use feedesk_api::*;
use feedesk_api::{self as api};

use crate::session::{open, print, session};
use crate::table::Table;
use crate::Cli;

#[derive(Subcommand)]
pub enum UnitCmd {
    /// Every unit with its owner and balances (房屋业主清单).
    List,
    Show {
        code: String,
    },
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    BillingStart {
        code: String,
        period: String,
    },
    /// 收费台账: every charge, payment and prepayment movement in date order with the balances.
    Ledger {
        code: String,
        /// Also write it as an A4 PDF to this file.
        #[arg(long)]
        pdf: Option<std::path::PathBuf>,
    },
    /// 入住状态: 空置 | 自住 | 装修中 | 出租
    Occupancy {
        code: String,
        occupancy: String,
    },
    /// Add a tenant (租户) or a new owner (业主).
    Party {
        code: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        phone: String,
        #[arg(long)]
        id_number: Option<String>,
        /// YYYY-MM-DD
        #[arg(long)]
        move_in: Option<chrono::NaiveDate>,
    },
}
pub fn unit(cli: &Cli, c: &UnitCmd) -> Result<()> {
    let mut l = open(cli)?;
    let ctx = session(cli, &l)?;
    match c {
        UnitCmd::Ledger { code, pdf } => ledger(cli, &l, &ctx, code, pdf.as_deref())?,
        UnitCmd::Show { code } => {
            let u = api::unit(&l, &ctx, code)?;
            let arr = api::unit_arrears(&l, &ctx, code)?;
            print(cli, &serde_json::json!({"unit": u, "arrears": arr}), |_| {
                let mut s = format!(
                    "{} · {} · {}㎡ · {}\n",
                    u.code,
                    u.unit_type.zh(),
                    u.area_m2,
                    u.occupancy
                );
                for p in &u.parties {
                    s += &format!(
                        "{} {} {}\n",
                        if p.role == "owner" {
                            "业主"
                        } else {
                            "租户"
                        },
                        p.name,
                        p.phone
                    );
                }
                s += &format!(
                    "欠费 ¥{}  预存 ¥{}\n",
                    yuan(arr.total_fen),
                    yuan(arr.prepayment_fen)
                );
                s + &charges_table(&arr.charges)
            });
        }
        UnitCmd::List => {
            let list = api::units_list(&l, &ctx)?;
            print(cli, &list, |list| {
                let mut t = Table::new(&[
                    "房号",
                    "类型",
                    "面积㎡>",
                    "状态",
                    "业主",
                    "电话",
                    "欠费>",
                    "预存>",
                ]);
                for u in list {
                    t.row(vec![
                        u.code.clone(),
                        u.unit_type.zh().into(),
                        u.area_m2.to_string(),
                        u.occupancy.clone(),
                        u.owner.clone().unwrap_or_default(),
                        u.phone.clone().unwrap_or_default(),
                        yuan(u.arrears_fen),
                        yuan(u.prepayment_fen),
                    ]);
                }
                t.render()
            });
        }
        UnitCmd::Search { query, limit } => {
            let hits = api::search_units(&l, &ctx, query, *limit)?;
            print(cli, &hits, |hits| {
                let mut t = Table::new(&["房号", "类型", "面积㎡>", "业主", "电话", "欠费>"]);
                for h in hits {
                    t.row(vec![
                        h.code.clone(),
                        h.unit_type.zh().into(),
                        h.area_m2.clone(),
                        h.owner.clone().unwrap_or_default(),
                        h.phone_masked.clone().unwrap_or_default(),
                        yuan(h.arrears_fen),
                    ]);
                }
                t.render()
            });
        }
        UnitCmd::Occupancy { code, occupancy } => {
            api::set_occupancy(&mut l, &ctx, code, occupancy)?;
            print(
                cli,
                &serde_json::json!({"unit": code, "occupancy": occupancy}),
                |_| format!("{code} 入住状态：{occupancy}"),
            );
        }
        UnitCmd::Party {
            code,
            role,
            name,
            phone,
            id_number,
            move_in,
        } => {
            let p = api::NewParty {
                unit: code.clone(),
                role: role.clone(),
                name: name.clone(),
                phone: phone.clone(),
                id_number: id_number.clone(),
                move_in_date: *move_in,
            };
            api::add_party(&mut l, &ctx, &p)?;
            print(
                cli,
                &serde_json::json!({"unit": code, "party": name}),
                |_| format!("{code} 已登记 {role} {name}"),
            );
        }
        UnitCmd::BillingStart { code, period } => {
            api::set_billing_start(&mut l, &ctx, code, period)?;
            print(
                cli,
                &serde_json::json!({"unit": code, "billing_start": period}),
                |_| format!("{code} 从 {period} 起计费"),
            );
        }
    }
    Ok(())
}

pub fn arrears(cli: &Cli, unit: &Option<String>, building: &Option<String>) -> Result<()> {
    let l = open(cli)?;
    let ctx = session(cli, &l)?;
    match unit {
        Some(u) => {
            let a = api::unit_arrears(&l, &ctx, u)?;
            print(cli, &a, |a| {
                format!(
                    "{} {} 欠费 ¥{}  预存 ¥{}\n{}",
                    a.unit,
                    a.owner.clone().unwrap_or_default(),
                    yuan(a.total_fen),
                    yuan(a.prepayment_fen),
                    charges_table(&a.charges)
                )
            });
        }
        None => {
            let list = api::arrears_list(&l, &ctx, building.as_deref())?;
            print(cli, &list, |list| {
                let mut t = Table::new(&[
                    "房号",
                    "业主",
                    "电话",
                    "欠费笔数>",
                    "最早欠费",
                    "欠费金额>",
                    "最近催缴",
                    "原因",
                    "承诺缴费",
                ]);
                for r in &list.rows {
                    t.row(vec![
                        r.unit.clone(),
                        r.owner.clone().unwrap_or_default(),
                        r.phone.clone().unwrap_or_default(),
                        r.open_charges.to_string(),
                        r.oldest_period.clone().unwrap_or_default(),
                        yuan(r.arrears_fen),
                        match (&r.last_contact_on, r.last_way) {
                            (Some(on), Some(w)) => format!("{on} {}", w.zh()),
                            _ => String::new(),
                        },
                        r.reason.map(|x| x.zh().to_string()).unwrap_or_default(),
                        r.promised_on.clone().unwrap_or_default(),
                    ]);
                }
                format!(
                    "{}\n欠费 {} 户，合计 ¥{}",
                    t.render(),
                    list.units,
                    yuan(list.total_fen)
                )
            });
        }
    }
    Ok(())
}

pub fn charges_table(charges: &[api::OpenCharge]) -> String {
    let mut t = Table::new(&["#", "账期", "项目", "计费依据", "应收>", "未缴>"]);
    for c in charges {
        t.row(vec![
            c.charge_id.to_string(),
            c.period.clone(),
            c.item_name.clone(),
            c.basis.clone(),
            yuan(c.amount_fen),
            yuan(c.open_fen),
        ]);
    }
    t.render()
}

/// `unit ledger CODE [--pdf FILE]`.
fn ledger(
    cli: &Cli,
    l: &Ledger,
    ctx: &Ctx,
    code: &str,
    pdf: Option<&std::path::Path>,
) -> Result<()> {
    let led = api::fee_ledger(l, ctx, code)?;
    let saved = match pdf {
        Some(path) => {
            Some(super::document::write_pdf(path, &api::fee_ledger_pdf(l, ctx, code)?)?.1)
        }
        None => None,
    };
    print(cli, &led, |led| {
        let mut t = Table::new(&[
            "时间",
            "单据",
            "摘要",
            "应收>",
            "实收>",
            "预存>",
            "欠费余额>",
            "预存余额>",
        ]);
        for e in &led.entries {
            t.row(vec![
                e.at.get(..16).unwrap_or("").replace('T', " "),
                e.document.clone().unwrap_or_default(),
                e.summary.chars().take(40).collect(),
                yuan(e.charged_fen),
                yuan(e.paid_fen),
                yuan(e.prepaid_fen),
                yuan(e.arrears_fen),
                yuan(e.prepayment_fen),
            ]);
        }
        let mut s = format!(
            "收费台账 {} {}：{} 笔，欠费 ¥{}，预存 ¥{}\n{}",
            led.unit,
            led.owner.clone().unwrap_or_default(),
            led.entries.len(),
            yuan(led.arrears_fen),
            yuan(led.prepayment_fen),
            t.render()
        );
        if let Some(line) = &saved {
            s += &format!("\n{line}");
        }
        s
    });
    Ok(())
}
