//! Head office's console on a whole group: estates × 3 desks × months of desk events (the units, a
//! billing run a month, receipts that settle charges — most in their month, some a month late, some
//! never) generated, chained, signed and sent through the real ingest over HTTPS. Then the consolidated
//! daily report of one day, the group's monthly fee report and a year of one estate's collection
//! rates, each beside a plain aggregate over the raw events for the same range, in the same run.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use feedesk_api::{err, Result};
use feedesk_hq::console::{daily, monthly, rates, Scope};
use feedesk_protocol::sync::WireEvent;
use feedesk_protocol::{
    AllocationRecord, ChargeRecord, DeskKey, Event, LineRecord, PaymentRecord, Posting, UnitRecord,
};
use feedesk_sync::Credential;
use uuid::Uuid;

use super::hq::{chained, e, push_pipelined, start_office, Office};
use super::*;

/// The size of the generated group.
pub struct GroupSize {
    pub estates: usize,
    pub units: usize,
    pub months: u32,
}

const DESKS: [&str; 3] = ["A01", "A02", "A03"];
const ITEMS: [(&str, &str); 2] = [("WYF", "物业服务费"), ("LJF", "垃圾处理费")];
const FIRST_YEAR: i32 = 2025;

/// `YYYY-MM` of the i-th month of the data set.
fn month(i: u32) -> String {
    format!("{}-{:02}", FIRST_YEAR + (i / 12) as i32, 1 + i % 12)
}

fn unit_code(u: usize) -> (String, String) {
    let building = 1 + u / 50;
    (format!("{building}-{}", 101 + u % 50), building.to_string())
}

/// A unit's monthly charges: (item, fen).
fn charges_of(u: usize) -> [(&'static str, i64); 2] {
    let area_centi = 6000 + (u * 37 % 9000) as i64; // 60.00–149.99 ㎡
    [("WYF", area_centi * 235 / 100), ("LJF", 1000)]
}

/// What a desk writes, before it is numbered: when, and a receipt's unit and periods or an event.
enum Written {
    Event(Event),
    Receipt { unit: usize, periods: Vec<String> },
}

/// One estate's events, per desk, in time order: A01 registers the units and bills each month; the
/// units pay at the desk `unit % 3`: 8 in 10 in the month, 1 a month late, 1 never.
fn estate_events(size: &GroupSize) -> [Vec<(String, Written)>; 3] {
    let mut desks: [Vec<(String, Written)>; 3] = Default::default();
    let units = (0..size.units)
        .map(|u| {
            let (code, building) = unit_code(u);
            UnitRecord {
                code,
                building,
                entrance: String::new(),
                room: String::new(),
                unit_type: "residential".into(),
                area_m2: "89.47".into(),
                owner: Some(format!("业主{u}")),
            }
        })
        .collect();
    desks[0].push((
        format!("{}-01T08:00:00+08:00", month(0)),
        Written::Event(Event::UnitsUpserted { units }),
    ));
    for m in 0..size.months {
        let period = month(m);
        let all: Vec<usize> = (0..size.units).collect();
        for (part, chunk) in all.chunks(500).enumerate() {
            let charges = chunk
                .iter()
                .map(|&u| ChargeRecord {
                    unit: unit_code(u).0,
                    items: charges_of(u)
                        .iter()
                        .map(|(i, f)| (i.to_string(), *f))
                        .collect(),
                })
                .collect();
            desks[0].push((
                format!("{period}-01T08:{:02}:00+08:00", part % 60),
                Written::Event(Event::ChargesBilled {
                    period: period.clone(),
                    run: m as i64 + 1,
                    part: part as u32,
                    charges,
                    postings: vec![],
                }),
            ));
        }
        for u in 0..size.units {
            let periods = match u % 10 {
                0..=7 => vec![period.clone()],
                8 if m > 0 => vec![month(m - 1)],
                _ => continue,
            };
            let day = 2 + (u * 7 + m as usize) % 26;
            let at = format!(
                "{period}-{day:02}T09:{:02}:{:02}+08:00",
                u / 60 % 60,
                u % 60
            );
            desks[u % 3].push((at, Written::Receipt { unit: u, periods }));
        }
    }
    for d in desks.iter_mut() {
        d.sort_by(|a, b| a.0.cmp(&b.0));
    }
    desks
}

/// A receipt as the desk sends it: a line and an allocation per charge settled, one payment.
fn receipt(desk: &str, n: usize, at: &str, unit: usize, periods: &[String]) -> Event {
    let code = unit_code(unit).0;
    let mut lines = vec![];
    let mut allocations = vec![];
    for p in periods {
        for ((item, fen), (_, name)) in charges_of(unit).iter().zip(ITEMS) {
            lines.push(LineRecord {
                kind: "charge".into(),
                item: Some(item.to_string()),
                period: Some(p.clone()),
                description: name.into(),
                basis: String::new(),
                fen: *fen,
            });
            allocations.push(AllocationRecord {
                unit: code.clone(),
                item: item.to_string(),
                period: p.clone(),
                fen: *fen,
            });
        }
    }
    let total: i64 = lines.iter().map(|l| l.fen).sum();
    let (method, account) = [
        ("cash", "1001"),
        ("wechat", "1012:wechat"),
        ("alipay", "1012:alipay"),
    ][n % 3];
    Event::ReceiptIssued {
        number: format!("{desk}-{}-{:06}", &at[..4], n + 1),
        receipt_kind: "payment".into(),
        unit: Some(code.clone()),
        payer: format!("业主{unit}"),
        shift: 1,
        cashier: "lisi".into(),
        total_fen: total,
        reverses: None,
        reason: None,
        approved_by: None,
        lines,
        payments: vec![PaymentRecord {
            method: method.into(),
            fen: total,
            tendered_fen: None,
            change_fen: None,
        }],
        allocations,
        remaining_fen: None,
        postings: vec![
            Posting {
                account: account.into(),
                fen: total,
            },
            Posting {
                account: format!("1122:{code}"),
                fen: -total,
            },
        ],
    }
}

/// A desk's events numbered, chained and signed.
fn desk_events(desk: &str, key: &DeskKey, written: Vec<(String, Written)>) -> Vec<WireEvent> {
    let mut n = 0;
    let payloads = written
        .into_iter()
        .map(|(at, w)| {
            let ev = match w {
                Written::Event(ev) => ev,
                Written::Receipt { unit, periods } => {
                    n += 1;
                    receipt(desk, n - 1, &at, unit, &periods)
                }
            };
            (at, serde_json::to_string(&ev).expect("serialise"))
        })
        .collect();
    chained(desk, key, payloads)
}

/// Every estate's desks enrolled and their events generated (not timed).
fn generate(office: &Office, size: &GroupSize) -> Result<Vec<(String, DeskKey, Vec<WireEvent>)>> {
    let mut out = vec![];
    for e in 0..size.estates {
        let estate = format!("E{e:03}");
        for (d, written) in estate_events(size).into_iter().enumerate() {
            let (desk, key) = office.enroll(&estate, DESKS[d])?;
            let evs = desk_events(DESKS[d], &key, written);
            out.push((desk, key, evs));
        }
    }
    Ok(out)
}

/// Send every desk's events, four desks at a time; the time until all are stored.
fn ingest(office: &Office, desks: &[(String, DeskKey, Vec<WireEvent>)]) -> Result<Duration> {
    let next = Mutex::new(0usize);
    let t = Instant::now();
    let results: Vec<Result<()>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| -> Result<()> {
                    let client = office.client()?;
                    loop {
                        let i = {
                            let mut n = next.lock().expect("queue");
                            *n += 1;
                            *n - 1
                        };
                        let Some((desk, key, evs)) = desks.get(i) else {
                            return Ok(());
                        };
                        let who = Credential {
                            desk,
                            key_no: 1,
                            key,
                        };
                        push_pipelined(&client, &who, evs)?;
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("sender"))
            .collect()
    });
    results.into_iter().collect::<Result<Vec<()>>>()?;
    Ok(t.elapsed())
}

/// A boxed future borrowing the office.
type Run<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<()>> + 'a>>;

/// The p50 of `n` runs of `f`.
fn p50<'a>(office: &Office, n: usize, f: impl Fn() -> Run<'a>) -> Result<Duration> {
    let mut times = vec![];
    for _ in 0..n.max(1) {
        let t = Instant::now();
        office.rt.block_on(f())?;
        times.push(t.elapsed());
    }
    times.sort();
    Ok(pct(&times, 50.0))
}

/// The same figures straight from the stored events: each desk's day by payment method and by fee item.
const PLAIN_DAY: &str = "
SELECT estate_id, desk_id, 'method:' || (p->>'method'), sum((p->>'fen')::bigint), count(*)
  FROM events e, jsonb_array_elements(e.payload::jsonb->'payments') p
 WHERE e.business_month = $1 AND e.kind = 'receipt_issued' AND left(e.at, 10) = $2 GROUP BY 1, 2, 3
UNION ALL
SELECT estate_id, desk_id, 'item:' || (l->>'item'), sum((l->>'fen')::bigint), count(*)
  FROM events e, jsonb_array_elements(e.payload::jsonb->'lines') l
 WHERE e.business_month = $1 AND e.kind = 'receipt_issued' AND left(e.at, 10) = $2 GROUP BY 1, 2, 3";

/// The month's billed amounts of its period and its collections by item and period, per estate.
const PLAIN_MONTH: &str = "
SELECT e.estate_id, i->>0, '', sum((i->>1)::bigint)
  FROM events e, jsonb_array_elements(e.payload::jsonb->'charges') c, jsonb_array_elements(c->'items') i
 WHERE e.business_month = $1 AND e.kind = 'charges_billed' GROUP BY 1, 2
UNION ALL
SELECT e.estate_id, a->>'item', a->>'period', sum((a->>'fen')::bigint)
  FROM events e, jsonb_array_elements(e.payload::jsonb->'allocations') a
 WHERE e.business_month = $1 AND e.kind = 'receipt_issued' GROUP BY 1, 2, 3";

/// A year of one estate: per month, households billed and amounts billed, households that paid and
/// amounts collected.
const PLAIN_YEAR: &str = "
SELECT e.business_month, count(DISTINCT c->>'unit'), sum((i->>1)::bigint), 0
  FROM events e, jsonb_array_elements(e.payload::jsonb->'charges') c, jsonb_array_elements(c->'items') i
 WHERE e.estate_id = $1 AND e.business_month BETWEEN $2 AND $3 AND e.kind = 'charges_billed' GROUP BY 1
UNION ALL
SELECT e.business_month, count(DISTINCT a->>'unit'), 0, sum((a->>'fen')::bigint)
  FROM events e, jsonb_array_elements(e.payload::jsonb->'allocations') a
 WHERE e.estate_id = $1 AND e.business_month BETWEEN $2 AND $3 AND e.kind = 'receipt_issued' GROUP BY 1";

fn first_of(m: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").expect("month")
}

/// Query `sql` with `params` and read every row (the work a report would do with them).
async fn plain(
    office: &Office,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> Result<()> {
    let c = office
        .pool
        .get()
        .await
        .map_err(|x| e("pool")(x.to_string()))?;
    let rows = c
        .query(sql, params)
        .await
        .map_err(|x| e("plain")(x.to_string()))?;
    std::hint::black_box(rows.len());
    Ok(())
}

fn hq_err(x: feedesk_hq::HqError) -> feedesk_api::Error {
    e("report")(x.en)
}

pub fn bench_console(r: &mut Report, dir: &Path, size: &GroupSize, samples: usize) -> Result<()> {
    if size.months < 2 || size.estates == 0 || size.units < 10 {
        return Err(err!(
            InvalidInput,
            "数据集太小",
            "the data set is too small"
        ));
    }
    let office = start_office(dir, false)?;
    let desks = generate(&office, size)?;
    let events: usize = desks.iter().map(|d| d.2.len()).sum();
    let stored = ingest(&office, &desks)?;
    let t = Instant::now();
    office.wait_applied()?;
    let applied = t.elapsed();
    drop(desks);
    r.line(
        &format!(
            "group ingest: {} estates × 3 desks × {} months ({events} events)",
            size.estates, size.months
        ),
        format!(
            "{:.0} events/s; {:.1} s; reports complete {:.1} s after",
            events as f64 / stored.as_secs_f64(),
            stored.as_secs_f64(),
            applied.as_secs_f64()
        ),
        "measured".into(),
        true,
    );
    let all = office.rt.block_on(async {
        let c = office
            .pool
            .get()
            .await
            .map_err(|x| e("pool")(x.to_string()))?;
        let rows = c
            .query("SELECT estate_id FROM estates ORDER BY code", &[])
            .await
            .map_err(|x| e("estates")(x.to_string()))?;
        Ok::<Vec<Uuid>, feedesk_api::Error>(rows.iter().map(|r| r.get(0)).collect())
    })?;
    let scope = Scope {
        estates: all.clone(),
    };
    let last = month(size.months - 2);
    let day = format!("{last}-10");
    let o = &office;
    let daily = p50(o, samples, || {
        Box::pin(async {
            daily::group_day(&o.pool, &scope, &day)
                .await
                .map(drop)
                .map_err(hq_err)
        })
    })?;
    let plain_day = p50(o, 5, || {
        let (m, d) = (first_of(&last), day.clone());
        Box::pin(async move { plain(o, PLAIN_DAY, &[&m, &d]).await })
    })?;
    let cap = Some(Duration::from_millis(50));
    compare(
        r,
        "consolidated daily report, one day of the group",
        daily,
        plain_day,
        cap,
    );
    let monthly = p50(o, samples.min(20), || {
        Box::pin(async {
            monthly::monthly(&o.pool, &scope, &last)
                .await
                .map(drop)
                .map_err(hq_err)
        })
    })?;
    let plain_month = p50(o, 3, || {
        let m = first_of(&last);
        Box::pin(async move { plain(o, PLAIN_MONTH, &[&m]).await })
    })?;
    compare(r, "group's monthly fee report", monthly, plain_month, None);
    let from = month(size.months.saturating_sub(12));
    let trend = p50(o, samples, || {
        Box::pin(async {
            rates::trend(&o.pool, all[0], &from, &last)
                .await
                .map(drop)
                .map_err(hq_err)
        })
    })?;
    let plain_year = p50(o, 3, || {
        let (id, a, b) = (all[0], first_of(&from), first_of(&last));
        Box::pin(async move { plain(o, PLAIN_YEAR, &[&id, &a, &b]).await })
    })?;
    compare(
        r,
        "a year of one estate's collection rates",
        trend,
        plain_year,
        None,
    );
    office.stop();
    Ok(())
}

/// A report's p50 beside the plain aggregate's: at most a tenth of it (and under `cap`, if any).
fn compare(r: &mut Report, name: &str, report: Duration, plain: Duration, cap: Option<Duration>) {
    let ratio = report.as_secs_f64() / plain.as_secs_f64();
    let under_cap = cap.is_none_or(|c| report <= c);
    r.line(
        name,
        format!(
            "p50 {}; plain aggregate {} (1/{:.0})",
            ms(report),
            ms(plain),
            1.0 / ratio
        ),
        match cap {
            Some(c) => format!("≤ {} and ≤ 1/10", ms(c)),
            None => "≤ 1/10 of plain".into(),
        },
        ratio <= 0.1 && under_cap,
    );
}
