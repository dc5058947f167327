#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store and CLI tests, from Debian's packages.
#
# Installs `postgresql` with apt-get when its binaries are missing (as root), then runs
# a cluster of its own under $SWAPLEDGER_PG_DIR (default /tmp/swapledger-pg) on
# 127.0.0.1:$SWAPLEDGER_PG_PORT (default 54329), trust authentication, durability off
# (fsync: it only holds test databases), creates the database swapledger_test and writes
# its SQLAlchemy URL to $SWAPLEDGER_PG_DIR/url, where the tests look for it (unless
# SWAPLEDGER_TEST_PG_URL is set). Debian's own `main` cluster is left alone.
# Idempotent: a second run finds the server up and says so. Prints one line; when it
# cannot do its job it says why and exits 0, and the PostgreSQL tests skip.
set -u
DIR=${SWAPLEDGER_PG_DIR:-/tmp/swapledger-pg}
PORT=${SWAPLEDGER_PG_PORT:-54329}
ROLE=swapledger
DB=swapledger_test
URL="postgresql+psycopg://$ROLE@127.0.0.1:$PORT/$DB"

say() { echo "postgresql: $*"; exit 0; }

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | while read -r d; do [ -x "$d/initdb" ] && echo "$d"; done | tail -n1; }

BIN=$(bindir)
if [ -z "$BIN" ]; then
    [ "$(id -u)" = "0" ] || say "not installed and not root; PostgreSQL tests will skip (apt-get install postgresql)"
    command -v apt-get >/dev/null 2>&1 || say "no apt-get on this machine; PostgreSQL tests will skip"
    log=$(mktemp)
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; } >"$log" 2>&1; then
        reason=$(tail -n1 "$log"); rm -f "$log"
        say "apt-get install postgresql failed ($reason); PostgreSQL tests will skip"
    fi
    rm -f "$log"
    BIN=$(bindir)
    [ -n "$BIN" ] || say "installed, but no initdb under /usr/lib/postgresql; PostgreSQL tests will skip"
fi

# initdb and the server refuse to run as root: run them as Debian's `postgres` user then.
if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || say "no 'postgres' user to run the server as; PostgreSQL tests will skip"
    as_server() { runuser -u postgres -- "$@"; }
else
    as_server() { "$@"; }
fi

mkdir -p "$DIR" || say "cannot create $DIR; PostgreSQL tests will skip"
[ "$(id -u)" = "0" ] && chown postgres: "$DIR"

psql_q() { "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d postgres -XtAq "$@"; }

if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
        log=$(mktemp)
        if ! as_server "$BIN/initdb" -D "$DIR/data" -U "$ROLE" -A trust -E UTF8 --locale=C.UTF-8 >"$log" 2>&1; then
            reason=$(tail -n1 "$log"); rm -f "$log"
            say "initdb failed ($reason); PostgreSQL tests will skip"
        fi
        rm -f "$log"
    fi
    options="-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if ! as_server "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -o "$options" -w -t 60 start >/dev/null 2>&1; then
        say "server did not start (see $DIR/server.log: $(tail -n1 "$DIR/server.log" 2>/dev/null)); PostgreSQL tests will skip"
    fi
fi

if [ "$(psql_q -c "select 1 from pg_database where datname = '$DB'" 2>/dev/null)" != "1" ]; then
    psql_q -c "create database $DB" >/dev/null 2>&1 \
        || say "server on port $PORT is up but database $DB cannot be created (another server on that port?); PostgreSQL tests will skip"
fi

echo "$URL" >"$DIR/url" || say "cannot write $DIR/url; PostgreSQL tests will skip"
say "running, $URL"
