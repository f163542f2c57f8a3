//! The `feedesk` command: one subcommand per api operation, human tables by default, `--json` for
//! scripts. It parses and prints, one file per group of subcommands; every rule lives in the core.

mod backup;
mod check;
mod counter;
mod deposit;
mod document;
mod fee;
mod follow_up;
mod hq;
mod print;
mod receipt;
mod report;
mod session;
mod setup;
mod shift;
mod table;
mod unit;
mod xlsx;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use feedesk_api::{Ctx, Lang, Ledger, Result};

use session::{open, print, session};

#[derive(Parser)]
#[command(
    name = "feedesk",
    version,
    about = "物业前台收费 feedesk — property-management fee desk (ledger core CLI)"
)]
pub struct Cli {
    /// Ledger file (SQLite). Env FEEDESK_DB.
    #[arg(
        long,
        global = true,
        env = "FEEDESK_DB",
        default_value = "feedesk.sqlite"
    )]
    pub db: PathBuf,
    /// Acting user. Env FEEDESK_USER.
    #[arg(long, short = 'u', global = true, env = "FEEDESK_USER")]
    pub user: Option<String>,
    /// The user's password (else env FEEDESK_PASSWORD, else asked for).
    #[arg(long, global = true, env = "FEEDESK_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
    /// Print JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
    /// Message language: zh (default) or en. Env FEEDESK_LANG.
    #[arg(long, global = true, env = "FEEDESK_LANG", default_value = "zh")]
    pub lang: String,
    /// Act as of this time (RFC 3339), for scripted tests and back-dated data entry by setup scripts.
    #[arg(long, global = true, hide = true, env = "FEEDESK_AT")]
    pub at: Option<String>,
    /// Save the list or report as an Excel workbook (report daily|cross-check|unreviewed|collection, arrears [UNIT], receipt list, deposit list, shift list, bill preview, unit list).
    #[arg(long, global = true, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    #[command(subcommand)]
    pub cmd: Cmd,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Create a new ledger: estate, desk code, first administrator.
    Init(setup::InitArgs),
    /// Build the demo estate (阳光花园) in a new ledger file.
    Demo(setup::DemoArgs),
    /// Estate and desk information.
    Info,
    /// Import units and owners from XLSX or CSV (all rows or none).
    Import { file: PathBuf },
    /// Units: show, search, billing start.
    #[command(subcommand)]
    Unit(unit::UnitCmd),
    /// Fee items and standards.
    #[command(subcommand)]
    Fee(fee::FeeCmd),
    /// Record a meter reading (抄表).
    Reading(fee::ReadingArgs),
    /// Record a shared meter's cost to allocate (水电公摊).
    Pool(fee::PoolArgs),
    /// Billing run for a month: preview, then run.
    #[command(subcommand)]
    Bill(fee::BillCmd),
    /// Arrears of one unit, or the list of units in arrears.
    Arrears {
        unit: Option<String>,
        #[arg(long)]
        building: Option<String>,
    },
    /// 催缴记录: record a contact with a unit in arrears, list a unit's, the ones due.
    #[command(subcommand, name = "follow-up")]
    FollowUp(follow_up::FollowUpCmd),
    /// Shifts: open with a float, close with the counted cash, list.
    #[command(subcommand)]
    Shift(shift::ShiftCmd),
    /// Collect a unit's open charges and issue a receipt.
    Collect(counter::CollectArgs),
    /// Counter sale without a prior charge (有偿服务, 会所).
    Sale(counter::SaleArgs),
    /// Void a receipt of an open shift (作废), with a supervisor's approval.
    Void(counter::UndoArgs),
    /// Reverse a receipt of a closed shift (红冲), with a supervisor's approval.
    Reverse(counter::UndoArgs),
    /// Receipts: show one, list.
    #[command(subcommand)]
    Receipt(receipt::ReceiptCmd),
    /// Users and roles.
    #[command(subcommand)]
    User(setup::UserCmd),
    /// The audit log (supervisors).
    Audit {
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// The outbox for head office: verify the hash chain, list events.
    #[command(subcommand)]
    Outbox(check::OutboxCmd),
    /// Reports: daily cash report, supervisor cross-check, shift review, collection rate.
    #[command(subcommand)]
    Report(report::ReportCmd),
    /// Payment notices (交费通知单) and dunning notices (催费通知单) as PDF.
    #[command(subcommand)]
    Notice(document::NoticeCmd),
    /// Pre-printed form layouts (套打): calibration grid, check a layout file.
    #[command(subcommand)]
    Layout(document::LayoutCmd),
    /// Decoration deposits (装修押金): collect, inspect, request/approve/reject a refund, refund, forfeit, transfer, lists.
    #[command(subcommand)]
    Deposit(deposit::DepositCmd),
    /// Head office: enroll this desk.
    #[command(subcommand)]
    Hq(hq::HqCmd),
    /// Send the events head office does not hold yet (one round), or `sync status`.
    Sync {
        #[command(subcommand)]
        cmd: Option<hq::SyncCmd>,
    },
    /// Backups of the ledger file: now, list, status, settings, verify a copy, restore from one.
    #[command(subcommand)]
    Backup(backup::BackupCmd),
    /// Check the ledger's rules on this file: balances, numbering, arrears, outbox chain.
    Check,
    /// Chinese capital amount (人民币大写), e.g. 1409.50 → 壹仟肆佰零玖元伍角整.
    AmountWords {
        #[arg(allow_hyphen_values = true)]
        amount: String,
    },
    /// Print a PDF on the desk's printer (or --printer); on failure it opens in the viewer.
    Print(print::PrintArgs),
    /// Desk settings: the printer.
    #[command(subcommand)]
    Settings(print::SettingsCmd),
}

pub fn main() -> i32 {
    let cli = Cli::parse();
    let lang = if cli.lang.starts_with("en") {
        Lang::En
    } else {
        Lang::Zh
    };
    match run(&cli) {
        Ok(()) => 0,
        Err(e) => {
            if cli.json {
                eprintln!(
                    "{}",
                    serde_json::json!({"code": e.code, "message": e.message(lang), "zh": e.zh, "en": e.en})
                );
            } else {
                let label = if lang == Lang::En { "error" } else { "错误" };
                eprintln!(
                    "{label} [{}]: {}",
                    serde_json::to_value(e.code).unwrap().as_str().unwrap_or(""),
                    e.message(lang)
                );
            }
            1
        }
    }
}

/// Run a subcommand group that answers with a JSON value and its text.
fn answer(
    cli: &Cli,
    f: impl FnOnce(&mut Ledger, &Ctx) -> Result<(serde_json::Value, String)>,
) -> Result<()> {
    let mut l = open(cli)?;
    let ctx = session(cli, &l)?;
    let (json, text) = f(&mut l, &ctx)?;
    print(cli, &json, |_| text);
    Ok(())
}

fn run(cli: &Cli) -> Result<()> {
    if let Some(path) = &cli.xlsx {
        return xlsx::run(cli, path);
    }
    match &cli.cmd {
        Cmd::AmountWords { amount } => setup::amount_words(cli, amount),
        Cmd::Init(a) => setup::init(cli, a),
        Cmd::Demo(a) => setup::demo(cli, a),
        Cmd::Info => setup::info(cli),
        Cmd::Import { file } => setup::import(cli, file),
        Cmd::User(c) => setup::user(cli, c),
        Cmd::Audit { limit } => setup::audit(cli, limit),
        Cmd::Unit(c) => unit::unit(cli, c),
        Cmd::Arrears { unit, building } => unit::arrears(cli, unit, building),
        Cmd::FollowUp(c) => follow_up::follow_up(cli, c),
        Cmd::Fee(c) => fee::fee(cli, c),
        Cmd::Reading(a) => fee::reading(cli, a),
        Cmd::Pool(a) => fee::pool(cli, a),
        Cmd::Bill(c) => fee::bill(cli, c),
        Cmd::Shift(c) => shift::shift(cli, c),
        Cmd::Collect(a) => counter::collect(cli, a),
        Cmd::Sale(a) => counter::sale(cli, a),
        Cmd::Void(a) => counter::undo(cli, a, true),
        Cmd::Reverse(a) => counter::undo(cli, a, false),
        Cmd::Receipt(c) => receipt::receipt(cli, c),
        Cmd::Check => check::check(cli),
        Cmd::Backup(c) => backup::run(cli, c),
        Cmd::Hq(c) => hq::hq(cli, c),
        Cmd::Sync { cmd } => hq::sync(cli, cmd),
        Cmd::Outbox(c) => check::outbox(cli, c),
        Cmd::Report(c) => answer(cli, |l, ctx| report::run(l, ctx, c)),
        Cmd::Notice(c) => answer(cli, |l, ctx| document::notice(l, ctx, c)),
        Cmd::Deposit(c) => answer(cli, |l, ctx| deposit::run(l, ctx, c)),
        Cmd::Print(a) => answer(cli, |l, ctx| print::print_file(l, ctx, a)),
        Cmd::Settings(c) => answer(cli, |l, ctx| print::settings(l, ctx, c)),
        Cmd::Layout(c) => {
            let (json, text) = document::layout(c)?;
            print(cli, &json, |_| text);
            Ok(())
        }
    }
}
