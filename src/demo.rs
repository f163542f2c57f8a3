//! The demo estate (演示账套): a new ledger holding a realistic estate — 阳光花园, its units and owners,
//! fee items and standards — and months of history: monthly billing with a shared-electricity pool,
//! cashiers' shifts, payments by every method, counter sales, the odd void and a short drawer.
//! Deterministic for a seed (receipt UUIDs and outbox hashes aside, which use the real clock).
//!
//! Set-up goes through [`crate::api`] (init, users, fee items, standards, and the units import from a
//! CSV in the import template's format). The bulk history is written with the module-level operations
//! (`billing::run`, `shift::open`, `collect::collect`, …) on one connection, one transaction per
//! simulated day and `synchronous = OFF` while generating, so a 20,000-unit, 60-month ledger for the
//! benchmarks builds in minutes rather than hours. Every receipt still goes through the real code path:
//! numbering, allocations, journal, balances, outbox and audit.

// Amounts in fen are written yuan_fen (`500_00` is 500.00 yuan), not in groups of three.
#![allow(clippy::inconsistent_digit_grouping)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate, TimeZone, Utc, Weekday};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::api::{self, InitRequest, Ledger, NewUser};
use crate::auth::{self, Approval, Ctx, Role};
use crate::billing::{self, Basis};
use crate::collect::{self, CollectRequest, PayMethod, SaleLine, SaleRequest, Tender};
use crate::estate::UnitType;
use crate::fees::{self, Method, Scope};
use crate::{db, err, shift, Money, Result};

pub const COMPANY: &str = "阳光物业服务有限公司";
pub const ESTATE: &str = "阳光花园";
pub const DESK: &str = "A01";

/// (username, display name, role, password) of the demo's users; `admin` is created by `api::init`.
pub const USERS: [(&str, &str, Role, &str); 4] = [
    ("admin", "王建国", Role::Admin, "admin123"),
    ("lisi", "李四", Role::Cashier, "123456"),
    ("zhaoliu", "赵六", Role::Cashier, "123456"),
    ("zhangmin", "张敏", Role::Supervisor, "123456"),
];

const SUPERVISOR: (&str, &str) = ("zhangmin", "123456");
const CASHIERS: [(&str, &str); 2] = [("lisi", "123456"), ("zhaoliu", "123456")];
/// The import refuses more rows than this, so the demo does too.
const MAX_UNITS: usize = crate::import::MAX_DATA_ROWS;
const MAX_MONTHS: u32 = 240;
const FLOAT_FEN: i64 = 500_00;

#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Number of units (≈85% flats, 8% shops, 7% parking spaces). Default 1200.
    pub units: usize,
    /// Months of history. Default 12.
    pub months: u32,
    /// Seed of the generator: the same seed gives the same estate and history. Default 2026.
    pub seed: u64,
    /// Last billed month `YYYY-MM`. Empty = the month before `now` (the default).
    pub end_period: String,
    /// The present. Days on or after `now`'s date are not simulated.
    pub now: DateTime<FixedOffset>,
    /// Print one line per month to stderr.
    pub progress: bool,
}

pub use crate::auth::cst;

impl DemoOptions {
    /// The defaults, with `now` given (the clock is passed in, never read inside domain code).
    pub fn new(now: DateTime<FixedOffset>) -> DemoOptions {
        DemoOptions {
            units: 1200,
            months: 12,
            seed: 2026,
            end_period: default_end_period(now),
            now,
            progress: false,
        }
    }
}

impl Default for DemoOptions {
    /// The defaults at the current time in +08:00.
    fn default() -> Self {
        DemoOptions::new(Utc::now().with_timezone(&cst()))
    }
}

/// The month before `now`'s month, `YYYY-MM`.
pub fn default_end_period(now: DateTime<FixedOffset>) -> String {
    let first = now.date_naive().with_day(1).expect("day 1");
    fees::period_of(first.checked_sub_months(Months::new(1)).expect("in range"))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub company: String,
    pub estate: String,
    pub desk: String,
    pub seed: u64,
    pub first_period: String,
    pub last_period: String,
    pub months: u32,
    pub units: usize,
    pub residential: usize,
    pub shops: usize,
    pub parking: usize,
    pub buildings: usize,
    pub owners: usize,
    pub charges: usize,
    pub charges_fen: i64,
    pub receipts: usize,
    pub payment_receipts: usize,
    pub sale_receipts: usize,
    pub voids: usize,
    /// Total of the receipts that stand (not void).
    pub received_fen: i64,
    pub shifts: usize,
    /// Shifts closed a yuan or more short (长短款). (Leftover fen below the smallest counted
    /// denomination, 0.1 yuan, are not counted here.)
    pub short_shifts: usize,
    pub arrears_units: usize,
    pub arrears_fen: i64,
    /// Units billed at least once that owe nothing.
    pub paid_up_units: usize,
    pub prepayment_units: usize,
    pub prepayment_fen: i64,
    pub outbox_events: usize,
    /// (username, role, password) of every demo user, to show in the README and CLI.
    pub users: Vec<(String, String, String)>,
}

/// Create a new demo ledger at `path`. Refuses an existing file. On failure the partial file is removed.
pub fn build(path: &Path, opts: &DemoOptions) -> Result<DemoSummary> {
    build_reporting(path, opts, &crate::progress::silent)
}

/// `build`, reporting the months simulated (done, total) as it goes.
pub fn build_reporting(
    path: &Path,
    opts: &DemoOptions,
    on_step: crate::progress::OnStep,
) -> Result<DemoSummary> {
    if path.exists() {
        return Err(err!(
            Duplicate,
            ("文件 {} 已存在；演示账套只能新建，请换一个文件名或先删除它", path.display()),
            ("{} already exists; the demo only creates a new ledger, choose another name or delete it first", path.display())
        ));
    }
    let plan = Plan::new(opts)?;
    let out = build_inner(path, opts, &plan, on_step);
    if out.is_err() {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
    out
}

// ------------------------------------------------------------------------------------------ the plan

/// Validated options: the months to simulate.
struct Plan {
    /// First day of each simulated month, oldest first.
    months: Vec<NaiveDate>,
    today: NaiveDate,
}

impl Plan {
    fn new(opts: &DemoOptions) -> Result<Plan> {
        if opts.units < 10 || opts.units > MAX_UNITS {
            return Err(err!(
                InvalidInput,
                "演示房屋数应在 10 到 {MAX_UNITS} 之间",
                "the demo needs between 10 and {MAX_UNITS} units"
            ));
        }
        if opts.months < 1 || opts.months > MAX_MONTHS {
            return Err(err!(
                InvalidInput,
                "演示月数应在 1 到 {MAX_MONTHS} 之间",
                "the demo needs between 1 and {MAX_MONTHS} months"
            ));
        }
        let end = if opts.end_period.trim().is_empty() {
            default_end_period(opts.now)
        } else {
            fees::parse_period(&opts.end_period)?
        };
        let now_period = fees::period_of(opts.now.date_naive());
        if end > now_period {
            return Err(err!(
                InvalidInput,
                "最后计费月 {end} 晚于当前月份 {now_period}，不能生成未来的历史",
                "the last billed month {end} is after the current month {now_period}; the history cannot be in the future"
            ));
        }
        let (end_first, _) = fees::period_bounds(&end);
        let first = end_first
            .checked_sub_months(Months::new(opts.months - 1))
            .filter(|d| d.year() >= 2001)
            .ok_or_else(|| {
                err!(
                    InvalidInput,
                    "演示历史太长",
                    "the demo history reaches too far back"
                )
            })?;
        let months = (0..opts.months)
            .map(|i| first.checked_add_months(Months::new(i)).expect("in range"))
            .collect();
        Ok(Plan {
            months,
            today: opts.now.date_naive(),
        })
    }

    fn first(&self) -> NaiveDate {
        self.months[0]
    }

    /// Counter days of month `m` (Monday to Saturday) before today.
    fn working_days(&self, m: usize) -> Vec<NaiveDate> {
        let first = self.months[m];
        let next = first.checked_add_months(Months::new(1)).expect("in range");
        first
            .iter_days()
            .take_while(|d| *d < next && *d < self.today)
            .filter(|d| d.weekday() != Weekday::Sun)
            .collect()
    }
}

fn at(date: NaiveDate, secs: u32) -> DateTime<FixedOffset> {
    let naive = date
        .and_hms_opt(secs / 3600, (secs / 60) % 60, secs % 60)
        .expect("valid time");
    cst()
        .from_local_datetime(&naive)
        .single()
        .expect("fixed offset")
}

// ------------------------------------------------------------------------------------------ the estate

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "霞", "平", "刚", "桂", "英", "华", "玉", "兰", "建", "国", "文", "辉", "鹏", "红", "海",
    "峰", "波", "斌", "宇", "浩", "凯", "秀", "琳", "婷", "雪", "晨", "欣", "佳", "子", "怡", "梅",
    "志", "春", "晓", "燕", "俊", "飞", "丹", "萍", "亮", "成", "刚", "颖",
];
const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "177", "176", "180", "181", "182", "183", "185",
    "186", "187", "188", "189", "191", "198", "199",
];
/// Real county-level division codes (the first six digits of a resident ID).
const REGIONS: &[&str] = &[
    "110105", "110108", "310104", "310115", "440305", "440106", "440304", "330106", "320102",
    "510107", "420106", "610113", "430104", "370102", "350203", "500103", "120101", "210102",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Residential,
    Shop,
    Parking,
}

struct UnitSpec {
    building: String,
    entrance: String,
    room: String,
    kind: Kind,
    /// m² in hundredths.
    area: i64,
    owner: String,
    phone: String,
    id_number: Option<String>,
    handover: NaiveDate,
    /// Index of the first billed month.
    start_month: usize,
}

impl UnitSpec {
    fn code(&self) -> String {
        [
            self.building.as_str(),
            self.entrance.as_str(),
            self.room.as_str(),
        ]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("-")
    }
}

fn person_name(rng: &mut ChaCha8Rng) -> String {
    let mut s = SURNAMES.choose(rng).expect("non-empty").to_string();
    let n = if rng.gen_bool(0.7) { 2 } else { 1 };
    for _ in 0..n {
        s.push_str(GIVEN.choose(rng).expect("non-empty"));
    }
    s
}

fn mobile(rng: &mut ChaCha8Rng) -> String {
    format!(
        "{}{:08}",
        MOBILE_PREFIXES.choose(rng).expect("non-empty"),
        rng.gen_range(0..100_000_000u32)
    )
}

/// GB 11643-1999 check character of the first 17 digits.
pub fn resident_id_check(first17: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum();
    b"10X98765432"[(sum % 11) as usize] as char
}

fn resident_id(rng: &mut ChaCha8Rng) -> String {
    let birth = NaiveDate::from_ymd_opt(rng.gen_range(1950..=1996), 1, 1).expect("valid")
        + chrono::Days::new(rng.gen_range(0..365));
    let first17 = format!(
        "{}{}{:03}",
        REGIONS.choose(rng).expect("non-empty"),
        birth.format("%Y%m%d"),
        rng.gen_range(1..1000)
    );
    let check = resident_id_check(&first17);
    format!("{first17}{check}")
}

fn estate_units(rng: &mut ChaCha8Rng, n: usize, plan: &Plan) -> Vec<UnitSpec> {
    let shops = ((n as f64 * 0.08).round() as usize).max(1);
    let parking = ((n as f64 * 0.07).round() as usize).max(1);
    let residential = n - shops - parking;
    let window_start = plan.first();
    // The estate was delivered 3 to 8 years before the history starts; each building over a few months.
    let delivered = window_start - chrono::Days::new(rng.gen_range(3 * 365..8 * 365));
    let building_delivery =
        |rng: &mut ChaCha8Rng| delivered + chrono::Days::new(rng.gen_range(0..240));
    let handover_after = |rng: &mut ChaCha8Rng, d: NaiveDate| {
        let h = d + chrono::Days::new(rng.gen_range(0..150));
        h.min(window_start - chrono::Days::new(1))
    };
    let mut units = Vec::with_capacity(n);
    #[allow(clippy::too_many_arguments)]
    fn push(
        units: &mut Vec<UnitSpec>,
        rng: &mut ChaCha8Rng,
        building: String,
        entrance: String,
        room: String,
        kind: Kind,
        area: i64,
        handover: NaiveDate,
    ) {
        let owner = person_name(rng);
        let phone = mobile(rng);
        let id_number = rng.gen_bool(0.6).then(|| resident_id(rng));
        units.push(UnitSpec {
            building,
            entrance,
            room,
            kind,
            area,
            owner,
            phone,
            id_number,
            handover,
            start_month: 0,
        });
    }
    // Flats: high-rise buildings 1..N, 2-3 entrances, floors 2 to the top floor, 2-4 flats a floor.
    let mut b = 1;
    let mut made = 0;
    while made < residential {
        let entrances = rng.gen_range(2..=3);
        let top: u32 = *[11, 18, 18, 24, 26, 30, 30].choose(rng).expect("non-empty");
        let per_floor = rng.gen_range(2..=4);
        // A stack (the same position on every floor) has one floor plan and so one area.
        let stacks: Vec<Vec<i64>> = (0..entrances)
            .map(|_| {
                (0..per_floor)
                    .map(|_| rng.gen_range(6000..=16000))
                    .collect()
            })
            .collect();
        let delivery = building_delivery(rng);
        'building: for (e, stack) in stacks.iter().enumerate() {
            for floor in 2..=top {
                for (r, area) in stack.iter().enumerate() {
                    if made == residential {
                        break 'building;
                    }
                    let h = handover_after(rng, delivery);
                    push(
                        &mut units,
                        rng,
                        b.to_string(),
                        (e + 1).to_string(),
                        format!("{}{:02}", floor, r + 1),
                        Kind::Residential,
                        *area,
                        h,
                    );
                    made += 1;
                }
            }
        }
        b += 1;
    }
    // Shops: building S, no entrance, 40 to a floor.
    let delivery = building_delivery(rng);
    for i in 0..shops {
        let h = handover_after(rng, delivery);
        let room = format!("{}{:02}", 1 + i / 40, i % 40 + 1);
        let area = rng.gen_range(3000..=30000);
        push(
            &mut units,
            rng,
            "S".into(),
            String::new(),
            room,
            Kind::Shop,
            area,
            h,
        );
    }
    // Parking: building P, basement levels B1, B2, … of 300 spaces.
    let delivery = building_delivery(rng);
    let owners_of_flats: Vec<(String, String, Option<String>)> = units
        .iter()
        .filter(|u| u.kind == Kind::Residential)
        .map(|u| (u.owner.clone(), u.phone.clone(), u.id_number.clone()))
        .collect();
    for i in 0..parking {
        let h = handover_after(rng, delivery);
        let area = rng.gen_range(1250..=1500);
        push(
            &mut units,
            rng,
            "P".into(),
            format!("B{}", 1 + i / 300),
            format!("{:03}", i % 300 + 1),
            Kind::Parking,
            area,
            h,
        );
        // Most spaces belong to someone who owns a flat here.
        if rng.gen_bool(0.7) {
            if let Some((name, phone, id_number)) = owners_of_flats.choose(rng) {
                let u = units.last_mut().expect("just pushed");
                u.owner = name.clone();
                u.phone = phone.clone();
                u.id_number = id_number.clone();
            }
        }
    }
    // About 2% are handed over during the history: billed from their handover month.
    if plan.months.len() > 1 {
        for u in units.iter_mut() {
            if rng.gen_bool(0.02) {
                let m = rng.gen_range(1..plan.months.len());
                u.handover = plan.months[m] + chrono::Days::new(rng.gen_range(0..27));
                u.start_month = m;
            }
        }
    }
    units
}

fn write_import_csv(path: &Path, units: &[UnitSpec]) -> Result<()> {
    let mut s = String::with_capacity(units.len() * 80);
    s.push('\u{FEFF}');
    s.push_str("楼栋,单元,房号,房屋类型,建筑面积,业主姓名,联系电话,证件号码,交房日期\n");
    for u in units {
        let kind = match u.kind {
            Kind::Residential => "住宅",
            Kind::Shop => "商铺",
            Kind::Parking => "车位",
        };
        s.push_str(&format!(
            "{},{},{},{},{}.{:02},{},{},{},{}\n",
            u.building,
            u.entrance,
            u.room,
            kind,
            u.area / 100,
            u.area % 100,
            u.owner,
            u.phone,
            u.id_number.as_deref().unwrap_or(""),
            u.handover.format("%Y-%m-%d")
        ));
    }
    std::fs::write(path, s).map_err(|e| {
        err!(
            Storage,
            "无法写入临时导入文件：{e}",
            "cannot write the temporary import file: {e}"
        )
    })
}

fn import_units(l: &mut Ledger, ctx: &Ctx, units: &[UnitSpec]) -> Result<()> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("feedesk-demo-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| {
        err!(
            Storage,
            "无法创建临时目录：{e}",
            "cannot create a temporary directory: {e}"
        )
    })?;
    let file = dir.join("房屋及业主资料.csv");
    let out = write_import_csv(&file, units).and_then(|_| api::import_units(l, ctx, &file));
    let _ = std::fs::remove_dir_all(&dir);
    let summary = out?;
    if summary.units_added != units.len() {
        return Err(err!(
            Storage,
            (
                "演示房屋导入数量不符：{} / {}",
                summary.units_added,
                units.len()
            ),
            (
                "demo import added {} of {} units",
                summary.units_added,
                units.len()
            )
        ));
    }
    Ok(())
}

fn set_up_fees(l: &mut Ledger, ctx: &Ctx, start: &str) -> Result<()> {
    let items: [(&str, &str, Method, &str); 8] = [
        ("WYF", "物业服务费", Method::PerArea, "㎡"),
        ("LJF", "垃圾处理费", Method::Fixed, "户"),
        ("CWF", "车位费", Method::Fixed, "个"),
        ("GTDF", "公摊电费", Method::Allocation, "㎡"),
        ("FYF", "复印费", Method::PerQuantity, "张"),
        ("YSF", "钥匙配置费", Method::PerQuantity, "把"),
        ("HSF", "会所场地费", Method::PerQuantity, "小时"),
        ("BJF", "保洁服务", Method::PerQuantity, "次"),
    ];
    for (code, name, method, label) in items {
        api::create_fee_item(l, ctx, code, name, method, label)?;
    }
    let res = Scope::UnitType(UnitType::Residential);
    let shop = Scope::UnitType(UnitType::Shop);
    let park = Scope::UnitType(UnitType::Parking);
    // Per-quantity prices apply whatever the unit's type; the scope only has to name one.
    let any = Scope::UnitType(UnitType::Other);
    let standards: [(&str, Decimal, &Scope); 10] = [
        ("WYF", Decimal::new(235, 2), &res),
        ("WYF", Decimal::new(480, 2), &shop),
        ("LJF", Decimal::new(10, 0), &res),
        ("LJF", Decimal::new(30, 0), &shop),
        ("CWF", Decimal::new(150, 0), &park),
        ("GTDF", Decimal::ZERO, &res),
        ("FYF", Decimal::new(50, 2), &any),
        ("YSF", Decimal::new(15, 0), &any),
        ("HSF", Decimal::new(200, 0), &any),
        ("BJF", Decimal::new(80, 0), &any),
    ];
    for (item, rate, scope) in standards {
        api::set_fee_standard(l, ctx, item, rate, scope, start)?;
    }
    Ok(())
}

// ------------------------------------------------------------------------------------------ behaviour

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Habit {
    /// Pays within the month, every month.
    Monthly,
    /// Every three months.
    Quarterly,
    /// Every six months; some add a prepayment.
    HalfYearly { prepays: bool },
    /// Lets 2-4 months run up, then clears everything.
    Late,
    /// Rarely (or never) pays; when they do, only the oldest charges.
    Chronic { never: bool },
}

struct Payer {
    unit_id: i64,
    code: String,
    habit: Habit,
    method: PayMethod,
    /// Month index of the next payment.
    next: usize,
    start_month: usize,
}

fn draw_method(rng: &mut ChaCha8Rng) -> PayMethod {
    match rng.gen_range(0..100) {
        0..=34 => PayMethod::Cash,
        35..=69 => PayMethod::Wechat,
        70..=89 => PayMethod::Alipay,
        90..=96 => PayMethod::Unionpay,
        _ => PayMethod::Transfer,
    }
}

fn draw_habit(rng: &mut ChaCha8Rng) -> Habit {
    match rng.gen_range(0..100) {
        0..=44 => Habit::Monthly,
        45..=69 => Habit::Quarterly,
        70..=81 => Habit::HalfYearly {
            prepays: rng.gen_bool(0.35),
        },
        82..=91 => Habit::Late,
        _ => Habit::Chronic {
            never: rng.gen_bool(0.5),
        },
    }
}

/// The bank's or wallet's transaction reference for a non-cash payment.
fn reference(rng: &mut ChaCha8Rng, method: PayMethod, date: NaiveDate) -> String {
    let digits = |rng: &mut ChaCha8Rng, n: usize| {
        (0..n)
            .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
            .collect::<String>()
    };
    match method {
        PayMethod::Wechat => format!("4200{}{}", date.format("%Y%m%d"), digits(rng, 16)),
        PayMethod::Alipay => format!("{}{}", date.format("%Y%m%d"), digits(rng, 20)),
        PayMethod::Unionpay => digits(rng, 12),
        PayMethod::Transfer => format!("HZ{}{}", date.format("%Y%m%d"), digits(rng, 8)),
        _ => String::new(),
    }
}

/// What a cash payer hands over for `due` fen: usually rounded up to notes, sometimes exact.
fn cash_handed(rng: &mut ChaCha8Rng, due: i64) -> i64 {
    if rng.gen_bool(0.2) {
        return due;
    }
    let step = if due <= 50_00 {
        *[10_00, 50_00, 100_00].choose(rng).expect("non-empty")
    } else if due <= 500_00 {
        *[50_00, 100_00].choose(rng).expect("non-empty")
    } else {
        100_00
    };
    (due + step - 1) / step * step
}

fn tender(rng: &mut ChaCha8Rng, method: PayMethod, due: i64, date: NaiveDate) -> Tender {
    let amount = if method == PayMethod::Cash {
        cash_handed(rng, due)
    } else {
        due
    };
    Tender {
        method,
        amount: Money::from_fen(amount),
        reference: reference(rng, method, date),
    }
}

/// One thing that happens at the counter during a day.
enum Visit {
    Pay(usize),
    Sale,
}

// ------------------------------------------------------------------------------------------ the build

struct Users {
    supervisor: Ctx,
    cashiers: [Ctx; 2],
}

fn login(conn: &Connection, user: &str, password: &str, now: DateTime<FixedOffset>) -> Result<Ctx> {
    let actor = auth::login(conn, user, password)?;
    auth::ctx_for(conn, actor, now)
}

fn build_inner(
    path: &Path,
    opts: &DemoOptions,
    plan: &Plan,
    on_step: crate::progress::OnStep,
) -> Result<DemoSummary> {
    let started = Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let first_period = fees::period_of(plan.first());
    // The office set the ledger up the day before the first billed month.
    let setup_time = at(plan.first() - chrono::Days::new(1), 9 * 3600);

    // ---- set-up through the API, as an office would do it
    {
        let mut l = Ledger::open(path)?;
        let (admin_user, admin_name, _, admin_pw) = USERS[0];
        api::init(
            &mut l,
            &InitRequest {
                company_name: COMPANY.into(),
                estate_name: ESTATE.into(),
                desk_code: DESK.into(),
                admin_username: admin_user.into(),
                admin_display_name: admin_name.into(),
                admin_password: admin_pw.into(),
            },
            setup_time,
        )?;
        let admin = api::login(&l, admin_user, admin_pw, setup_time)?;
        for (username, display_name, role, password) in &USERS[1..] {
            api::create_user(
                &mut l,
                &admin,
                &NewUser {
                    username: (*username).into(),
                    display_name: (*display_name).into(),
                    role: *role,
                    password: (*password).into(),
                },
            )?;
        }
        set_up_fees(&mut l, &admin, &first_period)?;
        let units = estate_units(&mut rng, opts.units, plan);
        import_units(&mut l, &admin, &units)?;
        if opts.progress {
            eprintln!(
                "[demo] {} 户已导入，收费项目与标准已设置（{:.1}s）",
                units.len(),
                started.elapsed().as_secs_f64()
            );
        }
        drop(l);
        simulate(path, opts, plan, &mut rng, &units, started, on_step)?;
    }

    let conn = db::open(path)?;
    summary(&conn, opts, plan)
}

fn simulate(
    path: &Path,
    opts: &DemoOptions,
    plan: &Plan,
    rng: &mut ChaCha8Rng,
    units: &[UnitSpec],
    started: Instant,
    on_step: crate::progress::OnStep,
) -> Result<()> {
    let mut conn = db::open(path)?;
    // Nothing here needs to survive a power cut: a failed build is deleted. FULL again at the end.
    conn.execute_batch("PRAGMA synchronous = OFF;")?;
    // A receipt runs some 30 distinct cached statements; rusqlite keeps 16 by default, so they would be
    // parsed again for every receipt.
    conn.set_prepared_statement_cache_capacity(256);
    let t0 = at(plan.first(), 8 * 3600);
    let users = Users {
        supervisor: login(&conn, SUPERVISOR.0, SUPERVISOR.1, t0)?,
        cashiers: [
            login(&conn, CASHIERS[0].0, CASHIERS[0].1, t0)?,
            login(&conn, CASHIERS[1].0, CASHIERS[1].1, t0)?,
        ],
    };
    let approval = Approval {
        username: SUPERVISOR.0.into(),
        password: SUPERVISOR.1.into(),
    };

    let mut payers = Vec::with_capacity(units.len());
    {
        let mut stmt = conn.prepare("SELECT id FROM units WHERE code = ?1")?;
        for u in units {
            let code = u.code();
            let unit_id: i64 = stmt.query_row([&code], |r| r.get(0))?;
            let habit = draw_habit(rng);
            let next = match habit {
                Habit::Monthly => 0,
                Habit::Quarterly => rng.gen_range(0..3),
                Habit::HalfYearly { .. } => rng.gen_range(0..6),
                Habit::Late => rng.gen_range(1..4),
                Habit::Chronic { .. } => usize::MAX,
            };
            payers.push(Payer {
                unit_id,
                code,
                habit,
                method: draw_method(rng),
                next: next.max(u.start_month),
                start_month: u.start_month,
            });
        }
    }
    let billed_area = |m: usize| -> i64 {
        units
            .iter()
            .filter(|u| u.kind == Kind::Residential && u.start_month <= m)
            .map(|u| u.area)
            .sum()
    };
    let with_unit: Vec<usize> = (0..payers.len()).collect();
    let sales_per_day = (opts.units / 400).max(2);
    let mut day_no = 0usize;
    let mut voids = 0usize;

    for (m, first_day) in plan.months.iter().enumerate() {
        on_step(m as u64, plan.months.len() as u64);
        let period = fees::period_of(*first_day);
        let m_started = Instant::now();

        // ---- the 1st: the supervisor records the shared meter's bill and runs the month's billing
        let charges = {
            let mut ctx = users.supervisor.clone();
            ctx.now = at(*first_day, 8 * 3600 + 10 * 60);
            let tx = conn.transaction()?;
            // 0.80–1.20 yuan per m² of the flats billed this month
            let rate_fen = rng.gen_range(80..=120);
            let total = billed_area(m) * rate_fen / 100;
            if total > 0 {
                let pool = billing::NewPool {
                    item: "GTDF".into(),
                    period: period.clone(),
                    building: None,
                    total: Money::from_fen(total),
                    basis: Basis::Area,
                    note: format!("{period} 公共区域用电（供电局账单）"),
                };
                billing::create_pool(&tx, &ctx, &pool)?;
            }
            let r = billing::run(&tx, &ctx, &period)?;
            tx.commit()?;
            r.preview.charges
        };

        // ---- who pays this month, and on which counter day
        let days = plan.working_days(m);
        let n_days = days.len().max(1);
        let mut schedule: Vec<Vec<usize>> = vec![Vec::new(); n_days];
        for (i, p) in payers.iter_mut().enumerate() {
            if p.start_month > m {
                continue;
            }
            let pays = match p.habit {
                Habit::Chronic { never } => !never && rng.gen_bool(0.06),
                _ => p.next <= m,
            };
            if !pays {
                continue;
            }
            p.next = match p.habit {
                Habit::Monthly => m + if rng.gen_bool(0.05) { 2 } else { 1 },
                Habit::Quarterly => m + 3,
                Habit::HalfYearly { .. } => m + 6,
                Habit::Late => m + rng.gen_range(3..=5),
                Habit::Chronic { .. } => usize::MAX,
            };
            // Early in the month is busier: the earlier of two draws.
            let d = rng.gen_range(0..n_days).min(rng.gen_range(0..n_days));
            schedule[d].push(i);
        }

        let mut receipts = 0usize;
        for (d, date) in days.iter().enumerate() {
            let mut visits: Vec<(u32, Visit)> = schedule[d]
                .iter()
                .map(|&i| (rng.gen_range(31_000..62_400), Visit::Pay(i)))
                .collect();
            for _ in 0..rng.gen_range(0..=sales_per_day * 2) {
                visits.push((rng.gen_range(31_000..62_400), Visit::Sale));
            }
            visits.sort_by_key(|v| v.0);
            let mut ctx = users.cashiers[day_no % 2].clone();
            day_no += 1;
            let tx = conn.transaction()?;
            ctx.now = at(*date, 8 * 3600 + 30 * 60);
            let shift_id = shift::open(&tx, &ctx, Money::from_fen(FLOAT_FEN))?;
            for (secs, visit) in visits {
                ctx.now = at(*date, secs);
                // About one receipt in 300 is typed wrong and voided at once; the demo shows at least one.
                let last_month = m + 1 == plan.months.len();
                let void_first = rng.gen_range(0..300) == 0
                    || (last_month && voids == 0 && matches!(visit, Visit::Pay(_)));
                match visit {
                    Visit::Pay(i) => {
                        let (n, v) = pay(
                            &tx, &mut ctx, rng, &payers[i], *date, secs, void_first, &approval,
                        )?;
                        receipts += n;
                        voids += v as usize;
                    }
                    Visit::Sale => {
                        let unit = rng
                            .gen_bool(0.6)
                            .then(|| *with_unit.choose(rng).expect("units"))
                            .map(|i| payers[i].code.clone());
                        receipts +=
                            sell(&tx, &mut ctx, rng, unit, *date, secs, void_first, &approval)?;
                        voids += void_first as usize;
                    }
                }
            }
            ctx.now = at(*date, 17 * 3600 + 30 * 60);
            let expected = shift::expected_cash(&tx, shift_id)?;
            let short = expected.fen() >= 10_00 && rng.gen_range(0..40) == 0;
            let (counted, note) = if short {
                (
                    expected - Money::from_yuan(10),
                    "短款10元，已按实点金额登记",
                )
            } else {
                (expected, "")
            };
            let close = shift::CloseRequest {
                cash_counts: shift::counts_for(counted),
                non_cash: shift::expected_non_cash(&tx, shift_id)?,
                note: note.into(),
                approval: short.then(|| approval.clone()),
                shift_id: None,
            };
            shift::close(&tx, &ctx, &close)?;
            // 日结: the counter's day is closed once the shift is in.
            ctx.now = at(*date, 17 * 3600 + 40 * 60);
            shift::close_day(&tx, &ctx, *date)?;
            tx.commit()?;
        }
        if opts.progress {
            eprintln!(
                "[demo] {period}: {charges} 笔应收，{} 个收费日，{receipts} 张收据（本月 {:.1}s，累计 {:.1}s）",
                days.len(),
                m_started.elapsed().as_secs_f64(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(())
}

/// A unit pays at the counter. Returns the number of receipts issued and whether one was voided.
#[allow(clippy::too_many_arguments)]
fn pay(
    tx: &rusqlite::Transaction,
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    p: &Payer,
    date: NaiveDate,
    secs: u32,
    void_first: bool,
    approval: &Approval,
) -> Result<(usize, bool)> {
    let (due, prepaid): (i64, i64) = tx
        .prepare_cached(
            "SELECT receivable_fen, prepayment_fen FROM unit_balances WHERE unit_id = ?1",
        )?
        .query_row([p.unit_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, 0));
    if due <= 0 {
        return Ok((0, false));
    }
    let method = if rng.gen_bool(0.8) {
        p.method
    } else {
        draw_method(rng)
    };
    // Chronic debtors, when they come, settle only the oldest few charges.
    let (charges, due) = match p.habit {
        Habit::Chronic { .. } => {
            let open = collect::open_charges(tx, p.unit_id)?;
            let take = rng.gen_range(1..=3).min(open.len());
            (
                Some(open[..take].iter().map(|c| c.charge_id).collect::<Vec<_>>()),
                open[..take].iter().map(|c| c.open_fen).sum(),
            )
        }
        _ => (None, due),
    };
    let mut req = CollectRequest {
        unit: p.code.clone(),
        charges,
        tenders: vec![],
        to_prepayment: false,
        payer: None,
        note: String::new(),
    };
    let mut issued = 0;
    if prepaid > 0 && req.charges.is_none() {
        // The prepayment balance is used first; the rest is paid as usual.
        let used = prepaid.min(due);
        req.tenders.push(Tender {
            method: PayMethod::Prepayment,
            amount: Money::from_fen(used),
            reference: String::new(),
        });
        if due > used {
            req.tenders.push(tender(rng, method, due - used, date));
        }
        req.note = "预存款抵扣".into();
        collect::collect(tx, ctx, &req)?;
        issued += 1;
        if let Habit::HalfYearly { prepays: true } = p.habit {
            // …and tops the balance up again for the next months (a receipt with only a prepayment line).
            ctx.now = at(date, secs + 30);
            let extra = *[500_00, 1000_00, 2000_00].choose(rng).expect("non-empty");
            let top_up = CollectRequest {
                charges: Some(vec![]),
                tenders: vec![Tender {
                    method,
                    amount: Money::from_fen(extra),
                    reference: reference(rng, method, date),
                }],
                to_prepayment: true,
                note: "预存物业费".into(),
                ..req
            };
            collect::collect(tx, ctx, &top_up)?;
            issued += 1;
        }
        return Ok((issued, false));
    } else {
        if void_first {
            // The cashier types one zero too many and keeps the excess as prepayment; caught at once.
            let wrong = CollectRequest {
                tenders: vec![Tender {
                    method,
                    amount: Money::from_fen(due * 10),
                    reference: reference(rng, method, date),
                }],
                to_prepayment: true,
                ..req.clone()
            };
            let r = collect::collect(tx, ctx, &wrong)?;
            ctx.now = at(date, secs + 60);
            collect::void(tx, ctx, &r.number, "金额录入错误，多输了一个0", approval)?;
            ctx.now = at(date, secs + 120);
            issued += 1;
        }
        let prepay_extra = match p.habit {
            Habit::HalfYearly { prepays: true } if req.charges.is_none() => {
                *[500_00, 1000_00, 2000_00].choose(rng).expect("non-empty")
            }
            _ => 0,
        };
        if prepay_extra > 0 {
            let amount = (due + prepay_extra + 100_00 - 1) / 100_00 * 100_00;
            req.tenders.push(Tender {
                method,
                amount: Money::from_fen(amount),
                reference: reference(rng, method, date),
            });
            req.to_prepayment = true;
            req.note = "多缴部分转预存".into();
        } else {
            req.tenders.push(tender(rng, method, due, date));
        }
    }
    collect::collect(tx, ctx, &req)?;
    Ok((issued + 1, issued > 0))
}

/// A counter sale (有偿服务, 会所). Returns the number of receipts issued.
#[allow(clippy::too_many_arguments)]
fn sell(
    tx: &rusqlite::Transaction,
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    unit: Option<String>,
    date: NaiveDate,
    secs: u32,
    void_first: bool,
    approval: &Approval,
) -> Result<usize> {
    let (item, qty, price): (&str, i64, i64) = match rng.gen_range(0..100) {
        0..=49 => ("FYF", rng.gen_range(1..=30), 50),
        50..=69 => ("YSF", rng.gen_range(1..=3), 15_00),
        70..=89 => ("BJF", rng.gen_range(1..=2), 80_00),
        _ => ("HSF", rng.gen_range(1..=4), 200_00),
    };
    let method = draw_method(rng);
    let mut lines = vec![SaleLine {
        item: item.into(),
        quantity: Decimal::from(qty),
        unit_price: None,
    }];
    let mut due = qty * price;
    if item == "YSF" && rng.gen_bool(0.3) {
        let copies = rng.gen_range(1..=4);
        lines.push(SaleLine {
            item: "FYF".into(),
            quantity: Decimal::from(copies),
            unit_price: None,
        });
        due += copies * 50;
    }
    let payer = unit.is_none().then(|| {
        if item == "HSF" {
            "业主活动预订".to_string()
        } else {
            "散客".to_string()
        }
    });
    let mut issued = 0;
    if void_first {
        let mut wrong_lines = lines.clone();
        wrong_lines[0].quantity = Decimal::from(qty * 10);
        let wrong_due = due + 9 * qty * price;
        let wrong = SaleRequest {
            unit: unit.clone(),
            payer: payer.clone(),
            lines: wrong_lines,
            tenders: vec![tender(rng, method, wrong_due, date)],
            note: String::new(),
        };
        let r = collect::sale(tx, ctx, &wrong)?;
        ctx.now = at(date, secs + 60);
        collect::void(tx, ctx, &r.number, "数量录入错误", approval)?;
        ctx.now = at(date, secs + 120);
        issued += 1;
    }
    let req = SaleRequest {
        unit,
        payer,
        lines,
        tenders: vec![tender(rng, method, due, date)],
        note: String::new(),
    };
    collect::sale(tx, ctx, &req)?;
    Ok(issued + 1)
}

// ------------------------------------------------------------------------------------------ the summary

fn summary(conn: &Connection, opts: &DemoOptions, plan: &Plan) -> Result<DemoSummary> {
    let count = |sql: &str| -> Result<i64> {
        Ok(conn
            .query_row(sql, [], |r| r.get::<_, Option<i64>>(0))?
            .unwrap_or(0))
    };
    let n = |sql: &str| -> Result<usize> { Ok(count(sql)? as usize) };
    // The users as stored, with the passwords the demo gave them.
    let mut users = Vec::new();
    {
        let mut stmt =
            conn.prepare("SELECT username, role FROM users WHERE active = 1 ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let username: String = r.get(0)?;
            let password = USERS
                .iter()
                .find(|u| u.0 == username)
                .map(|u| u.3.to_string())
                .unwrap_or_default();
            users.push((username, r.get(1)?, password));
        }
    }
    Ok(DemoSummary {
        company: db::setting(conn, "company_name")?.unwrap_or_default(),
        estate: db::setting(conn, "estate_name")?.unwrap_or_default(),
        desk: db::setting(conn, "desk_code")?.unwrap_or_default(),
        seed: opts.seed,
        first_period: fees::period_of(plan.first()),
        last_period: fees::period_of(*plan.months.last().expect("at least one month")),
        months: opts.months,
        units: n("SELECT COUNT(*) FROM units")?,
        residential: n("SELECT COUNT(*) FROM units WHERE unit_type = 'residential'")?,
        shops: n("SELECT COUNT(*) FROM units WHERE unit_type = 'shop'")?,
        parking: n("SELECT COUNT(*) FROM units WHERE unit_type = 'parking'")?,
        buildings: n("SELECT COUNT(*) FROM buildings")?,
        owners: n("SELECT COUNT(*) FROM parties WHERE role = 'owner' AND active = 1")?,
        charges: n("SELECT COUNT(*) FROM charges")?,
        charges_fen: count("SELECT SUM(amount_fen) FROM charges")?,
        receipts: n("SELECT COUNT(*) FROM receipts")?,
        payment_receipts: n("SELECT COUNT(*) FROM receipts WHERE kind = 'payment'")?,
        sale_receipts: n("SELECT COUNT(*) FROM receipts WHERE kind = 'sale'")?,
        voids: n("SELECT COUNT(*) FROM voids")?,
        received_fen: count("SELECT SUM(total_fen) FROM receipts r WHERE NOT EXISTS (SELECT 1 FROM voids v WHERE v.receipt_id = r.id)")?,
        shifts: n("SELECT COUNT(*) FROM shifts")?,
        short_shifts: n("SELECT COUNT(*) FROM shift_closes WHERE expected_cash_fen - counted_cash_fen >= 100")?,
        arrears_units: n("SELECT COUNT(*) FROM unit_balances WHERE receivable_fen > 0")?,
        arrears_fen: count("SELECT SUM(receivable_fen) FROM unit_balances WHERE receivable_fen > 0")?,
        paid_up_units: n("SELECT COUNT(*) FROM unit_balances WHERE receivable_fen = 0")?,
        prepayment_units: n("SELECT COUNT(*) FROM unit_balances WHERE prepayment_fen > 0")?,
        prepayment_fen: count("SELECT SUM(prepayment_fen) FROM unit_balances")?,
        outbox_events: n("SELECT COUNT(*) FROM outbox")?,
        users,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_id_check_digit() {
        // GB 11643 example: 11010519491231002X
        assert_eq!(resident_id_check("11010519491231002"), 'X');
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..100 {
            let id = resident_id(&mut rng);
            assert_eq!(id.len(), 18);
            assert_eq!(resident_id_check(&id[..17]), id.chars().last().unwrap());
        }
    }

    #[test]
    fn default_end_is_last_month() {
        let now = cst().with_ymd_and_hms(2026, 1, 15, 10, 0, 0).unwrap();
        assert_eq!(default_end_period(now), "2025-12");
    }
}
