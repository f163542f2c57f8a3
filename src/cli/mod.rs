//! The CLI: one subcommand per API operation, human tables by default, `--json` for scripts.
//! It parses and prints; every rule lives in the core.

mod deposit;
mod document;
mod print;
mod report;
mod table;
mod xlsx;

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use clap::{Args, Parser, Subcommand};
use feedesk::api::{
    self, Approval, Basis, CollectRequest, Ctx, Ledger, Method, ReadingInput, Role, SaleLine,
    SaleRequest, Scope, Tender,
};
use feedesk::estate::UnitType;
use feedesk::money::parse_decimal;
use feedesk::{err, Lang, Money, Result};
use serde::Serialize;
use table::Table;

#[derive(Parser)]
#[command(
    name = "feedesk",
    version,
    about = "物业前台收费 feedesk — property-management fee desk (ledger core CLI)"
)]
struct Cli {
    /// Ledger file (SQLite). Env FEEDESK_DB.
    #[arg(
        long,
        global = true,
        env = "FEEDESK_DB",
        default_value = "feedesk.sqlite"
    )]
    db: PathBuf,
    /// Acting user. Env FEEDESK_USER.
    #[arg(long, short = 'u', global = true, env = "FEEDESK_USER")]
    user: Option<String>,
    /// The user's password (else env FEEDESK_PASSWORD, else asked for).
    #[arg(long, global = true, env = "FEEDESK_PASSWORD", hide_env_values = true)]
    password: Option<String>,
    /// Print JSON instead of tables.
    #[arg(long, global = true)]
    json: bool,
    /// Message language: zh (default) or en. Env FEEDESK_LANG.
    #[arg(long, global = true, env = "FEEDESK_LANG", default_value = "zh")]
    lang: String,
    /// Act as of this time (RFC 3339), for scripted tests and back-dated data entry by setup scripts.
    #[arg(long, global = true, hide = true, env = "FEEDESK_AT")]
    at: Option<String>,
    /// Save the list or report as an Excel workbook (report daily|cross-check|unreviewed|collection, arrears [UNIT], receipt list, deposit list, shift list, bill preview, unit list).
    #[arg(long, global = true, value_name = "FILE")]
    xlsx: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Create a new ledger: estate, desk code, first administrator.
    Init(InitArgs),
    /// Build the demo estate (阳光花园) in a new ledger file.
    Demo(DemoArgs),
    /// Estate and desk information.
    Info,
    /// Import units and owners from XLSX or CSV (all rows or none).
    Import { file: PathBuf },
    /// Units: show, search, billing start.
    #[command(subcommand)]
    Unit(UnitCmd),
    /// Fee items and standards.
    #[command(subcommand)]
    Fee(FeeCmd),
    /// Record a meter reading (抄表).
    Reading(ReadingArgs),
    /// Record a shared meter's cost to allocate (水电公摊).
    Pool(PoolArgs),
    /// Billing run for a month: preview, then run.
    #[command(subcommand)]
    Bill(BillCmd),
    /// Arrears of one unit, or the list of units in arrears.
    Arrears {
        unit: Option<String>,
        #[arg(long)]
        building: Option<String>,
    },
    /// Shifts: open with a float, close with the counted cash, list.
    #[command(subcommand)]
    Shift(ShiftCmd),
    /// Collect a unit's open charges and issue a receipt.
    Collect(CollectArgs),
    /// Counter sale without a prior charge (有偿服务, 会所).
    Sale(SaleArgs),
    /// Void a receipt of an open shift (作废), with a supervisor's approval.
    Void(UndoArgs),
    /// Reverse a receipt of a closed shift (红冲), with a supervisor's approval.
    Reverse(UndoArgs),
    /// Receipts: show one, list.
    #[command(subcommand)]
    Receipt(ReceiptCmd),
    /// Users and roles.
    #[command(subcommand)]
    User(UserCmd),
    /// The audit log (supervisors).
    Audit {
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// The outbox for head office: verify the hash chain, list events.
    #[command(subcommand)]
    Outbox(OutboxCmd),
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
    /// Benchmarks: each figure beside its limit, measured in the same run.
    Bench(BenchArgs),
    /// Crash-test load: issue and void receipts in a loop until killed, printing each committed number.
    #[command(hide = true)]
    Torture {
        #[arg(long)]
        approver: String,
    },
}

#[derive(Args)]
struct InitArgs {
    #[arg(long)]
    estate: String,
    #[arg(long, default_value = "")]
    company: String,
    #[arg(long, default_value = "A01")]
    desk: String,
    #[arg(long, default_value = "admin")]
    admin: String,
    #[arg(long, default_value = "")]
    admin_name: String,
    /// Else env FEEDESK_ADMIN_PASSWORD, else asked for.
    #[arg(long, env = "FEEDESK_ADMIN_PASSWORD", hide_env_values = true)]
    admin_password: Option<String>,
}

#[derive(Args)]
struct DemoArgs {
    #[arg(long, default_value_t = 1200)]
    units: usize,
    #[arg(long, default_value_t = 12)]
    months: u32,
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Replace an existing file at --db.
    #[arg(long)]
    force: bool,
}

#[derive(Subcommand)]
enum UnitCmd {
    /// Every unit with its owner and balances (房屋业主清单).
    List,
    Show {
        code: String,
    },
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    BillingStart {
        code: String,
        period: String,
    },
    /// 入住状态: 空置 | 自住 | 装修中 | 出租
    Occupancy {
        code: String,
        occupancy: String,
    },
    /// Add a tenant (租户) or a new owner (业主).
    Party {
        code: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        phone: String,
        #[arg(long)]
        id_number: Option<String>,
        /// YYYY-MM-DD
        #[arg(long)]
        move_in: Option<chrono::NaiveDate>,
    },
}

#[derive(Subcommand)]
enum FeeCmd {
    List,
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// per_area | fixed | metered | per_quantity | allocation
        #[arg(long)]
        method: String,
        #[arg(long, default_value = "")]
        unit_label: String,
    },
    /// Set a standard: a rate for a unit type or for chosen units, from a month on.
    Standard {
        #[arg(long)]
        item: String,
        #[arg(long)]
        rate: String,
        /// 住宅/商铺/车位/其他 (or residential/shop/parking/other)
        #[arg(long = "type", conflicts_with = "units")]
        unit_type: Option<String>,
        /// Comma-separated unit codes.
        #[arg(long, value_delimiter = ',')]
        units: Vec<String>,
        #[arg(long)]
        from: String,
    },
    Standards,
}

#[derive(Args)]
struct ReadingArgs {
    #[arg(long)]
    unit: String,
    #[arg(long)]
    item: String,
    #[arg(long)]
    period: String,
    #[arg(long)]
    current: String,
    /// The starting reading, for a meter's first reading only.
    #[arg(long)]
    previous: Option<String>,
    /// Meter changed: OLD_END,NEW_START
    #[arg(long, value_delimiter = ',', num_args = 2)]
    meter_change: Vec<String>,
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Args)]
struct PoolArgs {
    #[arg(long)]
    item: String,
    #[arg(long)]
    period: String,
    #[arg(long)]
    total: String,
    /// area | household
    #[arg(long, default_value = "area")]
    basis: String,
    #[arg(long)]
    building: Option<String>,
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Subcommand)]
enum BillCmd {
    Preview { period: String },
    Run { period: String },
}

#[derive(Subcommand)]
enum ShiftCmd {
    Open {
        #[arg(long, default_value = "0")]
        float: String,
    },
    /// Close with the drawer counted by denomination and the settlement slips' totals.
    Close {
        /// DENOMINATION:COUNT, repeatable: --count 100:80 --count 50:6 --count 0.5:3
        #[arg(long = "count", allow_hyphen_values = true)]
        counts: Vec<String>,
        /// METHOD:AMOUNT from each settlement slip: --slip 微信:1234.00 --slip alipay:300
        #[arg(long = "slip")]
        slips: Vec<String>,
        #[arg(long, default_value = "")]
        note: String,
        /// A supervisor approving a difference beyond the tolerance (password: FEEDESK_APPROVER_PASSWORD).
        #[arg(long)]
        approver: Option<String>,
        /// Close this shift (default: your open shift).
        #[arg(long)]
        shift: Option<i64>,
    },
    /// Put cash into the drawer (e.g. a float top-up).
    CashIn {
        amount: String,
        #[arg(long)]
        reason: String,
    },
    /// Take cash out of the drawer (e.g. banking a surplus to the safe).
    CashOut {
        amount: String,
        #[arg(long)]
        reason: String,
    },
    /// Set the cash difference allowed at a close without a supervisor (administrators).
    Tolerance { amount: String },
    /// 日结: close a day once all its shifts are closed (default: today).
    CloseDay {
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
    },
    List {
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

#[derive(Args)]
struct CollectArgs {
    unit: String,
    /// Charge ids to pay (default: all open charges).
    #[arg(long, value_delimiter = ',')]
    charges: Vec<i64>,
    /// METHOD:AMOUNT, repeatable for split tender: cash:500  微信:120.50
    #[arg(long = "pay", required = true)]
    pay: Vec<String>,
    /// Keep what is paid beyond the charges as prepayment (预存) instead of giving change.
    #[arg(long)]
    to_prepayment: bool,
    #[arg(long)]
    payer: Option<String>,
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Args)]
struct SaleArgs {
    #[arg(long)]
    unit: Option<String>,
    #[arg(long)]
    payer: Option<String>,
    /// ITEM:QTY or ITEM:QTY@PRICE, repeatable: FYF:10  HSF:2@200
    #[arg(long = "item", required = true)]
    items: Vec<String>,
    #[arg(long = "pay", required = true)]
    pay: Vec<String>,
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Args)]
struct UndoArgs {
    number: String,
    #[arg(long)]
    reason: String,
    /// The approving supervisor; their password from env FEEDESK_APPROVER_PASSWORD or asked for.
    #[arg(long)]
    approver: String,
}

#[derive(Subcommand)]
enum ReceiptCmd {
    Show {
        number: String,
    },
    /// Print the receipt to a PDF: A5 in two parts (存根联/客户联), an 80 mm roll, or values only for a
    /// pre-printed form (套打); later prints say 补打.
    Pdf {
        number: String,
        /// Default: <number>.pdf
        #[arg(long)]
        out: Option<PathBuf>,
        /// a5 | roll | form (built-in 241×93 mm layout) | form:PATH (a layout file)
        #[arg(long, default_value = "a5")]
        layout: String,
    },
    /// Print the receipt on the desk's printer (recorded as a print: later ones say 补打).
    Print(print::ReceiptPrintArgs),
    /// Check the text of a receipt's QR code against this desk's secret.
    VerifyQr {
        text: String,
    },
    /// By number, unit code or date (YYYY-MM-DD).
    List {
        #[arg(default_value = "")]
        query: String,
        #[arg(long, default_value_t = 30)]
        limit: usize,
    },
}

#[derive(Subcommand)]
enum UserCmd {
    Add {
        username: String,
        #[arg(long)]
        name: String,
        /// cashier | supervisor | admin | finance
        #[arg(long)]
        role: String,
        /// Else env FEEDESK_NEW_PASSWORD, else asked for.
        #[arg(
            long = "new-password",
            env = "FEEDESK_NEW_PASSWORD",
            hide_env_values = true
        )]
        new_password: Option<String>,
    },
    List,
}

#[derive(Subcommand)]
enum OutboxCmd {
    Verify,
    List {
        #[arg(long, default_value_t = 0)]
        after: i64,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

#[derive(Args)]
pub struct BenchArgs {
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
    /// Run only some parts: collect, billing, large (arrears and the daily report on the large ledger), documents (receipt PDF against Chromium).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
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

fn now(cli: &Cli) -> Result<DateTime<FixedOffset>> {
    match &cli.at {
        Some(s) => DateTime::parse_from_rfc3339(s).map_err(|_| {
            err!(
                InvalidInput,
                "时间「{s}」格式应为 RFC 3339",
                "time \"{s}\" should be RFC 3339"
            )
        }),
        // The desk keeps China Standard Time whatever the PC's own time zone is set to.
        None => Ok(chrono::Utc::now().with_timezone(&feedesk::auth::cst())),
    }
}

fn secret(given: &Option<String>, prompt: &str) -> Result<String> {
    if let Some(p) = given {
        return Ok(p.clone());
    }
    rpassword::prompt_password(prompt).map_err(|_| {
        err!(
            AuthFailed,
            "需要密码（或设置环境变量）",
            "a password is needed (or set the environment variable)"
        )
    })
}

fn session(cli: &Cli, l: &Ledger) -> Result<Ctx> {
    let user = cli.user.clone().ok_or_else(|| {
        err!(
            AuthFailed,
            "请用 --user 指定操作员（或设置 FEEDESK_USER）",
            "name the acting user with --user (or FEEDESK_USER)"
        )
    })?;
    let pw = secret(&cli.password, &format!("{user} 的密码: "))?;
    api::login(l, &user, &pw, now(cli)?)
}

fn approval(user: &str) -> Result<Approval> {
    let pw = secret(
        &std::env::var("FEEDESK_APPROVER_PASSWORD").ok(),
        &format!("主管 {user} 授权密码: "),
    )?;
    Ok(Approval {
        username: user.to_string(),
        password: pw,
    })
}

fn open(cli: &Cli) -> Result<Ledger> {
    if !cli.db.exists() {
        return Err(err!(
            NotFound,
            (
                "账套文件 {} 不存在；请先运行 feedesk init 或 feedesk demo",
                cli.db.display()
            ),
            (
                "ledger file {} does not exist; run feedesk init or feedesk demo first",
                cli.db.display()
            )
        ));
    }
    Ledger::open(&cli.db)
}

fn print<T: Serialize>(cli: &Cli, value: &T, human: impl FnOnce(&T) -> String) {
    if cli.json {
        println!(
            "{}",
            serde_json::to_string_pretty(value).expect("serialise")
        );
    } else {
        println!("{}", human(value));
    }
}

fn yuan(fen: i64) -> String {
    Money::from_fen(fen).grouped()
}

fn tenders(pay: &[String]) -> Result<Vec<Tender>> {
    pay.iter().map(|p| Tender::parse(p)).collect()
}

fn run(cli: &Cli) -> Result<()> {
    if let Some(path) = &cli.xlsx {
        return xlsx::run(cli, path);
    }
    match &cli.cmd {
        Cmd::AmountWords { amount } => {
            let m = Money::parse_signed(amount)?;
            print(
                cli,
                &serde_json::json!({"fen": m.fen(), "words": m.words()}),
                |_| m.words(),
            );
        }
        Cmd::Init(a) => {
            if cli.db.exists() {
                return Err(err!(
                    Duplicate,
                    ("文件 {} 已存在", cli.db.display()),
                    ("file {} already exists", cli.db.display())
                ));
            }
            let pw = secret(&a.admin_password, "管理员密码: ")?;
            let mut l = Ledger::open(&cli.db)?;
            let req = api::InitRequest {
                company_name: a.company.clone(),
                estate_name: a.estate.clone(),
                desk_code: a.desk.clone(),
                admin_username: a.admin.clone(),
                admin_display_name: a.admin_name.clone(),
                admin_password: pw,
            };
            let info = match api::init(&mut l, &req, now(cli)?) {
                Ok(i) => i,
                Err(e) => {
                    drop(l);
                    let _ = std::fs::remove_file(&cli.db);
                    return Err(e);
                }
            };
            print(cli, &info, |i| {
                format!(
                    "已创建账套 {}：{} 收银台 {}",
                    cli.db.display(),
                    i.estate_name,
                    i.desk_code
                )
            });
        }
        Cmd::Demo(a) => return demo(cli, a),
        Cmd::Bench(a) => {
            return feedesk::bench::run(&feedesk::bench::BenchOptions {
                units: a.units,
                months: a.months,
                samples: a.samples,
                dir: a.dir.clone(),
                only: a.only.clone(),
            })
        }
        Cmd::Info => {
            let l = open(cli)?;
            let info = api::estate_info(&l)?;
            print(cli, &info, |i| {
                format!(
                    "公司 {}\n项目 {}\n收银台 {}\n账套 {}\n数据库版本 {}",
                    i.company_name,
                    i.estate_name,
                    i.desk_code,
                    cli.db.display(),
                    i.schema_version
                )
            });
        }
        Cmd::Import { file } => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            let s = api::import_units(&mut l, &ctx, file)?;
            print(cli, &s, |s| {
                format!(
                    "导入 {} 行：新增房屋 {}，更新 {}；新增业主 {}，更新 {}；未变 {}",
                    s.rows,
                    s.units_added,
                    s.units_updated,
                    s.owners_added,
                    s.owners_updated,
                    s.unchanged
                )
            });
        }
        Cmd::Unit(c) => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            match c {
                UnitCmd::Show { code } => {
                    let u = api::unit(&l, &ctx, code)?;
                    let arr = api::unit_arrears(&l, &ctx, code)?;
                    print(cli, &serde_json::json!({"unit": u, "arrears": arr}), |_| {
                        let mut s = format!(
                            "{} · {} · {}㎡ · {}\n",
                            u.code,
                            u.unit_type.zh(),
                            u.area_m2,
                            u.occupancy
                        );
                        for p in &u.parties {
                            s += &format!(
                                "{} {} {}\n",
                                if p.role == "owner" {
                                    "业主"
                                } else {
                                    "租户"
                                },
                                p.name,
                                p.phone
                            );
                        }
                        s += &format!(
                            "欠费 ¥{}  预存 ¥{}\n",
                            yuan(arr.total_fen),
                            yuan(arr.prepayment_fen)
                        );
                        s + &charges_table(&arr.charges)
                    });
                }
                UnitCmd::List => {
                    let list = api::units_list(&l, &ctx)?;
                    print(cli, &list, |list| {
                        let mut t = Table::new(&[
                            "房号",
                            "类型",
                            "面积㎡>",
                            "状态",
                            "业主",
                            "电话",
                            "欠费>",
                            "预存>",
                        ]);
                        for u in list {
                            t.row(vec![
                                u.code.clone(),
                                u.unit_type.zh().into(),
                                u.area_m2.to_string(),
                                u.occupancy.clone(),
                                u.owner.clone().unwrap_or_default(),
                                u.phone.clone().unwrap_or_default(),
                                yuan(u.arrears_fen),
                                yuan(u.prepayment_fen),
                            ]);
                        }
                        t.render()
                    });
                }
                UnitCmd::Search { query, limit } => {
                    let hits = api::search_units(&l, &ctx, query, *limit)?;
                    print(cli, &hits, |hits| {
                        let mut t =
                            Table::new(&["房号", "类型", "面积㎡>", "业主", "电话", "欠费>"]);
                        for h in hits {
                            t.row(vec![
                                h.code.clone(),
                                h.unit_type.zh().into(),
                                h.area_m2.clone(),
                                h.owner.clone().unwrap_or_default(),
                                h.phone_masked.clone().unwrap_or_default(),
                                yuan(h.arrears_fen),
                            ]);
                        }
                        t.render()
                    });
                }
                UnitCmd::Occupancy { code, occupancy } => {
                    api::set_occupancy(&mut l, &ctx, code, occupancy)?;
                    print(
                        cli,
                        &serde_json::json!({"unit": code, "occupancy": occupancy}),
                        |_| format!("{code} 入住状态：{occupancy}"),
                    );
                }
                UnitCmd::Party {
                    code,
                    role,
                    name,
                    phone,
                    id_number,
                    move_in,
                } => {
                    let p = feedesk::estate::NewParty {
                        unit: code.clone(),
                        role: role.clone(),
                        name: name.clone(),
                        phone: phone.clone(),
                        id_number: id_number.clone(),
                        move_in_date: *move_in,
                    };
                    api::add_party(&mut l, &ctx, &p)?;
                    print(
                        cli,
                        &serde_json::json!({"unit": code, "party": name}),
                        |_| format!("{code} 已登记 {role} {name}"),
                    );
                }
                UnitCmd::BillingStart { code, period } => {
                    api::set_billing_start(&mut l, &ctx, code, period)?;
                    print(
                        cli,
                        &serde_json::json!({"unit": code, "billing_start": period}),
                        |_| format!("{code} 从 {period} 起计费"),
                    );
                }
            }
        }
        Cmd::Fee(c) => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            match c {
                FeeCmd::List => {
                    let items = api::fee_items(&l, &ctx)?;
                    print(cli, &items, |items| {
                        let mut t = Table::new(&["编码", "名称", "计费方式", "单位"]);
                        for i in items {
                            t.row(vec![
                                i.code.clone(),
                                i.name.clone(),
                                i.method.zh().into(),
                                i.unit_label.clone(),
                            ]);
                        }
                        t.render()
                    });
                }
                FeeCmd::Add {
                    code,
                    name,
                    method,
                    unit_label,
                } => {
                    let item = api::create_fee_item(
                        &mut l,
                        &ctx,
                        code,
                        name,
                        Method::parse(method)?,
                        unit_label,
                    )?;
                    print(cli, &item, |i| {
                        format!("已添加收费项目 {} {}（{}）", i.code, i.name, i.method.zh())
                    });
                }
                FeeCmd::Standard {
                    item,
                    rate,
                    unit_type,
                    units,
                    from,
                } => {
                    let rate = parse_decimal(rate, 6, &["元"], ("单价", "rate"))?;
                    let scope = match unit_type {
                        Some(t) => Scope::UnitType(UnitType::parse(t).ok_or_else(|| {
                            err!(
                                InvalidInput,
                                "房屋类型「{t}」无效：住宅、商铺、车位、其他",
                                "unknown unit type \"{t}\": residential, shop, parking, other"
                            )
                        })?),
                        None => Scope::Units(units.clone()),
                    };
                    let id = api::set_fee_standard(&mut l, &ctx, item, rate, &scope, from)?;
                    print(cli, &serde_json::json!({"standard_id": id}), |_| {
                        format!("已设置收费标准 #{id}：{item} {rate} 自 {from}")
                    });
                }
                FeeCmd::Standards => {
                    let list = api::fee_standards(&l, &ctx)?;
                    print(cli, &list, |list| {
                        let mut t = Table::new(&["#", "项目", "单价>", "适用", "起始账期"]);
                        for s in list {
                            let scope = match s.unit_type {
                                Some(t) => t.zh().to_string(),
                                None => format!("指定 {} 户", s.units),
                            };
                            t.row(vec![
                                s.id.to_string(),
                                s.item.clone(),
                                s.rate.to_string(),
                                scope,
                                s.start_period.clone(),
                            ]);
                        }
                        t.render()
                    });
                }
            }
        }
        Cmd::Reading(a) => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            let units = &["度", "kWh", "吨", "m³"];
            let meter_change = match a.meter_change.as_slice() {
                [old, new] => Some((
                    parse_decimal(old, 2, units, ("旧表止数", "old meter end"))?,
                    parse_decimal(new, 2, units, ("新表起数", "new meter start"))?,
                )),
                _ => None,
            };
            let r = ReadingInput {
                unit: a.unit.clone(),
                item: a.item.clone(),
                period: a.period.clone(),
                current: parse_decimal(&a.current, 2, units, ("本期读数", "current reading"))?,
                previous: a
                    .previous
                    .as_deref()
                    .map(|p| parse_decimal(p, 2, units, ("上期读数", "previous reading")))
                    .transpose()?,
                meter_change,
                note: a.note.clone(),
            };
            let rd = api::record_reading(&mut l, &ctx, &r)?;
            print(cli, &rd, |r| {
                format!(
                    "{} {} {}：上期 {} 本期 {} 用量 {}{}",
                    r.unit,
                    r.item,
                    r.period,
                    r.previous,
                    r.current,
                    r.usage,
                    if r.flagged {
                        "  ⚠ 用量异常，请核实"
                    } else {
                        ""
                    }
                )
            });
        }
        Cmd::Pool(a) => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            let pool = api::NewPool {
                item: a.item.clone(),
                period: a.period.clone(),
                building: a.building.clone(),
                total: Money::parse(&a.total)?,
                basis: Basis::parse(&a.basis)?,
                note: a.note.clone(),
            };
            let id = api::create_allocation_pool(&mut l, &ctx, &pool)?;
            print(cli, &serde_json::json!({"pool_id": id}), |_| {
                format!("已录入公摊 #{id}：{} {} ¥{}", a.item, a.period, a.total)
            });
        }
        Cmd::Bill(c) => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            let (p, created) = match c {
                BillCmd::Preview { period } => (api::billing_preview(&l, &ctx, period)?, None),
                BillCmd::Run { period } => {
                    let r = api::billing_run(&mut l, &ctx, period)?;
                    (r.preview, Some(r.run_id))
                }
            };
            print(
                cli,
                &serde_json::json!({"preview": p, "run_id": created.flatten()}),
                |_| {
                    let mut t = Table::new(&["项目", "名称", "笔数>", "金额>"]);
                    for i in &p.items {
                        t.row(vec![
                            i.item.clone(),
                            i.name.clone(),
                            i.charges.to_string(),
                            yuan(i.total_fen),
                        ]);
                    }
                    t.row(vec![
                        "合计".into(),
                        String::new(),
                        p.charges.to_string(),
                        yuan(p.total_fen),
                    ]);
                    let mut s = format!(
                        "账期 {}{}\n{}",
                        p.period,
                        if created.is_some() {
                            " 已生成"
                        } else {
                            " 预览（未生成）"
                        },
                        t.render()
                    );
                    if p.already_billed > 0 {
                        s += &format!("\n已存在 {} 笔，不重复生成", p.already_billed);
                    }
                    if !p.missing_readings.is_empty() {
                        s += &format!(
                            "\n缺抄表读数 {} 户（未计费）：{}",
                            p.missing_readings.len(),
                            p.missing_readings.join(" ")
                        );
                    }
                    if !p.flagged_readings.is_empty() {
                        s += &format!("\n⚠ 用量异常请核实：{}", p.flagged_readings.join(" "));
                    }
                    s
                },
            );
        }
        Cmd::Arrears { unit, building } => {
            let l = open(cli)?;
            let ctx = session(cli, &l)?;
            match unit {
                Some(u) => {
                    let a = api::unit_arrears(&l, &ctx, u)?;
                    print(cli, &a, |a| {
                        format!(
                            "{} {} 欠费 ¥{}  预存 ¥{}\n{}",
                            a.unit,
                            a.owner.clone().unwrap_or_default(),
                            yuan(a.total_fen),
                            yuan(a.prepayment_fen),
                            charges_table(&a.charges)
                        )
                    });
                }
                None => {
                    let list = api::arrears_list(&l, &ctx, building.as_deref())?;
                    print(cli, &list, |list| {
                        let mut t = Table::new(&[
                            "房号",
                            "业主",
                            "电话",
                            "欠费笔数>",
                            "最早欠费",
                            "欠费金额>",
                        ]);
                        for r in &list.rows {
                            t.row(vec![
                                r.unit.clone(),
                                r.owner.clone().unwrap_or_default(),
                                r.phone.clone().unwrap_or_default(),
                                r.open_charges.to_string(),
                                r.oldest_period.clone().unwrap_or_default(),
                                yuan(r.arrears_fen),
                            ]);
                        }
                        format!(
                            "{}\n欠费 {} 户，合计 ¥{}",
                            t.render(),
                            list.units,
                            yuan(list.total_fen)
                        )
                    });
                }
            }
        }
        Cmd::Shift(c) => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            match c {
                ShiftCmd::Open { float } => {
                    let id = api::open_shift(&mut l, &ctx, Money::parse(float)?)?;
                    print(cli, &serde_json::json!({"shift_id": id}), |_| {
                        format!(
                            "已开班 #{id}，备用金 ¥{}",
                            Money::parse(float).unwrap_or_default().grouped()
                        )
                    });
                }
                ShiftCmd::Close {
                    counts,
                    slips,
                    note,
                    approver,
                    shift,
                } => {
                    let mut cash_counts = vec![];
                    for c in counts {
                        let (d, n) = c.split_once([':', '=', '：']).ok_or_else(|| {
                            err!(
                                InvalidInput,
                                "清点「{c}」格式应为 面额:张数，如 100:80",
                                "count \"{c}\" should be DENOMINATION:COUNT, e.g. 100:80"
                            )
                        })?;
                        let n: i64 = n.trim().parse().map_err(|_| {
                            err!(
                                InvalidInput,
                                "张数「{n}」不是整数",
                                "count \"{n}\" is not a whole number"
                            )
                        })?;
                        cash_counts.push((Money::parse(d)?.fen(), n));
                    }
                    let mut non_cash = vec![];
                    for s in slips {
                        let (m, a) = s.split_once([':', '=', '：']).ok_or_else(|| {
                            err!(
                                InvalidInput,
                                "对账「{s}」格式应为 方式:金额，如 微信:1234.00",
                                "slip \"{s}\" should be METHOD:AMOUNT, e.g. wechat:1234.00"
                            )
                        })?;
                        non_cash.push((api::PayMethod::parse(m)?, Money::parse_signed(a)?));
                    }
                    let req = api::CloseRequest {
                        shift_id: *shift,
                        cash_counts,
                        non_cash,
                        note: note.clone(),
                        approval: approver.as_deref().map(approval).transpose()?,
                    };
                    let r = api::close_shift(&mut l, &ctx, &req)?;
                    print(cli, &r, |r| {
                        let mut t = Table::new(&["方式", "应收>", "实点/对账>", "长短款>"]);
                        for m in &r.methods {
                            t.row(vec![
                                m.method.zh().into(),
                                yuan(m.expected_fen),
                                yuan(m.counted_fen),
                                yuan(m.difference_fen),
                            ]);
                        }
                        let mut s = format!(
                            "已交班 #{}（容差 ¥{}）\n{}",
                            r.shift_id,
                            yuan(r.tolerance_fen),
                            t.render()
                        );
                        if let Some(a) = &r.approved_by {
                            s += &format!("\n长短款经 {a} 确认");
                        }
                        s
                    });
                }
                ShiftCmd::CashIn { amount, reason } | ShiftCmd::CashOut { amount, reason } => {
                    let m = Money::parse(amount)?;
                    let signed = if matches!(c, ShiftCmd::CashOut { .. }) {
                        -m
                    } else {
                        m
                    };
                    let id = api::cash_movement(&mut l, &ctx, signed, reason)?;
                    print(
                        cli,
                        &serde_json::json!({"shift_id": id, "fen": signed.fen()}),
                        |_| {
                            format!(
                                "班次 #{id} {} ¥{}：{reason}",
                                if signed.is_negative() {
                                    "取出"
                                } else {
                                    "存入"
                                },
                                m.grouped()
                            )
                        },
                    );
                }
                ShiftCmd::Tolerance { amount } => {
                    let m = Money::parse(amount)?;
                    api::set_cash_tolerance(&mut l, &ctx, m)?;
                    print(
                        cli,
                        &serde_json::json!({"cash_tolerance_fen": m.fen()}),
                        |_| format!("长短款容差已设为 ¥{}", m.grouped()),
                    );
                }
                ShiftCmd::CloseDay { date } => {
                    let d = date.unwrap_or(ctx.today());
                    api::close_day(&mut l, &ctx, d)?;
                    print(cli, &serde_json::json!({"closed": d.to_string()}), |_| {
                        format!("{d} 已日结")
                    });
                }
                ShiftCmd::List { limit } => {
                    let list = api::shifts(&l, &ctx, *limit)?;
                    print(cli, &list, |list| {
                        let mut t =
                            Table::new(&["#", "收银台", "收费员", "开班", "备用金>", "交班"]);
                        for s in list {
                            t.row(vec![
                                s.id.to_string(),
                                s.desk.clone(),
                                s.cashier.clone(),
                                s.opened_at.clone(),
                                yuan(s.float_fen),
                                s.closed_at.clone().unwrap_or("未交班".into()),
                            ]);
                        }
                        t.render()
                    });
                }
            }
        }
        Cmd::Collect(a) => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            let req = CollectRequest {
                unit: a.unit.clone(),
                charges: if a.charges.is_empty() {
                    None
                } else {
                    Some(a.charges.clone())
                },
                tenders: tenders(&a.pay)?,
                to_prepayment: a.to_prepayment,
                payer: a.payer.clone(),
                note: a.note.clone(),
            };
            let r = api::collect(&mut l, &ctx, &req)?;
            print(cli, &r, receipt_text);
        }
        Cmd::Sale(a) => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            let mut lines = vec![];
            for it in &a.items {
                let (item, rest) = it.split_once([':', '：']).ok_or_else(|| {
                    err!(
                        InvalidInput,
                        "项目「{it}」格式应为 编码:数量 或 编码:数量@单价",
                        "item \"{it}\" should be CODE:QTY or CODE:QTY@PRICE"
                    )
                })?;
                let (qty, price) = match rest.split_once('@') {
                    Some((q, p)) => (q, Some(parse_decimal(p, 2, &["元"], ("单价", "price"))?)),
                    None => (rest, None),
                };
                lines.push(SaleLine {
                    item: item.to_string(),
                    quantity: parse_decimal(qty, 2, &[], ("数量", "quantity"))?,
                    unit_price: price,
                });
            }
            let req = SaleRequest {
                unit: a.unit.clone(),
                payer: a.payer.clone(),
                lines,
                tenders: tenders(&a.pay)?,
                note: a.note.clone(),
            };
            let r = api::sale(&mut l, &ctx, &req)?;
            print(cli, &r, receipt_text);
        }
        Cmd::Void(a) | Cmd::Reverse(a) => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            let ap = approval(&a.approver)?;
            let r = if matches!(cli.cmd, Cmd::Void(_)) {
                api::void_receipt(&mut l, &ctx, &a.number, &a.reason, &ap)?
            } else {
                api::reverse_receipt(&mut l, &ctx, &a.number, &a.reason, &ap)?
            };
            print(cli, &r, receipt_text);
        }
        Cmd::Receipt(c) => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            match c {
                ReceiptCmd::Show { number } => {
                    let r = api::receipt(&l, &ctx, number)?;
                    print(cli, &r, receipt_text);
                }
                ReceiptCmd::Pdf {
                    number,
                    out,
                    layout,
                } => {
                    let bytes = match document::parse_layout(layout)? {
                        document::PrintLayout::Standard(lay) => {
                            api::print_receipt(&mut l, &ctx, number, lay)?
                        }
                        document::PrintLayout::Form(f) => {
                            api::print_receipt_form(&mut l, &ctx, number, &f)?
                        }
                    };
                    let path = out
                        .clone()
                        .unwrap_or_else(|| PathBuf::from(format!("{}.pdf", number.trim())));
                    let (json, text) = document::write_pdf(&path, &bytes)?;
                    print(cli, &json, |_| text);
                }
                ReceiptCmd::VerifyQr { text } => {
                    let p = api::verify_receipt_qr(&mut l, &ctx, text)?;
                    print(cli, &p, |p| {
                        format!(
                            "二维码有效：收据 {}（收银台 {}）金额 ¥{}",
                            p.number,
                            p.desk,
                            yuan(p.amount_fen)
                        )
                    });
                }
                ReceiptCmd::Print(a) => {
                    let (json, text) = print::print_receipt(&mut l, &ctx, a)?;
                    print(cli, &json, |_| text);
                }
                ReceiptCmd::List { query, limit } => {
                    let list = api::receipts(&l, &ctx, query, *limit)?;
                    print(cli, &list, |list| {
                        let mut t = Table::new(&[
                            "收据号",
                            "类型",
                            "房号",
                            "交款人",
                            "时间",
                            "金额>",
                            "状态",
                        ]);
                        for r in list {
                            t.row(vec![
                                r.number.clone(),
                                feedesk::collect::receipt_kind_zh(&r.kind).into(),
                                r.unit.clone().unwrap_or_default(),
                                r.payer.clone(),
                                r.issued_at
                                    .chars()
                                    .take(16)
                                    .collect::<String>()
                                    .replace('T', " "),
                                yuan(r.total_fen),
                                if r.voided {
                                    "作废".into()
                                } else {
                                    String::new()
                                },
                            ]);
                        }
                        t.render()
                    });
                }
            }
        }
        Cmd::User(c) => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            match c {
                UserCmd::Add {
                    username,
                    name,
                    role,
                    new_password,
                } => {
                    let pw = secret(new_password, &format!("{username} 的新密码: "))?;
                    let u = api::create_user(
                        &mut l,
                        &ctx,
                        &api::NewUser {
                            username: username.clone(),
                            display_name: name.clone(),
                            role: Role::parse(role)?,
                            password: pw,
                        },
                    )?;
                    print(cli, &u, |u| {
                        format!(
                            "已添加用户 {}（{}，{}）",
                            u.username,
                            u.display_name,
                            u.role.zh()
                        )
                    });
                }
                UserCmd::List => {
                    let list = api::list_users(&l, &ctx)?;
                    print(cli, &list, |list| {
                        let mut t = Table::new(&["用户名", "姓名", "角色", "状态"]);
                        for u in list {
                            t.row(vec![
                                u.username.clone(),
                                u.display_name.clone(),
                                u.role.zh().into(),
                                if u.active { "启用" } else { "停用" }.into(),
                            ]);
                        }
                        t.render()
                    });
                }
            }
        }
        Cmd::Audit { limit } => {
            let l = open(cli)?;
            let ctx = session(cli, &l)?;
            let rows = api::audit_log(&l, &ctx, *limit)?;
            print(cli, &rows, |rows| {
                let mut t = Table::new(&[
                    "时间",
                    "收银台",
                    "操作员",
                    "操作",
                    "对象",
                    "说明",
                    "原因",
                    "审批人",
                ]);
                for r in rows {
                    t.row(vec![
                        r.at.clone(),
                        r.desk.clone(),
                        r.user.clone().unwrap_or_default(),
                        r.action.clone(),
                        r.target.clone(),
                        r.detail.clone(),
                        r.reason.clone().unwrap_or_default(),
                        r.approved_by.clone().unwrap_or_default(),
                    ]);
                }
                t.render()
            });
        }
        Cmd::Torture { approver } => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            return torture(&mut l, &ctx, &approval(approver)?);
        }
        Cmd::Report(c) => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            let (json, text) = report::run(&mut l, &ctx, c)?;
            print(cli, &json, |_| text);
        }
        Cmd::Notice(c) => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            let (json, text) = document::notice(&mut l, &ctx, c)?;
            print(cli, &json, |_| text);
        }
        Cmd::Layout(c) => {
            let (json, text) = document::layout(c)?;
            print(cli, &json, |_| text);
        }
        Cmd::Deposit(c) => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            let (json, text) = deposit::run(&mut l, &ctx, c)?;
            print(cli, &json, |_| text);
        }
        Cmd::Print(a) => {
            let l = open(cli)?;
            let ctx = session(cli, &l)?;
            let (json, text) = print::print_file(&l, &ctx, a)?;
            print(cli, &json, |_| text);
        }
        Cmd::Settings(c) => {
            let mut l = open(cli)?;
            let ctx = session(cli, &l)?;
            let (json, text) = print::settings(&mut l, &ctx, c)?;
            print(cli, &json, |_| text);
        }
        Cmd::Check => {
            let l = open(cli)?;
            let rep = feedesk::check::check(l.conn())?;
            print(cli, &rep, |r| {
                let mut s = format!(
                    "完整性 {}；分录 {} 笔，收据 {} 张，外发事件 {} 条",
                    r.integrity, r.entries, r.receipts, r.events
                );
                if r.violations.is_empty() {
                    s += "\n账目核对无误";
                } else {
                    for v in &r.violations {
                        s += &format!("\n✗ {v}");
                    }
                }
                s
            });
            if !rep.ok() {
                return Err(err!(
                    Storage,
                    ("账套核对发现 {} 处问题", rep.violations.len()),
                    ("the ledger check found {} problem(s)", rep.violations.len())
                ));
            }
        }
        Cmd::Outbox(c) => {
            let l = open(cli)?;
            match c {
                OutboxCmd::Verify => {
                    let n = feedesk::outbox::verify_chain(l.conn())?;
                    print(
                        cli,
                        &serde_json::json!({"events": n, "chain": "ok"}),
                        |_| format!("外发事件 {n} 条，哈希链完整"),
                    );
                }
                OutboxCmd::List { after, limit } => {
                    let ev = feedesk::outbox::read(l.conn(), *after, *limit)?;
                    print(cli, &ev, |ev| {
                        let mut t = Table::new(&["序号", "时间", "类型", "哈希"]);
                        for e in ev {
                            t.row(vec![
                                e.seq.to_string(),
                                e.at.clone(),
                                e.event.kind().into(),
                                e.hash[..16].to_string(),
                            ]);
                        }
                        t.render()
                    });
                }
            }
        }
    }
    Ok(())
}

fn demo(cli: &Cli, a: &DemoArgs) -> Result<()> {
    if cli.db.exists() {
        if !a.force {
            return Err(err!(
                Duplicate,
                ("文件 {} 已存在；加 --force 覆盖", cli.db.display()),
                (
                    "file {} already exists; add --force to replace it",
                    cli.db.display()
                )
            ));
        }
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", cli.db.display()));
        }
    }
    let now = now(cli)?;
    let opts = feedesk::demo::DemoOptions {
        units: a.units,
        months: a.months,
        seed: a.seed,
        progress: !cli.json,
        ..feedesk::demo::DemoOptions::new(now)
    };
    let s = feedesk::demo::build(&cli.db, &opts)?;
    print(cli, &s, |s| {
        let mut out = format!(
            "演示账套已生成：{}\n房屋 {} 户（{} 栋），应收 {} 笔，收据 {} 张（作废 {}），欠费 {} 户 ¥{}\n用户：",
            cli.db.display(),
            s.units,
            s.buildings,
            s.charges,
            s.receipts,
            s.voids,
            s.arrears_units,
            yuan(s.arrears_fen)
        );
        for (u, role, pw) in &s.users {
            out += &format!("\n  {u} ({role}) 密码 {pw}");
        }
        out
    });
    Ok(())
}

/// Runs until killed. Each line printed is a document number whose transaction has committed; the
/// loop mixes payments, counter sales, voids and whole decoration-deposit refunds (a kill can land
/// between any two steps of a refund, leaving it in progress).
fn torture(l: &mut Ledger, ctx: &Ctx, approval: &Approval) -> Result<()> {
    use feedesk::deposits::{
        CollectDepositRequest, Deduction, DeductionKind, Inspection, RefundRequest,
    };
    use std::io::Write;
    let units: Vec<String> = {
        let mut s = l.conn().prepare("SELECT code FROM units ORDER BY id")?;
        let v = s
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        v
    };
    let supervisor = api::login(l, &approval.username, &approval.password, ctx.now)?;
    let cash = |fen: i64| Tender {
        method: api::PayMethod::Cash,
        amount: Money::from_fen(fen),
        reference: String::new(),
    };
    let mut out = std::io::stdout().lock();
    for i in 0u64.. {
        let unit = &units[i as usize % units.len()];
        if i % 5 == 4 {
            let req = CollectDepositRequest {
                unit: unit.clone(),
                payer: None,
                contractor: "压力测试装饰公司".into(),
                contractor_phone: "13900001111".into(),
                amount: Money::from_yuan(2000),
                permit_no: format!("ZX-{}-{i}", std::process::id()),
                planned_end: ctx.today() + chrono::Duration::days(60),
                tenders: vec![cash(200000)],
                note: String::new(),
            };
            let d = api::deposit_collect(l, ctx, &req)?;
            writeln!(out, "{}", d.receipt.number).ok();
            out.flush().ok();
            let id = d.deposit.id;
            api::deposit_inspect(
                l,
                ctx,
                id,
                &Inspection {
                    passed: true,
                    findings: String::new(),
                },
            )?;
            let deduction = Deduction {
                kind: DeductionKind::Cleaning,
                amount: Money::from_yuan(100),
                note: "垃圾清运".into(),
            };
            api::deposit_request_refund(
                l,
                ctx,
                id,
                &RefundRequest {
                    deductions: vec![deduction],
                    charges: vec![],
                    note: String::new(),
                },
            )?;
            api::deposit_approve_refund(l, &supervisor, id, "同意")?;
            let r = api::deposit_refund(l, ctx, id, api::PayMethod::Cash, "")?;
            writeln!(out, "{}", r.receipt.number).ok();
            out.flush().ok();
            continue;
        }
        let open = api::unit_arrears(l, ctx, unit)?;
        let r = if i % 3 == 0 && open.total_fen > 0 {
            let tendered = (open.total_fen + 9999) / 10000 * 10000;
            api::collect(
                l,
                ctx,
                &CollectRequest::all_open(unit, vec![cash(tendered)]),
            )?
        } else {
            let line = SaleLine {
                item: "FYF".into(),
                quantity: rust_decimal::Decimal::from(1 + i % 20),
                unit_price: None,
            };
            let fen = 50 * (1 + i as i64 % 20);
            api::sale(
                l,
                ctx,
                &SaleRequest {
                    unit: Some(unit.clone()),
                    payer: None,
                    lines: vec![line],
                    tenders: vec![Tender {
                        method: api::PayMethod::Wechat,
                        amount: Money::from_fen(fen),
                        reference: String::new(),
                    }],
                    note: String::new(),
                },
            )?
        };
        writeln!(out, "{}", r.number).ok();
        out.flush().ok();
        if i % 4 == 3 {
            let v = api::void_receipt(l, ctx, &r.number, "压力测试作废", approval)?;
            writeln!(out, "void {}", v.number).ok();
            out.flush().ok();
        }
    }
    Ok(())
}

fn charges_table(charges: &[api::OpenCharge]) -> String {
    let mut t = Table::new(&["#", "账期", "项目", "计费依据", "应收>", "未缴>"]);
    for c in charges {
        t.row(vec![
            c.charge_id.to_string(),
            c.period.clone(),
            c.item_name.clone(),
            c.basis.clone(),
            yuan(c.amount_fen),
            yuan(c.open_fen),
        ]);
    }
    t.render()
}

fn receipt_text(r: &api::Receipt) -> String {
    let mut s = format!(
        "收据 {}{}  {}  {}\n交款人 {}{}  收款人 {}\n",
        r.number,
        if r.void.is_some() {
            " 【作废】"
        } else {
            ""
        },
        feedesk::collect::receipt_kind_zh(&r.kind),
        r.issued_at.replace('T', " "),
        r.payer,
        r.unit
            .as_ref()
            .map(|u| format!(" ({u})"))
            .unwrap_or_default(),
        r.cashier
    );
    let mut t = Table::new(&["项目", "所属期间", "计费依据", "金额>"]);
    for l in &r.lines {
        t.row(vec![
            l.description.clone(),
            l.period.clone().unwrap_or_default(),
            l.basis.clone(),
            yuan(l.amount_fen),
        ]);
    }
    s += &t.render();
    let total = Money::from_fen(r.total_fen);
    s += &format!("\n合计 ¥{}  大写 {}\n", total.grouped(), total.words());
    for p in &r.payments {
        s += &format!("{} ¥{}", p.method.zh(), yuan(p.amount_fen));
        if let (Some(t), Some(c)) = (p.tendered_fen, p.change_fen) {
            s += &format!("（实收 ¥{} 找零 ¥{}）", yuan(t), yuan(c));
        }
        s += "  ";
    }
    if let Some(v) = &r.void {
        s += &format!(
            "\n作废：{}（{} 操作，{} 批准，{}）",
            v.reason, v.voided_by, v.approved_by, v.voided_at
        );
    }
    if let Some(o) = &r.reverses {
        s += &format!("\n红冲原收据 {o}：{}", r.reason.clone().unwrap_or_default());
    }
    if let Some(x) = &r.reversed_by {
        s += &format!("\n已由 {x} 红冲");
    }
    s
}
