//! A PostgreSQL 15 cluster of one's own for tests and benchmarks: created in /dev/shm, run as the
//! `postgres` OS user (PostgreSQL refuses root) on a free loopback port, with production durability
//! (fsync and synchronous commit on: the crash tests rely on it), and stopped and removed by a
//! watchdog once the process that started it is gone.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

const PGBIN: &str = "/usr/lib/postgresql/15/bin";

/// A free loopback port.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("address")
        .port()
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn as_postgres(args: &[&str]) -> Command {
    let mut c = Command::new("runuser");
    c.args(["-u", "postgres", "--"])
        .args(args)
        .current_dir("/tmp");
    c
}

/// A running cluster.
pub struct Cluster {
    pub dir: PathBuf,
    pub port: u16,
}

static CLUSTERS: AtomicUsize = AtomicUsize::new(0);

impl Cluster {
    /// A new cluster, stopped and removed by a watchdog once this test process is gone.
    pub fn start() -> Cluster {
        let n = CLUSTERS.fetch_add(1, Ordering::SeqCst);
        let dir = PathBuf::from(format!("/dev/shm/feedesk-pg-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("data")).expect("cluster");
        std::fs::create_dir_all(dir.join("sock")).expect("cluster");
        run(Command::new("chown").args([
            "-R",
            "postgres:postgres",
            dir.to_str().expect("cluster"),
        ]));
        run(Command::new("chmod").args(["700", dir.join("data").to_str().expect("cluster")]));
        let data = dir.join("data").display().to_string();
        run(&mut as_postgres(&[
            &format!("{PGBIN}/initdb"),
            "-D",
            &data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ]));
        let pg = Cluster {
            dir,
            port: free_port(),
        };
        pg.watchdog();
        pg.start_server();
        run(&mut as_postgres(&[
            "psql",
            "-h",
            &pg.dir.join("sock").display().to_string(),
            "-p",
            &pg.port.to_string(),
            "-U",
            "postgres",
            "-qc",
            "SELECT 1",
        ]));
        pg
    }

    fn watchdog(&self) {
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; cd /tmp; runuser -u postgres -- {PGBIN}/pg_ctl -D {data} -m immediate stop >/dev/null 2>&1; rm -rf {dir}",
            pid = std::process::id(),
            data = self.dir.join("data").display(),
            dir = self.dir.display()
        );
        // The watchdog outlives this process on purpose: it is never waited for.
        #[allow(clippy::zombie_processes)]
        Command::new("setsid")
            .args(["bash", "-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cluster");
    }

    /// Start (or start again after a crash): production durability, fsync and synchronous commit on.
    pub fn start_server(&self) {
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=64MB -c jit=off -c max_wal_size=1GB",
            self.port,
            self.dir.join("sock").display()
        );
        run(&mut as_postgres(&[
            &format!("{PGBIN}/pg_ctl"),
            "-D",
            &self.dir.join("data").display().to_string(),
            "-l",
            &self.dir.join("pg.log").display().to_string(),
            "-w",
            "-t",
            "60",
            "-o",
            &opts,
            "start",
        ]));
    }

    /// `pg_ctl stop -m immediate`: every process gone at once, no checkpoint (a crash).
    pub fn crash(&self) {
        self.stop_mode("immediate");
    }

    /// Stopped for good, its files removed (the watchdog would remove them at exit).
    pub fn stop(self) {
        self.stop_mode("fast");
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    fn stop_mode(&self, mode: &str) {
        run(&mut as_postgres(&[
            &format!("{PGBIN}/pg_ctl"),
            "-D",
            &self.dir.join("data").display().to_string(),
            "-m",
            mode,
            "-w",
            "stop",
        ]));
    }

    /// A new database for one test; its connection string.
    pub fn database(&self) -> String {
        static N: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "t{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        run(&mut as_postgres(&[
            "psql",
            "-h",
            &self.dir.join("sock").display().to_string(),
            "-p",
            &self.port.to_string(),
            "-U",
            "postgres",
            "-qc",
            &format!("CREATE DATABASE {name}"),
        ]));
        format!(
            "host=127.0.0.1 port={} user=postgres dbname={name}",
            self.port
        )
    }
}
