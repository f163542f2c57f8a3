//! The connection pool and the migrations.

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

use crate::{HqError, HqResult};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// A pool on `url` (`host=… port=… user=… dbname=…`). Creating it connects to nothing yet.
pub fn pool(url: &str, size: usize) -> HqResult<Pool> {
    let cfg: tokio_postgres::Config = url.parse().map_err(|e| {
        HqError::bad_request(
            "BAD_CONFIG",
            format!("数据库地址无效：{e}"),
            format!("invalid database address: {e}"),
        )
    })?;
    let mgr = Manager::from_config(
        cfg,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(mgr)
        .max_size(size)
        .build()
        .map_err(|e| HqError::new(503, "STORAGE", format!("连接池：{e}"), format!("pool: {e}")))
}

/// Bring the schema up to date.
pub async fn migrate(pool: &Pool) -> HqResult<()> {
    migrate_until(pool, None).await
}

/// Bring the schema up to migration `last` (all of them with none): a test of a migration's upgrade
/// of data held under the one before starts there.
pub async fn migrate_until(pool: &Pool, last: Option<i32>) -> HqResult<()> {
    let mut c = pool.get().await?;
    let target = last.map_or(refinery::Target::Latest, refinery::Target::Version);
    embedded::migrations::runner()
        .set_target(target)
        .run_async(&mut **c)
        .await
        .map_err(|e| {
            HqError::new(
                503,
                "STORAGE",
                format!("数据库升级失败：{e}"),
                format!("migration failed: {e}"),
            )
        })?;
    Ok(())
}
