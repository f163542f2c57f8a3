//! 收据验真: a receipt's QR text (its seal checked with the keys or QR secrets of the desks that carry
//! the code it names) or a typed receipt number, against the documents head office holds →
//! 真实 / 已作废 / 已红冲 / 未知 / 伪造, with the document (payer masked).

use deadpool_postgres::Pool;
use feedesk_protocol::{PublicKey, ScannedQr};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{mask_name, Scope};
use crate::{HqError, HqResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub enum Verdict {
    /// 真实: issued and standing.
    Genuine,
    /// 已作废
    Voided,
    /// 已红冲
    Reversed,
    /// 未知: nothing known to check it against (not synced yet, or not a desk of these estates).
    Unknown,
    /// 伪造: the seal does not match, or the amount differs from the document issued.
    Forged,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct ReceiptSummary {
    pub estate_code: String,
    pub estate_name: String,
    pub desk_code: String,
    pub number: String,
    pub at: String,
    pub kind: String,
    pub unit: Option<String>,
    pub payer: String,
    pub total_fen: i64,
    pub voided: bool,
    pub reversed_by: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct Verification {
    pub verdict: Verdict,
    /// `qr` (the seal was checked) or `number` (looked up by number only).
    pub by: String,
    pub receipt: Option<ReceiptSummary>,
}

fn unreadable() -> HqError {
    HqError::bad_request(
        "UNREADABLE",
        "无法识别：既不是本系统收据的二维码内容，也不是收据号",
        "not recognised: neither a feedesk receipt's QR text nor a receipt number",
    )
}

fn looks_like_number(t: &str) -> bool {
    !t.is_empty() && t.len() <= 40 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

pub async fn verify(pool: &Pool, scope: &Scope, text: &str) -> HqResult<Verification> {
    let text = text.trim();
    match ScannedQr::read(text) {
        Ok(qr) => by_qr(pool, scope, &qr).await,
        Err(_) if looks_like_number(text) => {
            let found = find(pool, &scope.estates, text).await?;
            Ok(standing(found, "number", None))
        }
        Err(_) => Err(unreadable()),
    }
}

async fn by_qr(pool: &Pool, scope: &Scope, qr: &ScannedQr) -> HqResult<Verification> {
    let c = pool.get().await?;
    let keys = c
        .query(
            "SELECT k.estate_id, k.public_key, k.qr_secret FROM desk_keys k JOIN desks d USING (estate_id, desk_id)
             WHERE d.code = $1 AND k.estate_id = ANY($2)",
            &[&qr.payload.desk, &scope.estates],
        )
        .await?;
    if keys.is_empty() {
        return Ok(Verification {
            verdict: Verdict::Unknown,
            by: "qr".into(),
            receipt: None,
        });
    }
    let sealed_by = keys.iter().find_map(|k| {
        let public: Vec<u8> = k.get(1);
        let secret: Option<Vec<u8>> = k.get(2);
        let ok = if qr.signed {
            PublicKey::from_bytes(&public)
                .map(|p| qr.check_key(&p))
                .unwrap_or(false)
        } else {
            secret.map(|s| qr.check_secret(&s)).unwrap_or(false)
        };
        ok.then(|| k.get::<_, Uuid>(0))
    });
    let Some(estate) = sealed_by else {
        return Ok(Verification {
            verdict: Verdict::Forged,
            by: "qr".into(),
            receipt: None,
        });
    };
    let found = find(pool, &[estate], &qr.payload.number).await?;
    Ok(standing(found, "qr", Some(qr.payload.amount_fen)))
}

fn standing(found: Option<ReceiptSummary>, by: &str, amount: Option<i64>) -> Verification {
    let verdict = match (&found, amount) {
        (None, _) => Verdict::Unknown,
        (Some(r), Some(a)) if r.total_fen != a => Verdict::Forged,
        (Some(r), _) if r.voided => Verdict::Voided,
        (Some(r), _) if r.reversed_by.is_some() => Verdict::Reversed,
        _ => Verdict::Genuine,
    };
    Verification {
        verdict,
        by: by.into(),
        receipt: found,
    }
}

async fn find(pool: &Pool, estates: &[Uuid], number: &str) -> HqResult<Option<ReceiptSummary>> {
    let c = pool.get().await?;
    let row = c
        .query_opt(
            "SELECT e.code, e.name, d.code, r.number, r.at, r.kind, r.unit, r.payer,
                    r.total_fen, r.voided, r.reversed_by
             FROM receipts r JOIN estates e USING (estate_id) JOIN desks d USING (estate_id, desk_id)
             WHERE r.number = $1 AND r.estate_id = ANY($2) ORDER BY e.code LIMIT 1",
            &[&number.trim().to_uppercase(), &estates],
        )
        .await?;
    Ok(row.map(|r| ReceiptSummary {
        estate_code: r.get(0),
        estate_name: r.get(1),
        desk_code: r.get(2),
        number: r.get(3),
        at: r.get(4),
        kind: r.get(5),
        unit: r.get(6),
        payer: mask_name(r.get(7)),
        total_fen: r.get(8),
        voided: r.get(9),
        reversed_by: r.get(10),
    }))
}
