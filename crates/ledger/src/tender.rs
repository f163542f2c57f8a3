//! How a payer pays (收款方式) and how tenders settle an amount due: change in cash only, the excess
//! kept as prepayment when the cashier chooses, prepayment spent only up to the balance.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{err, Money, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum PayMethod {
    Cash,
    Wechat,
    Alipay,
    Unionpay,
    Transfer,
    Prepayment,
}

impl PayMethod {
    pub const ALL: [PayMethod; 6] = [
        PayMethod::Cash,
        PayMethod::Wechat,
        PayMethod::Alipay,
        PayMethod::Unionpay,
        PayMethod::Transfer,
        PayMethod::Prepayment,
    ];
    pub fn code(self) -> &'static str {
        match self {
            PayMethod::Cash => "cash",
            PayMethod::Wechat => "wechat",
            PayMethod::Alipay => "alipay",
            PayMethod::Unionpay => "unionpay",
            PayMethod::Transfer => "transfer",
            PayMethod::Prepayment => "prepayment",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            PayMethod::Cash => "现金",
            PayMethod::Wechat => "微信",
            PayMethod::Alipay => "支付宝",
            PayMethod::Unionpay => "银联刷卡",
            PayMethod::Transfer => "银行转账",
            PayMethod::Prepayment => "预存款抵扣",
        }
    }
    pub fn from_code(s: &str) -> Option<PayMethod> {
        PayMethod::ALL.into_iter().find(|m| m.code() == s)
    }
    /// Accepts codes, Chinese names and the short forms cashiers type.
    pub fn parse(s: &str) -> Result<PayMethod> {
        let t = s.trim().to_lowercase();
        Ok(match t.as_str() {
            "cash" | "现金" | "xj" => PayMethod::Cash,
            "wechat" | "微信" | "wx" | "weixin" => PayMethod::Wechat,
            "alipay" | "支付宝" | "zfb" => PayMethod::Alipay,
            "unionpay" | "银联" | "刷卡" | "银联刷卡" | "card" | "yl" => PayMethod::Unionpay,
            "transfer" | "转账" | "银行转账" | "bank" | "zz" => PayMethod::Transfer,
            "prepayment" | "预存" | "预存款" | "预存款抵扣" | "yc" => PayMethod::Prepayment,
            _ => {
                return Err(err!(
                    InvalidInput,
                    "收款方式「{s}」无效，可选：现金、微信、支付宝、银联、转账、预存款",
                    "unknown payment method \"{s}\"; use cash, wechat, alipay, unionpay, transfer or prepayment"
                ))
            }
        })
    }
}

/// One way the payer pays. For cash, `amount` is what was handed over (change is worked out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Tender {
    pub method: PayMethod,
    pub amount: Money,
    #[serde(default)]
    pub reference: String,
}

impl Tender {
    /// Parses `cash:500`, `微信:120.50`, `wechat=120.5` as typed on the command line.
    pub fn parse(s: &str) -> Result<Tender> {
        let (m, a) = s.split_once([':', '=', '：']).ok_or_else(|| {
            err!(
                InvalidInput,
                "收款「{s}」格式应为 方式:金额，如 现金:500",
                "tender \"{s}\" should be METHOD:AMOUNT, e.g. cash:500"
            )
        })?;
        Ok(Tender {
            method: PayMethod::parse(m)?,
            amount: Money::parse(a)?,
            reference: String::new(),
        })
    }
}

impl Tender {
    pub fn cash(amount: Money) -> Tender {
        Tender {
            method: PayMethod::Cash,
            amount,
            reference: String::new(),
        }
    }
}

pub struct PaymentDraft {
    pub method: PayMethod,
    pub amount: Money,
    pub tendered: Option<Money>,
    pub change: Option<Money>,
    pub reference: String,
}

/// Work out payments from tenders for an amount due. Returns the payments and the amount that goes
/// to prepayment. Cash over the due amount is change unless the cashier chose prepayment.
pub fn settle(
    due: Money,
    tenders: &[Tender],
    to_prepayment: bool,
    prepay_available: Option<Money>,
) -> Result<(Vec<PaymentDraft>, Money)> {
    let mut by_method: BTreeMap<PayMethod, (Money, String)> = BTreeMap::new();
    for t in tenders {
        if !t.amount.is_positive() {
            return Err(err!(
                AmountNegative,
                ("{}金额必须大于零", t.method.zh()),
                ("the {} amount must be greater than zero", t.method.code())
            ));
        }
        let e = by_method
            .entry(t.method)
            .or_insert((Money::ZERO, String::new()));
        e.0 += t.amount;
        if !t.reference.is_empty() {
            e.1 = t.reference.clone();
        }
    }
    if let Some((used, _)) = by_method.get(&PayMethod::Prepayment) {
        let avail = prepay_available.ok_or_else(|| {
            err!(
                InvalidInput,
                "没有房号，不能使用预存款",
                "prepayment needs a unit"
            )
        })?;
        if *used > avail {
            return Err(err!(
                InvalidInput,
                "预存款余额只有 ¥{avail}，不足 ¥{used}",
                "prepayment balance is only {avail}, not {used}"
            ));
        }
        if to_prepayment {
            return Err(err!(
                InvalidInput,
                "同一张收据不能既使用又存入预存款",
                "a receipt cannot both use and add to the prepayment balance"
            ));
        }
    }
    let received: Money = by_method.values().map(|v| v.0).sum();
    if received < due {
        let short = due - received;
        return Err(err!(
            Underpaid,
            "实收 ¥{received} 不足应收 ¥{due}，还差 ¥{short}",
            "received {received} is less than the {due} due; {short} short"
        ));
    }
    let excess = received - due;
    let cash = by_method
        .get(&PayMethod::Cash)
        .map(|v| v.0)
        .unwrap_or(Money::ZERO);
    let (change, to_prepay) = if to_prepayment {
        if excess.is_zero() && due.is_zero() {
            return Err(err!(
                InvalidInput,
                "请输入预存金额",
                "enter the amount to prepay"
            ));
        }
        (Money::ZERO, excess)
    } else {
        if due.is_zero() {
            return Err(err!(
                InvalidInput,
                "没有选择要收的费用",
                "no charges chosen to collect"
            ));
        }
        if excess > cash {
            return Err(err!(Overpaid, ("非现金金额超出应收 ¥{}；请改正金额，或选择把多出部分存入预存款", excess - cash), ("non-cash tenders exceed the {} due; correct them or choose to keep the excess as prepayment", excess - cash)));
        }
        if !cash.is_zero() && excess == cash {
            return Err(err!(
                InvalidInput,
                "非现金已足额，无需再收现金",
                "non-cash tenders already cover the amount; no cash needed"
            ));
        }
        (excess, Money::ZERO)
    };
    let payments = by_method
        .into_iter()
        .map(|(method, (amount, reference))| {
            if method == PayMethod::Cash {
                PaymentDraft {
                    method,
                    amount: amount - change,
                    tendered: Some(amount),
                    change: Some(change),
                    reference,
                }
            } else {
                PaymentDraft {
                    method,
                    amount,
                    tendered: None,
                    change: None,
                    reference,
                }
            }
        })
        .collect();
    Ok((payments, to_prepay))
}

/// One tender line as the cashier is typing it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TenderLine {
    pub method: PayMethod,
    pub text: String,
}

/// What the collect dialog shows while the cashier types: Σ tendered, the change in cash, what is still
/// missing; or the first line whose amount cannot be read, and why (`empty`, `invalid`, `precision`,
/// `negative`, `large`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TenderPreview {
    pub ok: bool,
    pub line: Option<usize>,
    pub error: Option<String>,
    pub paid_fen: i64,
    pub change_fen: i64,
    pub short_fen: i64,
}

/// Why an amount as typed cannot be read, in the UI's words.
fn amount_error(e: &crate::Error) -> &'static str {
    use crate::ErrorCode::*;
    match e.code {
        AmountEmpty => "empty",
        AmountTooPrecise => "precision",
        AmountNegative => "negative",
        AmountTooLarge => "large",
        _ => "invalid",
    }
}

/// The preview of tenders against `due`: blank lines are skipped; change comes out of cash only (an
/// overpaid card or transfer is not given back as change), as [`settle`] will do.
pub fn preview(due: Money, lines: &[TenderLine]) -> TenderPreview {
    let (mut paid, mut non_cash) = (Money::ZERO, Money::ZERO);
    for (i, l) in lines.iter().enumerate() {
        let amount = match Money::parse(&l.text) {
            Ok(m) => m,
            Err(e) if e.code == crate::ErrorCode::AmountEmpty => continue,
            Err(e) => {
                return TenderPreview {
                    ok: false,
                    line: Some(i),
                    error: Some(amount_error(&e).into()),
                    paid_fen: 0,
                    change_fen: 0,
                    short_fen: 0,
                }
            }
        };
        paid = paid.checked_add(amount).unwrap_or(paid);
        if l.method != PayMethod::Cash {
            non_cash = non_cash.checked_add(amount).unwrap_or(non_cash);
        }
    }
    let over = paid.fen() - due.fen();
    let change = if over > 0 {
        over.min((paid - non_cash).fen())
    } else {
        0
    };
    TenderPreview {
        ok: true,
        line: None,
        error: None,
        paid_fen: paid.fen(),
        change_fen: change,
        short_fen: (-over).max(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(method: PayMethod, text: &str) -> TenderLine {
        TenderLine {
            method,
            text: text.into(),
        }
    }

    #[test]
    fn preview_gives_change_from_cash_only() {
        let due = Money::from_fen(43050);
        let p = preview(due, &[line(PayMethod::Cash, "500")]);
        assert_eq!((p.paid_fen, p.change_fen, p.short_fen), (50000, 6950, 0));
        let p = preview(
            due,
            &[line(PayMethod::Wechat, "200"), line(PayMethod::Cash, "200")],
        );
        assert_eq!((p.paid_fen, p.change_fen, p.short_fen), (40000, 0, 3050));
        // ¥150 on the card and ¥20 cash against ¥100: only the ¥20 cash can come back.
        let p = preview(
            Money::from_fen(10000),
            &[
                line(PayMethod::Unionpay, "150"),
                line(PayMethod::Cash, "20"),
            ],
        );
        assert_eq!((p.paid_fen, p.change_fen), (17000, 2000));
    }

    #[test]
    fn preview_names_the_line_it_cannot_read() {
        let p = preview(
            Money::from_fen(100),
            &[line(PayMethod::Cash, "1"), line(PayMethod::Wechat, "x")],
        );
        assert_eq!(
            (p.ok, p.line, p.error.as_deref()),
            (false, Some(1), Some("invalid"))
        );
        let p = preview(Money::from_fen(100), &[line(PayMethod::Cash, "1.234")]);
        assert_eq!(p.error.as_deref(), Some("precision"));
        let p = preview(Money::from_fen(100), &[line(PayMethod::Cash, "   ")]);
        assert_eq!((p.ok, p.paid_fen, p.short_fen), (true, 0, 100));
    }
}
