//! The demo's estate: buildings, units and owners with plausible names, phones and ID numbers, imported
//! from a CSV in the import template's format; its fee items and standards.
#![allow(clippy::inconsistent_digit_grouping)]

use std::path::Path;

use chrono::NaiveDate;
use feedesk_ledger::auth::Ctx;
use feedesk_ledger::estate::UnitType;
use feedesk_ledger::fees::{Method, Scope};
use feedesk_ledger::{err, Result};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

use super::*;
use crate::{self as api, Ledger};

pub(super) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗",
];

pub(super) const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "霞", "平", "刚", "桂", "英", "华", "玉", "兰", "建", "国", "文", "辉", "鹏", "红", "海",
    "峰", "波", "斌", "宇", "浩", "凯", "秀", "琳", "婷", "雪", "晨", "欣", "佳", "子", "怡", "梅",
    "志", "春", "晓", "燕", "俊", "飞", "丹", "萍", "亮", "成", "刚", "颖",
];

pub(super) const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "177", "176", "180", "181", "182", "183", "185",
    "186", "187", "188", "189", "191", "198", "199",
];

/// Real county-level division codes (the first six digits of a resident ID).
pub(super) const REGIONS: &[&str] = &[
    "110105", "110108", "310104", "310115", "440305", "440106", "440304", "330106", "320102",
    "510107", "420106", "610113", "430104", "370102", "350203", "500103", "120101", "210102",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Residential,
    Shop,
    Parking,
}

pub(super) struct UnitSpec {
    pub(super) building: String,
    pub(super) entrance: String,
    pub(super) room: String,
    pub(super) kind: Kind,
    /// m² in hundredths.
    pub(super) area: i64,
    pub(super) owner: String,
    pub(super) phone: String,
    pub(super) id_number: Option<String>,
    pub(super) handover: NaiveDate,
    /// Index of the first billed month.
    pub(super) start_month: usize,
}

impl UnitSpec {
    pub(super) fn code(&self) -> String {
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

pub(super) fn person_name(rng: &mut ChaCha8Rng) -> String {
    let mut s = SURNAMES.choose(rng).expect("non-empty").to_string();
    let n = if rng.gen_bool(0.7) { 2 } else { 1 };
    for _ in 0..n {
        s.push_str(GIVEN.choose(rng).expect("non-empty"));
    }
    s
}

pub(super) fn mobile(rng: &mut ChaCha8Rng) -> String {
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

pub(super) fn resident_id(rng: &mut ChaCha8Rng) -> String {
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

pub(super) fn estate_units(rng: &mut ChaCha8Rng, n: usize, plan: &Plan) -> Vec<UnitSpec> {
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

pub(super) fn write_import_csv(path: &Path, units: &[UnitSpec]) -> Result<()> {
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

pub(super) fn import_units(l: &mut Ledger, ctx: &Ctx, units: &[UnitSpec]) -> Result<()> {
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

pub(super) fn set_up_fees(l: &mut Ledger, ctx: &Ctx, start: &str) -> Result<()> {
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
