//! `feedesk collect | sale | void | reverse`: the counter's money in and its corrections.

use clap::Args;
use feedesk_api::*;
use feedesk_api::{self as api};

use crate::session::{approval, open, print, session, tenders};
use crate::table::Table;
use crate::Cli;

#[derive(Args)]
pub struct CollectArgs {
    pub unit: String,
    /// Charge ids to pay (default: all open charges).
    #[arg(long, value_delimiter = ',')]
    pub charges: Vec<i64>,
    /// METHOD:AMOUNT, repeatable for split tender: cash:500  微信:120.50
    #[arg(long = "pay", required = true)]
    pub pay: Vec<String>,
    /// Keep what is paid beyond the charges as prepayment (预存) instead of giving change.
    #[arg(long)]
    pub to_prepayment: bool,
    /// Pay only this much of the charges (部分缴纳): oldest period first, then the office's order of
    /// fee items (`fee order`); the last charge reached stays open for the rest.
    #[arg(long)]
    pub amount: Option<String>,
    #[arg(long)]
    pub payer: Option<String>,
    #[arg(long, default_value = "")]
    pub note: String,
}
#[derive(Args)]
pub struct SaleArgs {
    #[arg(long)]
    pub unit: Option<String>,
    #[arg(long)]
    pub payer: Option<String>,
    /// ITEM:QTY or ITEM:QTY@PRICE, repeatable: FYF:10  HSF:2@200
    #[arg(long = "item", required = true)]
    pub items: Vec<String>,
    #[arg(long = "pay", required = true)]
    pub pay: Vec<String>,
    #[arg(long, default_value = "")]
    pub note: String,
}
#[derive(Args)]
pub struct UndoArgs {
    pub number: String,
    #[arg(long)]
    pub reason: String,
    /// The approving supervisor; their password from env FEEDESK_APPROVER_PASSWORD or asked for.
    #[arg(long)]
    pub approver: String,
}
pub fn collect(cli: &Cli, a: &CollectArgs) -> Result<()> {
    let mut l = open(cli)?;
    let ctx = session(cli, &l)?;
    let req = CollectRequest {
        unit: a.unit.clone(),
        charges: if a.charges.is_empty() {
            None
        } else {
            Some(a.charges.clone())
        },
        tenders: tenders(&a.pay)?,
        to_prepayment: a.to_prepayment,
        amount_fen: match &a.amount {
            Some(t) => Some(Money::parse(t)?.fen()),
            None => None,
        },
        payer: a.payer.clone(),
        note: a.note.clone(),
    };
    let r = api::collect(&mut l, &ctx, &req)?;
    print(cli, &r, receipt_text);
    Ok(())
}

pub fn sale(cli: &Cli, a: &SaleArgs) -> Result<()> {
    let mut l = open(cli)?;
    let ctx = session(cli, &l)?;
    let mut lines = vec![];
    for it in &a.items {
        let (item, rest) = it.split_once([':', '：']).ok_or_else(|| {
            err!(
                InvalidInput,
                "项目「{it}」格式应为 编码:数量 或 编码:数量@单价",
                "item \"{it}\" should be CODE:QTY or CODE:QTY@PRICE"
            )
        })?;
        let (qty, price) = match rest.split_once('@') {
            Some((q, p)) => (q, Some(parse_decimal(p, 2, &["元"], ("单价", "price"))?)),
            None => (rest, None),
        };
        lines.push(SaleLine {
            item: item.to_string(),
            quantity: parse_decimal(qty, 2, &[], ("数量", "quantity"))?,
            unit_price: price,
        });
    }
    let req = SaleRequest {
        unit: a.unit.clone(),
        payer: a.payer.clone(),
        lines,
        tenders: tenders(&a.pay)?,
        note: a.note.clone(),
    };
    let r = api::sale(&mut l, &ctx, &req)?;
    print(cli, &r, receipt_text);
    Ok(())
}

/// 作废 (`void`) or 红冲.
pub fn undo(cli: &Cli, a: &UndoArgs, void: bool) -> Result<()> {
    let mut l = open(cli)?;
    let ctx = session(cli, &l)?;
    let ap = approval(&a.approver)?;
    let r = if void {
        api::void_receipt(&mut l, &ctx, &a.number, &a.reason, &ap)?
    } else {
        api::reverse_receipt(&mut l, &ctx, &a.number, &a.reason, &ap)?
    };
    print(cli, &r, receipt_text);
    Ok(())
}

/// A receipt's lines as a table; `basis` heads the column of each line's basis or note.
pub fn lines_table(r: &api::Receipt, basis: &str) -> String {
    let mut t = Table::new(&["项目", "所属期间", basis, "金额>"]);
    for l in &r.lines {
        t.row(vec![
            l.description.clone(),
            l.period.clone().unwrap_or_default(),
            l.basis.clone(),
            yuan(l.amount_fen),
        ]);
    }
    t.render()
}

pub fn receipt_text(r: &api::Receipt) -> String {
    let mut s = format!(
        "收据 {}{}  {}  {}\n交款人 {}{}  收款人 {}\n",
        r.number,
        if r.void.is_some() {
            " 【作废】"
        } else {
            ""
        },
        r.kind.zh(),
        r.issued_at.replace('T', " "),
        r.payer,
        r.unit
            .as_ref()
            .map(|u| format!(" ({u})"))
            .unwrap_or_default(),
        r.cashier
    );
    s += &lines_table(r, "计费依据");
    let total = Money::from_fen(r.total_fen);
    s += &format!("\n合计 ¥{}  大写 {}\n", total.grouped(), total.words());
    if let Some(f) = r.remaining_fen {
        s += &format!("部分缴纳，所列费用尚欠 ¥{}\n", yuan(f));
    }
    for p in &r.payments {
        s += &format!("{} ¥{}", p.method.zh(), yuan(p.amount_fen));
        if let (Some(t), Some(c)) = (p.tendered_fen, p.change_fen) {
            s += &format!("（实收 ¥{} 找零 ¥{}）", yuan(t), yuan(c));
        }
        s += "  ";
    }
    if let Some(v) = &r.void {
        s += &format!(
            "\n作废：{}（{} 操作，{} 批准，{}）",
            v.reason, v.voided_by, v.approved_by, v.voided_at
        );
    }
    if let Some(o) = &r.reverses {
        s += &format!("\n红冲原收据 {o}：{}", r.reason.clone().unwrap_or_default());
    }
    if let Some(x) = &r.reversed_by {
        s += &format!("\n已由 {x} 红冲");
    }
    s
}
