//! What every subcommand shares: the clock, passwords, the signed-in session, opening the ledger, output.

use chrono::{DateTime, FixedOffset};
use feedesk_api::{self as api, err, Approval, Ctx, Ledger, Result, Tender};
use serde::Serialize;

use crate::Cli;

pub fn now(cli: &Cli) -> Result<DateTime<FixedOffset>> {
    match &cli.at {
        Some(s) => DateTime::parse_from_rfc3339(s).map_err(|_| {
            err!(
                InvalidInput,
                "时间「{s}」格式应为 RFC 3339",
                "time \"{s}\" should be RFC 3339"
            )
        }),
        // The desk keeps China Standard Time whatever the PC's own time zone is set to.
        None => Ok(chrono::Utc::now().with_timezone(&api::cst())),
    }
}

pub fn secret(given: &Option<String>, prompt: &str) -> Result<String> {
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

pub fn session(cli: &Cli, l: &Ledger) -> Result<Ctx> {
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

pub fn approval(user: &str) -> Result<Approval> {
    let pw = secret(
        &std::env::var("FEEDESK_APPROVER_PASSWORD").ok(),
        &format!("主管 {user} 授权密码: "),
    )?;
    Ok(Approval {
        username: user.to_string(),
        password: pw,
    })
}

pub fn open(cli: &Cli) -> Result<Ledger> {
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

pub fn print<T: Serialize>(cli: &Cli, value: &T, human: impl FnOnce(&T) -> String) {
    if cli.json {
        println!(
            "{}",
            serde_json::to_string_pretty(value).expect("serialise")
        );
    } else {
        println!("{}", human(value));
    }
}

pub fn tenders(pay: &[String]) -> Result<Vec<Tender>> {
    pay.iter().map(|p| Tender::parse(p)).collect()
}
