//! Which desk is asking: taken from the request's signature with the desk's enrolled key, never from
//! the body. A request is fresh (its time within five minutes) and used once (its nonce); a revoked
//! desk is refused with a clear message.

use axum::http::HeaderMap;
use deadpool_postgres::Object;
use feedesk_protocol::sync::{
    request_signed_by, HEADER_DESK, HEADER_KEY, HEADER_NONCE, HEADER_SIGNATURE, HEADER_TIME,
    MAX_CLOCK_SKEW_SECS,
};
use feedesk_protocol::PublicKey;
use uuid::Uuid;

use crate::{HqError, HqResult};

/// A key of the desk and the events it signs (from `from_seq` on).
#[derive(Debug, Clone)]
pub struct DeskKey {
    pub key_no: i32,
    pub public: PublicKey,
    pub from_seq: i64,
    pub anchor_seq: i64,
    pub anchor_hash: String,
}

/// The desk a request came from.
#[derive(Debug, Clone)]
pub struct Desk {
    pub estate_id: Uuid,
    pub desk_id: Uuid,
    pub code: String,
    /// Every key it enrolled with, oldest first.
    pub keys: Vec<DeskKey>,
}

impl Desk {
    /// The key that signs event `seq`; None for events before the first enrollment (unsigned).
    pub fn key_for(&self, seq: i64) -> Option<&DeskKey> {
        self.keys.iter().rev().find(|k| seq >= k.from_seq)
    }
    /// Events up to here were written before the desk had a key.
    pub fn first_anchor(&self) -> (i64, &str) {
        self.keys
            .first()
            .map(|k| (k.anchor_seq, k.anchor_hash.as_str()))
            .unwrap_or((0, ""))
    }
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> HqResult<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok()).ok_or_else(|| {
        HqError::unauthorized(
            format!("请求缺少签名信息（{name}）"),
            format!("the request is not signed (no {name})"),
        )
    })
}

fn refused() -> HqError {
    HqError::unauthorized(
        "请求签名无效：收银台身份无法确认",
        "the request's signature does not verify: the desk cannot be identified",
    )
}

/// Load a desk with its keys; a revoked desk is refused.
pub async fn load_desk(c: &Object, estate_id: Uuid, desk_id: Uuid) -> HqResult<Desk> {
    let row = c
        .query_opt(
            "SELECT code, revoked_at IS NOT NULL, COALESCE(revoked_reason, '') FROM desks WHERE estate_id = $1 AND desk_id = $2",
            &[&estate_id, &desk_id],
        )
        .await?
        .ok_or_else(refused)?;
    if row.get::<_, bool>(1) {
        let why: String = row.get(2);
        return Err(HqError::new(
            403,
            "DESK_REVOKED",
            format!("本收银台已被总部停用（{why}），请联系总部"),
            format!("this desk has been revoked by head office ({why}); contact head office"),
        ));
    }
    let keys = c
        .query(
            "SELECT key_no, public_key, from_seq, anchor_seq, anchor_hash FROM desk_keys WHERE estate_id = $1 AND desk_id = $2 ORDER BY key_no",
            &[&estate_id, &desk_id],
        )
        .await?
        .iter()
        .filter_map(|r| {
            Some(DeskKey {
                key_no: r.get(0),
                public: PublicKey::from_bytes(r.get::<_, &[u8]>(1)).ok()?,
                from_seq: r.get(2),
                anchor_seq: r.get(3),
                anchor_hash: r.get(4),
            })
        })
        .collect();
    Ok(Desk {
        estate_id,
        desk_id,
        code: row.get(0),
        keys,
    })
}

/// The desk that signed this request, after every check.
pub async fn authenticate(
    c: &Object,
    method: &str,
    path: &str,
    h: &HeaderMap,
    body: &[u8],
) -> HqResult<Desk> {
    let (estate, desk) = header(h, HEADER_DESK)?
        .split_once('/')
        .ok_or_else(refused)?;
    let estate_id: Uuid = estate.parse().map_err(|_| refused())?;
    let desk_id: Uuid = desk.parse().map_err(|_| refused())?;
    let key_no: i32 = header(h, HEADER_KEY)?.parse().map_err(|_| refused())?;
    let time: i64 = header(h, HEADER_TIME)?.parse().map_err(|_| refused())?;
    let nonce = header(h, HEADER_NONCE)?;
    let signature = header(h, HEADER_SIGNATURE)?;
    if nonce.len() < 16 || nonce.len() > 64 {
        return Err(refused());
    }
    let d = load_desk(c, estate_id, desk_id).await?;
    let key = d
        .keys
        .iter()
        .find(|k| k.key_no == key_no)
        .ok_or_else(refused)?;
    // A replaced key no longer speaks for the desk.
    if d.keys.last().map(|k| k.key_no) != Some(key_no)
        || !request_signed_by(&key.public, (method, path, time, nonce), body, signature)
    {
        return Err(refused());
    }
    let skew = (chrono::Utc::now().timestamp() - time).abs();
    if skew > MAX_CLOCK_SKEW_SECS {
        return Err(HqError::unauthorized(
            format!("请求时间与总部相差 {skew} 秒：请校准收银台电脑的时钟"),
            format!("the request's time is {skew} s off head office's: set the counter PC's clock"),
        ));
    }
    let fresh = c
        .execute(
            "INSERT INTO request_nonces(estate_id, desk_id, nonce) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&estate_id, &desk_id, &nonce],
        )
        .await?;
    if fresh == 0 {
        return Err(HqError::unauthorized(
            "重复的请求（已处理过），已拒绝",
            "a replayed request (already seen); refused",
        ));
    }
    Ok(d)
}
