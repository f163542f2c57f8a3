//! The desktop shell: it keeps the open ledger and the signed-in session, and each Tauri command is one
//! call into `feedesk::api`. No business rule lives here; roles and input are checked by the core.

pub mod commands;
pub mod memory;
pub mod prefs;
pub mod state;

use std::path::PathBuf;

use tauri::Manager;

/// The write-ahead log is folded into the ledger once it passes this size, idle counter or not.
const WAL_LIMIT: u64 = 32 * 1024 * 1024;

/// Where the ledger lives: `--db PATH` (or FEEDESK_DB), else the OS app-data folder.
pub fn db_path_from_args(args: &[String]) -> Option<PathBuf> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--db" {
            return it.next().map(PathBuf::from);
        }
        if let Some(p) = a.strip_prefix("--db=") {
            return Some(PathBuf::from(p));
        }
    }
    std::env::var_os("FEEDESK_DB").map(PathBuf::from)
}

pub fn run() {
    memory::apply();
    let args: Vec<String> = std::env::args().collect();
    let explicit = db_path_from_args(&args);
    tauri::Builder::default()
        .setup(move |app| {
            let data_dir = app.path().app_data_dir()?;
            std::fs::create_dir_all(&data_dir)?;
            let db = explicit
                .clone()
                .unwrap_or_else(|| data_dir.join("feedesk.sqlite"));
            app.manage(state::AppState::new(db, data_dir)?);
            // Housekeeping: the write-ahead log is folded into the ledger file once the counter has been
            // idle for 20 s, or once it passes 32 MiB, checked every minute, so it does not grow all day.
            let handle = app.handle().clone();
            std::thread::spawn(move || loop {
                std::thread::sleep(std::time::Duration::from_secs(60));
                let s = handle.state::<state::AppState>();
                let _ = s.checkpoint_if_due(std::time::Duration::from_secs(20), WAL_LIMIT);
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::init,
            commands::open_demo,
            commands::login,
            commands::lock,
            commands::unlock,
            commands::logout,
            commands::prefs,
            commands::set_prefs,
            commands::search_units,
            commands::unit,
            commands::unit_arrears,
            commands::receipts,
            commands::receipt,
            commands::collect,
            commands::sale,
            commands::print_receipt,
            commands::printer,
            commands::set_printer,
            commands::void_receipt,
            commands::reverse_receipt,
            commands::fee_items,
            commands::current_shift,
            commands::shifts,
            commands::open_shift,
            commands::cash_movement,
            commands::close_shift,
            commands::daily_report,
            commands::deposits,
            commands::deposit,
            commands::deposit_collect,
            commands::deposit_inspect,
            commands::deposit_request_refund,
            commands::deposit_approve_refund,
            commands::deposit_refund,
            commands::deposit_forfeit,
            commands::arrears_list,
            commands::billing_preview,
            commands::billing_run,
            commands::import_check,
            commands::buildings,
            commands::create_fee_item,
            commands::fee_standards,
            commands::set_fee_standard,
            commands::meter_sheet,
            commands::record_reading,
            commands::allocation_pools,
            commands::create_allocation_pool,
            commands::notice_pdf,
            commands::import_units,
            commands::list_users,
            commands::create_user,
            commands::cross_check,
            commands::unreviewed_shifts,
            commands::review_shift,
            commands::collection_rates,
            commands::export_report,
            commands::daily_report_pdf,
        ])
        .run(tauri::generate_context!())
        .expect("error while running feedesk");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prefs::Prefs;
    use std::time::Duration;

    #[test]
    fn db_path_comes_from_the_command_line() {
        let a = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            db_path_from_args(&a(&["app", "--db", "/x/l.sqlite"])),
            Some(PathBuf::from("/x/l.sqlite"))
        );
        assert_eq!(
            db_path_from_args(&a(&["app", "--db=/y.sqlite"])),
            Some(PathBuf::from("/y.sqlite"))
        );
    }

    /// A shell state on a new ledger in `dir`, set up by the wizard's call.
    fn initialised(dir: &tempfile::TempDir) -> (state::AppState, PathBuf) {
        let db = dir.path().join("l.sqlite");
        let s = state::AppState::new(db.clone(), dir.path().to_path_buf()).unwrap();
        s.ledger(|l| {
            let req = feedesk::api::InitRequest {
                company_name: "阳光物业".into(),
                estate_name: "绿洲家园".into(),
                desk_code: "A01".into(),
                admin_username: "admin".into(),
                admin_display_name: "王建国".into(),
                admin_password: "admin-pass".into(),
            };
            feedesk::api::init(l, &req, state::now()?)
        })
        .unwrap();
        (s, db)
    }

    #[test]
    fn the_log_is_folded_into_the_ledger_only_when_the_counter_is_idle() {
        let dir = tempfile::tempdir().unwrap();
        let (s, db) = initialised(&dir);
        let size = || std::fs::metadata(&db).unwrap().len();
        let before = size();
        // Just used: nothing happens.
        assert!(!s
            .checkpoint_if_due(Duration::from_secs(20), WAL_LIMIT)
            .unwrap());
        assert_eq!(size(), before);
        // Idle (here: for at least no time at all): the pages written move from the log into the file.
        assert!(s.checkpoint_if_due(Duration::ZERO, WAL_LIMIT).unwrap());
        assert!(size() > before, "the ledger file grew from {before} bytes");
    }

    #[test]
    fn a_log_past_its_limit_is_folded_even_when_the_counter_is_busy() {
        let dir = tempfile::tempdir().unwrap();
        let (s, db) = initialised(&dir);
        let size = || std::fs::metadata(&db).unwrap().len();
        let before = size();
        let wal = s.wal_bytes();
        assert!(wal > 0, "the init wrote to the log");
        // Just used, the log under its limit: nothing happens.
        assert!(!s
            .checkpoint_if_due(Duration::from_secs(20), wal + 1)
            .unwrap());
        assert_eq!(size(), before);
        // Just used, the log at its limit: folded all the same.
        assert!(s.checkpoint_if_due(Duration::from_secs(20), wal).unwrap());
        assert!(size() > before, "the ledger file grew from {before} bytes");
    }

    #[test]
    fn prefs_survive_a_restart_and_bad_files_fall_back_to_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Prefs::load(dir.path()).idle_minutes, 5);
        let p = Prefs {
            idle_minutes: 12,
            lang: "en".into(),
            ..Prefs::default()
        };
        p.save(dir.path()).unwrap();
        let back = Prefs::load(dir.path());
        assert_eq!((back.idle_minutes, back.lang.as_str()), (12, "en"));
        std::fs::write(dir.path().join("prefs.json"), b"{not json").unwrap();
        assert_eq!(Prefs::load(dir.path()).idle_minutes, 5);
    }
}
