//! `feedesk check | outbox`: the ledger's rules checked on the file; the outbox for head office.

use clap::Subcommand;
use feedesk_api::*;
use feedesk_api::{self as api};

use crate::session::{open, print};
use crate::table::Table;
use crate::Cli;

#[derive(Subcommand)]
pub enum OutboxCmd {
    Verify,
    List {
        #[arg(long, default_value_t = 0)]
        after: i64,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}
pub fn check(cli: &Cli) -> Result<()> {
    let l = open(cli)?;
    let rep = api::check(&l)?;
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
    Ok(())
}

pub fn outbox(cli: &Cli, c: &OutboxCmd) -> Result<()> {
    let l = open(cli)?;
    match c {
        OutboxCmd::Verify => {
            let n = api::verify_outbox(&l)?;
            print(
                cli,
                &serde_json::json!({"events": n, "chain": "ok"}),
                |_| format!("外发事件 {n} 条，哈希链完整"),
            );
        }
        OutboxCmd::List { after, limit } => {
            let ev = api::outbox_events(&l, *after, *limit)?;
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
    Ok(())
}
