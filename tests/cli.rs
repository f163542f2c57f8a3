//! The `feedesk` program end to end: every command on a real file, tables and JSON, errors on stderr.

use std::process::{Command, Output};

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn run(&self, user: Option<(&str, &str)>, args: &[&str]) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_feedesk"));
        c.arg("--db")
            .arg(self.dir.path().join("l.sqlite"))
            .args(args);
        c.env_remove("FEEDESK_USER")
            .env_remove("FEEDESK_PASSWORD")
            .env_remove("FEEDESK_LANG")
            .env("FEEDESK_AT", "2026-03-05T10:00:00+08:00");
        if let Some((u, p)) = user {
            c.env("FEEDESK_USER", u).env("FEEDESK_PASSWORD", p);
        }
        c.env("FEEDESK_APPROVER_PASSWORD", "super-pass")
            .env("FEEDESK_ADMIN_PASSWORD", "admin-pass")
            .env("FEEDESK_NEW_PASSWORD", "secret-pass");
        c.output().unwrap()
    }
    fn ok(&self, user: Option<(&str, &str)>, args: &[&str]) -> String {
        let o = self.run(user, args);
        assert!(
            o.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }
    fn json(&self, user: Option<(&str, &str)>, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.push("--json");
        serde_json::from_str(&self.ok(user, &a)).unwrap()
    }
}

const ADMIN: Option<(&str, &str)> = Some(("admin", "admin-pass"));
const CASHIER: Option<(&str, &str)> = Some(("lisi", "secret-pass"));

#[test]
fn amount_words_pboc_examples() {
    let c = Cli::new();
    for (amount, words) in [
        ("1409.50", "壹仟肆佰零玖元伍角整"),
        ("6007.14", "陆仟零柒元壹角肆分"),
        ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
        ("107000.53", "壹拾万柒仟元零伍角叁分"),
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        ("0", "零元整"),
        ("-5", "负伍元整"),
        ("¥1,000,010.00", "壹佰万零壹拾元整"),
    ] {
        assert_eq!(
            c.ok(None, &["amount-words", amount]).trim(),
            words,
            "{amount}"
        );
    }
    let o = c.run(None, &["amount-words", "12.345"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("AMOUNT_TOO_PRECISE") && err.contains("两位"),
        "{err}"
    );
    let o = c.run(None, &["--lang", "en", "amount-words", ""]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("empty"));
}

#[test]
fn a_day_at_the_counter_from_the_command_line() {
    let c = Cli::new();
    c.ok(
        None,
        &[
            "init",
            "--estate",
            "阳光花园",
            "--company",
            "阳光物业",
            "--desk",
            "a01",
        ],
    );
    let info = c.json(ADMIN, &["info"]);
    assert_eq!(info["desk_code"], "A01");
    c.ok(
        ADMIN,
        &["user", "add", "lisi", "--name", "李四", "--role", "cashier"],
    );
    c.ok(
        ADMIN,
        &[
            "user",
            "add",
            "zhangmin",
            "--name",
            "张敏",
            "--role",
            "supervisor",
            "--new-password",
            "super-pass",
        ],
    );
    let csv = c.dir.path().join("u.csv");
    std::fs::write(&csv, "楼栋,单元,房号,房屋类型,建筑面积,业主姓名,联系电话\n3,2,1201,住宅,89.47,张三,13812345678\n").unwrap();
    assert!(c
        .ok(ADMIN, &["import", csv.to_str().unwrap()])
        .contains("新增房屋 1"));
    c.ok(
        ADMIN,
        &[
            "fee",
            "add",
            "--code",
            "WYF",
            "--name",
            "物业服务费",
            "--method",
            "per_area",
        ],
    );
    c.ok(
        ADMIN,
        &[
            "fee",
            "add",
            "--code",
            "FYF",
            "--name",
            "复印费",
            "--method",
            "按数量",
            "--unit-label",
            "张",
        ],
    );
    c.ok(
        ADMIN,
        &[
            "fee", "standard", "--item", "WYF", "--rate", "2.35", "--type", "住宅", "--from",
            "2026-01",
        ],
    );
    c.ok(
        ADMIN,
        &[
            "fee", "standard", "--item", "FYF", "--rate", "0.5", "--type", "其他", "--from",
            "2026-01",
        ],
    );
    let p = c.json(ADMIN, &["bill", "preview", "2026-02"]);
    assert_eq!(p["preview"]["total_fen"], 21025);
    assert!(c
        .ok(ADMIN, &["bill", "run", "2026年2月"])
        .contains("已生成"));
    // Money actions need an open shift.
    let o = c.run(CASHIER, &["collect", "3-2-1201", "--pay", "现金:300"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("尚未开班"));
    c.ok(CASHIER, &["shift", "open", "--float", "500"]);
    let r = c.json(CASHIER, &["collect", "321201", "--pay", "现金:300"]);
    assert_eq!(r["number"], "A01-2026-000001");
    assert_eq!(r["payments"][0]["change_fen"], 8975);
    let text = c.ok(CASHIER, &["receipt", "show", "A01-2026-000001"]);
    assert!(
        text.contains("贰佰壹拾元零贰角伍分") && text.contains("找零 ¥89.75"),
        "{text}"
    );
    let s = c.json(CASHIER, &["sale", "--item", "FYF:10", "--pay", "wx:5"]);
    assert_eq!(s["total_fen"], 500);
    let v = c.json(
        CASHIER,
        &[
            "void",
            "A01-2026-000002",
            "--reason",
            "重复录入",
            "--approver",
            "zhangmin",
        ],
    );
    assert_eq!(v["void"]["approved_by"], "张敏");
    let list = c.ok(CASHIER, &["receipt", "list"]);
    assert!(list.contains("作废"));
    let closed = c.json(
        CASHIER,
        &["shift", "close", "--count", "100:7", "--count", "10:1"],
    );
    assert_eq!(closed["expected_cash_fen"], 71025);
    assert_eq!(closed["difference_fen"], -25);
    assert!(c.ok(ADMIN, &["arrears"]).contains("欠费 0 户"));
    // 收缴率: February was billed ¥210.25 and paid in full; January billed nothing.
    let rates = c.json(
        ADMIN,
        &[
            "report",
            "collection",
            "--from",
            "2026-01",
            "--to",
            "2026-02",
        ],
    );
    assert_eq!(rates["buildings"][0]["building"], "3");
    assert_eq!(rates["total"]["billed_fen"], 21025);
    assert_eq!(rates["total"]["collected_fen"], 21025);
    assert_eq!(rates["total"]["rate_percent"], "100.00");
    let text = c.ok(ADMIN, &["report", "collection", "--from", "2026-02"]);
    assert!(
        text.contains("100.00%") && text.contains("210.25"),
        "{text}"
    );
    let x = c.dir.path().join("rates.xlsx");
    let saved = c.ok(
        ADMIN,
        &[
            "report",
            "collection",
            "--from",
            "2026-02",
            "--xlsx",
            x.to_str().unwrap(),
        ],
    );
    assert!(saved.contains("收缴率") && x.exists(), "{saved}");
    let o = c.run(CASHIER, &["report", "collection", "--from", "2026-02"]);
    assert!(!o.status.success());
    let check = c.json(None, &["check"]);
    assert_eq!(check["violations"].as_array().unwrap().len(), 0);
    assert!(c.ok(None, &["outbox", "verify"]).contains("哈希链完整"));
    assert!(c
        .ok(Some(("zhangmin", "super-pass")), &["audit"])
        .contains("void_receipt"));
}

#[test]
fn errors_are_clear_in_both_languages_and_exit_non_zero() {
    let c = Cli::new();
    let o = c.run(None, &["info"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("不存在"));
    c.ok(None, &["init", "--estate", "阳光花园"]);
    let o = c.run(Some(("admin", "wrong")), &["--lang", "en", "fee", "list"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("wrong username or password"));
    let o = c.run(Some(("admin", "wrong")), &["--json", "fee", "list"]);
    let e: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(e["code"], "AUTH_FAILED");
    let o = c.run(ADMIN, &["bill", "run", "2026-13"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("账期"));
}
