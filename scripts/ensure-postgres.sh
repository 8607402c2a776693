#!/usr/bin/env bash
# Make sure a PostgreSQL server with trust auth for user "postgres" answers on 127.0.0.1,
# and print its base URL (no database name) on stdout, e.g.
#
#   postgres://postgres@127.0.0.1:5432
#
# Everything else (progress, diagnostics) goes to stderr, so callers can do
#   base_url="$(bash scripts/ensure-postgres.sh)"
#
# 1. If a server answers on 127.0.0.1:$PGPORT_PROBE (default 5432) and
#    `psql -U postgres -c 'select 1'` works there without a password, print its URL.
# 2. Otherwise start a private, throwaway cluster: find the newest /usr/lib/postgresql/*/bin
#    (installing Debian's `postgresql` package with apt-get if there is none), initdb a fresh
#    temporary data directory (auth trust, superuser postgres; as the `postgres` OS user when
#    run as root, because initdb refuses root), start it with pg_ctl on 127.0.0.1:$PG_PRIVATE_PORT
#    (default 55432) with its unix socket inside the temporary directory, wait until it is
#    ready and print its URL. The cluster keeps running after this script exits. It runs with
#    fsync=off: it is a throwaway cluster for tests, never for data you want to keep.
#
# Switches (environment variables):
#   PGPORT_PROBE=5999      probe this port instead of 5432. Point it at a port nothing listens
#                          on to force path 2 (this is how path 2 is tested).
#   PG_PRIVATE_PORT=55432  port for the private cluster.
#   ENSURE_PG_STATE_FILE   if set, path of a file into which the private cluster's temporary
#                          directory is written (the file is left empty when an existing server
#                          is used), so that the caller can stop it later with --stop.
#
# Stopping a private cluster started by this script:
#   bash scripts/ensure-postgres.sh --stop <temporary directory>
# stops it (pg_ctl stop -m fast) and removes the directory.
set -euo pipefail

HOST=127.0.0.1
PROBE_PORT="${PGPORT_PROBE:-5432}"
PRIVATE_PORT="${PG_PRIVATE_PORT:-55432}"

log() { printf 'ensure-postgres: %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# Newest /usr/lib/postgresql/<version>/bin that has initdb and pg_ctl, or nothing.
find_pg_bin() {
  local dirs=() d
  for d in /usr/lib/postgresql/*/bin; do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then dirs+=("$d"); fi
  done
  if ((${#dirs[@]} > 0)); then printf '%s\n' "${dirs[@]}" | sort -V | tail -n 1; fi
}

# Path of a client tool (psql, pg_isready): from PATH, else from the newest server bin dir.
find_tool() {
  local name="$1" bin
  if command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
    return 0
  fi
  bin="$(find_pg_bin)"
  if [[ -n "$bin" && -x "$bin/$name" ]]; then printf '%s\n' "$bin/$name"; fi
}

install_postgres() {
  if ((EUID != 0)); then
    die "no PostgreSQL binaries found and not root, cannot apt-get install postgresql"
  fi
  command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL binaries found and no apt-get"
  log "no PostgreSQL binaries found; installing Debian package 'postgresql'"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends postgresql >&2
}

# Run a command as the postgres OS user when we are root (initdb/postgres refuse root).
as_pg() {
  if ((EUID == 0)); then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su -s /bin/bash postgres -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

# True when a server answers on $1 and lets user postgres in without a password.
server_ok() {
  local port="$1" pg_isready psql out
  pg_isready="$(find_tool pg_isready)"
  psql="$(find_tool psql)"
  [[ -n "$pg_isready" && -n "$psql" ]] || return 1
  "$pg_isready" -q -h "$HOST" -p "$port" -t 3 || return 1
  out="$(PGCONNECT_TIMEOUT=5 "$psql" -X -w -h "$HOST" -p "$port" -U postgres -d postgres \
    -Atqc 'select 1' 2>/dev/null </dev/null)" || return 1
  [[ "$out" == 1 ]]
}

# Stop a private cluster made by this script (if running) and remove its directory.
stop_cluster() {
  local dir="$1" bin
  bin="$(find_pg_bin)"
  if [[ -n "$bin" && -f "$dir/data/postmaster.pid" ]]; then
    log "stopping private cluster in $dir"
    (cd "$dir" && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop) >&2 || log "pg_ctl stop failed"
  fi
  rm -rf -- "$dir"
}

if [[ "${1:-}" == "--stop" ]]; then
  dir="${2:-}"
  [[ -n "$dir" && -d "$dir" ]] || die "--stop needs an existing cluster directory"
  [[ -d "$dir/data" ]] || die "$dir does not look like a cluster directory made by this script"
  stop_cluster "$dir"
  exit 0
fi
(($# == 0)) || die "unknown arguments: $* (usage: $0 [--stop <dir>])"

state_file="${ENSURE_PG_STATE_FILE:-}"
if [[ -n "$state_file" ]]; then : >"$state_file"; fi

if [[ -z "$(find_tool psql)" || -z "$(find_tool pg_isready)" ]]; then
  install_postgres
fi

if server_ok "$PROBE_PORT"; then
  log "using the PostgreSQL server on $HOST:$PROBE_PORT"
  printf 'postgres://postgres@%s:%s\n' "$HOST" "$PROBE_PORT"
  exit 0
fi
log "no usable server (trust auth for user postgres) on $HOST:$PROBE_PORT; starting a private cluster"

bin="$(find_pg_bin)"
if [[ -z "$bin" ]]; then
  install_postgres
  bin="$(find_pg_bin)"
  [[ -n "$bin" ]] || die "installed postgresql but found no /usr/lib/postgresql/*/bin with initdb"
fi
log "using binaries in $bin"

if "$bin/pg_isready" -q -h "$HOST" -p "$PRIVATE_PORT" -t 2; then
  die "something already answers on $HOST:$PRIVATE_PORT; set PG_PRIVATE_PORT to a free port"
fi

if ((EUID == 0)); then
  id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' OS user to run initdb as"
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/itam-pg.XXXXXX")"
if ((EUID == 0)); then chown postgres: "$dir"; fi
if [[ -n "$state_file" ]]; then printf '%s\n' "$dir" >"$state_file"; fi

ready=0
# shellcheck disable=SC2317 # invoked by the EXIT trap
on_exit() {
  if ((ready == 0)); then
    log "failed to start the private cluster"
    if [[ -f "$dir/postgres.log" ]]; then
      log "server log:"
      cat "$dir/postgres.log" >&2
    fi
    stop_cluster "$dir" || true
    if [[ -n "$state_file" ]]; then : >"$state_file"; fi
  fi
}
trap on_exit EXIT

# Run from inside the temporary directory: the postgres user may not be able to read the cwd.
cd "$dir"
log "initdb in $dir/data"
locale_args=(--no-locale)
locales="$(locale -a 2>/dev/null || true)"
if grep -qix 'c\.utf-\?8' <<<"$locales"; then locale_args=(--locale=C.UTF-8); fi
as_pg "$bin/initdb" -D "$dir/data" --auth=trust -U postgres -E UTF8 "${locale_args[@]}" >&2

log "starting on $HOST:$PRIVATE_PORT"
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
  -o "-p $PRIVATE_PORT -k '$dir' -c listen_addresses=$HOST -c fsync=off" start >&2

for _ in $(seq 1 60); do
  if server_ok "$PRIVATE_PORT"; then
    ready=1
    log "private cluster ready; stop it with: bash scripts/ensure-postgres.sh --stop $dir"
    printf 'postgres://postgres@%s:%s\n' "$HOST" "$PRIVATE_PORT"
    exit 0
  fi
  sleep 0.5
done
die "the private cluster did not accept connections within 30 s"
