//! The HTTPS server: enrollment, event batches, health, and the console's routes. Beside it a
//! housekeeping task raises gap alerts and forgets old request nonces.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_server::tls_rustls::RustlsConfig;
use axum_server::Handle;
use deadpool_postgres::Pool;
use feedesk_protocol::standards::{StandardsReply, StandardsRequest};
use feedesk_protocol::sync::{EnrollReply, EnrollRequest, PushReply, PushRequest, MAX_BODY_BYTES};

use crate::http::{bytes, json_body, App};
use crate::{apply, auth, enroll, ingest, standards_log, HqResult};

/// How long a gap may stay open before it is an alert.
pub const GAP_ALERT_SECS: i64 = 600;

async fn enroll_handler(
    State(app): State<App>,
    h: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> HqResult<Json<EnrollReply>> {
    let body = bytes(body)?;
    let req: EnrollRequest = json_body(&h, &body)?;
    Ok(Json(enroll::enroll(&app.pool, &req).await?))
}

async fn events_handler(
    State(app): State<App>,
    h: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> HqResult<Json<PushReply>> {
    let body = bytes(body)?;
    let desk = {
        let c = app.pool.get().await?;
        auth::authenticate(&c, "POST", "/v1/events", &h, &body).await?
    };
    let req: PushRequest = json_body(&h, &body)?;
    let reply = ingest::push(&app.pool, &app.turns, desk, req.events).await?;
    app.stored.notify_one();
    Ok(Json(reply))
}

/// The fee standards published for the desk's estate after the version it names.
async fn standards_handler(
    State(app): State<App>,
    h: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> HqResult<Json<StandardsReply>> {
    let body = bytes(body)?;
    let c = app.pool.get().await?;
    let desk = auth::authenticate(&c, "POST", "/v1/standards", &h, &body).await?;
    let req: StandardsRequest = json_body(&h, &body)?;
    Ok(Json(
        standards_log::for_desk(&c, desk.estate_id, req.after.max(0)).await?,
    ))
}

async fn health(State(app): State<App>) -> HqResult<&'static str> {
    app.pool.get().await?.query_one("SELECT 1", &[]).await?;
    Ok("ok")
}

pub fn router(app: App) -> Router {
    let console = app.console.clone();
    let r = Router::new()
        .route("/v1/enroll", post(enroll_handler))
        .route("/v1/events", post(events_handler))
        .route("/v1/standards", post(standards_handler))
        .route("/v1/health", get(health))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .merge(crate::console::routes::router())
        .with_state(app);
    match console {
        Some(dir) => r.fallback_service(crate::console::files::router(&dir)),
        None => r,
    }
}

/// Raise an alert for each gap open too long (once), and forget nonces older than the clock skew allows.
pub async fn housekeeping(pool: &Pool) -> HqResult<()> {
    let c = pool.get().await?;
    c.execute(
        "WITH g AS (UPDATE desk_heads SET gap_alerted = true
                    WHERE gap_since < now() - make_interval(secs => $1) AND NOT gap_alerted RETURNING estate_id, desk_id, head_seq)
         INSERT INTO alerts(estate_id, desk_id, kind, seq, detail)
         SELECT estate_id, desk_id, 'gap', head_seq + 1, 'events after ' || head_seq || ' are held behind a gap open for over ' || $1 || ' s' FROM g",
        &[&(GAP_ALERT_SECS as f64)],
    )
    .await?;
    c.execute(
        "DELETE FROM request_nonces WHERE at < now() - interval '15 minutes'",
        &[],
    )
    .await?;
    Ok(())
}

/// Serve over TLS until the handle is told to stop.
pub async fn serve(
    app: App,
    addr: SocketAddr,
    tls: RustlsConfig,
    handle: Handle<SocketAddr>,
) -> std::io::Result<()> {
    let (pool, stored) = (app.pool.clone(), app.stored.clone());
    // The reports follow the stored events: woken by each batch, and every second in any case.
    tokio::spawn(async move {
        loop {
            match apply::catch_up(&pool, 5_000).await {
                Ok(n) if n > 0 => continue,
                _ => {
                    let _ = tokio::time::timeout(Duration::from_secs(1), stored.notified()).await;
                }
            }
        }
    });
    let pool = app.pool.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(30)).await;
            let _ = housekeeping(&pool).await;
        }
    });
    axum_server::bind_rustls(addr, tls)
        .handle(handle)
        .serve(router(app).into_make_service_with_connect_info::<SocketAddr>())
        .await
}
