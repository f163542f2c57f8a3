//! 现金日报表: the daily cash report for a shift, a cashier's day or the desk's day, built from the
//! documents themselves (每日根据原始单据编制) and reconciled against the journal.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::auth::{Ctx, Perm};
use crate::tender::PayMethod;
use crate::{db, err, Result};

/// Which 现金日报表: a shift, a cashier's day or the desk's day (dates `YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum DailyScope {
    Shift {
        id: i64,
    },
    CashierDay {
        username: String,
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        date: NaiveDate,
    },
    DeskDay {
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        date: NaiveDate,
    },
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NumberRange {
    pub count: usize,
    pub first: Option<String>,
    pub last: Option<String>,
    pub voided: Vec<String>,
    /// Numbers missing inside the range at this desk: there must be none.
    pub gaps: Vec<String>,
}

impl NumberRange {
    /// The line every copy of the report prints: `收据 74 张：A01-… 至 A01-…；作废 …；缺号 …`.
    pub fn summary_zh(&self, label: &str) -> String {
        let mut s = format!(
            "{label} {} 张：{} 至 {}",
            self.count,
            self.first.as_deref().unwrap_or("-"),
            self.last.as_deref().unwrap_or("-")
        );
        if !self.voided.is_empty() {
            s += &format!("；作废 {}", self.voided.join("、"));
        }
        if !self.gaps.is_empty() {
            s += &format!("；缺号 {}", self.gaps.join("、"));
        }
        s
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Amount {
    pub key: String,
    pub label: String,
    pub count: i64,
    pub fen: i64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ShiftCash {
    pub shift_id: i64,
    pub cashier: String,
    pub opened_at: String,
    pub closed_at: Option<String>,
    pub float_fen: i64,
    pub cash_in_out_fen: i64,
    /// Per method: expected, counted (None while the shift is open) and the over/short.
    pub methods: Vec<MethodCount>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MethodCount {
    pub method: PayMethod,
    pub expected_fen: i64,
    pub counted_fen: Option<i64>,
    pub difference_fen: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DetailLine {
    pub number: String,
    pub time: String,
    pub kind: String,
    pub unit: Option<String>,
    pub payer: String,
    pub items: String,
    pub methods: String,
    pub amount_fen: i64,
    pub voided: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Reconciliation {
    /// Σ by payment method, including prepayment used.
    pub by_method_fen: i64,
    /// Σ fee items + deposit deductions + deposits collected − deposits returned + prepayments received.
    pub by_category_fen: i64,
    /// Σ by the drawer methods (cash and non-cash, not prepayment).
    pub drawer_methods_fen: i64,
    /// The journal's movement on the drawer accounts (1001, 1012:*) under these documents.
    pub journal_drawer_fen: i64,
    pub ok: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DailyCashReport {
    pub company: String,
    pub estate: String,
    pub desk: String,
    pub scope: String,
    pub date_from: String,
    pub date_to: String,
    pub generated_at: String,
    pub generated_by: String,
    pub receipts: NumberRange,
    pub vouchers: NumberRange,
    pub by_method: Vec<Amount>,
    pub by_item: Vec<Amount>,
    pub counter_sales_fen: i64,
    pub deposits_collected_fen: i64,
    pub deposits_returned_fen: i64,
    pub deposit_deductions_fen: i64,
    pub prepayments_received_fen: i64,
    pub prepayments_used_fen: i64,
    pub reversals: Amount,
    pub total_fen: i64,
    pub shifts: Vec<ShiftCash>,
    pub lines: Vec<DetailLine>,
    pub reconciliation: Reconciliation,
    pub sign_off: Vec<String>,
}

/// Documents in scope: a WHERE clause on `receipts r` and its parameters. `+r.desk` keeps SQLite on
/// the issue-time index: the desk alone matches every receipt the desk ever issued.
fn scope_filter(
    conn: &Connection,
    ctx: &Ctx,
    scope: &DailyScope,
) -> Result<(String, Vec<rusqlite::types::Value>, String, String, String)> {
    use rusqlite::types::Value;
    let day = |d: &NaiveDate| {
        (
            d.format("%Y-%m-%d").to_string(),
            d.succ_opt().expect("date").format("%Y-%m-%d").to_string(),
        )
    };
    Ok(match scope {
        DailyScope::Shift { id } => {
            let (opened, closed, cashier): (String, Option<String>, String) = conn
                .query_row(
                    "SELECT s.opened_at, c.closed_at, u.display_name FROM shifts s JOIN users u ON u.id = s.cashier_id
                     LEFT JOIN shift_closes c ON c.shift_id = s.id WHERE s.id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .map_err(|_| err!(NotFound, "班次 #{id} 不存在", "shift #{id} not found"))?;
            let to = closed.unwrap_or_else(|| ctx.now_text());
            (
                "r.shift_id = ?1".into(),
                vec![Value::Integer(*id)],
                format!("班次 #{id} {cashier}"),
                opened[..10].to_string(),
                to[..10].to_string(),
            )
        }
        DailyScope::CashierDay { username, date } => {
            let (from, to) = day(date);
            let name: String = conn
                .query_row(
                    "SELECT display_name FROM users WHERE username = ?1",
                    [username],
                    |r| r.get(0),
                )
                .map_err(|_| {
                    err!(
                        NotFound,
                        "用户「{username}」不存在",
                        "user \"{username}\" not found"
                    )
                })?;
            (
                "+r.desk = ?1 AND r.issued_at >= ?2 AND r.issued_at < ?3 AND r.cashier_id = (SELECT id FROM users WHERE username = ?4)".into(),
                vec![Value::Text(ctx.desk.clone()), Value::Text(from.clone()), Value::Text(to), Value::Text(username.clone())],
                format!("收费员 {name} {from}"),
                from.clone(),
                from,
            )
        }
        DailyScope::DeskDay { date } => {
            let (from, to) = day(date);
            (
                "+r.desk = ?1 AND r.issued_at >= ?2 AND r.issued_at < ?3".into(),
                vec![
                    Value::Text(ctx.desk.clone()),
                    Value::Text(from.clone()),
                    Value::Text(to),
                ],
                format!("收银台 {} 全天 {from}", ctx.desk),
                from.clone(),
                from,
            )
        }
    })
}

fn range(conn: &Connection, desk: &str, series: &str, docs: &[Doc]) -> Result<NumberRange> {
    let mine: Vec<&Doc> = docs.iter().filter(|d| d.2 == series).collect();
    let mut gaps = vec![];
    // Per year, every number between the first and the last must exist at this desk (any cashier).
    let mut by_year: BTreeMap<i32, (i64, i64)> = BTreeMap::new();
    for d in &mine {
        let e = by_year.entry(d.4).or_insert((d.3, d.3));
        e.0 = e.0.min(d.3);
        e.1 = e.1.max(d.3);
    }
    for (year, (lo, hi)) in by_year {
        let present: i64 = conn
            .prepare_cached("SELECT COUNT(*) FROM receipts WHERE desk = ?1 AND series = ?2 AND year = ?3 AND seq BETWEEN ?4 AND ?5")?
            .query_row(params![desk, series, year, lo, hi], |r| r.get(0))?;
        if present != hi - lo + 1 {
            let mut stmt = conn.prepare_cached("SELECT seq FROM receipts WHERE desk = ?1 AND series = ?2 AND year = ?3 AND seq BETWEEN ?4 AND ?5")?;
            let have: std::collections::HashSet<i64> = stmt
                .query_map(params![desk, series, year, lo, hi], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            gaps.extend(
                (lo..=hi)
                    .filter(|s| !have.contains(s))
                    .map(|s| crate::receipts::format_number(desk, series, year, s)),
            );
        }
    }
    Ok(NumberRange {
        count: mine.len(),
        first: mine.first().map(|d| d.1.clone()),
        last: mine.last().map(|d| d.1.clone()),
        voided: mine.iter().filter(|d| d.5).map(|d| d.1.clone()).collect(),
        gaps,
    })
}

fn method_label(m: &str) -> String {
    PayMethod::from_code(m)
        .map(|m| m.zh().to_string())
        .unwrap_or_else(|| m.to_string())
}

/// The documents of a scope: its WHERE clause on `receipts r` and the parameters.
struct InScope<'a> {
    conn: &'a Connection,
    filter: String,
    args: Vec<rusqlite::types::Value>,
}

/// A document in scope: id, number, series, sequence number, year, voided.
type Doc = (i64, String, String, i64, i32, bool);

impl InScope<'_> {
    fn sql(&self, sql: &str) -> String {
        sql.replace("{SCOPE}", &self.filter)
    }
    fn params(&self) -> rusqlite::ParamsFromIter<std::slice::Iter<'_, rusqlite::types::Value>> {
        rusqlite::params_from_iter(self.args.iter())
    }
}

/// Cashiers may see their own shifts and days; finance every report; others need the supervisor's right.
fn check_access(conn: &Connection, ctx: &Ctx, scope: &DailyScope) -> Result<()> {
    ctx.actor.require(Perm::Read)?;
    let own = match scope {
        DailyScope::CashierDay { username, .. } => *username == ctx.actor.username,
        DailyScope::Shift { id } => {
            conn.query_row("SELECT cashier_id FROM shifts WHERE id = ?1", [id], |r| {
                r.get::<_, i64>(0)
            })
            .ok()
                == Some(ctx.actor.user_id)
        }
        DailyScope::DeskDay { .. } => false,
    };
    if !own && ctx.actor.role != crate::auth::Role::Finance {
        ctx.actor.require(Perm::Approve)?;
    }
    Ok(())
}

/// The documents in number order, and a detail line for each (items and methods filled in later).
fn documents(s: &InScope) -> Result<(Vec<Doc>, BTreeMap<i64, DetailLine>)> {
    let mut docs = vec![];
    let mut detail = BTreeMap::new();
    let mut stmt = s.conn.prepare(&s.sql(
        "SELECT r.id, r.number, r.series, r.seq, r.year, EXISTS(SELECT 1 FROM voids v WHERE v.receipt_id = r.id),
                r.issued_at, r.kind, u.code, r.payer, r.total_fen
         FROM receipts r LEFT JOIN units u ON u.id = r.unit_id WHERE {SCOPE} ORDER BY r.series, r.year, r.seq",
    ))?;
    let mut rows = stmt.query(s.params())?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let voided: bool = r.get(5)?;
        docs.push((id, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, voided));
        let at: String = r.get(6)?;
        detail.insert(
            id,
            DetailLine {
                number: r.get(1)?,
                time: at.get(11..16).unwrap_or("").to_string(),
                kind: r.get(7)?,
                unit: r.get(8)?,
                payer: r.get(9)?,
                items: String::new(),
                methods: String::new(),
                amount_fen: r.get(10)?,
                voided,
            },
        );
    }
    Ok((docs, detail))
}

/// What the standing documents' lines add up to, by fee item and by category.
#[derive(Default)]
struct LineTotals {
    by_item: BTreeMap<String, Amount>,
    sales: i64,
    deposits_in: i64,
    deposits_out: i64,
    deductions: i64,
    prepayments_in: i64,
}

impl LineTotals {
    fn add(&mut self, kind: &str, key: String, label: String, fen: i64) {
        match kind {
            "sale" => self.sales += fen,
            "deposit" if fen > 0 => self.deposits_in += fen,
            "deposit" => self.deposits_out += fen,
            "deduction" => self.deductions += fen,
            "prepayment" => self.prepayments_in += fen,
            _ => {}
        }
        if kind == "charge" || kind == "sale" || kind == "deduction" {
            let e = self.by_item.entry(key.clone()).or_insert(Amount {
                key,
                label,
                count: 0,
                fen: 0,
            });
            e.count += 1;
            e.fen += fen;
        }
    }
}

/// Name a detail line's items: the first three, then an ellipsis.
fn name_item(d: &mut DetailLine, name: &str, period: Option<String>) {
    if d.items.matches('、').count() < 3 {
        if !d.items.is_empty() {
            d.items.push('、');
        }
        d.items += name;
        if let Some(p) = period {
            d.items += &format!(" {p}");
        }
    } else if !d.items.ends_with('…') {
        d.items.push('…');
    }
}

/// The lines of the documents that stand (not voided), totalled; every document's detail line named.
fn lines(s: &InScope, detail: &mut BTreeMap<i64, DetailLine>) -> Result<LineTotals> {
    let mut t = LineTotals::default();
    let mut stmt = s.conn.prepare(&s.sql(
        "SELECT r.id, l.kind, f.code, f.name, l.description, l.period, l.amount_fen
         FROM receipts r JOIN receipt_lines l ON l.receipt_id = r.id LEFT JOIN fee_items f ON f.id = l.fee_item_id
         WHERE {SCOPE} AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.receipt_id = r.id) ORDER BY r.id, l.line_no",
    ))?;
    let mut rows = stmt.query(s.params())?;
    while let Some(r) = rows.next()? {
        let (id, kind, code, name, desc): (i64, String, Option<String>, Option<String>, String) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let (period, fen): (Option<String>, i64) = (r.get(5)?, r.get(6)?);
        let (key, label) = match kind.as_str() {
            "charge" | "sale" => (
                code.clone().unwrap_or_default(),
                name.clone().unwrap_or(desc.clone()),
            ),
            "deduction" => (format!("deduction:{desc}"), format!("押金扣款-{desc}")),
            "deposit" => ("deposit".into(), "装修押金".into()),
            _ => ("prepayment".into(), "预存款".into()),
        };
        t.add(&kind, key, label, fen);
        if let Some(d) = detail.get_mut(&id) {
            name_item(d, &name.unwrap_or(desc), period);
        }
    }
    // Voided documents still show what they were.
    let mut stmt = s.conn.prepare(&s.sql(
        "SELECT r.id, COALESCE(f.name, l.description) FROM receipts r JOIN receipt_lines l ON l.receipt_id = r.id
         LEFT JOIN fee_items f ON f.id = l.fee_item_id
         WHERE {SCOPE} AND EXISTS (SELECT 1 FROM voids v WHERE v.receipt_id = r.id) ORDER BY r.id, l.line_no",
    ))?;
    let mut rows = stmt.query(s.params())?;
    while let Some(r) = rows.next()? {
        if let Some(d) = detail.get_mut(&r.get::<_, i64>(0)?) {
            if !d.items.is_empty() {
                d.items.push('、');
            }
            d.items += &r.get::<_, String>(1)?;
        }
    }
    Ok(t)
}

/// The standing documents' payments by method; every detail line's methods named.
fn payments(s: &InScope, detail: &mut BTreeMap<i64, DetailLine>) -> Result<Vec<Amount>> {
    let mut by_method: BTreeMap<String, Amount> = BTreeMap::new();
    let mut stmt = s.conn.prepare(&s.sql(
        "SELECT r.id, pm.method, pm.amount_fen, EXISTS(SELECT 1 FROM voids v WHERE v.receipt_id = r.id)
         FROM receipts r JOIN payments pm ON pm.receipt_id = r.id WHERE {SCOPE} ORDER BY r.id, pm.line_no",
    ))?;
    let mut rows = stmt.query(s.params())?;
    while let Some(r) = rows.next()? {
        let (id, m, fen, voided): (i64, String, i64, bool) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        if let Some(d) = detail.get_mut(&id) {
            if !d.methods.is_empty() {
                d.methods.push('+');
            }
            d.methods += &method_label(&m);
        }
        if !voided {
            let e = by_method.entry(m.clone()).or_insert(Amount {
                label: method_label(&m),
                key: m,
                count: 0,
                fen: 0,
            });
            e.count += 1;
            e.fen += fen;
        }
    }
    Ok(PayMethod::ALL
        .iter()
        .filter_map(|m| by_method.remove(m.code()))
        .collect())
}

/// The shifts touched by the documents, and, for a day, every shift opened that day.
fn shifts_touched(s: &InScope, ctx: &Ctx, scope: &DailyScope) -> Result<Vec<ShiftCash>> {
    let mut ids: Vec<i64> = match scope {
        DailyScope::Shift { id } => vec![*id],
        _ => {
            let mut stmt = s
                .conn
                .prepare(&s.sql("SELECT DISTINCT r.shift_id FROM receipts r WHERE {SCOPE}"))?;
            let v = stmt
                .query_map(s.params(), |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            v
        }
    };
    if let DailyScope::DeskDay { date: d } | DailyScope::CashierDay { date: d, .. } = scope {
        // Shifts opened that day with no documents still belong in the count.
        let from = d.format("%Y-%m-%d").to_string();
        let mut stmt = s.conn.prepare(
            "SELECT s.id FROM shifts s JOIN users u ON u.id = s.cashier_id WHERE s.desk = ?1 AND substr(s.opened_at, 1, 10) = ?2 AND (?3 IS NULL OR u.username = ?3)",
        )?;
        let who = match scope {
            DailyScope::CashierDay { username, .. } => Some(username.clone()),
            _ => None,
        };
        for id in stmt.query_map(params![ctx.desk, from, who], |r| r.get::<_, i64>(0))? {
            let id = id?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids.sort();
    ids.into_iter().map(|id| shift_cash(s.conn, id)).collect()
}

/// Build the 现金日报表 of a shift, a cashier's day or the desk's day, for whoever may read it.
pub fn build(conn: &Connection, ctx: &Ctx, scope: &DailyScope) -> Result<DailyCashReport> {
    check_access(conn, ctx, scope)?;
    compute(conn, ctx, scope)
}

/// The report itself, read by the core (the day close signs the desk's day).
pub(crate) fn compute(conn: &Connection, ctx: &Ctx, scope: &DailyScope) -> Result<DailyCashReport> {
    let (filter, args, label, date_from, date_to) = scope_filter(conn, ctx, scope)?;
    let s = InScope { conn, filter, args };
    let (docs, mut detail) = documents(&s)?;
    let receipts = range(conn, &ctx.desk, "R", &docs)?;
    let vouchers = range(conn, &ctx.desk, "TK", &docs)?;
    let t = lines(&s, &mut detail)?;
    let by_method = payments(&s, &mut detail)?;
    let mut reversals = Amount {
        key: "reversal".into(),
        label: "红冲".into(),
        count: 0,
        fen: 0,
    };
    for d in detail
        .values()
        .filter(|d| d.kind == "reversal" && !d.voided)
    {
        reversals.count += 1;
        reversals.fen += d.amount_fen;
    }
    // The journal under these documents: issue entries and void entries alike.
    let journal_drawer_fen: i64 = conn.query_row(
        &s.sql("SELECT COALESCE(SUM(p.amount_fen), 0) FROM receipts r JOIN journal_entries j ON j.receipt_id = r.id
            JOIN postings p ON p.entry_id = j.id WHERE {SCOPE} AND (+p.account = '1001' OR +p.account LIKE '1012:%')"),
        s.params(),
        |r| r.get(0),
    )?;
    let shifts = shifts_touched(&s, ctx, scope)?;
    let by_method_fen: i64 = by_method.iter().map(|a| a.fen).sum();
    let drawer_methods_fen: i64 = by_method
        .iter()
        .filter(|a| a.key != "prepayment")
        .map(|a| a.fen)
        .sum();
    let items_fen: i64 = t.by_item.values().map(|a| a.fen).sum();
    let by_category_fen = items_fen + t.deposits_in + t.deposits_out + t.prepayments_in;
    let prepayments_used_fen = by_method
        .iter()
        .find(|a| a.key == "prepayment")
        .map(|a| a.fen)
        .unwrap_or(0);
    let reconciliation = Reconciliation {
        by_method_fen,
        by_category_fen,
        drawer_methods_fen,
        journal_drawer_fen,
        ok: by_method_fen == by_category_fen
            && drawer_methods_fen == journal_drawer_fen
            && receipts.gaps.is_empty()
            && vouchers.gaps.is_empty(),
    };
    Ok(DailyCashReport {
        company: db::setting(conn, "company_name")?.unwrap_or_default(),
        estate: db::setting(conn, "estate_name")?.unwrap_or_default(),
        desk: ctx.desk.clone(),
        scope: label,
        date_from,
        date_to,
        generated_at: ctx.now_text(),
        generated_by: ctx.actor.display_name.clone(),
        receipts,
        vouchers,
        total_fen: by_method_fen,
        by_method,
        by_item: t.by_item.into_values().collect(),
        counter_sales_fen: t.sales,
        deposits_collected_fen: t.deposits_in,
        deposits_returned_fen: t.deposits_out,
        deposit_deductions_fen: t.deductions,
        prepayments_received_fen: t.prepayments_in,
        prepayments_used_fen,
        reversals,
        shifts,
        lines: detail.into_values().collect(),
        reconciliation,
        sign_off: vec!["收费员".into(), "复核（主管）".into()],
    })
}

/// A shift's drawer: expected per method from the journal; counted from its close, if closed.
pub fn shift_cash(conn: &Connection, id: i64) -> Result<ShiftCash> {
    let (cashier, opened_at, closed_at, float_fen): (String, String, Option<String>, i64) = conn.query_row(
        "SELECT u.display_name, s.opened_at, c.closed_at, s.float_fen FROM shifts s JOIN users u ON u.id = s.cashier_id
         LEFT JOIN shift_closes c ON c.shift_id = s.id WHERE s.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let cash_in_out_fen: i64 = conn.query_row(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM cash_movements WHERE shift_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let mut methods = vec![];
    if closed_at.is_some() {
        let mut stmt = conn.prepare_cached(
            "SELECT method, expected_fen, counted_fen FROM shift_close_methods WHERE shift_id = ?1",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (m, e, c) = row?;
            methods.push(MethodCount {
                method: PayMethod::from_code(&m).unwrap_or(PayMethod::Cash),
                expected_fen: e,
                counted_fen: Some(c),
                difference_fen: Some(c - e),
            });
        }
    } else {
        methods.push(MethodCount {
            method: PayMethod::Cash,
            expected_fen: crate::shift::expected_cash(conn, id)?.fen(),
            counted_fen: None,
            difference_fen: None,
        });
        for (m, e) in crate::shift::expected_non_cash(conn, id)? {
            methods.push(MethodCount {
                method: m,
                expected_fen: e.fen(),
                counted_fen: None,
                difference_fen: None,
            });
        }
    }
    methods.sort_by_key(|m| PayMethod::ALL.iter().position(|x| *x == m.method));
    Ok(ShiftCash {
        shift_id: id,
        cashier,
        opened_at,
        closed_at,
        float_fen,
        cash_in_out_fen,
        methods,
    })
}
