//! Who is using the console: sign-in with an argon2 password (locked for a while after repeated
//! failures), a session cookie (HttpOnly, SameSite=Strict, Secure) whose token is stored hashed, and
//! the estates the person may see, resolved by the server on every request.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use axum::http::HeaderMap;
use deadpool_postgres::Pool;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{HqError, HqResult};

pub const COOKIE: &str = "fd_console";
pub const SESSION_HOURS: i64 = 8;
/// Failed sign-ins in a row before the account is locked, and for how long.
pub const MAX_FAILURES: i32 = 5;
pub const LOCK_MINUTES: i64 = 15;
pub const MIN_PASSWORD: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
pub enum Role {
    /// 总部管理员: estates, desks, people, fee standards, and every report.
    Admin,
    /// 总部财务: every estate's reports.
    Finance,
    /// 项目经理: the reports of their own estates only.
    Manager,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Finance => "finance",
            Role::Manager => "manager",
        }
    }
    pub fn parse(s: &str) -> HqResult<Role> {
        match s.trim() {
            "admin" | "总部管理员" => Ok(Role::Admin),
            "finance" | "总部财务" => Ok(Role::Finance),
            "manager" | "项目经理" => Ok(Role::Manager),
            _ => Err(HqError::bad_request(
                "INVALID_INPUT",
                format!("角色「{s}」无效：admin（总部管理员）、finance（总部财务）或 manager（项目经理）"),
                format!("invalid role \"{s}\": admin, finance or manager"),
            )),
        }
    }
}

/// The person behind a request, and the estates they may see.
#[derive(Debug, Clone, Serialize)]
pub struct Viewer {
    pub user_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    #[serde(skip)]
    pub estates: Vec<Uuid>,
}

impl Viewer {
    pub fn require_admin(&self) -> HqResult<()> {
        if self.role == Role::Admin {
            return Ok(());
        }
        Err(HqError::new(
            403,
            "FORBIDDEN",
            "只有总部管理员可以这样做",
            "only a head-office administrator may do this",
        ))
    }
    pub fn sees(&self, estate: Uuid) -> bool {
        self.estates.contains(&estate)
    }
}

fn hasher() -> Argon2<'static> {
    Argon2::default()
}

pub fn hash_password(password: &str) -> HqResult<String> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(HqError::bad_request(
            "INVALID_INPUT",
            format!("密码至少 {MIN_PASSWORD} 位"),
            format!("the password needs at least {MIN_PASSWORD} characters"),
        ));
    }
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            HqError::new(
                500,
                "INTERNAL",
                format!("密码加密失败：{e}"),
                format!("password hashing failed: {e}"),
            )
        })
}

fn password_matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| hasher().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

fn bad_login() -> HqError {
    HqError::unauthorized("用户名或密码错误", "wrong username or password")
}

/// Check the password; a new session's token on success. Unknown user and wrong password read the
/// same; after MAX_FAILURES failures in a row the account is locked for LOCK_MINUTES.
pub async fn sign_in(pool: &Pool, username: &str, password: &str) -> HqResult<String> {
    let c = pool.get().await?;
    let row = c
        .query_opt(
            "SELECT user_id, password_hash, active, locked_until > now(), to_char(locked_until, 'HH24:MI') FROM console_users WHERE username = $1",
            &[&username.trim()],
        )
        .await?;
    // An unknown user costs the same hash as a known one.
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = match &row {
        Some(r) => r.get::<_, String>(1),
        None => DUMMY
            .get_or_init(|| {
                hash_password(&hex::encode(rand::random::<[u8; 16]>())).unwrap_or_default()
            })
            .clone(),
    };
    let pw = password.to_string();
    let ok = tokio::task::spawn_blocking(move || password_matches(&pw, &stored))
        .await
        .unwrap_or(false);
    let Some(row) = row else {
        return Err(bad_login());
    };
    let (user_id, active, locked): (Uuid, bool, Option<bool>) =
        (row.get(0), row.get(2), row.get(3));
    if locked == Some(true) {
        let until: String = row.get(4);
        return Err(HqError::new(
            429,
            "LOCKED",
            format!("登录失败次数过多，账号已锁定至 {until}（UTC）"),
            format!("too many failed sign-ins: the account is locked until {until} UTC"),
        ));
    }
    if !ok || !active {
        c.execute(
            "UPDATE console_users u SET failed_logins = x.f,
                 locked_until = CASE WHEN x.f >= $2 THEN now() + make_interval(mins => $3) END
             FROM (SELECT CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END AS f
                   FROM console_users WHERE user_id = $1) x
             WHERE u.user_id = $1",
            &[&user_id, &MAX_FAILURES, &(LOCK_MINUTES as i32)],
        )
        .await?;
        return Err(bad_login());
    }
    c.execute(
        "UPDATE console_users SET failed_logins = 0, locked_until = NULL WHERE user_id = $1",
        &[&user_id],
    )
    .await?;
    let token = hex::encode(rand::random::<[u8; 32]>());
    c.execute(
        "INSERT INTO console_sessions(token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))",
        &[&token_hash(&token), &user_id, &(SESSION_HOURS as i32)],
    )
    .await?;
    Ok(token)
}

/// The session cookie's value in a request.
pub fn cookie_token(h: &HeaderMap) -> Option<String> {
    h.get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

pub fn set_cookie(token: &str) -> String {
    format!(
        "{COOKIE}={token}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age={}",
        SESSION_HOURS * 3600
    )
}

pub fn clear_cookie() -> String {
    format!("{COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0")
}

fn no_session() -> HqError {
    HqError::unauthorized(
        "未登录或登录已过期，请重新登录",
        "not signed in, or the session expired: sign in again",
    )
}

/// The signed-in person of a request, with the estates they may see; refused without a live session.
pub async fn viewer(pool: &Pool, h: &HeaderMap) -> HqResult<Viewer> {
    let token = cookie_token(h).ok_or_else(no_session)?;
    let c = pool.get().await?;
    let row = c
        .query_opt(
            "SELECT u.user_id, u.username, u.display_name, u.role FROM console_sessions s JOIN console_users u USING (user_id)
             WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active",
            &[&token_hash(&token)],
        )
        .await?
        .ok_or_else(no_session)?;
    let (user_id, role): (Uuid, String) = (row.get(0), row.get(3));
    let role = Role::parse(&role)?;
    let estates = c
        .query(
            "SELECT estate_id FROM estates WHERE $2
                 OR estate_id IN (SELECT estate_id FROM console_user_estates WHERE user_id = $1) ORDER BY code",
            &[&user_id, &(role != Role::Manager)],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    Ok(Viewer {
        user_id,
        username: row.get(1),
        display_name: row.get(2),
        role,
        estates,
    })
}

pub async fn sign_out(pool: &Pool, h: &HeaderMap) -> HqResult<()> {
    if let Some(token) = cookie_token(h) {
        let c = pool.get().await?;
        c.execute(
            "DELETE FROM console_sessions WHERE token_hash = $1",
            &[&token_hash(&token)],
        )
        .await?;
    }
    Ok(())
}

/// Record what was done in the console (refused actions too).
pub async fn audit(
    pool: &Pool,
    username: &str,
    action: &str,
    detail: &str,
    ok: bool,
) -> HqResult<()> {
    let c = pool.get().await?;
    c.execute(
        "INSERT INTO console_audit(username, action, detail, ok) VALUES ($1, $2, $3, $4)",
        &[&username, &action, &detail, &ok],
    )
    .await?;
    Ok(())
}
