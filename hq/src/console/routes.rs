//! The console's HTTP surface under `/api/`: JSON in and out, the session cookie checked on every
//! request, an estate outside the person's estates answered as if it did not exist, every action
//! audited (refused ones too).

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use deadpool_postgres::Pool;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::session::{self, Role, Viewer};
use super::standards::{self, NewStandard, StandardsOverview};
use super::users::{self, NewUser};
use super::{arrears, daily, monthly, rates, verify, Scope};
use crate::admin;
use crate::http::{bytes, json_body, App};
use crate::{HqError, HqResult};

/// A console request's body at most.
pub const MAX_CONSOLE_BODY: usize = 64 * 1024;

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/session", get(me).post(sign_in).delete(sign_out))
        .route("/api/estates", get(estates).post(add_estate))
        .route("/api/estates/{estate}/desks", post(add_desk))
        .route("/api/estates/{estate}/desks/{desk}/code", post(desk_code))
        .route(
            "/api/estates/{estate}/desks/{desk}/revoke",
            post(revoke_desk),
        )
        .route("/api/alerts", get(alerts))
        .route("/api/daily", get(daily_report))
        .route("/api/daily/documents", get(day_documents))
        .route("/api/monthly", get(monthly_report))
        .route("/api/rates", get(rates_trend))
        .route("/api/arrears", get(arrears_report))
        .route("/api/arrears/units", get(arrears_units))
        .route("/api/verify", post(verify_receipt))
        .route("/api/users", get(list_users).post(add_user))
        .route(
            "/api/standards",
            get(standards_overview).post(publish_standard),
        )
        .merge(super::export::router())
        // Anything else under /api/ is an error in JSON, never the console's page.
        .route("/api/{*rest}", any(no_such_endpoint))
        .layer(DefaultBodyLimit::max(MAX_CONSOLE_BODY))
}

async fn no_such_endpoint(uri: axum::http::Uri) -> HqError {
    HqError::not_found(
        format!("没有这个接口：{}", uri.path()),
        format!("no such endpoint: {}", uri.path()),
    )
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> HqResult<T> {
    q.map(|Query(t)| t).map_err(|e| {
        HqError::bad_request(
            "INVALID_INPUT",
            format!("查询参数无效：{e}"),
            format!("invalid query: {e}"),
        )
    })
}

fn body<T: DeserializeOwned>(h: &HeaderMap, b: Result<Bytes, BytesRejection>) -> HqResult<T> {
    json_body(h, &bytes(b)?)
}

/// Record the action and pass its outcome on.
async fn audited<T>(
    pool: &Pool,
    v: &Viewer,
    action: &str,
    detail: String,
    r: HqResult<T>,
) -> HqResult<T> {
    session::audit(pool, &v.username, action, &detail, r.is_ok()).await?;
    r
}

fn scope(v: &Viewer) -> Scope {
    Scope {
        estates: v.estates.clone(),
    }
}

/// An estate of the person's, by code; one outside their estates reads as not found.
async fn estate_of(pool: &Pool, v: &Viewer, code: &str) -> HqResult<Uuid> {
    let code = code.trim().to_uppercase();
    let c = pool.get().await?;
    let id: Option<Uuid> = c
        .query_opt("SELECT estate_id FROM estates WHERE code = $1", &[&code])
        .await?
        .map(|r| r.get(0));
    id.filter(|id| v.sees(*id)).ok_or_else(|| {
        HqError::not_found(
            format!("项目 {code} 不存在或不在您的权限内"),
            format!("estate {code} does not exist or is not yours to see"),
        )
    })
}

#[derive(Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
struct SignIn {
    username: String,
    password: String,
}

#[derive(Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
struct Me {
    username: String,
    display_name: String,
    role: Role,
    estates: Vec<admin::EstateRow>,
}

async fn me_of(pool: &Pool, v: &Viewer) -> HqResult<Me> {
    let all = admin::estates(pool).await?;
    Ok(Me {
        username: v.username.clone(),
        display_name: v.display_name.clone(),
        role: v.role,
        estates: all.into_iter().filter(|e| v.sees(e.estate_id)).collect(),
    })
}

async fn sign_in(
    State(app): State<App>,
    h: HeaderMap,
    b: Result<Bytes, BytesRejection>,
) -> HqResult<Response> {
    let req: SignIn = body(&h, b)?;
    let r = session::sign_in(&app.pool, &req.username, &req.password).await;
    session::audit(&app.pool, req.username.trim(), "sign_in", "", r.is_ok()).await?;
    let token = r?;
    let mut h = HeaderMap::new();
    h.insert(
        header::COOKIE,
        format!("{}={token}", session::COOKIE)
            .parse()
            .expect("ascii"),
    );
    let v = session::viewer(&app.pool, &h).await?;
    let me = me_of(&app.pool, &v).await?;
    Ok((
        [(header::SET_COOKIE, session::set_cookie(&token))],
        Json(me),
    )
        .into_response())
}

async fn sign_out(State(app): State<App>, h: HeaderMap) -> HqResult<Response> {
    if let Ok(v) = session::viewer(&app.pool, &h).await {
        session::audit(&app.pool, &v.username, "sign_out", "", true).await?;
    }
    session::sign_out(&app.pool, &h).await?;
    Ok(([(header::SET_COOKIE, session::clear_cookie())], Json("ok")).into_response())
}

async fn me(State(app): State<App>, h: HeaderMap) -> HqResult<Json<Me>> {
    let v = session::viewer(&app.pool, &h).await?;
    Ok(Json(me_of(&app.pool, &v).await?))
}

#[derive(Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
struct EstateDesks {
    estate: admin::EstateRow,
    desks: Vec<admin::DeskRow>,
}

async fn estates(State(app): State<App>, h: HeaderMap) -> HqResult<Json<Vec<EstateDesks>>> {
    let v = session::viewer(&app.pool, &h).await?;
    let r = async {
        let desks = admin::desks(&app.pool, Some(&v.estates)).await?;
        let all = admin::estates(&app.pool).await?;
        Ok(all
            .into_iter()
            .filter(|e| v.sees(e.estate_id))
            .map(|e| EstateDesks {
                desks: desks
                    .iter()
                    .filter(|d| d.estate_id == e.estate_id)
                    .cloned()
                    .collect(),
                estate: e,
            })
            .collect())
    }
    .await;
    Ok(Json(
        audited(&app.pool, &v, "estates", String::new(), r).await?,
    ))
}

#[derive(Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
struct NewEstate {
    code: String,
    name: String,
}

async fn add_estate(
    State(app): State<App>,
    h: HeaderMap,
    b: Result<Bytes, BytesRejection>,
) -> HqResult<Json<admin::EstateRow>> {
    let v = session::viewer(&app.pool, &h).await?;
    let r = async {
        v.require_admin()?;
        let req: NewEstate = body(&h, b)?;
        admin::create_estate(&app.pool, &req.code, &req.name).await
    }
    .await;
    Ok(Json(
        audited(&app.pool, &v, "estate_add", String::new(), r).await?,
    ))
}

#[derive(Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
struct NewDesk {
    code: String,
}

async fn add_desk(
    State(app): State<App>,
    Path(estate): Path<String>,
    h: HeaderMap,
    b: Result<Bytes, BytesRejection>,
) -> HqResult<Json<admin::DeskRow>> {
    let v = session::viewer(&app.pool, &h).await?;
    let r = async {
        v.require_admin()?;
        let req: NewDesk = body(&h, b)?;
        admin::create_desk(&app.pool, &estate, &req.code).await
    }
    .await;
    Ok(Json(audited(&app.pool, &v, "desk_add", estate, r).await?))
}

async fn desk_code(
    State(app): State<App>,
    Path((estate, desk)): Path<(String, String)>,
    h: HeaderMap,
) -> HqResult<Json<admin::IssuedCode>> {
    let v = session::viewer(&app.pool, &h).await?;
    let r = async {
        v.require_admin()?;
        admin::issue_code(&app.pool, &estate, &desk).await
    }
    .await;
    Ok(Json(
        audited(&app.pool, &v, "desk_code", format!("{estate} {desk}"), r).await?,
    ))
}

#[derive(Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
struct Revoke {
    #[serde(default)]
    reason: String,
}

async fn revoke_desk(
    State(app): State<App>,
    Path((estate, desk)): Path<(String, String)>,
    h: HeaderMap,
    b: Result<Bytes, BytesRejection>,
) -> HqResult<Json<&'static str>> {
    let v = session::viewer(&app.pool, &h).await?;
    let r = async {
        v.require_admin()?;
        let req: Revoke = body(&h, b)?;
        admin::revoke(&app.pool, &estate, &desk, &req.reason).await
    }
    .await;
    audited(&app.pool, &v, "desk_revoke", format!("{estate} {desk}"), r).await?;
    Ok(Json("revoked"))
}

#[derive(Deserialize)]
struct Limit {
    #[serde(default = "hundred")]
    limit: i64,
}

fn hundred() -> i64 {
    100
}

async fn alerts(
    State(app): State<App>,
    h: HeaderMap,
    q: Result<Query<Limit>, QueryRejection>,
) -> HqResult<Json<Vec<admin::AlertRow>>> {
    let v = session::viewer(&app.pool, &h).await?;
    let r =
        async { admin::alerts(&app.pool, Some(&v.estates), query(q)?.limit.clamp(1, 1000)).await }
            .await;
    Ok(Json(
        audited(&app.pool, &v, "alerts", String::new(), r).await?,
    ))
}

#[derive(Deserialize)]
struct Day {
    day: String,
}

async fn daily_report(
    State(app): State<App>,
    h: HeaderMap,
    q: Result<Query<Day>, QueryRejection>,
) -> HqResult<Json<daily::GroupDay>> {
    let v = session::viewer(&app.pool, &h).await?;
    let q = query(q);
    let detail = q.as_ref().map(|d| d.day.clone()).unwrap_or_default();
    let r = async { daily::group_day(&app.pool, &scope(&v), &q?.day).await }.await;
    Ok(Json(audited(&app.pool, &v, "daily", detail, r).await?))
}

#[derive(Deserialize)]
struct DeskDay {
    estate: String,
    desk: String,
    day: String,
}

async fn day_documents(
    State(app): State<App>,
    h: HeaderMap,
    q: Result<Query<DeskDay>, QueryRejection>,
) -> HqResult<Json<Vec<daily::DayDocument>>> {
    let v = session::viewer(&app.pool, &h).await?;
    let q = query(q);
    let detail = q
        .as_ref()
        .map(|d| format!("{} {} {}", d.estate, d.desk, d.day))
        .unwrap_or_default();
    let r = async {
        let q = q?;
        let estate = estate_of(&app.pool, &v, &q.estate).await?;
        daily::day_documents(&app.pool, estate, &q.desk, &q.day).await
    }
    .await;
    Ok(Json(
        audited(&app.pool, &v, "day_documents", detail, r).await?,
    ))
}

#[derive(Deserialize)]
struct Month {
    month: String,
}

async fn monthly_report(
    State(app): State<App>,
    h: HeaderMap,
    q: Result<Query<Month>, QueryRejection>,
) -> HqResult<Json<monthly::MonthlyReport>> {
    let v = session::viewer(&app.pool, &h).await?;
    let q = query(q);
    let detail = q.as_ref().map(|m| m.month.clone()).unwrap_or_default();
    let r = async { monthly::monthly(&app.pool, &scope(&v), &q?.month).await }.await;
    Ok(Json(audited(&app.pool, &v, "monthly", detail, r).await?))
}

#[derive(Deserialize)]
struct RatesQuery {
    estate: String,
    from: String,
    to: String,
}

async fn rates_trend(
    State(app): State<App>,
    h: HeaderMap,
    q: Result<Query<RatesQuery>, QueryRejection>,
) -> HqResult<Json<Vec<rates::MonthRates>>> {
    let v = session::viewer(&app.pool, &h).await?;
    let q = query(q);
    let detail = q
        .as_ref()
        .map(|r| format!("{} {}..{}", r.estate, r.from, r.to))
        .unwrap_or_default();
    let r = async {
        let q = q?;
        let estate = estate_of(&app.pool, &v, &q.estate).await?;
        rates::trend(&app.pool, estate, &q.from, &q.to).await
    }
    .await;
    Ok(Json(audited(&app.pool, &v, "rates", detail, r).await?))
}

#[derive(Deserialize)]
struct AsOf {
    as_of: String,
    #[serde(default)]
    estate: Option<String>,
}

async fn arrears_report(
    State(app): State<App>,
    h: HeaderMap,
    q: Result<Query<AsOf>, QueryRejection>,
) -> HqResult<Json<arrears::ArrearsReport>> {
    let v = session::viewer(&app.pool, &h).await?;
    let q = query(q);
    let detail = q.as_ref().map(|a| a.as_of.clone()).unwrap_or_default();
    let r = async { arrears::arrears(&app.pool, &scope(&v), &q?.as_of).await }.await;
    Ok(Json(audited(&app.pool, &v, "arrears", detail, r).await?))
}

async fn arrears_units(
    State(app): State<App>,
    h: HeaderMap,
    q: Result<Query<AsOf>, QueryRejection>,
) -> HqResult<Json<Vec<arrears::UnitArrears>>> {
    let v = session::viewer(&app.pool, &h).await?;
    let q = query(q);
    let detail = q
        .as_ref()
        .map(|a| format!("{} {}", a.estate.clone().unwrap_or_default(), a.as_of))
        .unwrap_or_default();
    let r = async {
        let q = q?;
        let code = q
            .estate
            .as_deref()
            .filter(|e| !e.trim().is_empty())
            .ok_or_else(|| {
                HqError::bad_request(
                    "INVALID_INPUT",
                    "查询参数缺少 estate（项目编号）",
                    "the query is missing estate (the estate code)",
                )
            })?;
        let estate = estate_of(&app.pool, &v, code).await?;
        arrears::estate_units(&app.pool, estate, &q.as_of).await
    }
    .await;
    Ok(Json(
        audited(&app.pool, &v, "arrears_units", detail, r).await?,
    ))
}

#[derive(Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../hq/console/src/bindings/")
)]
struct VerifyText {
    text: String,
}

async fn verify_receipt(
    State(app): State<App>,
    h: HeaderMap,
    b: Result<Bytes, BytesRejection>,
) -> HqResult<Json<verify::Verification>> {
    let v = session::viewer(&app.pool, &h).await?;
    let req: HqResult<VerifyText> = body(&h, b);
    let detail = req
        .as_ref()
        .map(|r| r.text.chars().take(120).collect())
        .unwrap_or_default();
    let r = async { verify::verify(&app.pool, &scope(&v), &req?.text).await }.await;
    Ok(Json(audited(&app.pool, &v, "verify", detail, r).await?))
}

async fn list_users(State(app): State<App>, h: HeaderMap) -> HqResult<Json<Vec<users::UserRow>>> {
    let v = session::viewer(&app.pool, &h).await?;
    let r = async {
        v.require_admin()?;
        users::users(&app.pool).await
    }
    .await;
    Ok(Json(
        audited(&app.pool, &v, "users", String::new(), r).await?,
    ))
}

async fn add_user(
    State(app): State<App>,
    h: HeaderMap,
    b: Result<Bytes, BytesRejection>,
) -> HqResult<Json<users::UserRow>> {
    let v = session::viewer(&app.pool, &h).await?;
    let req: HqResult<NewUser> = body(&h, b);
    let detail = req
        .as_ref()
        .map(|u| format!("{} {}", u.username, u.role))
        .unwrap_or_default();
    let r = async {
        v.require_admin()?;
        users::add_user(&app.pool, &req?).await
    }
    .await;
    Ok(Json(audited(&app.pool, &v, "user_add", detail, r).await?))
}

async fn standards_overview(
    State(app): State<App>,
    h: HeaderMap,
) -> HqResult<Json<StandardsOverview>> {
    let v = session::viewer(&app.pool, &h).await?;
    let r = standards::overview(&app.pool, &scope(&v)).await;
    Ok(Json(
        audited(&app.pool, &v, "standards", String::new(), r).await?,
    ))
}

async fn publish_standard(
    State(app): State<App>,
    h: HeaderMap,
    b: Result<Bytes, BytesRejection>,
) -> HqResult<Json<feedesk_protocol::PublishedStandard>> {
    let v = session::viewer(&app.pool, &h).await?;
    let req: HqResult<NewStandard> = body(&h, b);
    let detail = req
        .as_ref()
        .map(|s| {
            format!(
                "{} {}",
                s.estate.clone().unwrap_or_default(),
                s.effective_month
            )
        })
        .unwrap_or_default();
    let r = async {
        v.require_admin()?;
        let req = req?;
        let estate = match req
            .estate
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            Some(code) => Some(estate_of(&app.pool, &v, code).await?),
            None => None,
        };
        standards::publish(&app.pool, &v.username, estate, &req).await
    }
    .await;
    Ok(Json(
        audited(&app.pool, &v, "standard_publish", detail, r).await?,
    ))
}
