//! 交费通知单 (payment notice) and 催费通知单 (dunning notice): one per unit, two to an A4 sheet
//! (cut along the dashed middle), for one unit or a whole building in one PDF. `gather` reads
//! what a notice says from the ledger; `notice_pdf` draws it.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::draw::{yuan, Builder, Canvas};
use super::Issuer;
use crate::auth::{Ctx, Perm};
use crate::{collect, db, err, estate, Money, Result};

const W: f32 = 210.0;
const HALF: f32 = 148.5;
const L: f32 = 16.0;
const R: f32 = W - 16.0;
/// Table rows a notice has room for; older arrears beyond this are summed into one row.
const MAX_ROWS: usize = 9;

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
pub(crate) fn gather(
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
        let arrears: Vec<NoticeCharge> = collect::open_charges(conn, id)?
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
        let keep = match kind {
            NoticeKind::Payment => !current.is_empty() || !arrears.is_empty(),
            NoticeKind::Dunning => !arrears.is_empty(),
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
            prepayment_fen: collect::prepayment_balance(conn, id)?.fen(),
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
            NoticeKind::Dunning => err!(NotFound, "{what} 没有欠费", "{what} has no arrears"),
        });
    }
    Ok(out)
}

/// Table rows: the period's charges, then arrears (oldest beyond the room summed into one row).
fn rows(n: &Notice) -> Vec<[String; 5]> {
    let mut rows: Vec<[String; 5]> = n
        .current
        .iter()
        .map(|c| {
            [
                c.item_name.clone(),
                c.period.clone(),
                c.basis.clone(),
                yuan(c.amount_fen),
                yuan(c.open_fen),
            ]
        })
        .collect();
    let room = MAX_ROWS.saturating_sub(rows.len()).max(1);
    let arrears: Vec<[String; 5]> = n
        .arrears
        .iter()
        .map(|c| {
            let name = if n.current.is_empty() {
                c.item_name.clone()
            } else {
                format!("欠 {}", c.item_name)
            };
            [
                name,
                c.period.clone(),
                c.basis.clone(),
                yuan(c.amount_fen),
                yuan(c.open_fen),
            ]
        })
        .collect();
    if arrears.len() > room {
        let older = arrears.len() - (room - 1);
        let fen: i64 = n.arrears[..older].iter().map(|c| c.open_fen).sum();
        rows.push([
            format!("更早欠费 {older} 项"),
            format!("{}–{}", n.arrears[0].period, n.arrears[older - 1].period),
            String::new(),
            yuan(n.arrears[..older].iter().map(|c| c.amount_fen).sum()),
            yuan(fen),
        ]);
        rows.extend(arrears.into_iter().skip(older));
    } else {
        rows.extend(arrears);
    }
    rows
}

fn draw_notice(
    c: &mut Canvas,
    kind: NoticeKind,
    issuer: &Issuer,
    office: &NoticeOffice,
    n: &Notice,
    date: &str,
    oy: f32,
) {
    let top = oy + HALF;
    c.center(
        &format!("{} {}", issuer.company, issuer.estate),
        W / 2.0,
        top - 14.0,
        12.0,
    );
    c.center(kind.title(), W / 2.0, top - 23.0, 17.0);
    c.right(&format!("房号 {}", n.unit), R, top - 23.0, 10.0);
    let owner = n.owner.as_deref().unwrap_or("业主/住户");
    c.text(&format!("尊敬的 {owner}："), L, top - 32.0, 10.0);
    let body = match kind {
        NoticeKind::Payment => format!(
            "您的房屋 {}（建筑面积 {}㎡）{} 应交费用如下，请于 {} 前交纳。",
            n.unit,
            n.area_m2,
            n.period,
            n.due_date.as_deref().unwrap_or("本月底")
        ),
        NoticeKind::Dunning => format!(
            "截至 {date}，您的房屋 {} 尚欠以下费用，请于收到本通知后十五日内交清，逾期将按规定计收滞纳金。",
            n.unit
        ),
    };
    c.text_fit(&body, L + 7.0, top - 38.0, 9.5, R - L - 7.0);
    // The table.
    let cols = [L, L + 44.0, L + 66.0, R - 52.0, R - 26.0, R];
    let row = 6.0;
    let t = top - 42.0;
    c.line(L, t, R, t, 0.7);
    for (i, h) in ["收费项目", "所属期间", "计费依据"].iter().enumerate() {
        c.text(h, cols[i] + 1.5, t - 4.3, 9.0);
    }
    c.right("应收(元)", cols[4] - 1.5, t - 4.3, 9.0);
    c.right("未交(元)", R - 1.5, t - 4.3, 9.0);
    let mut y = t - row;
    c.line(L, y, R, y, 0.5);
    for r in rows(n) {
        c.text_fit(&r[0], cols[0] + 1.5, y - 4.3, 9.0, cols[1] - cols[0] - 3.0);
        c.text_fit(&r[1], cols[1] + 1.5, y - 4.3, 9.0, cols[2] - cols[1] - 3.0);
        c.text_fit(&r[2], cols[2] + 1.5, y - 4.3, 8.5, cols[3] - cols[2] - 3.0);
        c.right(&r[3], cols[4] - 1.5, y - 4.3, 9.0);
        c.right(&r[4], R - 1.5, y - 4.3, 9.0);
        y -= row;
        c.line(L, y, R, y, 0.2);
    }
    for (i, x) in cols.iter().enumerate() {
        c.line(*x, t, *x, y, if i == 0 || i == 5 { 0.7 } else { 0.3 });
    }
    c.line(L, y, R, y, 0.7);
    // Sums and the amount to pay in figures and in 大写.
    let to_pay = Money::from_fen(n.to_pay_fen());
    y -= 5.5;
    let sums = match kind {
        NoticeKind::Payment => format!(
            "本期应交 ¥{}   往期欠费 ¥{}   预存余额 ¥{}",
            yuan(n.current_open_fen()),
            yuan(n.arrears_fen()),
            yuan(n.prepayment_fen)
        ),
        NoticeKind::Dunning => format!(
            "欠费合计 ¥{}（{} 项）   预存余额 ¥{}",
            yuan(n.arrears_fen()),
            n.arrears.len(),
            yuan(n.prepayment_fen)
        ),
    };
    c.text(&sums, L, y, 9.5);
    y -= 6.5;
    c.text(
        &format!("合计应交人民币(大写) {}", to_pay.words()),
        L,
        y,
        10.5,
    );
    c.right(&format!("¥{}", to_pay.grouped()), R, y, 12.0);
    // Where and how to pay.
    y -= 7.0;
    let mut place = format!(
        "交费地点：{}",
        if office.address.is_empty() {
            format!("{} 客户服务中心", issuer.estate)
        } else {
            office.address.clone()
        }
    );
    if !office.hours.is_empty() {
        place += &format!("   服务时间：{}", office.hours);
    }
    if !office.phone.is_empty() {
        place += &format!("   电话：{}", office.phone);
    }
    c.text_fit(&place, L, y, 9.0, R - L);
    y -= 5.0;
    let mut how = "交费方式：现金、微信、支付宝、银联卡".to_string();
    if !office.how_to_pay.is_empty() {
        how += &format!("；{}", office.how_to_pay);
    }
    c.text_fit(&how, L, y, 9.0, R - L);
    c.right(
        &format!("{} 管理处  {date}", issuer.estate),
        R,
        oy + 10.0,
        9.5,
    );
}

/// The notices, two to an A4 page, with a dashed cut line between them.
pub fn notice_pdf(
    kind: NoticeKind,
    issuer: &Issuer,
    office: &NoticeOffice,
    notices: &[Notice],
    date: &str,
) -> Result<Vec<u8>> {
    let mut b = Builder::new(&format!(
        "{} {}",
        kind.title(),
        notices.first().map_or("", |n| n.period.as_str())
    ))?;
    for pair in notices.chunks(2) {
        let mut c = b.canvas();
        draw_notice(&mut c, kind, issuer, office, &pair[0], date, HALF);
        if let Some(second) = pair.get(1) {
            draw_notice(&mut c, kind, issuer, office, second, date, 0.0);
        }
        // Cut line: short dashes across the middle.
        let mut x = 6.0;
        while x < W - 6.0 {
            c.line(x, HALF, x + 3.0, HALF, 0.3);
            x += 6.0;
        }
        b.page(c, W, 2.0 * HALF);
    }
    Ok(b.finish())
}
