//! The desktop shell: it keeps the open ledger and the signed-in session, and each Tauri command is one
//! call into `feedesk_api`. No business rule lives here; roles and input are checked by the core.

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

/// The name of every command of `src/commands`, as build.rs read them.
pub const COMMANDS: &[&str] = include!(concat!(env!("OUT_DIR"), "/commands.rs"));

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
            app.state::<state::AppState>().start_sync();
            // Housekeeping: the backup due (after a shift close or 日结, or the day's first) is made within
            // 15 s, away from the counter's connection; the write-ahead log is folded into the ledger file
            // once the counter has been idle for 20 s, or once it passes 32 MiB, checked every minute.
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                for tick in 1u64.. {
                    std::thread::sleep(std::time::Duration::from_secs(15));
                    let s = handle.state::<state::AppState>();
                    let _ = s.backup_if_due();
                    if tick % 4 == 0 {
                        let _ = s.checkpoint_if_due(std::time::Duration::from_secs(20), WAL_LIMIT);
                    }
                }
            });
            Ok(())
        })
        // The handler of every command in src/commands (listed by build.rs).
        .invoke_handler(include!(concat!(env!("OUT_DIR"), "/handler.rs")))
        .run(tauri::generate_context!())
        .expect("error while running feedesk");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prefs::Prefs;
    use std::time::Duration;

    /// Every command the UI calls exists, and every command exists for the UI: `ui/src/api.ts` and the
    /// commands of `src/commands` (the one list build.rs reads) agree.
    #[test]
    fn the_ui_calls_exactly_the_commands_of_the_shell() {
        let ts = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/api.ts"))
            .unwrap();
        let mut called: Vec<&str> = ts
            .split("call<")
            .skip(1)
            .filter_map(|rest| rest.split_once(">(\"").map(|(_, r)| r))
            .filter_map(|r| r.split('"').next())
            .collect();
        called.sort();
        called.dedup();
        let mut ours: Vec<&str> = COMMANDS.to_vec();
        ours.sort();
        assert!(ours.len() > 50, "build.rs found {} commands", ours.len());
        assert_eq!(
            called, ours,
            "ui/src/api.ts calls (left) and the shell's commands (right) differ"
        );
    }

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
            let req = feedesk_api::InitRequest {
                company_name: "阳光物业".into(),
                estate_name: "绿洲家园".into(),
                desk_code: "A01".into(),
                admin_username: "admin".into(),
                admin_display_name: "王建国".into(),
                admin_password: "admin-pass".into(),
            };
            feedesk_api::init(l, &req, state::now()?)
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
    fn the_due_backup_is_made_on_a_connection_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let (s, _) = initialised(&dir);
        let rec = s
            .backup_if_due()
            .unwrap()
            .expect("the day's first copy is due");
        assert!(rec.ok, "{rec:?}");
        assert_eq!(rec.reason, "daily");
        assert!(std::path::Path::new(&rec.file).exists());
        assert!(s.backup_if_due().unwrap().is_none(), "one a day");
    }

    #[test]
    fn a_damaged_ledger_opens_nothing_until_a_backup_is_restored() {
        let dir = tempfile::tempdir().unwrap();
        let (s, db) = initialised(&dir);
        let copy = s.backup_if_due().unwrap().unwrap().file;
        drop(s);
        let mut bytes = std::fs::read(&db).unwrap();
        bytes[..8192].fill(0x42);
        std::fs::write(&db, bytes).unwrap();
        let _ = std::fs::remove_file(format!("{}-wal", db.display()));
        let s = state::AppState::new(db.clone(), dir.path().to_path_buf()).unwrap();
        let problem = s.problem.lock().unwrap().clone().expect("refused at start");
        assert_eq!(problem.code, feedesk_api::ErrorCode::LedgerDamaged);
        assert!(problem.zh.contains(&copy), "{}", problem.zh);
        assert!(s.ledger(|l| l.is_initialised()).is_err());
        let report = s
            .restore(&feedesk_api::RestoreRequest {
                backup_file: copy,
                username: "admin".into(),
                password: "admin-pass".into(),
                last_issued: vec![],
            })
            .unwrap();
        assert!(!report.replaced_readable);
        assert!(s.problem.lock().unwrap().is_none());
        assert!(s.ledger(|l| l.is_initialised()).unwrap());
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
