//! Administration: estates, desks, one-time enrollment codes, revocation, the state of every desk.

use chrono::{DateTime, Utc};
use deadpool_postgres::Pool;
use feedesk_protocol::GENESIS_HASH;
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{HqError, HqResult};

/// How long an enrollment code stays valid.
pub const CODE_HOURS: i64 = 72;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct EstateRow {
    pub estate_id: Uuid,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct DeskRow {
    pub estate_id: Uuid,
    pub estate_code: String,
    pub desk_id: Uuid,
    pub code: String,
    pub revoked: bool,
    pub keys: i64,
    pub head_seq: i64,
    pub last_event_at: Option<String>,
    pub held: i64,
    pub quarantined: i64,
    pub alerts: i64,
}

/// A one-time code as issued: shown once, stored hashed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct IssuedCode {
    pub code: String,
    pub estate_code: String,
    pub desk_code: String,
    pub expires_at: DateTime<Utc>,
}

pub fn code_hash(code: &str) -> Vec<u8> {
    Sha256::digest(code.trim().to_uppercase().as_bytes()).to_vec()
}

fn check_code_text(what: (&str, &str), s: &str) -> HqResult<String> {
    let t = s.trim().to_uppercase();
    if t.is_empty() || t.len() > 16 || !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(HqError::bad_request(
            "INVALID_INPUT",
            format!("{}「{s}」无效：1–16 位字母、数字或 -", what.0),
            format!("invalid {} \"{s}\": 1-16 letters, digits or -", what.1),
        ));
    }
    Ok(t)
}

pub async fn create_estate(pool: &Pool, code: &str, name: &str) -> HqResult<EstateRow> {
    let code = check_code_text(("项目编号", "estate code"), code)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(HqError::bad_request(
            "INVALID_INPUT",
            "请填写项目名称（最多 100 字）",
            "the estate name is required (100 characters at most)",
        ));
    }
    let c = pool.get().await?;
    let id = Uuid::now_v7();
    let n = c
        .execute(
            "INSERT INTO estates(estate_id, code, name) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING",
            &[&id, &code, &name],
        )
        .await?;
    if n == 0 {
        return Err(HqError::conflict(
            "DUPLICATE",
            format!("项目 {code} 已存在"),
            format!("estate {code} already exists"),
        ));
    }
    Ok(EstateRow {
        estate_id: id,
        code,
        name: name.to_string(),
    })
}

/// Every estate, by code.
pub async fn estates(pool: &Pool) -> HqResult<Vec<EstateRow>> {
    let c = pool.get().await?;
    let rows = c
        .query(
            "SELECT estate_id, code, name FROM estates ORDER BY code",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| EstateRow {
            estate_id: r.get(0),
            code: r.get(1),
            name: r.get(2),
        })
        .collect())
}

pub async fn estate_by_code(pool: &Pool, code: &str) -> HqResult<EstateRow> {
    let c = pool.get().await?;
    let code = code.trim().to_uppercase();
    let row = c
        .query_opt(
            "SELECT estate_id, code, name FROM estates WHERE code = $1",
            &[&code],
        )
        .await?
        .ok_or_else(|| {
            HqError::not_found(
                format!("项目 {code} 不存在"),
                format!("estate {code} not found"),
            )
        })?;
    Ok(EstateRow {
        estate_id: row.get(0),
        code: row.get(1),
        name: row.get(2),
    })
}

/// A desk of an estate, with its head at the genesis.
pub async fn create_desk(pool: &Pool, estate: &str, code: &str) -> HqResult<DeskRow> {
    let e = estate_by_code(pool, estate).await?;
    let code = check_code_text(("收银台编号", "desk code"), code)?;
    let mut c = pool.get().await?;
    let tx = c.transaction().await?;
    let id = Uuid::now_v7();
    let n = tx
        .execute(
            "INSERT INTO desks(estate_id, desk_id, code) VALUES ($1, $2, $3) ON CONFLICT (estate_id, code) DO NOTHING",
            &[&e.estate_id, &id, &code],
        )
        .await?;
    if n == 0 {
        return Err(HqError::conflict(
            "DUPLICATE",
            format!("收银台 {} {code} 已存在", e.code),
            format!("desk {} {code} already exists", e.code),
        ));
    }
    tx.execute(
        "INSERT INTO desk_heads(estate_id, desk_id, head_hash) VALUES ($1, $2, $3)",
        &[&e.estate_id, &id, &GENESIS_HASH],
    )
    .await?;
    tx.execute(
        "INSERT INTO desk_applied(estate_id, desk_id) VALUES ($1, $2)",
        &[&e.estate_id, &id],
    )
    .await?;
    tx.commit().await?;
    Ok(DeskRow {
        estate_id: e.estate_id,
        estate_code: e.code,
        desk_id: id,
        code,
        revoked: false,
        keys: 0,
        head_seq: 0,
        last_event_at: None,
        held: 0,
        quarantined: 0,
        alerts: 0,
    })
}

async fn desk_id(pool: &Pool, estate: &str, desk: &str) -> HqResult<(Uuid, Uuid)> {
    let e = estate_by_code(pool, estate).await?;
    let c = pool.get().await?;
    let code = desk.trim().to_uppercase();
    let row = c
        .query_opt(
            "SELECT desk_id FROM desks WHERE estate_id = $1 AND code = $2",
            &[&e.estate_id, &code],
        )
        .await?
        .ok_or_else(|| {
            HqError::not_found(
                format!("收银台 {} {code} 不存在", e.code),
                format!("desk {} {code} not found", e.code),
            )
        })?;
    Ok((e.estate_id, row.get(0)))
}

/// A new one-time enrollment code for a desk (a first enrollment, or a replaced counter PC).
pub async fn issue_code(pool: &Pool, estate: &str, desk: &str) -> HqResult<IssuedCode> {
    let (estate_id, desk_id) = desk_id(pool, estate, desk).await?;
    let raw: [u8; 10] = rand::random();
    // Base32 without look-alikes, in groups of four: easy to read out and type.
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut code = String::new();
    for (i, b) in raw
        .iter()
        .chain(rand::random::<[u8; 2]>().iter())
        .enumerate()
    {
        if i > 0 && i % 4 == 0 {
            code.push('-');
        }
        code.push(ALPHABET[*b as usize % ALPHABET.len()] as char);
    }
    let expires_at = Utc::now() + chrono::Duration::hours(CODE_HOURS);
    let c = pool.get().await?;
    c.execute(
        "INSERT INTO enrollment_codes(code_hash, estate_id, desk_id, expires_at) VALUES ($1, $2, $3, $4)",
        &[&code_hash(&code), &estate_id, &desk_id, &expires_at],
    )
    .await?;
    Ok(IssuedCode {
        code,
        estate_code: estate.trim().to_uppercase(),
        desk_code: desk.trim().to_uppercase(),
        expires_at,
    })
}

/// Revoke a desk: its requests are refused from now on (its events already held stay).
pub async fn revoke(pool: &Pool, estate: &str, desk: &str, reason: &str) -> HqResult<()> {
    let (estate_id, desk_id) = desk_id(pool, estate, desk).await?;
    let c = pool.get().await?;
    c.execute(
        "UPDATE desks SET revoked_at = now(), revoked_reason = $3 WHERE estate_id = $1 AND desk_id = $2",
        &[&estate_id, &desk_id, &reason.trim()],
    )
    .await?;
    c.execute(
        "INSERT INTO alerts(estate_id, desk_id, kind, detail) VALUES ($1, $2, 'revoked', $3)",
        &[
            &estate_id,
            &desk_id,
            &format!("desk revoked: {}", reason.trim()),
        ],
    )
    .await?;
    Ok(())
}

/// Every desk with where its chain stands (of the estates in `only`, when given).
pub async fn desks(pool: &Pool, only: Option<&[Uuid]>) -> HqResult<Vec<DeskRow>> {
    let c = pool.get().await?;
    let rows = c
        .query(
            "SELECT d.estate_id, e.code, d.desk_id, d.code, d.revoked_at IS NOT NULL,
                    (SELECT COUNT(*) FROM desk_keys k WHERE k.estate_id = d.estate_id AND k.desk_id = d.desk_id),
                    h.head_seq, h.last_event_at,
                    (SELECT COUNT(*) FROM held_events x WHERE x.estate_id = d.estate_id AND x.desk_id = d.desk_id),
                    (SELECT COUNT(*) FROM quarantine q WHERE q.estate_id = d.estate_id AND q.desk_id = d.desk_id),
                    (SELECT COUNT(*) FROM alerts a WHERE a.estate_id = d.estate_id AND a.desk_id = d.desk_id)
             FROM desks d JOIN estates e ON e.estate_id = d.estate_id
             JOIN desk_heads h ON h.estate_id = d.estate_id AND h.desk_id = d.desk_id
             WHERE $1::uuid[] IS NULL OR d.estate_id = ANY($1)
             ORDER BY e.code, d.code",
            &[&only],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| DeskRow {
            estate_id: r.get(0),
            estate_code: r.get(1),
            desk_id: r.get(2),
            code: r.get(3),
            revoked: r.get(4),
            keys: r.get(5),
            head_seq: r.get(6),
            last_event_at: r.get(7),
            held: r.get(8),
            quarantined: r.get(9),
            alerts: r.get(10),
        })
        .collect())
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct AlertRow {
    pub estate_code: String,
    pub desk_code: Option<String>,
    pub kind: String,
    pub seq: Option<i64>,
    pub detail: String,
    pub at: DateTime<Utc>,
}

/// The alerts, newest first (of the estates in `only`, when given).
pub async fn alerts(pool: &Pool, only: Option<&[Uuid]>, limit: i64) -> HqResult<Vec<AlertRow>> {
    let c = pool.get().await?;
    let rows = c
        .query(
            "SELECT e.code, d.code, a.kind, a.seq, a.detail, a.at FROM alerts a JOIN estates e ON e.estate_id = a.estate_id
             LEFT JOIN desks d ON d.estate_id = a.estate_id AND d.desk_id = a.desk_id
             WHERE $2::uuid[] IS NULL OR a.estate_id = ANY($2)
             ORDER BY a.at DESC, a.alert_id DESC LIMIT $1",
            &[&limit, &only],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| AlertRow {
            estate_code: r.get(0),
            desk_code: r.get(1),
            kind: r.get(2),
            seq: r.get(3),
            detail: r.get(4),
            at: r.get(5),
        })
        .collect())
}
