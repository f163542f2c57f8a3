# Sourced: a PostgreSQL 15 cluster of the project's own, run as the `postgres` OS user (PostgreSQL
# refuses to run as root), on a loopback port of our choosing. Usage:
#   pg_start DIR PORT     creates the cluster in DIR if needed, starts it, creates database feedesk_hq
#   pg_stop DIR [MODE]    stops it (MODE fast, or immediate to simulate a crash)
#   pg_url DIR PORT       the connection string for feedesk-hq
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

pg_url() { echo "host=127.0.0.1 port=$2 user=postgres dbname=feedesk_hq"; }

pg_start() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  chown postgres:postgres "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    install -d -o postgres -g postgres -m 700 "$dir/data"
    install -d -o postgres -g postgres "$dir/sock"
    (cd /tmp && runuser -u postgres -- "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log")
  fi
  if ! runuser -u postgres -- "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    # Durability as in production (fsync, synchronous_commit on): the crash tests rely on it.
    (cd /tmp && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w -t 60 -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB -c jit=off -c max_wal_size=1GB" start >/dev/null)
  fi
  runuser -u postgres -- psql -h "$dir/sock" -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'feedesk_hq'" | grep -q 1 ||
    runuser -u postgres -- psql -h "$dir/sock" -p "$port" -U postgres -qc "CREATE DATABASE feedesk_hq"
}

pg_stop() {
  local dir=$1 mode=${2:-fast}
  [ -f "$dir/data/PG_VERSION" ] || return 0
  (cd /tmp && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$dir/data" -m "$mode" -w stop >/dev/null 2>&1) || true
}
