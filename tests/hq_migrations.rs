//! Head office's migrations keep what it already holds: each upgrade of held data, from the schema
//! before it, on real PostgreSQL.

mod common;

use common::hq::*;
use uuid::Uuid;

/// V7 sums what V6 held: each estate's day by key from its desks', and each desk-day's headline
/// figures (the group's daily report reads these instead of every desk's totals).
#[test]
fn v7_sums_the_days_v6_held() {
    let pool = feedesk_hq::db::pool(&shared_pg().database(), 2).unwrap();
    let (estate, a01, a02) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let (cash, headlines) = block_on(async {
        feedesk_hq::db::migrate_until(&pool, Some(6)).await.unwrap();
        let c = pool.get().await.unwrap();
        c.batch_execute(&format!(
            "INSERT INTO estates(estate_id, code, name) VALUES ('{estate}', 'EST1', '东方花园');
             INSERT INTO desks(estate_id, desk_id, code) VALUES ('{estate}', '{a01}', 'A01'), ('{estate}', '{a02}', 'A02');
             INSERT INTO desk_days(estate_id, desk_id, day, receipts) VALUES ('{estate}', '{a01}', '2026-03-03', 2);
             INSERT INTO desk_day_totals(estate_id, desk_id, day, key, fen, count) VALUES
               ('{estate}', '{a01}', '2026-03-03', 'method:cash', 10000, 2),
               ('{estate}', '{a01}', '2026-03-03', 'method:wechat', 2550, 1),
               ('{estate}', '{a01}', '2026-03-03', 'deposit_taken', 200000, 1),
               ('{estate}', '{a01}', '2026-03-03', 'reversals', -1200, 1),
               ('{estate}', '{a02}', '2026-03-03', 'method:cash', 500, 1),
               ('{estate}', '{a02}', '2026-03-03', 'deposit_refunded', -50000, 1),
               ('{estate}', '{a02}', '2026-03-03', 'prepayment_received', 30000, 1);"
        ))
        .await
        .unwrap();
        drop(c);
        feedesk_hq::db::migrate(&pool).await.unwrap();
        let c = pool.get().await.unwrap();
        let cash: i64 = c
            .query_one(
                "SELECT fen FROM estate_day_totals WHERE estate_id = $1 AND day = '2026-03-03' AND key = 'method:cash'",
                &[&estate],
            )
            .await
            .unwrap()
            .get(0);
        let mut headlines = vec![];
        for desk in [a01, a02] {
            let r = c
                .query_one(
                    "SELECT receipts, total_fen, deposits_taken_fen, deposits_refunded_fen, prepayments_received_fen,
                            reversals_count, reversals_fen
                       FROM desk_days WHERE estate_id = $1 AND desk_id = $2 AND day = '2026-03-03'",
                    &[&estate, &desk],
                )
                .await
                .unwrap();
            headlines.push((0..7).map(|i| r.get::<_, i64>(i)).collect::<Vec<i64>>());
        }
        (cash, headlines)
    });
    assert_estate_days_add_up(&pool);
    assert_eq!(cash, 10500);
    // A01's row keeps its documents and gains its figures; A02 had totals but no row: it has one now.
    assert_eq!(headlines[0], vec![2, 12550, 200000, 0, 0, 1, -1200]);
    assert_eq!(headlines[1], vec![0, 500, 0, -50000, 30000, 0, 0]);
}
