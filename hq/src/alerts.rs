//! Alerts: what head office found wrong (a fork, a tampered or forged event, a gap left open, a
//! quarantined event, a closing that differs), kept with the transaction that found it.

use deadpool_postgres::Transaction;

use crate::auth::Desk;
use crate::HqResult;

/// An alert at head office (kept with the transaction that found it).
pub async fn alert(
    tx: &Transaction<'_>,
    desk: &Desk,
    kind: &str,
    seq: Option<i64>,
    detail: &str,
) -> HqResult<()> {
    tx.execute(
        "INSERT INTO alerts(estate_id, desk_id, kind, seq, detail) VALUES ($1, $2, $3, $4, $5)",
        &[&desk.estate_id, &desk.desk_id, &kind, &seq, &detail],
    )
    .await?;
    Ok(())
}
