//! 交费通知单 (payment notice) and 催费通知单 (dunning notice): what each unit's notice says, read
//! from the ledger, and the office's particulars printed on them. The documents crate draws them.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::auth::{Ctx, Perm};
use crate::{charges, db, err, estate, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum NoticeKind {
    /// 交费通知单: the period's charges, arrears, prepayment, what to pay.
    Payment,
    /// 催费通知单: units in arrears only, every open charge.
    Dunning,
}

impl NoticeKind {
    pub fn title(self) -> &'static str {
        match self {
            NoticeKind::Payment => "交费通知单",
            NoticeKind::Dunning => "催费通知单",
        }
    }
}

/// The office's particulars printed on notices (where and how to pay), kept in `settings`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NoticeOffice {
    /// 交费地点, e.g. 阳光花园 3 栋架空层 客户服务中心.
    pub address: String,
    pub phone: String,
    /// 服务时间, e.g. 每日 8:30–18:00.
    pub hours: String,
    /// 交费方式 beyond the counter, e.g. a bank account for transfers.
    pub how_to_pay: String,
}

const OFFICE_KEYS: [&str; 4] = [
    "notice_office_address",
    "notice_office_phone",
    "notice_office_hours",
    "notice_how_to_pay",
];

impl NoticeOffice {
    pub fn load(conn: &Connection) -> Result<NoticeOffice> {
        let get = |k: &str| -> Result<String> { Ok(db::setting(conn, k)?.unwrap_or_default()) };
        Ok(NoticeOffice {
            address: get(OFFICE_KEYS[0])?,
            phone: get(OFFICE_KEYS[1])?,
            hours: get(OFFICE_KEYS[2])?,
            how_to_pay: get(OFFICE_KEYS[3])?,
        })
    }
    pub fn save(&self, conn: &Connection) -> Result<()> {
        for (k, v) in
            OFFICE_KEYS
                .iter()
                .zip([&self.address, &self.phone, &self.hours, &self.how_to_pay])
        {
            if v.chars().count() > 200 {
                return Err(err!(
                    InvalidInput,
                    "通知单信息过长（最多 200 字）",
                    "notice office text too long (200 characters at most)"
                ));
            }
            db::set_setting(conn, k, v.trim())?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NoticeCharge {
    pub item_name: String,
    pub period: String,
    pub basis: String,
    pub amount_fen: i64,
    /// Still unpaid.
    pub open_fen: i64,
}

/// One unit's notice.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    pub unit: String,
    pub owner: Option<String>,
    pub area_m2: String,
    pub period: String,
    /// The period's charges (payment notice); empty on a dunning notice.
    pub current: Vec<NoticeCharge>,
    /// Open charges of earlier periods (all open charges on a dunning notice).
    pub arrears: Vec<NoticeCharge>,
    pub prepayment_fen: i64,
    /// The period's due date, if billed.
    pub due_date: Option<String>,
}

impl Notice {
    pub fn current_open_fen(&self) -> i64 {
        self.current.iter().map(|c| c.open_fen).sum()
    }
    pub fn arrears_fen(&self) -> i64 {
        self.arrears.iter().map(|c| c.open_fen).sum()
    }
    /// What is to pay: the open amounts less the prepayment balance, never below zero.
    pub fn to_pay_fen(&self) -> i64 {
        (self.current_open_fen() + self.arrears_fen() - self.prepayment_fen).max(0)
    }
}

/// Which units: one, or every unit of a building.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum NoticeTarget {
    Unit(String),
    Building(String),
}

fn check_period(p: &str) -> Result<()> {
    let ok = p.len() == 7
        && p.as_bytes()[4] == b'-'
        && p[..4].chars().all(|c| c.is_ascii_digit())
        && matches!(p[5..].parse::<u32>(), Ok(1..=12));
    if ok {
        Ok(())
    } else {
        Err(err!(
            InvalidInput,
            "期间「{p}」格式应为 YYYY-MM",
            "period \"{p}\" should be YYYY-MM"
        ))
    }
}

/// Read the notices for `target`: a payment notice for each unit with something billed or owed,
/// a dunning notice for each unit in arrears. None at all is an error, so no blank PDF is printed.
pub fn gather(
    conn: &Connection,
    ctx: &Ctx,
    kind: NoticeKind,
    period: &str,
    target: &NoticeTarget,
) -> Result<Vec<Notice>> {
    ctx.actor.require(Perm::Read)?;
    let period = period.trim();
    check_period(period)?;
    let units: Vec<i64> = match target {
        NoticeTarget::Unit(u) => vec![estate::unit_id(conn, u)?],
        NoticeTarget::Building(b) => {
            let ids = conn
                .prepare(
                    "SELECT u.id FROM units u JOIN buildings b ON b.id = u.building_id WHERE b.code = ?1 ORDER BY u.code",
                )?
                .query_map([b.trim()], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            if ids.is_empty() {
                return Err(err!(
                    NotFound,
                    "楼栋「{b}」不存在或没有单元",
                    "building \"{b}\" not found or has no units"
                ));
            }
            ids
        }
    };
    let mut period_stmt = conn.prepare(
        "SELECT f.name, c.period, c.basis, c.amount_fen,
                c.amount_fen - COALESCE((SELECT SUM(a.amount_fen) FROM allocations a WHERE a.charge_id = c.id), 0),
                c.due_date
         FROM charges c JOIN fee_items f ON f.id = c.fee_item_id
         WHERE c.unit_id = ?1 AND c.period = ?2 ORDER BY f.id, c.id",
    )?;
    let mut out = vec![];
    for id in units {
        let mut due_date = None;
        let current: Vec<NoticeCharge> = if kind == NoticeKind::Payment {
            period_stmt
                .query_map(params![id, period], |r| {
                    Ok((
                        NoticeCharge {
                            item_name: r.get(0)?,
                            period: r.get(1)?,
                            basis: r.get(2)?,
                            amount_fen: r.get(3)?,
                            open_fen: r.get(4)?,
                        },
                        r.get::<_, String>(5)?,
                    ))
                })?
                .map(|x| {
                    x.map(|(c, d)| {
                        due_date = Some(d);
                        c
                    })
                })
                .collect::<rusqlite::Result<_>>()?
        } else {
            vec![]
        };
        let arrears: Vec<NoticeCharge> = charges::open_charges(conn, id)?
            .into_iter()
            .filter(|c| match kind {
                NoticeKind::Payment => c.period.as_str() < period,
                NoticeKind::Dunning => c.period.as_str() <= period,
            })
            .map(|c| NoticeCharge {
                item_name: c.item_name,
                period: c.period,
                basis: c.basis,
                amount_fen: c.amount_fen,
                open_fen: c.open_fen,
            })
            .collect();
        let prepayment_fen = charges::prepayment_balance(conn, id)?.fen();
        let owed: i64 = arrears.iter().map(|c| c.open_fen).sum();
        let keep = match kind {
            NoticeKind::Payment => !current.is_empty() || !arrears.is_empty(),
            // A unit whose prepayment covers what it owes is not chased for ¥0.00.
            NoticeKind::Dunning => owed > prepayment_fen,
        };
        if !keep {
            continue;
        }
        let area: String =
            conn.query_row("SELECT area_m2 FROM units WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        out.push(Notice {
            unit: estate::unit_code(conn, id)?,
            owner: estate::owner_name(conn, id)?,
            area_m2: area,
            period: period.to_string(),
            current,
            arrears,
            prepayment_fen,
            due_date,
        });
    }
    if out.is_empty() {
        let what = match target {
            NoticeTarget::Unit(u) => u.clone(),
            NoticeTarget::Building(b) => format!("{b} 栋"),
        };
        return Err(match kind {
            NoticeKind::Payment => err!(
                NotFound,
                "{what} 在 {period} 没有应收费用，也没有欠费",
                "{what} has no charges for {period} and no arrears"
            ),
            NoticeKind::Dunning => err!(
                NotFound,
                "{what} 没有需要催缴的欠费（无欠费，或预存余额足以抵扣）",
                "{what} has no arrears to chase (none, or its prepayment covers them)"
            ),
        });
    }
    Ok(out)
}
