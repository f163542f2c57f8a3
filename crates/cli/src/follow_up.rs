//! `feedesk follow-up add | list | due`: 催缴记录, the office's record of chasing arrears.

use clap::Subcommand;
use feedesk_api::{self as api, yuan, ArrearsReason, ContactWay, FollowUp, FollowUpInput, Result};

use crate::session::{open, print, session};
use crate::table::Table;
use crate::Cli;

#[derive(Subcommand)]
pub enum FollowUpCmd {
    /// Record a contact with a unit about its arrears.
    Add {
        unit: String,
        /// 电话 | 上门 | 短信 | 书面通知 (or phone, visit, sms, letter)
        #[arg(long)]
        way: String,
        /// What came of it.
        #[arg(long)]
        result: String,
        /// 空置 | 质量纠纷 | 经济困难 | 联系不上 | 其他 (or vacant, dispute, hardship, unreachable, other)
        #[arg(long)]
        reason: String,
        #[arg(long, default_value = "")]
        note: String,
        /// The date the payer promised to pay (YYYY-MM-DD).
        #[arg(long)]
        promised: Option<String>,
        /// The date to contact the unit again (YYYY-MM-DD).
        #[arg(long)]
        next: Option<String>,
        /// The contact's date, when not today (YYYY-MM-DD).
        #[arg(long)]
        date: Option<String>,
    },
    /// A unit's contacts, newest first.
    List { unit: String },
    /// Units still in arrears whose next contact is due (today, or by --date).
    Due {
        #[arg(long)]
        date: Option<String>,
    },
}

pub fn follow_up(cli: &Cli, c: &FollowUpCmd) -> Result<()> {
    let mut l = open(cli)?;
    let ctx = session(cli, &l)?;
    match c {
        FollowUpCmd::Add {
            unit,
            way,
            result,
            reason,
            note,
            promised,
            next,
            date,
        } => {
            let input = FollowUpInput {
                unit: unit.clone(),
                contacted_on: date.clone(),
                way: ContactWay::parse(way)?,
                result: result.clone(),
                reason: ArrearsReason::parse(reason)?,
                note: note.clone(),
                promised_on: promised.clone(),
                next_on: next.clone(),
            };
            let f = api::record_follow_up(&mut l, &ctx, &input)?;
            print(cli, &f, |f| {
                format!(
                    "已记录 {} 的催缴：{} {}，{}（{}），欠费 ¥{}",
                    f.unit,
                    f.contacted_on,
                    f.way.zh(),
                    f.result,
                    f.reason.zh(),
                    yuan(f.arrears_fen)
                )
            });
        }
        FollowUpCmd::List { unit } => {
            let list = api::follow_ups(&l, &ctx, unit)?;
            print(cli, &list, |list| table(list));
        }
        FollowUpCmd::Due { date } => {
            let list = api::follow_ups_due(&l, &ctx, date.as_deref())?;
            print(cli, &list, |list| {
                format!("{}\n待跟进 {} 户", table(list), list.len())
            });
        }
    }
    Ok(())
}

fn table(list: &[FollowUp]) -> String {
    let mut t = Table::new(&[
        "房号",
        "日期",
        "方式",
        "催缴人",
        "结果",
        "原因",
        "承诺缴费",
        "下次跟进",
        "当时欠费>",
    ]);
    for f in list {
        let reason = match f.note.as_str() {
            "" => f.reason.zh().to_string(),
            n => format!("{}：{n}", f.reason.zh()),
        };
        t.row(vec![
            f.unit.clone(),
            f.contacted_on.clone(),
            f.way.zh().into(),
            f.by.clone(),
            f.result.clone(),
            reason,
            f.promised_on.clone().unwrap_or_default(),
            f.next_on.clone().unwrap_or_default(),
            yuan(f.arrears_fen),
        ]);
    }
    t.render()
}
