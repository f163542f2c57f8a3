//! Enrollment: a desk presents a one-time code and its new public key; the code names the desk (and
//! is spent), the key starts signing from the desk's next event. A replaced counter PC re-enrolls the
//! same desk with a new code and key and continues the same chain.

use deadpool_postgres::Pool;
use feedesk_protocol::sign::Purpose;
use feedesk_protocol::sync::{EnrollReply, EnrollRequest};
use feedesk_protocol::PublicKey;
use uuid::Uuid;

use crate::admin::code_hash;
use crate::{HqError, HqResult};

fn bad_key() -> HqError {
    HqError::bad_request(
        "INVALID_KEY",
        "收银台公钥或签名无效",
        "the desk's public key or signature is invalid",
    )
}

pub async fn enroll(pool: &Pool, req: &EnrollRequest) -> HqResult<EnrollReply> {
    let public = PublicKey::from_hex(&req.public_key).map_err(|_| bad_key())?;
    if !public.verifies(
        Purpose::Anchor,
        &EnrollRequest::anchor(req.head_seq, &req.head_hash),
        &req.head_sig,
    ) || req.head_seq < 0
        || req.head_hash.len() != 64
    {
        return Err(bad_key());
    }
    let qr_secret = hex::decode(&req.qr_secret).ok().filter(|s| s.len() == 32);
    let mut c = pool.get().await?;
    let tx = c.transaction().await?;
    // Spend the code: one statement, so two desks racing with one code cannot both have it.
    let row = tx
        .query_opt(
            "UPDATE enrollment_codes SET used_at = now() WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now()
             RETURNING estate_id, desk_id",
            &[&code_hash(&req.code)],
        )
        .await?
        .ok_or_else(|| {
            HqError::new(
                403,
                "BAD_CODE",
                "注册码无效、已使用或已过期：请向总部重新申请",
                "the enrollment code is unknown, already used or expired: ask head office for a new one",
            )
        })?;
    let (estate_id, desk_id): (Uuid, Uuid) = (row.get(0), row.get(1));
    let d = tx
        .query_one(
            "SELECT d.code, e.code, e.name, h.head_seq, h.head_hash, d.revoked_at IS NOT NULL
             FROM desks d JOIN estates e ON e.estate_id = d.estate_id
             JOIN desk_heads h ON h.estate_id = d.estate_id AND h.desk_id = d.desk_id
             WHERE d.estate_id = $1 AND d.desk_id = $2",
            &[&estate_id, &desk_id],
        )
        .await?;
    let (desk_code, estate_code, estate_name): (String, String, String) =
        (d.get(0), d.get(1), d.get(2));
    let (hq_seq, hq_hash): (i64, String) = (d.get(3), d.get(4));
    if d.get::<_, bool>(5) {
        return Err(HqError::new(
            403,
            "DESK_REVOKED",
            "该收银台已被总部停用",
            "this desk has been revoked by head office",
        ));
    }
    if !desk_code.eq_ignore_ascii_case(req.desk_code.trim()) {
        return Err(HqError::conflict(
            "WRONG_DESK",
            format!("注册码属于收银台 {desk_code}，本机是 {}", req.desk_code),
            format!(
                "the code is for desk {desk_code}, this desk is {}",
                req.desk_code
            ),
        ));
    }
    // The desk must carry on from what head office holds of it, never from behind or aside.
    if req.head_seq < hq_seq {
        return Err(HqError::conflict(
            "BEHIND",
            format!("总部已有本收银台第 {hq_seq} 条事件，本机只到第 {} 条：请先恢复账套", req.head_seq),
            format!("head office holds this desk's events up to {hq_seq}, this desk only up to {}: restore its ledger first", req.head_seq),
        ));
    }
    if req.head_seq == hq_seq && req.head_hash != hq_hash {
        return Err(HqError::conflict(
            "FORK",
            "本机事件链与总部记录不一致（分叉）",
            "this desk's chain differs from head office's (a fork)",
        ));
    }
    let key_no: i32 = tx
        .query_one(
            "SELECT COALESCE(MAX(key_no), 0) + 1 FROM desk_keys WHERE estate_id = $1 AND desk_id = $2",
            &[&estate_id, &desk_id],
        )
        .await?
        .get(0);
    tx.execute(
        "INSERT INTO desk_keys(estate_id, desk_id, key_no, public_key, from_seq, anchor_seq, anchor_hash, anchor_sig, qr_secret)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            &estate_id,
            &desk_id,
            &key_no,
            &public.to_bytes().to_vec(),
            &(req.head_seq + 1),
            &req.head_seq,
            &req.head_hash,
            &req.head_sig,
            &qr_secret,
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(EnrollReply {
        estate_id: estate_id.to_string(),
        estate_code,
        estate_name,
        desk_id: desk_id.to_string(),
        desk_code,
        key_no,
        head_seq: hq_seq,
        head_hash: hq_hash,
    })
}
