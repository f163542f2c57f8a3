//! `feedesk hq enroll` and `feedesk sync [status]`: the desk's link to head office.

use std::path::PathBuf;

use clap::Subcommand;
use feedesk_api::{self as api, Result, SyncStatus};

use crate::session::{now, open, print, session};
use crate::Cli;

#[derive(Subcommand)]
pub enum HqCmd {
    /// Enroll this desk at head office with the one-time code head office issued (administrators).
    Enroll {
        /// Head office's address, e.g. https://localhost:8443
        #[arg(long)]
        url: String,
        #[arg(long)]
        code: String,
        /// Where to keep the desk's key (default: beside the ledger, LEDGER.desk-key).
        #[arg(long)]
        key: Option<PathBuf>,
        /// The CA certificate head office's certificate is signed with (a self-signed one for local use).
        #[arg(long)]
        ca: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum SyncCmd {
    /// Pending events, the last success and the last error.
    Status,
}

pub fn hq(cli: &Cli, c: &HqCmd) -> Result<()> {
    let HqCmd::Enroll { url, code, key, ca } = c;
    let mut l = open(cli)?;
    let ctx = session(cli, &l)?;
    let input = api::EnrollInput {
        url: url.clone(),
        code: code.clone(),
        key_path: key.as_ref().map(|p| p.display().to_string()),
        ca_path: ca.as_ref().map(|p| p.display().to_string()),
    };
    let e = api::enroll(&mut l, &ctx, &input, now(cli)?)?;
    print(cli, &e, |e| {
        format!(
            "已向总部注册：{} {}，收银台 {}（密钥 #{}）\n密钥文件 {}（请妥善保管，只有本机用户可读）",
            e.estate_code, e.estate_name, e.desk_id, e.key_no, e.key_path
        )
    });
    Ok(())
}

/// One round of sending (no subcommand), or where sending stands.
pub fn sync(cli: &Cli, c: &Option<SyncCmd>) -> Result<()> {
    let mut l = open(cli)?;
    match c {
        Some(SyncCmd::Status) => {
            let s = api::sync_status(&l)?;
            print(cli, &s, status_text);
        }
        None => {
            let mut r = api::sync_round(&mut l, now(cli)?)?;
            if r.pending == 0 {
                r.standards = api::pull_standards(&mut l, now(cli)?)?;
            }
            print(cli, &r, |r| {
                let mut t = format!(
                    "已发送 {} 条；总部已收到第 {} 条为止，待发送 {} 条",
                    r.sent, r.acked_seq, r.pending
                );
                for v in &r.standards.applied {
                    t += &format!("\n已应用总部发布的收费标准第 {v} 版");
                }
                for v in &r.standards.refused {
                    t += &format!(
                        "\n未能应用总部发布的收费标准第 {} 版：{}（已报告总部）",
                        v.version, v.zh
                    );
                }
                t
            });
        }
    }
    Ok(())
}

fn status_text(s: &SyncStatus) -> String {
    let Some(e) = &s.enrollment else {
        return "未向总部注册（feedesk hq enroll）".into();
    };
    let mut t = format!(
        "总部 {}（{} {}）收银台 {}\n本机事件 {} 条，总部已收到 {} 条，待发送 {} 条",
        e.url, e.estate_code, e.estate_name, e.desk_id, s.head_seq, s.state.acked_seq, s.pending
    );
    if let Some(at) = &s.state.last_success_at {
        t += &format!("\n上次成功 {at}");
    }
    if let Some(zh) = &s.state.error_zh {
        t += &format!("\n上次错误 {zh}");
    }
    t
}
