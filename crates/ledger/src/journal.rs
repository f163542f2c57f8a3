//! The double-entry journal. An entry that does not balance cannot be built (ledger rule 1);
//! entries are only ever appended (rule 2; the schema's triggers refuse the rest).
//!
//! Debits are positive, credits negative. Account codes (Chinese chart of accounts numbers):
//! `1001` cash drawer, `1012:<method>` non-cash clearing (WeChat, Alipay, UnionPay, transfer),
//! `1122:<unit>` receivable per unit, `2203:<unit>` prepayment per unit, `2241:deposit:<unit>`
//! decoration deposits held, `6001:<fee item>` revenue per fee item, `1009:safe` cash outside the
//! drawers, `1901:cash` cash over/short, `6051:<kind>` other income (deposit deductions).

use std::collections::BTreeMap;

use feedesk_protocol::ChargeRecord;
pub use feedesk_protocol::Posting;
use rusqlite::{params, Transaction};

use crate::auth::Ctx;
use crate::tender::PayMethod;
use crate::{err, Money, Result};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Account {
    Cash,
    Clearing(PayMethod),
    Receivable(String),
    Prepayment(String),
    Deposit(String),
    Revenue(String),
    /// Cash kept outside the drawers (保险柜): where the float comes from and the takings go.
    Safe,
    /// 待处理财产损溢: cash over (credit) or short (debit) found at a shift close.
    OverShort,
    /// 其他业务收入: deposit deductions and forfeits.
    OtherIncome(String),
}

impl Account {
    pub fn code(&self) -> String {
        match self {
            Account::Cash => "1001".into(),
            Account::Clearing(m) => format!("1012:{}", m.code()),
            Account::Receivable(u) => format!("1122:{u}"),
            Account::Prepayment(u) => format!("2203:{u}"),
            Account::Deposit(u) => format!("2241:deposit:{u}"),
            Account::Revenue(f) => format!("6001:{f}"),
            Account::Safe => "1009:safe".into(),
            Account::OverShort => "1901:cash".into(),
            Account::OtherIncome(k) => format!("6051:{k}"),
        }
    }

    /// Where money received by `method` lands.
    pub fn for_method(method: PayMethod, unit: Option<&str>) -> Result<Account> {
        Ok(match method {
            PayMethod::Cash => Account::Cash,
            PayMethod::Prepayment => Account::Prepayment(
                unit.ok_or_else(|| {
                    err!(
                        InvalidInput,
                        "没有房号，不能使用预存款",
                        "prepayment needs a unit"
                    )
                })?
                .to_string(),
            ),
            m => Account::Clearing(m),
        })
    }
}

/// A balanced journal entry, ready to post.
#[derive(Debug, Clone)]
pub struct JournalEntry {
    kind: &'static str,
    memo: String,
    postings: Vec<Posting>,
}

impl JournalEntry {
    /// Builds an entry from (account, amount) lines. Lines on the same account are merged and zero
    /// lines dropped. Refuses an entry that does not sum to zero or moves nothing.
    pub fn new(
        kind: &'static str,
        memo: impl Into<String>,
        lines: impl IntoIterator<Item = (Account, Money)>,
    ) -> Result<Self> {
        let mut merged: BTreeMap<String, i64> = BTreeMap::new();
        for (acct, amt) in lines {
            *merged.entry(acct.code()).or_default() += amt.fen();
        }
        let postings: Vec<Posting> = merged
            .into_iter()
            .filter(|(_, f)| *f != 0)
            .map(|(account, fen)| Posting { account, fen })
            .collect();
        let sum: i64 = postings.iter().map(|p| p.fen).sum();
        if sum != 0 {
            return Err(err!(
                Unbalanced,
                ("分录借贷不平（差额 {} 分），已拒绝", sum),
                (
                    "journal entry does not balance (off by {} fen); refused",
                    sum
                )
            ));
        }
        if postings.is_empty() {
            return Err(err!(
                Unbalanced,
                "分录金额为零，已拒绝",
                "journal entry moves nothing; refused"
            ));
        }
        Ok(JournalEntry {
            kind,
            memo: memo.into(),
            postings,
        })
    }

    /// The same entry with every sign flipped: the reversal (红冲) of `self`.
    pub fn negated(&self, kind: &'static str, memo: impl Into<String>) -> JournalEntry {
        JournalEntry {
            kind,
            memo: memo.into(),
            postings: self
                .postings
                .iter()
                .map(|p| Posting {
                    account: p.account.clone(),
                    fen: -p.fen,
                })
                .collect(),
        }
    }

    pub fn postings(&self) -> &[Posting] {
        &self.postings
    }

    /// What this entry moves on one account (debit positive).
    pub fn movement(&self, account: &Account) -> i64 {
        let code = account.code();
        self.postings
            .iter()
            .filter(|p| p.account == code)
            .map(|p| p.fen)
            .sum()
    }

    /// Rebuild a posted entry from its stored postings (to reverse it). Checks the balance on the way in.
    pub fn load(tx: &Transaction, entry_id: i64) -> Result<JournalEntry> {
        let memo: String = tx.query_row(
            "SELECT memo FROM journal_entries WHERE id = ?1",
            [entry_id],
            |r| r.get(0),
        )?;
        let mut stmt = tx.prepare_cached(
            "SELECT account, amount_fen FROM postings WHERE entry_id = ?1 ORDER BY line_no",
        )?;
        let postings = stmt
            .query_map([entry_id], |r| {
                Ok(Posting {
                    account: r.get(0)?,
                    fen: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let sum: i64 = postings.iter().map(|p| p.fen).sum();
        if sum != 0 {
            return Err(err!(
                Unbalanced,
                "分录 {entry_id} 借贷不平（差额 {sum} 分），账套可能已损坏，请运行 feedesk check",
                "journal entry {entry_id} does not balance (off by {sum} fen); the ledger may be damaged, run feedesk check"
            ));
        }
        Ok(JournalEntry {
            kind: "loaded",
            memo,
            postings,
        })
    }
}

/// Where an entry belongs.
#[derive(Debug, Clone, Copy, Default)]
pub struct EntryLinks {
    pub shift_id: Option<i64>,
    pub receipt_id: Option<i64>,
    pub reverses_entry_id: Option<i64>,
}

/// Append the entry and its postings. Returns the entry id.
pub fn post(tx: &Transaction, ctx: &Ctx, entry: &JournalEntry, links: EntryLinks) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO journal_entries(at, kind, memo, user_id, desk, shift_id, receipt_id, reverses_entry_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        ctx.now_text(),
        entry.kind,
        entry.memo,
        ctx.actor.user_id,
        ctx.desk,
        links.shift_id,
        links.receipt_id,
        links.reverses_entry_id
    ])?;
    let id = tx.last_insert_rowid();
    let lines: Vec<i64> = (1..=entry.postings.len() as i64).collect();
    let rows: Vec<&dyn rusqlite::ToSql> = entry
        .postings
        .iter()
        .zip(&lines)
        .flat_map(|(p, line)| [&id as &dyn rusqlite::ToSql, line, &p.account, &p.fen])
        .collect();
    crate::db::insert_rows(
        tx,
        "INSERT INTO postings(entry_id, line_no, account, amount_fen)",
        4,
        &rows,
    )?;
    Ok(id)
}

/// Balance of one account over the whole journal.
pub fn balance(tx: &rusqlite::Connection, account: &Account) -> Result<Money> {
    let fen: i64 = tx.query_row(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM postings WHERE account = ?1",
        [account.code()],
        |r| r.get(0),
    )?;
    Ok(Money::from_fen(fen))
}

/// Human name of an account code, for reports.
pub fn account_name(code: &str) -> String {
    let (head, rest) = code.split_once(':').unwrap_or((code, ""));
    match head {
        "1001" => "库存现金".into(),
        "1012" => format!(
            "其他货币资金-{}",
            PayMethod::from_code(rest).map(|m| m.zh()).unwrap_or(rest)
        ),
        "1122" => format!("应收账款-{rest}"),
        "2203" => format!("预收账款(预存)-{rest}"),
        "2241" => format!(
            "其他应付款(装修押金)-{}",
            rest.trim_start_matches("deposit:")
        ),
        "6001" => format!("主营业务收入-{rest}"),
        "1009" => "保险柜现金".into(),
        "1901" => "待处理财产损溢-现金长短款".into(),
        "6051" => format!("其他业务收入-{rest}"),
        _ => code.into(),
    }
}

/// The postings a billing run's charges imply: each debits the unit's receivable and credits the
/// item's revenue (the `charges_billed` event carries the charges only).
pub fn charge_postings(c: &ChargeRecord) -> impl Iterator<Item = Posting> + '_ {
    c.items.iter().flat_map(move |(item, fen)| {
        [
            Posting {
                account: Account::Receivable(c.unit.clone()).code(),
                fen: *fen,
            },
            Posting {
                account: Account::Revenue(item.clone()).code(),
                fen: -*fen,
            },
        ]
    })
}
