//! The reports kept at ingest, from the events as they are stored: every document with its lines and
//! payments and its standing (voided, reversed), each desk's day (its documents and, by key, the
//! standing documents' totals) and the check of the desk's signed daily closing against it. What
//! cannot be applied is quarantined with the reason; the chain goes on.

use std::collections::BTreeMap;

use deadpool_postgres::{Pool, Transaction};
use feedesk_protocol::sync::WireEvent;
use feedesk_protocol::{DailyClosing, DayFigures, DocumentRange, Event, LineRecord, PaymentRecord};

use crate::alerts::alert;
use crate::auth::Desk;
use crate::HqResult;

/// The kind written first in every event's JSON, without parsing the rest.
pub fn kind_of(payload: &str) -> String {
    payload
        .strip_prefix(r#"{"kind":""#)
        .and_then(|r| r.split('"').next())
        .unwrap_or("unknown")
        .to_string()
}

/// A document as issued.
struct Doc<'a> {
    number: &'a str,
    series: &'static str,
    day: &'a str,
    at: &'a str,
    kind: &'a str,
    unit: Option<&'a str>,
    payer: &'a str,
    cashier: &'a str,
    total_fen: i64,
    reverses: Option<&'a str>,
    seq: i64,
    lines: &'a [LineRecord],
    payments: &'a [PaymentRecord],
}

/// What a standing document adds to its day, by key: payments by method, lines by fee item or
/// category, reversals. A void takes the same away.
fn contributions(
    kind: &str,
    total_fen: i64,
    lines: &[(String, Option<String>, String, i64)],
    payments: &[(String, i64)],
) -> Vec<(String, i64)> {
    let mut out: Vec<(String, i64)> = payments
        .iter()
        .map(|(m, f)| (format!("method:{m}"), *f))
        .collect();
    for (k, item, desc, fen) in lines {
        let key = match k.as_str() {
            "charge" | "sale" => format!("item:{}", item.clone().unwrap_or_default()),
            "deduction" => format!("item:deduction:{desc}"),
            "deposit" if *fen > 0 => "deposit_taken".into(),
            "deposit" => "deposit_refunded".into(),
            _ => "prepayment_received".into(),
        };
        out.push((key, *fen));
    }
    if kind == "reversal" {
        out.push(("reversals".into(), total_fen));
    }
    out
}

type LineRow = (String, Option<String>, String, i64);

/// Per day, per key: (fen, count) to add.
type Totals = BTreeMap<(String, String), (i64, i64)>;

fn add(totals: &mut Totals, day: &str, parts: Vec<(String, i64)>, sign: i64) {
    for (key, fen) in parts {
        let e = totals.entry((day.to_string(), key)).or_insert((0, 0));
        e.0 += sign * fen;
        e.1 += sign;
    }
}

/// Apply stored events (in chain order) to the reports.
pub async fn apply(tx: &Transaction<'_>, desk: &Desk, events: &[WireEvent]) -> HqResult<()> {
    let mut parsed: Vec<(&WireEvent, Event)> = vec![];
    for e in events {
        match e.event() {
            Ok(ev) => parsed.push((e, ev)),
            Err(why) => {
                quarantine(
                    tx,
                    desk,
                    e,
                    &format!("unknown event (a newer desk?): {why}"),
                )
                .await?
            }
        }
    }
    let mut docs: Vec<Doc> = vec![];
    let mut voids: Vec<(&WireEvent, &str)> = vec![];
    let mut closings: Vec<(&WireEvent, &DailyClosing)> = vec![];
    for (e, ev) in &parsed {
        match ev {
            Event::ReceiptIssued {
                number,
                receipt_kind,
                unit,
                payer,
                cashier,
                total_fen,
                reverses,
                lines,
                payments,
                ..
            } => docs.push(Doc {
                number,
                series: if receipt_kind == "refund" { "TK" } else { "R" },
                day: e.date(),
                at: &e.at,
                kind: receipt_kind,
                unit: unit.as_deref(),
                payer,
                cashier,
                total_fen: *total_fen,
                reverses: reverses.as_deref(),
                seq: e.seq,
                lines,
                payments,
            }),
            Event::ReceiptVoided { number, .. } => voids.push((e, number)),
            Event::DailyClosing(c) => closings.push((e, c)),
            _ => {}
        }
    }
    let mut totals = Totals::new();
    issue(tx, desk, &docs, &mut totals).await?;
    void(tx, desk, &voids, &mut totals).await?;
    write_totals(tx, desk, &totals).await?;
    for (e, c) in closings {
        check_closing(tx, desk, e, c).await?;
    }
    crate::standards_log::apply(tx, desk, &parsed).await?;
    crate::charges::apply(tx, desk, &parsed).await
}

pub async fn quarantine(
    tx: &Transaction<'_>,
    desk: &Desk,
    e: &WireEvent,
    reason: &str,
) -> HqResult<()> {
    tx.execute(
        "INSERT INTO quarantine(estate_id, desk_id, seq, kind, reason) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        &[&desk.estate_id, &desk.desk_id, &e.seq, &kind_of(&e.payload), &reason],
    )
    .await?;
    alert(tx, desk, "quarantined", Some(e.seq), reason).await
}

/// New documents: their rows, their lines and payments, their day's counts and totals; a reversal
/// marks the document it reverses.
async fn issue(
    tx: &Transaction<'_>,
    desk: &Desk,
    docs: &[Doc<'_>],
    totals: &mut Totals,
) -> HqResult<()> {
    if docs.is_empty() {
        return Ok(());
    }
    let col = |f: &dyn Fn(&Doc) -> String| docs.iter().map(f).collect::<Vec<String>>();
    let opt =
        |f: &dyn Fn(&Doc) -> Option<String>| docs.iter().map(f).collect::<Vec<Option<String>>>();
    tx.execute(
        "INSERT INTO receipts(estate_id, desk_id, number, series, day, at, kind, unit, payer, cashier, total_fen, reverses, seq)
         SELECT $1, $2, n, s, d::date, a, k, u, p, c, t, r, q
         FROM UNNEST($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bigint[], $12::text[], $13::bigint[])
              AS x(n, s, d, a, k, u, p, c, t, r, q)
         ON CONFLICT DO NOTHING",
        &[
            &desk.estate_id,
            &desk.desk_id,
            &col(&|d| d.number.to_string()),
            &col(&|d| d.series.to_string()),
            &col(&|d| d.day.to_string()),
            &col(&|d| d.at.to_string()),
            &col(&|d| d.kind.to_string()),
            &opt(&|d| d.unit.map(String::from)),
            &col(&|d| d.payer.to_string()),
            &col(&|d| d.cashier.to_string()),
            &docs.iter().map(|d| d.total_fen).collect::<Vec<i64>>(),
            &opt(&|d| d.reverses.map(String::from)),
            &docs.iter().map(|d| d.seq).collect::<Vec<i64>>(),
        ],
    )
    .await?;
    let (mut ln, mut lno, mut lk, mut li, mut lp, mut ld, mut lf) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let (mut pn, mut pno, mut pm, mut pf) = (vec![], vec![], vec![], vec![]);
    let mut counts: BTreeMap<(String, &str), (i64, String, String)> = BTreeMap::new();
    for d in docs {
        for (i, l) in d.lines.iter().enumerate() {
            ln.push(d.number.to_string());
            lno.push(i as i32 + 1);
            lk.push(l.kind.clone());
            li.push(l.item.clone());
            lp.push(l.period.clone());
            ld.push(l.description.clone());
            lf.push(l.fen);
        }
        for (i, p) in d.payments.iter().enumerate() {
            pn.push(d.number.to_string());
            pno.push(i as i32 + 1);
            pm.push(p.method.clone());
            pf.push(p.fen);
        }
        let lines: Vec<LineRow> = d
            .lines
            .iter()
            .map(|l| (l.kind.clone(), l.item.clone(), l.description.clone(), l.fen))
            .collect();
        let pays: Vec<(String, i64)> = d
            .payments
            .iter()
            .map(|p| (p.method.clone(), p.fen))
            .collect();
        add(
            totals,
            d.day,
            contributions(d.kind, d.total_fen, &lines, &pays),
            1,
        );
        let c = counts.entry((d.day.to_string(), d.series)).or_insert((
            0,
            d.number.to_string(),
            d.number.to_string(),
        ));
        c.0 += 1;
        c.1 = c.1.clone().min(d.number.to_string());
        c.2 = c.2.clone().max(d.number.to_string());
    }
    tx.execute(
        "INSERT INTO receipt_lines(estate_id, number, line_no, kind, item, period, description, fen)
         SELECT $1, * FROM UNNEST($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[]) ON CONFLICT DO NOTHING",
        &[&desk.estate_id, &ln, &lno, &lk, &li, &lp, &ld, &lf],
    )
    .await?;
    tx.execute(
        "INSERT INTO receipt_payments(estate_id, number, line_no, method, fen)
         SELECT $1, * FROM UNNEST($2::text[], $3::int[], $4::text[], $5::bigint[]) ON CONFLICT DO NOTHING",
        &[&desk.estate_id, &pn, &pno, &pm, &pf],
    )
    .await?;
    let reversed: Vec<(String, String)> = docs
        .iter()
        .filter_map(|d| d.reverses.map(|o| (o.to_string(), d.number.to_string())))
        .collect();
    if !reversed.is_empty() {
        let (orig, by): (Vec<String>, Vec<String>) = reversed.into_iter().unzip();
        tx.execute(
            "UPDATE receipts r SET reversed_by = x.b FROM UNNEST($2::text[], $3::text[]) AS x(o, b) WHERE r.estate_id = $1 AND r.number = x.o",
            &[&desk.estate_id, &orig, &by],
        )
        .await?;
    }
    for ((day, series), (n, first, last)) in counts {
        let (cnt, fst, lst) = if series == "TK" {
            ("vouchers", "vouchers_first", "vouchers_last")
        } else {
            ("receipts", "receipts_first", "receipts_last")
        };
        tx.execute(
            &format!(
                "INSERT INTO desk_days(estate_id, desk_id, day, {cnt}, {fst}, {lst}) VALUES ($1, $2, $3::text::date, $4, $5, $6)
                 ON CONFLICT (estate_id, desk_id, day) DO UPDATE SET {cnt} = desk_days.{cnt} + $4,
                     {fst} = LEAST(desk_days.{fst}, $5), {lst} = GREATEST(desk_days.{lst}, $6)"
            ),
            &[&desk.estate_id, &desk.desk_id, &day, &n, &first, &last],
        )
        .await?;
    }
    Ok(())
}

/// Voided documents leave their day's totals and count as voided; a void of a document head office
/// does not hold cannot be applied and is quarantined.
async fn void(
    tx: &Transaction<'_>,
    desk: &Desk,
    voids: &[(&WireEvent, &str)],
    totals: &mut Totals,
) -> HqResult<()> {
    for (e, number) in voids {
        let doc = tx
            .query_opt(
                "UPDATE receipts SET voided = true WHERE estate_id = $1 AND desk_id = $2 AND number = $3 AND NOT voided
                 RETURNING day::text, kind, total_fen",
                &[&desk.estate_id, &desk.desk_id, number],
            )
            .await?;
        let Some(doc) = doc else {
            quarantine(
                tx,
                desk,
                e,
                &format!("void of {number}, which head office does not hold (or already voided)"),
            )
            .await?;
            continue;
        };
        let (day, kind, total): (String, String, i64) = (doc.get(0), doc.get(1), doc.get(2));
        let lines: Vec<LineRow> = tx
            .query(
                "SELECT kind, item, description, fen FROM receipt_lines WHERE estate_id = $1 AND number = $2 ORDER BY line_no",
                &[&desk.estate_id, number],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect();
        let pays: Vec<(String, i64)> = tx
            .query(
                "SELECT method, fen FROM receipt_payments WHERE estate_id = $1 AND number = $2 ORDER BY line_no",
                &[&desk.estate_id, number],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        add(totals, &day, contributions(&kind, total, &lines, &pays), -1);
        tx.execute(
            "UPDATE desk_days SET voided_count = voided_count + 1, voided_fen = voided_fen + $4
             WHERE estate_id = $1 AND desk_id = $2 AND day = $3::text::date",
            &[&desk.estate_id, &desk.desk_id, &day, &total],
        )
        .await?;
    }
    Ok(())
}

async fn write_totals(tx: &Transaction<'_>, desk: &Desk, totals: &Totals) -> HqResult<()> {
    if totals.is_empty() {
        return Ok(());
    }
    let days: Vec<&str> = totals.keys().map(|k| k.0.as_str()).collect();
    let keys: Vec<&str> = totals.keys().map(|k| k.1.as_str()).collect();
    let fen: Vec<i64> = totals.values().map(|v| v.0).collect();
    let count: Vec<i64> = totals.values().map(|v| v.1).collect();
    tx.execute(
        "INSERT INTO desk_day_totals(estate_id, desk_id, day, key, fen, count)
         SELECT $1, $2, d::date, k, f, c FROM UNNEST($3::text[], $4::text[], $5::bigint[], $6::bigint[]) AS x(d, k, f, c)
         ON CONFLICT (estate_id, desk_id, day, key) DO UPDATE SET fen = desk_day_totals.fen + EXCLUDED.fen, count = desk_day_totals.count + EXCLUDED.count",
        &[&desk.estate_id, &desk.desk_id, &days, &keys, &fen, &count],
    )
    .await?;
    // The estate's day, for the group's report (appliers run one at a time: no two transactions
    // contend for an estate's rows).
    tx.execute(
        "INSERT INTO estate_day_totals(estate_id, day, key, fen, count)
         SELECT $1, d::date, k, f, c FROM UNNEST($2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS x(d, k, f, c)
         ON CONFLICT (estate_id, day, key) DO UPDATE SET fen = estate_day_totals.fen + EXCLUDED.fen, count = estate_day_totals.count + EXCLUDED.count",
        &[&desk.estate_id, &days, &keys, &fen, &count],
    )
    .await?;
    write_headlines(tx, desk, totals).await
}

/// Each desk-day's headline figures on its own row, so the group's report reads one row per desk.
async fn write_headlines(tx: &Transaction<'_>, desk: &Desk, totals: &Totals) -> HqResult<()> {
    let mut by_day: BTreeMap<&str, DayFigures> = BTreeMap::new();
    for ((day, key), (fen, count)) in totals {
        put_total(by_day.entry(day.as_str()).or_default(), key, *fen, *count);
    }
    let col = |f: fn(&DayFigures) -> i64| by_day.values().map(f).collect::<Vec<i64>>();
    let days: Vec<&str> = by_day.keys().copied().collect();
    tx.execute(
        "INSERT INTO desk_days(estate_id, desk_id, day, total_fen, deposits_taken_fen, deposits_refunded_fen,
                               prepayments_received_fen, reversals_count, reversals_fen)
         SELECT $1, $2, d::date, t, dt, dr, p, rc, rf
           FROM UNNEST($3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[])
             AS x(d, t, dt, dr, p, rc, rf)
         ON CONFLICT (estate_id, desk_id, day) DO UPDATE SET
             total_fen = desk_days.total_fen + EXCLUDED.total_fen,
             deposits_taken_fen = desk_days.deposits_taken_fen + EXCLUDED.deposits_taken_fen,
             deposits_refunded_fen = desk_days.deposits_refunded_fen + EXCLUDED.deposits_refunded_fen,
             prepayments_received_fen = desk_days.prepayments_received_fen + EXCLUDED.prepayments_received_fen,
             reversals_count = desk_days.reversals_count + EXCLUDED.reversals_count,
             reversals_fen = desk_days.reversals_fen + EXCLUDED.reversals_fen",
        &[
            &desk.estate_id,
            &desk.desk_id,
            &days,
            &col(|f| f.total_fen),
            &col(|f| f.deposits_taken_fen),
            &col(|f| f.deposits_refunded_fen),
            &col(|f| f.prepayments_received_fen),
            &col(|f| f.reversals_count),
            &col(|f| f.reversals_fen),
        ],
    )
    .await?;
    Ok(())
}

/// Head office's own figures of a desk's day, from the reports kept at ingest.
pub async fn day_figures<C: tokio_postgres::GenericClient + Sync>(
    tx: &C,
    (estate_id, desk_id): (uuid::Uuid, uuid::Uuid),
    day: &str,
) -> HqResult<DayFigures> {
    let mut f = DayFigures::default();
    if let Some(r) = tx
        .query_opt(
            "SELECT receipts, receipts_first, receipts_last, vouchers, vouchers_first, vouchers_last, voided_count, voided_fen
             FROM desk_days WHERE estate_id = $1 AND desk_id = $2 AND day = $3::text::date",
            &[&estate_id, &desk_id, &day],
        )
        .await?
    {
        f.receipts = DocumentRange { count: r.get(0), first: r.get(1), last: r.get(2) };
        f.vouchers = DocumentRange { count: r.get(3), first: r.get(4), last: r.get(5) };
        f.voided_count = r.get(6);
        f.voided_fen = r.get(7);
    }
    let rows = tx
        .query(
            "SELECT key, fen, count FROM desk_day_totals WHERE estate_id = $1 AND desk_id = $2 AND day = $3::text::date ORDER BY key",
            &[&estate_id, &desk_id, &day],
        )
        .await?;
    for r in rows {
        put_total(&mut f, r.get(0), r.get(1), r.get(2));
    }
    Ok(f)
}

/// One of a day's totals, by its key in `desk_day_totals`, into the day's figures.
pub fn put_total(f: &mut DayFigures, key: &str, fen: i64, count: i64) {
    if count == 0 && fen == 0 {
        return;
    }
    match key {
        k if k.starts_with("method:") => {
            f.by_method.push((k[7..].to_string(), fen));
            f.total_fen += fen;
        }
        k if k.starts_with("item:") => f.by_item.push((k[5..].to_string(), fen)),
        "deposit_taken" => f.deposits_taken_fen = fen,
        "deposit_refunded" => f.deposits_refunded_fen = fen,
        "prepayment_received" => f.prepayments_received_fen = fen,
        "reversals" => (f.reversals_count, f.reversals_fen) = (count, fen),
        _ => {}
    }
}

/// Both sides' figures in one order (lists sorted by key, zero lines dropped).
pub fn normalised(mut f: DayFigures) -> DayFigures {
    f.by_method.retain(|x| x.1 != 0);
    f.by_item.retain(|x| x.1 != 0);
    f.by_method.sort();
    f.by_item.sort();
    f
}

/// The desk's signed closing against head office's figures of that day: equal to the fen, or an alert.
async fn check_closing(
    tx: &Transaction<'_>,
    desk: &Desk,
    e: &WireEvent,
    c: &DailyClosing,
) -> HqResult<()> {
    let ours = normalised(day_figures(&**tx, (desk.estate_id, desk.desk_id), &c.date).await?);
    let theirs = normalised(c.figures.clone());
    let (status, detail) = if ours == theirs {
        ("match", String::new())
    } else {
        (
            "mismatch",
            format!("desk {:?}\nhead office {:?}", theirs, ours),
        )
    };
    let closing = serde_json::to_value(c).expect("serialise");
    tx.execute(
        "INSERT INTO desk_days(estate_id, desk_id, day, closing, closing_seq, closing_status, closing_detail)
         VALUES ($1, $2, $3::text::date, $4, $5, $6, $7)
         ON CONFLICT (estate_id, desk_id, day) DO UPDATE SET closing = $4, closing_seq = $5, closing_status = $6, closing_detail = $7",
        &[&desk.estate_id, &desk.desk_id, &c.date, &closing, &e.seq, &status, &detail],
    )
    .await?;
    if status == "mismatch" {
        alert(
            tx,
            desk,
            "closing_mismatch",
            Some(e.seq),
            &format!("daily closing {} differs: {detail}", c.date),
        )
        .await?;
    }
    Ok(())
}

/// Apply the stored events not yet applied, desk by desk, at most `batch` a desk a transaction (its
/// applied position moves in the same transaction, so a crash repeats nothing and skips nothing).
/// How many events were applied.
pub async fn catch_up(pool: &Pool, batch: i64) -> HqResult<usize> {
    let desks = {
        let c = pool.get().await?;
        c.query(
            "SELECT a.estate_id, a.desk_id, d.code FROM desk_applied a JOIN desk_heads h USING (estate_id, desk_id)
             JOIN desks d USING (estate_id, desk_id) WHERE a.applied_seq < h.head_seq",
            &[],
        )
        .await?
    };
    let mut applied = 0;
    for r in desks {
        let desk = Desk {
            estate_id: r.get(0),
            desk_id: r.get(1),
            code: r.get(2),
            keys: vec![],
        };
        applied += apply_next(pool, &desk, batch).await?;
    }
    Ok(applied)
}

async fn apply_next(pool: &Pool, desk: &Desk, batch: i64) -> HqResult<usize> {
    let mut c = pool.get().await?;
    let tx = c.transaction().await?;
    // Another applier at work on this desk: leave it.
    let Some(row) = tx
        .query_opt(
            "SELECT applied_seq FROM desk_applied WHERE estate_id = $1 AND desk_id = $2 FOR UPDATE SKIP LOCKED",
            &[&desk.estate_id, &desk.desk_id],
        )
        .await?
    else {
        return Ok(0);
    };
    let from: i64 = row.get(0);
    let rows = tx
        .query(
            "SELECT seq, event_id::text, at, payload, prev_hash, hash, sig FROM events
             WHERE estate_id = $1 AND desk_id = $2 AND seq > $3 AND seq <= $3 + $4 ORDER BY seq",
            &[&desk.estate_id, &desk.desk_id, &from, &batch],
        )
        .await?;
    let events: Vec<WireEvent> = rows
        .iter()
        .map(|r| WireEvent {
            seq: r.get(0),
            id: r.get(1),
            desk: desk.code.clone(),
            at: r.get(2),
            payload: r.get(3),
            prev_hash: r.get(4),
            hash: r.get(5),
            sig: r.get(6),
        })
        .take_while(|e| e.seq > from)
        .collect();
    // Only a run without holes (the events are stored in order, so there is none).
    let run: Vec<WireEvent> = events
        .into_iter()
        .enumerate()
        .take_while(|(i, e)| e.seq == from + 1 + *i as i64)
        .map(|(_, e)| e)
        .collect();
    let Some(last) = run.last().map(|e| e.seq) else {
        return Ok(0);
    };
    apply(&tx, desk, &run).await?;
    tx.execute(
        "UPDATE desk_applied SET applied_seq = $3 WHERE estate_id = $1 AND desk_id = $2",
        &[&desk.estate_id, &desk.desk_id, &last],
    )
    .await?;
    tx.commit().await?;
    Ok(run.len())
}
