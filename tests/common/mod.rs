//! A real ledger file in a temporary folder, with an estate, users, fee items and standards.
#![allow(dead_code)]

pub mod console;
pub mod hq;

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, TimeZone};
use feedesk_api::Money;
use feedesk_api::UnitType;
use feedesk_api::{self as api, Approval, Ctx, Ledger, Method, NewUser, Role, Scope};
use rust_decimal::Decimal;

pub struct World {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub l: Ledger,
    pub admin: Ctx,
    pub cashier: Ctx,
    pub cashier2: Ctx,
    pub supervisor: Ctx,
}

pub fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(y, m, d, h, 0, 0)
        .unwrap()
}

pub fn approval() -> Approval {
    Approval {
        username: "zhangmin".into(),
        password: "super-pass".into(),
    }
}

pub fn cash(yuan: i64) -> api::Tender {
    api::Tender {
        method: api::PayMethod::Cash,
        amount: Money::from_yuan(yuan),
        reference: String::new(),
    }
}

pub fn tender(method: api::PayMethod, fen: i64) -> api::Tender {
    api::Tender {
        method,
        amount: Money::from_fen(fen),
        reference: String::new(),
    }
}

pub const UNITS_CSV: &str = "楼栋,单元,房号,房屋类型,建筑面积,业主姓名,联系电话,交房日期
3,2,1201,住宅,89.47,张三,13812345678,2020-05-01
3,2,1202,住宅,118.62,张淑芬,13900000021,2020-05-01
3,1,301,住宅,64.05,李建国,13711112222,2020-05-01
S,,101,商铺,45.30,王记便利店,13622223333,2020-05-01
P,B1,023,车位,13.20,刘洋,15044445555,2020-05-01
";

impl World {
    /// A second, plain connection to the same ledger file: what the tests read and try to change
    /// behind the api's back (every change the api commits is visible to it).
    pub fn db(&self) -> rusqlite::Connection {
        feedesk_ledger::db::open(&self.path).unwrap()
    }

    /// Sessions that sign with the ledger's key (after the desk enrolled).
    pub fn refresh_keys(&mut self) {
        for c in [
            &mut self.admin,
            &mut self.cashier,
            &mut self.cashier2,
            &mut self.supervisor,
        ] {
            *c = api::with_key(&self.l, c.clone());
        }
    }

    pub fn new() -> World {
        World::with_desk("A01")
    }

    /// The same estate at a desk of another code (a second counter).
    pub fn with_desk(desk: &str) -> World {
        World::in_folder(desk, tempfile::tempdir().unwrap())
    }

    /// The same estate in a folder of the caller's (on a small file system, say).
    pub fn in_folder(desk: &str, dir: tempfile::TempDir) -> World {
        let path = dir.path().join("ledger.sqlite");
        let mut l = Ledger::open(&path).unwrap();
        let t0 = at(2026, 1, 2, 9);
        api::init(
            &mut l,
            &api::InitRequest {
                company_name: "阳光物业".into(),
                estate_name: "阳光花园".into(),
                desk_code: desk.into(),
                admin_username: "admin".into(),
                admin_display_name: "王建国".into(),
                admin_password: "admin-pass".into(),
            },
            t0,
        )
        .unwrap();
        let admin = api::login(&l, "admin", "admin-pass", t0).unwrap();
        for (u, n, r, p) in [
            ("lisi", "李四", Role::Cashier, "cashier-pass"),
            ("zhaoliu", "赵六", Role::Cashier, "cashier-pass"),
            ("zhangmin", "张敏", Role::Supervisor, "super-pass"),
        ] {
            api::create_user(
                &mut l,
                &admin,
                &NewUser {
                    username: u.into(),
                    display_name: n.into(),
                    role: r,
                    password: p.into(),
                },
            )
            .unwrap();
        }
        let csv = dir.path().join("units.csv");
        std::fs::write(&csv, UNITS_CSV).unwrap();
        api::import_units(&mut l, &admin, &csv).unwrap();
        for (code, name, method, label) in [
            ("WYF", "物业服务费", Method::PerArea, "㎡"),
            ("LJF", "垃圾处理费", Method::Fixed, ""),
            ("CWF", "车位费", Method::Fixed, ""),
            ("SF", "水费", Method::Metered, "吨"),
            ("GTDF", "公摊电费", Method::Allocation, ""),
            ("FYF", "复印费", Method::PerQuantity, "张"),
            ("HSF", "会所场地费", Method::PerQuantity, "小时"),
        ] {
            api::create_fee_item(&mut l, &admin, code, name, method, label).unwrap();
        }
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        for (item, rate, t) in [
            ("WYF", "2.35", UnitType::Residential),
            ("WYF", "4.80", UnitType::Shop),
            ("LJF", "10", UnitType::Residential),
            ("LJF", "30", UnitType::Shop),
            ("CWF", "150", UnitType::Parking),
            ("SF", "3.80", UnitType::Residential),
            ("GTDF", "0", UnitType::Residential),
            ("FYF", "0.5", UnitType::Other),
        ] {
            api::set_fee_standard(
                &mut l,
                &admin,
                item,
                d(rate),
                &Scope::UnitType(t),
                "2026-01",
            )
            .unwrap();
        }
        World::signed_in(dir, path, l, t0)
    }

    /// The world on the ledger file in `dir` (reopened, or put back from a backup), its users signed in.
    pub fn reopen(dir: tempfile::TempDir, path: PathBuf, now: DateTime<FixedOffset>) -> World {
        let l = Ledger::open(&path).unwrap();
        World::signed_in(dir, path, l, now)
    }

    fn signed_in(
        dir: tempfile::TempDir,
        path: PathBuf,
        l: Ledger,
        now: DateTime<FixedOffset>,
    ) -> World {
        let s = |u: &str, p: &str| api::login(&l, u, p, now).unwrap();
        World {
            admin: s("admin", "admin-pass"),
            cashier: s("lisi", "cashier-pass"),
            cashier2: s("zhaoliu", "cashier-pass"),
            supervisor: s("zhangmin", "super-pass"),
            dir,
            path,
            l,
        }
    }

    /// Move every actor's clock.
    pub fn set_time(&mut self, t: DateTime<FixedOffset>) {
        for c in [
            &mut self.admin,
            &mut self.cashier,
            &mut self.cashier2,
            &mut self.supervisor,
        ] {
            c.now = t;
        }
    }

    pub fn bill(&mut self, period: &str) -> api::BillingResult {
        api::billing_run(&mut self.l, &self.admin, period).unwrap()
    }

    pub fn open_shift(&mut self) -> i64 {
        api::open_shift(&mut self.l, &self.cashier, Money::from_yuan(500)).unwrap()
    }

    /// Close the cashier's shift with the drawer and the slips exactly as expected.
    pub fn close_shift_exact(&mut self) -> api::ShiftClosed {
        let id = api::current_shift(&self.l, &self.cashier).unwrap().unwrap();
        let req = api::CloseRequest {
            cash_counts: feedesk_ledger::shift::counts_for(
                feedesk_ledger::shift::expected_cash(&self.db(), id).unwrap(),
            ),
            non_cash: feedesk_ledger::shift::expected_non_cash(&self.db(), id).unwrap(),
            ..Default::default()
        };
        api::close_shift(&mut self.l, &self.cashier, &req).unwrap()
    }

    pub fn collect_all(
        &mut self,
        unit: &str,
        tenders: Vec<api::Tender>,
    ) -> feedesk_api::Result<api::Receipt> {
        api::collect(
            &mut self.l,
            &self.cashier,
            &api::CollectRequest {
                unit: unit.into(),
                charges: None,
                tenders,
                to_prepayment: false,
                amount_fen: None,
                payer: None,
                note: String::new(),
            },
        )
    }

    /// 红冲 of the unit's latest receipt (its shift closed), with the supervisor's approval.
    pub fn reverse_latest(&mut self, unit: &str, reason: &str) -> api::Receipt {
        let latest = api::receipts(&self.l, &self.cashier, unit, 1).unwrap();
        api::reverse_receipt(
            &mut self.l,
            &self.cashier,
            &latest[0].number,
            reason,
            &approval(),
        )
        .unwrap()
    }

    pub fn count(&self, table: &str) -> i64 {
        self.db()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    /// Row counts of every ledger table: equal before and after means nothing changed.
    pub fn fingerprint(&self) -> Vec<i64> {
        [
            "charges",
            "receipts",
            "receipt_lines",
            "payments",
            "allocations",
            "voids",
            "journal_entries",
            "postings",
            "outbox",
            "audit_log",
            "shifts",
            "shift_closes",
            "meter_readings",
            "allocation_pools",
            "units",
            "parties",
            "deposits",
            "deposit_events",
            "cash_movements",
            "day_closes",
            "shift_reviews",
            "shift_close_cash",
            "shift_close_methods",
        ]
        .iter()
        .map(|t| self.count(t))
        .collect()
    }

    pub fn assert_invariants(&self) {
        let rep = feedesk_ledger::check::check(&self.db()).unwrap();
        assert!(rep.ok(), "ledger check failed: {:#?}", rep);
    }

    pub fn arrears(&self, unit: &str) -> i64 {
        api::unit_arrears(&self.l, &self.admin, unit)
            .unwrap()
            .total_fen
    }
}

/// A decimal written in a test.
pub fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A reading of the water meter (item SF) as the screen and the CLI send it.
pub fn reading(
    unit: &str,
    period: &str,
    current: &str,
    previous: Option<&str>,
) -> api::ReadingInput {
    api::ReadingInput {
        unit: unit.into(),
        item: "SF".into(),
        period: period.into(),
        current: d(current),
        previous: previous.map(d),
        meter_change: None,
        note: String::new(),
    }
}

/// A PDF's text as poppler's pdftotext lays it out.
pub fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// A tmpfs of `kib` KiB mounted on a fresh folder, unmounted when dropped: a real small disk that fills
/// up. None where this process may not mount (not root, or no mount namespace rights).
pub fn tiny_fs(kib: u32) -> Option<TinyFs> {
    let dir = tempfile::tempdir().ok()?;
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
        .arg(dir.path())
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(TinyFs { dir })
}

pub struct TinyFs {
    dir: tempfile::TempDir,
}

impl TinyFs {
    pub fn path(&self) -> &std::path::Path {
        self.dir.path()
    }
}

impl Drop for TinyFs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}
