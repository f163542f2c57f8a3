//! `feedesk backup now | list | status | settings | verify | restore`: copies of the ledger file and
//! putting one back.

use std::path::PathBuf;

use clap::Subcommand;
use feedesk_api::{self as api, BackupRecord, Ledger, RestoreRequest, Result};

use crate::session::{now, open, print, secret, session};
use crate::table::Table;
use crate::Cli;

#[derive(Subcommand)]
pub enum BackupCmd {
    /// Copy the ledger now (SQLite's online backup), check the copy, keep the newest N.
    Now,
    /// The backups made or tried, newest first.
    List {
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// The last good backup, the last attempt, the folder; warns after 24 h without a good copy.
    Status,
    /// Set the backup folder (a second disk or a USB stick; "" for the default) and the copies kept.
    Settings {
        #[arg(long)]
        dir: Option<String>,
        #[arg(long)]
        keep: Option<u32>,
    },
    /// Check a backup copy (integrity and every ledger rule) without changing anything.
    Verify { file: PathBuf },
    /// Put a backup in place of the ledger (--db): the current file is moved aside, never overwritten.
    /// Sign in (--user, --password) as an admin of the backup.
    Restore {
        file: PathBuf,
        /// The last number on the paper stubs of a series (repeatable), when the current file cannot be read.
        #[arg(long = "last-issued")]
        last_issued: Vec<String>,
    },
}

pub fn run(cli: &Cli, c: &BackupCmd) -> Result<()> {
    match c {
        BackupCmd::Verify { file } => {
            api::verify_backup(file)?;
            print(cli, &serde_json::json!({"ok": true}), |_| {
                format!("{}：检查通过（完整性与全部账务规则）", file.display())
            });
            Ok(())
        }
        BackupCmd::Restore { file, last_issued } => restore(cli, file, last_issued),
        _ => {
            let l = open(cli)?;
            let ctx = session(cli, &l)?;
            match c {
                BackupCmd::Now => {
                    let rec = api::backup_now(&l, &ctx)?;
                    print(cli, &rec, |r| line(r));
                }
                BackupCmd::List { limit } => {
                    let list = api::backups(&l, &ctx, *limit)?;
                    print(cli, &list, |list| table(list));
                }
                BackupCmd::Status => status(cli, &l, &ctx)?,
                BackupCmd::Settings { dir, keep } => {
                    let cur = api::backup_status(&l, &ctx)?.settings;
                    let dir = dir.clone().unwrap_or(if cur.default_dir {
                        String::new()
                    } else {
                        cur.dir
                    });
                    let s = api::set_backup_settings(&l, &ctx, &dir, keep.unwrap_or(cur.keep))?;
                    print(cli, &s, |s| {
                        format!("备份文件夹：{}，保留 {} 份", s.dir, s.keep)
                    });
                }
                BackupCmd::Verify { .. } | BackupCmd::Restore { .. } => unreachable!(),
            }
            Ok(())
        }
    }
}

fn status(cli: &Cli, l: &Ledger, ctx: &api::Ctx) -> Result<()> {
    let s = api::backup_status(l, ctx)?;
    print(cli, &s, |s| {
        let mut out = format!(
            "备份文件夹：{}（保留 {} 份）\n",
            s.settings.dir, s.settings.keep
        );
        match &s.last_good {
            Some(g) => out += &format!("最近一次完好的备份：{} {}\n", g.taken_at, g.file),
            None => out += "还没有完好的备份\n",
        }
        if let Some(last) = s.last.as_ref().filter(|r| !r.ok) {
            out += &format!("最近一次备份失败（{}）：{}\n", last.taken_at, last.detail);
        }
        if s.overdue {
            out += "警告：超过 24 小时没有完好的备份\n";
        }
        out
    });
    Ok(())
}

fn restore(cli: &Cli, file: &std::path::Path, last_issued: &[String]) -> Result<()> {
    let username = cli.user.clone().unwrap_or_default();
    let password = secret(&cli.password, &format!("{username} 的密码: "))?;
    let req = RestoreRequest {
        backup_file: file.display().to_string(),
        username,
        password,
        last_issued: last_issued.to_vec(),
    };
    let r = api::restore_backup(&cli.db, &req, now(cli)?)?;
    print(cli, &r, |r| {
        let mut out = format!("已从 {} 恢复账套 {}\n", r.backup_file, cli.db.display());
        if let Some(p) = &r.replaced_file {
            out += &format!("原账套文件已移到 {p}（未覆盖）\n");
        }
        for lost in &r.lost {
            let from = if lost.source == "stated" {
                "据纸质存根"
            } else {
                "据原账套文件"
            };
            out += &format!(
                "备份之后开出、本账套中没有的单据：{} 至 {}，共 {} 张（{from}；号码不再使用）\n",
                lost.first, lost.last, lost.count
            );
        }
        if r.lost.is_empty() && r.replaced_file.is_some() && !r.replaced_readable {
            out += "原账套文件无法读取：请核对纸质收据存根，用 --last-issued 说明最后的号码\n";
        }
        if r.events_lost > 0 {
            out += &format!(
                "原账套在备份之后还有 {} 条外发事件不在本账套中\n",
                r.events_lost
            );
        }
        if !r.next_numbers.is_empty() {
            out += &format!("下一张单据号：{}", r.next_numbers.join("，"));
        }
        out
    });
    Ok(())
}

/// One backup as a line: when, why, where, and the verdict.
pub fn line(r: &BackupRecord) -> String {
    match r.ok {
        true => format!("备份完成：{}（{} 字节，{}）", r.file, r.bytes, r.detail),
        false => format!("备份失败：{}", r.detail),
    }
}

fn table(list: &[BackupRecord]) -> String {
    let mut t = Table::new(&["时间", "原因", "结果", "文件", "字节>"]);
    for r in list {
        t.row(vec![
            r.taken_at.clone(),
            reason_zh(&r.reason).into(),
            if r.ok {
                "完好".into()
            } else {
                format!("失败：{}", r.detail)
            },
            r.file.clone(),
            r.bytes.to_string(),
        ]);
    }
    t.render()
}

fn reason_zh(code: &str) -> &'static str {
    match code {
        "shift_close" => "交班",
        "day_close" => "日结",
        "daily" => "每日",
        "manual" => "手动",
        _ => "其他",
    }
}
