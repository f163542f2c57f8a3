//! 交费通知单 (payment notice) and 催费通知单 (dunning notice): one per unit, two to an A4 sheet
//! (cut along the dashed middle), for one unit or a whole building in one PDF, drawn from what the
//! ledger's `notices` gathered.

use feedesk_ledger::money::yuan;
use feedesk_ledger::notices::{Notice, NoticeKind, NoticeOffice};
use feedesk_ledger::{Money, Result};

use crate::draw::{Builder, Canvas, Issuer};

const W: f32 = 210.0;
const HALF: f32 = 148.5;
const L: f32 = 16.0;
const R: f32 = W - 16.0;
/// Table rows a notice has room for; older arrears beyond this are summed into one row.
const MAX_ROWS: usize = 9;

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
            "截至 {date}，您的房屋 {} 尚欠以下费用，请于收到本通知后十五日内交清。",
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
