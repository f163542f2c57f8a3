//! The developers' command `feedesk-dev`: benchmarks printed beside their limits and baselines, and
//! the crash-test child that the crash test kills at random moments. Not part of the product: it may
//! open the ledger file directly for its baselines, which no caller of the product does.

pub mod bench;
mod torture;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use feedesk_api::{self as api, err, Approval, Ledger, Result};

#[derive(Parser)]
#[command(
    name = "feedesk-dev",
    about = "feedesk developers' tools: benchmarks, crash-test load"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Benchmarks: each figure beside its limit, measured in the same run.
    Bench(BenchArgs),
    /// Crash-test load: issue and void receipts in a loop until killed, printing each committed number.
    /// Passwords come from FEEDESK_PASSWORD and FEEDESK_APPROVER_PASSWORD, the clock from FEEDESK_AT.
    Torture {
        #[arg(long, env = "FEEDESK_DB")]
        db: PathBuf,
        #[arg(long, env = "FEEDESK_USER")]
        user: String,
        #[arg(long)]
        approver: String,
    },
}

#[derive(Args)]
struct BenchArgs {
    /// Units in the large database.
    #[arg(long, default_value_t = 20_000)]
    units: usize,
    /// Months of history in the large database.
    #[arg(long, default_value_t = 60)]
    months: u32,
    /// Collections to time.
    #[arg(long, default_value_t = 400)]
    samples: usize,
    /// Where to keep the generated databases (reused between runs).
    #[arg(long, default_value = "target/bench")]
    dir: PathBuf,
    /// Run only some parts: collect, billing, large (arrears and the daily report on the large ledger), documents (receipt PDF against Chromium), hq (head office: ingest against COPY, 50 desks, collect with sync), console (head office's reports on a whole group).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Events one desk sends head office in the ingest benchmark.
    #[arg(long, default_value_t = 1_000_000)]
    hq_events: usize,
    /// The group of the console benchmark: estates (of 3 desks each), units per estate, months.
    #[arg(long, default_value_t = 200)]
    group_estates: usize,
    #[arg(long, default_value_t = 200)]
    group_units: usize,
    #[arg(long, default_value_t = 24)]
    group_months: u32,
}

pub fn main() -> i32 {
    match run(Cli::parse()) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("错误 [{:?}]: {}", e.code, e.zh);
            1
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.cmd {
        Cmd::Bench(a) => bench::run(&bench::BenchOptions {
            units: a.units,
            months: a.months,
            samples: a.samples,
            dir: a.dir,
            only: a.only,
            hq_events: a.hq_events,
            group: bench::GroupSize {
                estates: a.group_estates,
                units: a.group_units,
                months: a.group_months,
            },
        }),
        Cmd::Torture { db, user, approver } => {
            let env = |k: &str| {
                std::env::var(k).map_err(|_| err!(AuthFailed, "缺少环境变量 {k}", "{k} is not set"))
            };
            let now = match std::env::var("FEEDESK_AT") {
                Ok(s) => chrono::DateTime::parse_from_rfc3339(&s)
                    .map_err(|_| err!(InvalidInput, "FEEDESK_AT 无效", "bad FEEDESK_AT"))?,
                Err(_) => chrono::Utc::now().with_timezone(&api::cst()),
            };
            let mut l = Ledger::open(&db)?;
            let ctx = api::login(&l, &user, &env("FEEDESK_PASSWORD")?, now)?;
            let approval = Approval {
                username: approver,
                password: env("FEEDESK_APPROVER_PASSWORD")?,
            };
            torture::run(&mut l, &ctx, &approval)
        }
    }
}
