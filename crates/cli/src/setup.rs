//! `feedesk init | demo | info | import | user | audit | amount-words`: setting up a ledger and its users.

use std::path::Path;

use clap::{Args, Subcommand};
use feedesk_api::*;
use feedesk_api::{self as api};

use crate::session::{now, open, print, secret, session};
use crate::table::Table;
use crate::Cli;

#[derive(Args)]
pub struct InitArgs {
    #[arg(long)]
    pub estate: String,
    #[arg(long, default_value = "")]
    pub company: String,
    #[arg(long, default_value = "A01")]
    pub desk: String,
    #[arg(long, default_value = "admin")]
    pub admin: String,
    #[arg(long, default_value = "")]
    pub admin_name: String,
    /// Else env FEEDESK_ADMIN_PASSWORD, else asked for.
    #[arg(long, env = "FEEDESK_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,
}
#[derive(Args)]
pub struct DemoArgs {
    #[arg(long, default_value_t = 1200)]
    pub units: usize,
    #[arg(long, default_value_t = 12)]
    pub months: u32,
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Replace an existing file at --db.
    #[arg(long)]
    pub force: bool,
}
#[derive(Subcommand)]
pub enum UserCmd {
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
pub fn amount_words(cli: &Cli, amount: &str) -> Result<()> {
    let m = Money::parse_signed(amount)?;
    print(
        cli,
        &serde_json::json!({"fen": m.fen(), "words": m.words()}),
        |_| m.words(),
    );
    Ok(())
}

pub fn init(cli: &Cli, a: &InitArgs) -> Result<()> {
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
    Ok(())
}

pub fn demo(cli: &Cli, a: &DemoArgs) -> Result<()> {
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
    let opts = api::demo::DemoOptions {
        units: a.units,
        months: a.months,
        seed: a.seed,
        progress: !cli.json,
        ..api::demo::DemoOptions::new(now)
    };
    let s = api::demo::build(&cli.db, &opts)?;
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
pub fn info(cli: &Cli) -> Result<()> {
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
    Ok(())
}

pub fn import(cli: &Cli, file: &Path) -> Result<()> {
    let mut l = open(cli)?;
    let ctx = session(cli, &l)?;
    let s = api::import_units(&mut l, &ctx, file)?;
    print(cli, &s, |s| {
        format!(
            "导入 {} 行：新增房屋 {}，更新 {}；新增业主 {}，更新 {}；未变 {}",
            s.rows, s.units_added, s.units_updated, s.owners_added, s.owners_updated, s.unchanged
        )
    });
    Ok(())
}

pub fn user(cli: &Cli, c: &UserCmd) -> Result<()> {
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
    Ok(())
}

pub fn audit(cli: &Cli, limit: &usize) -> Result<()> {
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
    Ok(())
}
