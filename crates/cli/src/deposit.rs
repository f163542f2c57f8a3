//! `feedesk deposit …`: decoration deposits (装修押金) from collection to refund, forfeit or transfer.

use chrono::NaiveDate;
use clap::{ArgGroup, Subcommand};
use feedesk_api::{
    self as api, yuan, Ctx, Deduction, DeductionKind, Deposit, DepositFilter, DepositList,
    Inspection, Ledger, PayMethod, Receipt, RefundRequest, Tender,
};
use feedesk_api::{err, Money, Result};

use super::table::Table;

#[derive(Subcommand)]
pub enum DepositCmd {
    /// 收取装修押金: a numbered receipt in your open shift.
    Collect {
        unit: String,
        #[arg(long)]
        amount: String,
        /// 施工单位
        #[arg(long)]
        contractor: String,
        /// 施工单位电话
        #[arg(long)]
        phone: String,
        /// 装修许可证号
        #[arg(long)]
        permit: String,
        /// 计划完工日期 YYYY-MM-DD
        #[arg(long)]
        planned_end: NaiveDate,
        /// METHOD:AMOUNT, repeatable: cash:5000  微信:2000
        #[arg(long = "pay", required = true)]
        pay: Vec<String>,
        /// Default: the unit's owner.
        #[arg(long)]
        payer: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 登记验收: --passed, or --failed "存在的问题".
    #[command(group(ArgGroup::new("result").required(true).args(["passed", "failed"])))]
    Inspect {
        id: i64,
        #[arg(long)]
        passed: bool,
        /// The findings of a failed inspection.
        #[arg(long)]
        failed: Option<String>,
        /// Remarks on a passed inspection.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 申请退款, with itemised deductions: AMOUNT or AMOUNT:NOTE, each repeatable.
    RequestRefund {
        id: i64,
        /// 损坏赔偿: --damage 300:电梯轿厢划伤
        #[arg(long)]
        damage: Vec<String>,
        /// 垃圾清运/保洁
        #[arg(long)]
        cleaning: Vec<String>,
        /// 超期
        #[arg(long)]
        overdue: Vec<String>,
        /// Unpaid charge ids of the unit to settle from the deposit: --charges 12,13
        #[arg(long, value_delimiter = ',')]
        charges: Vec<i64>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 批准退款 (supervisors; not your own request).
    Approve {
        id: i64,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 驳回退款 (supervisors), with a reason.
    Reject {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// 退款: pay out an approved refund on a refund voucher (退款凭证) in your open shift.
    Refund {
        id: i64,
        /// cash | wechat | alipay | unionpay | transfer
        #[arg(long, default_value = "cash")]
        method: String,
        /// Transaction reference of a non-cash refund.
        #[arg(long, default_value = "")]
        reference: String,
    },
    /// 没收 a deposit, with a supervisor's approval (password: FEEDESK_APPROVER_PASSWORD).
    Forfeit {
        id: i64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        approver: String,
    },
    /// 转预存: move a deposit to the unit's prepayment balance, with a supervisor's approval.
    Transfer {
        id: i64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        approver: String,
    },
    /// 装修押金统计: held (在押) | overdue (逾期未验收) | refunded (已退, --month) | all (全部).
    List {
        #[arg(default_value = "held")]
        which: String,
        /// YYYY-MM for `refunded` (default: this month).
        #[arg(long)]
        month: Option<String>,
    },
    /// One deposit with its history.
    Show { id: i64 },
}

/// Returns the value to print as JSON and its human rendering.
pub fn run(l: &mut Ledger, ctx: &Ctx, cmd: &DepositCmd) -> Result<(serde_json::Value, String)> {
    Ok(match cmd {
        DepositCmd::Collect {
            unit,
            amount,
            contractor,
            phone,
            permit,
            planned_end,
            pay,
            payer,
            note,
        } => {
            let req = api::CollectDepositRequest {
                unit: unit.clone(),
                payer: payer.clone(),
                contractor: contractor.clone(),
                contractor_phone: phone.clone(),
                amount: Money::parse(amount)?,
                permit_no: permit.clone(),
                planned_end: *planned_end,
                tenders: pay
                    .iter()
                    .map(|p| Tender::parse(p))
                    .collect::<Result<_>>()?,
                note: note.clone(),
            };
            let r = api::deposit_collect(l, ctx, &req)?;
            (
                js(&r),
                format!(
                    "{}\n\n{}",
                    document_text(&r.receipt),
                    deposit_text(&r.deposit)
                ),
            )
        }
        DepositCmd::Inspect {
            id,
            passed,
            failed,
            note,
        } => {
            let i = match failed {
                Some(f) => Inspection {
                    passed: false,
                    findings: f.clone(),
                },
                None => Inspection {
                    passed: *passed,
                    findings: note.clone(),
                },
            };
            let d = api::deposit_inspect(l, ctx, *id, &i)?;
            (js(&d), deposit_text(&d))
        }
        DepositCmd::RequestRefund {
            id,
            damage,
            cleaning,
            overdue,
            charges,
            note,
        } => {
            let mut deductions = vec![];
            for (kind, items) in [
                (DeductionKind::Damage, damage),
                (DeductionKind::Cleaning, cleaning),
                (DeductionKind::Overdue, overdue),
            ] {
                for s in items {
                    let (a, n) = s.split_once([':', '：']).unwrap_or((s.as_str(), ""));
                    deductions.push(Deduction {
                        kind,
                        amount: Money::parse(a)?,
                        note: n.to_string(),
                    });
                }
            }
            let req = RefundRequest {
                deductions,
                charges: charges.clone(),
                note: note.clone(),
            };
            let d = api::deposit_request_refund(l, ctx, *id, &req)?;
            (js(&d), deposit_text(&d))
        }
        DepositCmd::Approve { id, note } => {
            let d = api::deposit_approve_refund(l, ctx, *id, note)?;
            (js(&d), deposit_text(&d))
        }
        DepositCmd::Reject { id, reason } => {
            let d = api::deposit_reject_refund(l, ctx, *id, reason)?;
            (js(&d), deposit_text(&d))
        }
        DepositCmd::Refund {
            id,
            method,
            reference,
        } => {
            let r = api::deposit_refund(l, ctx, *id, PayMethod::parse(method)?, reference)?;
            (
                js(&r),
                format!(
                    "{}\n\n{}",
                    document_text(&r.receipt),
                    deposit_text(&r.deposit)
                ),
            )
        }
        DepositCmd::Forfeit {
            id,
            reason,
            approver,
        } => {
            let d =
                api::deposit_forfeit(l, ctx, *id, reason, &crate::session::approval(approver)?)?;
            (js(&d), deposit_text(&d))
        }
        DepositCmd::Transfer {
            id,
            reason,
            approver,
        } => {
            let d =
                api::deposit_transfer(l, ctx, *id, reason, &crate::session::approval(approver)?)?;
            (js(&d), deposit_text(&d))
        }
        DepositCmd::List { which, month } => {
            let filter = filter(ctx, which, month)?;
            let list = api::deposits(l, ctx, &filter)?;
            (js(&list), list_text(&list))
        }
        DepositCmd::Show { id } => {
            let d = api::deposit(l, ctx, *id)?;
            (js(&d), deposit_text(&d))
        }
    })
}

fn js<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).expect("serialise")
}

fn short_time(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

/// The deposit receipt (收据) or the refund voucher (退款凭证) as printed.
fn document_text(r: &Receipt) -> String {
    let title = if r.kind == api::ReceiptKind::Refund {
        "退款凭证"
    } else {
        "收据（装修押金）"
    };
    let mut s = format!(
        "{title} {}  {}\n{} {}{}  经办 {}\n",
        r.number,
        short_time(&r.issued_at),
        if r.kind == api::ReceiptKind::Refund {
            "领款人"
        } else {
            "交款人"
        },
        r.payer,
        r.unit
            .as_ref()
            .map(|u| format!(" ({u})"))
            .unwrap_or_default(),
        r.cashier
    );
    s += &crate::counter::lines_table(r, "说明");
    let total = Money::from_fen(r.total_fen);
    if r.kind == api::ReceiptKind::Refund {
        let paid = -total;
        s += &format!("\n实退 ¥{}  大写 {}", paid.grouped(), paid.words());
    } else {
        s += &format!("\n合计 ¥{}  大写 {}", total.grouped(), total.words());
    }
    for p in &r.payments {
        s += &format!("\n{} ¥{}", p.method.zh(), yuan(p.amount_fen));
        if let (Some(t), Some(c)) = (p.tendered_fen, p.change_fen) {
            s += &format!("（实收 ¥{} 找零 ¥{}）", yuan(t), yuan(c));
        }
    }
    s
}

fn deposit_text(d: &Deposit) -> String {
    let mut s = format!(
        "装修押金 #{}  {}  【{}】{}\n交款人 {}  施工单位 {}（{}）\n许可证 {}  计划完工 {}  押金 ¥{}（收据 {}，{}）\n在押 ¥{}  扣款 ¥{}  已退 ¥{}",
        d.id,
        d.unit,
        d.state_zh,
        if d.overdue_for_inspection { "  逾期未验收" } else { "" },
        d.payer,
        d.contractor,
        d.contractor_phone,
        d.permit_no,
        d.planned_end,
        yuan(d.amount_fen),
        d.receipt,
        short_time(&d.collected_at),
        yuan(d.held_fen),
        yuan(d.deducted_fen),
        yuan(d.refunded_fen),
    );
    if d.forfeited_fen != 0 {
        s += &format!("  没收 ¥{}", yuan(d.forfeited_fen));
    }
    if d.transferred_fen != 0 {
        s += &format!("  转预存 ¥{}", yuan(d.transferred_fen));
    }
    if let Some(v) = &d.refund_voucher {
        s += &format!("\n退款凭证 {v}");
    }
    if let Some(p) = &d.request {
        let mut t = Table::new(&["扣款项目", "说明", "金额>"]);
        for x in &p.deductions {
            t.row(vec![x.kind.zh().into(), x.note.clone(), yuan(x.amount_fen)]);
        }
        for c in &p.charges {
            t.row(vec![
                format!("欠费 {}", c.item_name),
                format!("#{} {}", c.charge_id, c.period),
                yuan(c.open_fen),
            ]);
        }
        s += &format!(
            "\n\n退款申请：押金 ¥{}  扣款 ¥{}  应退 ¥{}\n{}",
            yuan(p.held_fen),
            yuan(p.deductions_fen),
            yuan(p.refund_fen),
            t.render()
        );
    }
    let mut t = Table::new(&["时间", "步骤", "经办", "审批", "说明", "单据"]);
    for e in &d.events {
        t.row(vec![
            short_time(&e.at),
            e.step_zh.clone(),
            e.user.clone(),
            e.approved_by.clone().unwrap_or_default(),
            e.note.clone(),
            e.document.clone().unwrap_or_default(),
        ]);
    }
    s + "\n\n" + &t.render()
}

fn list_text(list: &DepositList) -> String {
    let mut t = Table::new(&[
        "#",
        "房号",
        "交款人",
        "施工单位",
        "许可证",
        "计划完工",
        "状态",
        "押金>",
        "在押>",
        "扣款>",
        "已退>",
    ]);
    for d in &list.deposits {
        t.row(vec![
            d.id.to_string(),
            d.unit.clone(),
            d.payer.clone(),
            d.contractor.clone(),
            d.permit_no.clone(),
            d.planned_end.clone(),
            if d.overdue_for_inspection {
                format!("{}（逾期）", d.state_zh)
            } else {
                d.state_zh.clone()
            },
            yuan(d.amount_fen),
            yuan(d.held_fen),
            yuan(d.deducted_fen),
            yuan(d.refunded_fen),
        ]);
    }
    let mut s = format!(
        "装修押金统计：{}\n{}\n合计 {} 笔  押金 ¥{}  在押 ¥{}  扣款 ¥{}  已退 ¥{}",
        list.title,
        t.render(),
        list.count,
        yuan(list.amount_fen),
        yuan(list.held_fen),
        yuan(list.deducted_fen),
        yuan(list.refunded_fen)
    );
    if list.forfeited_fen != 0 || list.transferred_fen != 0 {
        s += &format!(
            "  没收 ¥{}  转预存 ¥{}",
            yuan(list.forfeited_fen),
            yuan(list.transferred_fen)
        );
    }
    s
}

/// The list named on the command line (also used by `deposit list --xlsx`).
pub fn filter(ctx: &Ctx, which: &str, month: &Option<String>) -> Result<DepositFilter> {
    Ok(match which.trim() {
        "held" | "在押" => DepositFilter::Held,
        "overdue" | "逾期" | "逾期未验收" => DepositFilter::OverdueInspection,
        "refunded" | "已退" | "已退款" => DepositFilter::RefundedIn {
            month: month
                .clone()
                .unwrap_or_else(|| ctx.today().format("%Y-%m").to_string()),
        },
        "all" | "全部" => DepositFilter::All,
        other => {
            return Err(err!(
                InvalidInput,
                "列表「{other}」无效，可选：held 在押、overdue 逾期未验收、refunded 已退、all 全部",
                "unknown list \"{other}\"; use held, overdue, refunded or all"
            ))
        }
    })
}
