//! `feedesk shift …`: open, cash in and out, close with the count, the day and month close, the list.

use clap::Subcommand;
use feedesk_api::*;
use feedesk_api::{self as api};

use crate::session::{approval, open, print, session};
use crate::table::Table;
use crate::Cli;

#[derive(Subcommand)]
pub enum ShiftCmd {
    Open {
        #[arg(long, default_value = "0")]
        float: String,
    },
    /// Close with the drawer counted by denomination and the settlement slips' totals.
    Close {
        /// DENOMINATION:COUNT, repeatable: --count 100:80 --count 50:6 --count 0.5:3
        #[arg(long = "count", allow_hyphen_values = true)]
        counts: Vec<String>,
        /// METHOD:AMOUNT from each settlement slip: --slip 微信:1234.00 --slip alipay:300
        #[arg(long = "slip")]
        slips: Vec<String>,
        #[arg(long, default_value = "")]
        note: String,
        /// A supervisor approving a difference beyond the tolerance (password: FEEDESK_APPROVER_PASSWORD).
        #[arg(long)]
        approver: Option<String>,
        /// Close this shift (default: your open shift).
        #[arg(long)]
        shift: Option<i64>,
    },
    /// Put cash into the drawer (e.g. a float top-up).
    CashIn {
        amount: String,
        #[arg(long)]
        reason: String,
    },
    /// Take cash out of the drawer (e.g. banking a surplus to the safe).
    CashOut {
        amount: String,
        #[arg(long)]
        reason: String,
    },
    /// Set the cash difference allowed at a close without a supervisor (administrators).
    Tolerance { amount: String },
    /// 日结: close a day once all its shifts are closed (default: today).
    CloseDay {
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
    },
    /// 月结: close a month once its last day is closed (supervisors); its monthly report is frozen.
    CloseMonth {
        /// YYYY-MM
        month: String,
    },
    /// The months closed, newest first.
    Months,
    List {
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}
pub fn shift(cli: &Cli, c: &ShiftCmd) -> Result<()> {
    let mut l = open(cli)?;
    let ctx = session(cli, &l)?;
    match c {
        ShiftCmd::Open { float } => {
            let id = api::open_shift(&mut l, &ctx, Money::parse(float)?)?;
            print(cli, &serde_json::json!({"shift_id": id}), |_| {
                format!(
                    "已开班 #{id}，备用金 ¥{}",
                    Money::parse(float).unwrap_or_default().grouped()
                )
            });
        }
        ShiftCmd::Close {
            counts,
            slips,
            note,
            approver,
            shift,
        } => {
            let mut cash_counts = vec![];
            for c in counts {
                let (d, n) = c.split_once([':', '=', '：']).ok_or_else(|| {
                    err!(
                        InvalidInput,
                        "清点「{c}」格式应为 面额:张数，如 100:80",
                        "count \"{c}\" should be DENOMINATION:COUNT, e.g. 100:80"
                    )
                })?;
                let n: i64 = n.trim().parse().map_err(|_| {
                    err!(
                        InvalidInput,
                        "张数「{n}」不是整数",
                        "count \"{n}\" is not a whole number"
                    )
                })?;
                cash_counts.push((Money::parse(d)?.fen(), n));
            }
            let mut non_cash = vec![];
            for s in slips {
                let (m, a) = s.split_once([':', '=', '：']).ok_or_else(|| {
                    err!(
                        InvalidInput,
                        "对账「{s}」格式应为 方式:金额，如 微信:1234.00",
                        "slip \"{s}\" should be METHOD:AMOUNT, e.g. wechat:1234.00"
                    )
                })?;
                non_cash.push((api::PayMethod::parse(m)?, Money::parse_signed(a)?));
            }
            let req = api::CloseRequest {
                shift_id: *shift,
                cash_counts,
                non_cash,
                note: note.clone(),
                approval: approver.as_deref().map(approval).transpose()?,
            };
            let r = api::close_shift(&mut l, &ctx, &req)?;
            backup_after(cli, &l, &ctx);
            print(cli, &r, |r| {
                let mut t = Table::new(&["方式", "应收>", "实点/对账>", "长短款>"]);
                for m in &r.methods {
                    t.row(vec![
                        m.method.zh().into(),
                        yuan(m.expected_fen),
                        yuan(m.counted_fen),
                        yuan(m.difference_fen),
                    ]);
                }
                let mut s = format!(
                    "已交班 #{}（容差 ¥{}）\n{}",
                    r.shift_id,
                    yuan(r.tolerance_fen),
                    t.render()
                );
                if let Some(a) = &r.approved_by {
                    s += &format!("\n长短款经 {a} 确认");
                }
                s
            });
        }
        ShiftCmd::CashIn { amount, reason } | ShiftCmd::CashOut { amount, reason } => {
            let m = Money::parse(amount)?;
            let signed = if matches!(c, ShiftCmd::CashOut { .. }) {
                -m
            } else {
                m
            };
            let id = api::cash_movement(&mut l, &ctx, signed, reason)?;
            print(
                cli,
                &serde_json::json!({"shift_id": id, "fen": signed.fen()}),
                |_| {
                    format!(
                        "班次 #{id} {} ¥{}：{reason}",
                        if signed.is_negative() {
                            "取出"
                        } else {
                            "存入"
                        },
                        m.grouped()
                    )
                },
            );
        }
        ShiftCmd::Tolerance { amount } => {
            let m = Money::parse(amount)?;
            api::set_cash_tolerance(&mut l, &ctx, m)?;
            print(
                cli,
                &serde_json::json!({"cash_tolerance_fen": m.fen()}),
                |_| format!("长短款容差已设为 ¥{}", m.grouped()),
            );
        }
        ShiftCmd::CloseDay { date } => {
            let d = date.unwrap_or(ctx.today());
            api::close_day(&mut l, &ctx, d)?;
            backup_after(cli, &l, &ctx);
            print(cli, &serde_json::json!({"closed": d.to_string()}), |_| {
                format!("{d} 已日结")
            });
        }
        ShiftCmd::CloseMonth { .. } | ShiftCmd::Months => month_close(cli, &mut l, &ctx, c)?,
        ShiftCmd::List { limit } => {
            let list = api::shifts(&l, &ctx, *limit)?;
            print(cli, &list, |list| {
                let mut t = Table::new(&["#", "收银台", "收费员", "开班", "备用金>", "交班"]);
                for s in list {
                    t.row(vec![
                        s.id.to_string(),
                        s.desk.clone(),
                        s.cashier.clone(),
                        s.opened_at.clone(),
                        yuan(s.float_fen),
                        s.closed_at.clone().unwrap_or("未交班".into()),
                    ]);
                }
                t.render()
            });
        }
    }
    Ok(())
}

/// 月结 and the list of months closed.
fn month_close(cli: &Cli, l: &mut Ledger, ctx: &Ctx, c: &ShiftCmd) -> Result<()> {
    match c {
        ShiftCmd::CloseMonth { month } => {
            let m = api::close_month(l, ctx, month)?;
            print(cli, &m, |m| {
                format!(
                    "{} 已月结：应收 ¥{}，收款 ¥{}，未收 ¥{}；收费月报表已冻结",
                    m.month,
                    yuan(m.billed_fen),
                    yuan(m.received_fen),
                    yuan(m.open_fen)
                )
            });
        }
        ShiftCmd::Months => {
            let list = api::month_closes(l, ctx)?;
            print(cli, &list, |list| {
                let mut t = Table::new(&["月份", "月结时间", "月结人", "应收>", "收款>", "未收>"]);
                for m in list {
                    t.row(vec![
                        m.month.clone(),
                        m.closed_at.get(..16).unwrap_or("").replace('T', " "),
                        m.closed_by.clone(),
                        yuan(m.billed_fen),
                        yuan(m.received_fen),
                        yuan(m.open_fen),
                    ]);
                }
                t.render()
            });
        }
        _ => unreachable!("only the month commands come here"),
    }
    Ok(())
}

/// The backup a shift close or 日结 calls for, made now; its outcome is told (a failure never undoes
/// the close). With --json the close's own answer stays the only thing printed: `backup list` has it.
fn backup_after(cli: &Cli, l: &Ledger, ctx: &api::Ctx) {
    let told = match api::run_due_backup(l, ctx.now) {
        Ok(Some(r)) => crate::backup::line(&r),
        Ok(None) => return,
        Err(e) => format!("备份失败：{}", e.zh),
    };
    if !cli.json {
        eprintln!("{told}");
    }
}
