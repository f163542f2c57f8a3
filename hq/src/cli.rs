//! `feedesk-hq`: serve, migrate, and administer estates, desks and enrollment codes.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum_server::tls_rustls::RustlsConfig;
use clap::{Parser, Subcommand};

use crate::http::App;
use crate::server::serve;
use crate::{admin, db, reports, HqError, HqResult};

#[derive(Parser)]
#[command(
    name = "feedesk-hq",
    about = "feedesk head office (总部): sync server and administration"
)]
struct Cli {
    /// PostgreSQL, e.g. "host=127.0.0.1 port=55432 user=postgres dbname=feedesk_hq". Env FEEDESK_HQ_DB.
    #[arg(
        long,
        global = true,
        env = "FEEDESK_HQ_DB",
        default_value = "host=127.0.0.1 port=5432 user=postgres dbname=feedesk_hq"
    )]
    db: String,
    /// Print JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Bring the database schema up to date.
    Migrate,
    /// Serve desks over HTTPS.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8443")]
        listen: SocketAddr,
        /// The server certificate (PEM; leaf then chain) and its key.
        #[arg(long)]
        cert: PathBuf,
        #[arg(long)]
        key: PathBuf,
        /// The console's built files (hq/console/dist), served at `/`.
        #[arg(long, env = "FEEDESK_HQ_CONSOLE")]
        console: Option<PathBuf>,
    },
    /// Create an estate.
    EstateAdd { code: String, name: String },
    /// Create a desk of an estate.
    DeskAdd { estate: String, code: String },
    /// Issue a one-time enrollment code for a desk (shown once; valid 72 hours).
    DeskCode { estate: String, desk: String },
    /// Revoke a desk: its requests are refused from now on.
    DeskRevoke {
        estate: String,
        desk: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Every desk: head, held events, quarantine, alerts.
    Desks,
    /// The latest documents received from the desks.
    Receipts {
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
    /// The desks' days: documents, takings, and whether the desk's signed closing agrees (一致/不一致).
    Days {
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
    /// Add a person to the head-office console (role admin 总部管理员, finance 总部财务, manager 项目经理).
    /// The password is read from the environment variable FEEDESK_HQ_PASSWORD.
    UserAdd {
        username: String,
        display_name: String,
        #[arg(long)]
        role: String,
        /// A manager's estates, by code (repeat the option).
        #[arg(long = "estate")]
        estates: Vec<String>,
        #[arg(long, env = "FEEDESK_HQ_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// The alerts, newest first.
    Alerts {
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
}

pub fn main() -> i32 {
    let cli = Cli::parse();
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    match rt.block_on(run(&cli)) {
        Ok(()) => 0,
        Err(e) => {
            if cli.json {
                eprintln!(
                    "{}",
                    serde_json::json!({"code": e.code, "zh": e.zh, "en": e.en})
                );
            } else {
                eprintln!("错误 [{}]: {}", e.code, e.zh);
            }
            1
        }
    }
}

fn out<T: serde::Serialize>(cli: &Cli, v: &T, text: impl FnOnce(&T) -> String) {
    if cli.json {
        println!("{}", serde_json::to_string_pretty(v).expect("serialise"));
    } else {
        println!("{}", text(v));
    }
}

async fn run(cli: &Cli) -> HqResult<()> {
    let pool = db::pool(&cli.db, 32)?;
    match &cli.cmd {
        Cmd::Migrate => {
            db::migrate(&pool).await?;
            out(cli, &"ok", |_| "数据库已是最新".into());
        }
        Cmd::Serve {
            listen,
            cert,
            key,
            console,
        } => {
            db::migrate(&pool).await?;
            let tls = RustlsConfig::from_pem_file(cert, key).await.map_err(|e| {
                HqError::bad_request(
                    "BAD_CERT",
                    format!("证书无法读取：{e}"),
                    format!("cannot read the certificate: {e}"),
                )
            })?;
            let handle = axum_server::Handle::new();
            let h = handle.clone();
            tokio::spawn(async move {
                let _ = tokio::signal::ctrl_c().await;
                h.graceful_shutdown(Some(std::time::Duration::from_secs(5)));
            });
            eprintln!("feedesk-hq: serving https://{listen}");
            serve(
                App::new(pool).with_console(console.clone()),
                *listen,
                tls,
                handle,
            )
            .await
            .map_err(|e| {
                HqError::new(
                    503,
                    "IO",
                    format!("无法监听 {listen}：{e}"),
                    format!("cannot listen on {listen}: {e}"),
                )
            })?;
        }
        Cmd::EstateAdd { code, name } => {
            let e = admin::create_estate(&pool, code, name).await?;
            out(cli, &e, |e| format!("已创建项目 {} {}", e.code, e.name));
        }
        Cmd::DeskAdd { estate, code } => {
            let d = admin::create_desk(&pool, estate, code).await?;
            out(cli, &d, |d| {
                format!("已创建收银台 {} {}", d.estate_code, d.code)
            });
        }
        Cmd::DeskCode { estate, desk } => {
            let c = admin::issue_code(&pool, estate, desk).await?;
            out(cli, &c, |c| {
                format!(
                    "注册码 {}（{} {}，{} 前有效，只能使用一次）",
                    c.code,
                    c.estate_code,
                    c.desk_code,
                    c.expires_at.format("%Y-%m-%d %H:%M UTC")
                )
            });
        }
        Cmd::DeskRevoke {
            estate,
            desk,
            reason,
        } => {
            admin::revoke(&pool, estate, desk, reason).await?;
            out(cli, &"revoked", |_| format!("已停用收银台 {estate} {desk}"));
        }
        Cmd::UserAdd {
            username,
            display_name,
            role,
            estates,
            password,
        } => {
            let u = crate::console::users::NewUser {
                username: username.clone(),
                display_name: display_name.clone(),
                role: role.clone(),
                password: password.clone(),
                estates: estates.clone(),
            };
            let row = crate::console::users::add_user(&pool, &u).await?;
            out(cli, &row, |r| {
                format!("已添加总部用户 {}（{}）", r.username, r.display_name)
            });
        }
        _ => listing(cli, &pool).await?,
    }
    Ok(())
}

/// The listings: desks, documents, days, alerts.
async fn listing(cli: &Cli, pool: &deadpool_postgres::Pool) -> HqResult<()> {
    let pool = pool.clone();
    match &cli.cmd {
        Cmd::Desks => {
            let list = admin::desks(&pool, None).await?;
            out(cli, &list, |l| {
                l.iter()
                    .map(|d| {
                        format!(
                            "{} {} 事件 {} 暂存 {} 隔离 {} 告警 {}{}",
                            d.estate_code,
                            d.code,
                            d.head_seq,
                            d.held,
                            d.quarantined,
                            d.alerts,
                            if d.revoked { " 已停用" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Cmd::Receipts { limit } => {
            let list = reports::latest_receipts(&pool, *limit).await?;
            out(cli, &list, |l| {
                l.iter()
                    .map(|r| {
                        format!(
                            "{} {} {} {} {} {} ¥{}{}",
                            r.at.get(..19).unwrap_or(&r.at).replace('T', " "),
                            r.estate_code,
                            r.desk_code,
                            r.number,
                            r.kind,
                            r.unit.clone().unwrap_or_default(),
                            yuan(r.total_fen),
                            if r.voided { " 作废" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Cmd::Days { limit } => {
            let list = reports::days(&pool, *limit).await?;
            out(cli, &list, |l| {
                l.iter()
                    .map(|d| {
                        format!(
                            "{} {} {} 单据 {} 合计 ¥{} {}",
                            d.day,
                            d.estate_code,
                            d.desk_code,
                            d.receipts,
                            yuan(d.total_fen),
                            match d.closing.as_deref() {
                                Some("match") => "日结一致",
                                Some(_) => "日结不一致",
                                None => "未日结",
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Cmd::Alerts { limit } => {
            let list = admin::alerts(&pool, None, *limit).await?;
            out(cli, &list, |l| {
                l.iter()
                    .map(|a| {
                        format!(
                            "{} {} {} {} {}",
                            a.at.format("%Y-%m-%d %H:%M:%S"),
                            a.estate_code,
                            a.desk_code.clone().unwrap_or_default(),
                            a.kind,
                            a.detail
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        _ => unreachable!("run handles the other commands"),
    }
    Ok(())
}

/// Fen as yuan, "1,234.50".
fn yuan(fen: i64) -> String {
    let (sign, abs) = if fen < 0 { ("-", -fen) } else { ("", fen) };
    let digits = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", abs % 100)
}
