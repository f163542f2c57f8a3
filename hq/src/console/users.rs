//! The console's people: their role and, for an estate manager, the estates they look after.

use deadpool_postgres::Pool;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::session::{hash_password, Role};
use crate::{HqError, HqResult};

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub password: String,
    /// Estate codes (a manager's estates; ignored for the other roles).
    #[serde(default)]
    pub estates: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub struct UserRow {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub estates: Vec<String>,
}

fn check_username(s: &str) -> HqResult<String> {
    let t = s.trim().to_lowercase();
    if t.is_empty()
        || t.len() > 32
        || !t
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    {
        return Err(HqError::bad_request(
            "INVALID_INPUT",
            format!("用户名「{s}」无效：1–32 位字母、数字、_ 或 ."),
            format!("invalid username \"{s}\": 1-32 letters, digits, _ or ."),
        ));
    }
    Ok(t)
}

pub async fn add_user(pool: &Pool, u: &NewUser) -> HqResult<UserRow> {
    let username = check_username(&u.username)?;
    let role = Role::parse(&u.role)?;
    let name = u.display_name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(HqError::bad_request(
            "INVALID_INPUT",
            "请填写姓名（最多 50 字）",
            "a name is required (50 characters at most)",
        ));
    }
    let pw = u.password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&pw))
        .await
        .map_err(|e| HqError::new(500, "INTERNAL", e.to_string(), e.to_string()))??;
    let codes: Vec<String> = match role {
        Role::Manager => u.estates.iter().map(|e| e.trim().to_uppercase()).collect(),
        _ => vec![],
    };
    if role == Role::Manager && codes.is_empty() {
        return Err(HqError::bad_request(
            "INVALID_INPUT",
            "项目经理至少要负责一个项目",
            "a manager needs at least one estate",
        ));
    }
    let mut c = pool.get().await?;
    let tx = c.transaction().await?;
    let ids: Vec<Uuid> = tx
        .query(
            "SELECT estate_id FROM estates WHERE code = ANY($1)",
            &[&codes],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    if ids.len() != codes.len() {
        return Err(HqError::not_found(
            format!("项目不存在：{}", codes.join("、")),
            format!("no such estate among {}", codes.join(", ")),
        ));
    }
    let id = Uuid::now_v7();
    let n = tx
        .execute(
            "INSERT INTO console_users(user_id, username, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (username) DO NOTHING",
            &[&id, &username, &name, &role.code(), &hash],
        )
        .await?;
    if n == 0 {
        return Err(HqError::conflict(
            "DUPLICATE",
            format!("用户 {username} 已存在"),
            format!("user {username} already exists"),
        ));
    }
    tx.execute(
        "INSERT INTO console_user_estates(user_id, estate_id) SELECT $1, UNNEST($2::uuid[])",
        &[&id, &ids],
    )
    .await?;
    tx.commit().await?;
    Ok(UserRow {
        username,
        display_name: name.to_string(),
        role,
        active: true,
        estates: codes,
    })
}

pub async fn users(pool: &Pool) -> HqResult<Vec<UserRow>> {
    let c = pool.get().await?;
    let rows = c
        .query(
            "SELECT u.username, u.display_name, u.role, u.active,
                    COALESCE(array_agg(e.code ORDER BY e.code) FILTER (WHERE e.code IS NOT NULL), '{}')
             FROM console_users u LEFT JOIN console_user_estates ue USING (user_id) LEFT JOIN estates e USING (estate_id)
             GROUP BY u.user_id ORDER BY u.username",
            &[],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(UserRow {
                username: r.get(0),
                display_name: r.get(1),
                role: Role::parse(r.get(2))?,
                active: r.get(3),
                estates: r.get(4),
            })
        })
        .collect()
}
