# A private PostgreSQL server for tests and benchmarks, in a temporary folder.
# Source it, then:
#   pg_present   whether the server and client binaries are there
#   pg_install   installs PostgreSQL from Debian's packages when its binaries are missing
#   pg_start     starts a server (initdb as an unprivileged user, a free port on 127.0.0.1,
#                its unix socket in the folder, trust auth on loopback) and sets PG_URL
#   pg_stop      stops it and removes the folder (call it from the caller's EXIT trap)
# Used by scripts/test.sh; also handy by hand:
#   bash -c 'source scripts/pg.sh; trap pg_stop EXIT; pg_start; echo $PG_URL; sleep 3600'

pg_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x $d/initdb && -x $d/pg_ctl ]]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

pg_present() {
    pg_bindir >/dev/null && command -v psql >/dev/null && command -v pg_dump >/dev/null \
        && command -v pg_restore >/dev/null
}

pg_install() {
    if pg_present; then
        return 0
    fi
    local SUDO=()
    if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    fi
    # No cluster of the package's own: the tests start a private one.
    "${SUDO[@]}" mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" | "${SUDO[@]}" tee /etc/postgresql-common/createcluster.conf >/dev/null
    "${SUDO[@]}" apt-get update
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends postgresql postgresql-client
}

pg_start() {
    local bin port
    bin=$(pg_bindir) || { echo "PostgreSQL server binaries not found (run pg_install)" >&2; return 1; }
    PG_DIR=$(mktemp -d /tmp/trappe-pg.XXXXXX)
    # PostgreSQL refuses to run as root: the server belongs to an unprivileged user.
    PG_RUN=()
    if [[ $(id -u) -eq 0 ]]; then
        chown nobody: "$PG_DIR"
        PG_RUN=(runuser -u nobody --)
    fi
    chmod 700 "$PG_DIR"
    PG_BIN=$bin
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${PG_RUN[@]}" "$bin/initdb" -D "$PG_DIR/data" -U trappe --auth=trust --no-locale \
        -E UTF8 >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
    # A throwaway server: no fsync (the tests kill the app, never this server).
    "${PG_RUN[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
        -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
    PG_URL="postgres://trappe@127.0.0.1:$port/postgres"
    export PG_URL
}

pg_stop() {
    if [[ -n ${PG_DIR:-} && -d $PG_DIR ]]; then
        "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
    PG_DIR=
}
