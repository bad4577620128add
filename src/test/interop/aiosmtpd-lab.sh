#!/usr/bin/env bash
# aiosmtpd-lab.sh - a Python aiosmtpd server on loopback for SMTP Explorer's interop tests (AiosmtpdInteropTest).
#
# Usage: aiosmtpd-lab.sh install|start|stop|status|clear-sink
#   install     install python3-aiosmtpd (Debian package; PyPI is not used) when it is missing
#   start       install, write the sink server, start it, wait until it greets with 220 and check that its EHLO
#               offers neither PIPELINING nor CHUNKING, write aiosmtpd.properties. A second start leaves a
#               healthy server with an unchanged script running, else restarts it.
#   stop        stop the server by its PID (idempotent)
#   status      print what runs
#   clear-sink  delete every file in the sink directory
#
# Runs as root on Debian 12 without systemd. Binds 127.0.0.1 (and ::1 when the kernel has IPv6 loopback) only;
# the greeting name is fixed (no getfqdn(), so no DNS lookup). State dir: $SMTPX_INTEROP_DIR, default
# /tmp/smtpx-interop (absolute, no whitespace); the server's files live in its aiosmtpd/ subdirectory.
#
# Port 2725 (override: SMTPX_AIOSMTPD_PORT), no TLS, no AUTH. aiosmtpd 1.4.3 offers SIZE, 8BITMIME, SMTPUTF8
# and HELP: no PIPELINING, no CHUNKING (BDAT gets "500 Error: command "BDAT" not recognized"), no DSN.
# RCPT: a local part starting with "reject" gets "550 no such user here (smtpx interop)", one starting with
# "grey" gets "451 greylisted, come back later (smtpx interop)"; everything else is accepted, any domain.
#
# Sink: $SMTPX_INTEROP_DIR/aiosmtpd/sink/, one pair of files per message:
#   <UTC time>-<n>.eml  the DATA content exactly as received (envelope.original_content): after SMTP
#                       dot-unstuffing, without the final ".", line ends untouched. Nothing is added.
#   <UTC time>-<n>.env  "from <sender>", then "mail-param <P>" per MAIL parameter, then per accepted
#                       recipient "to <rcpt>" and "rcpt-param <P>" per RCPT parameter; UTF-8, LF-terminated.
# Both are written to dot-files and renamed, the .eml first: once a .env exists, its .eml is complete.
#
# Also written: $SMTPX_INTEROP_DIR/aiosmtpd.properties (for the Java tests), aiosmtpd/log/server.log.

set -euo pipefail

readonly STATE="${SMTPX_INTEROP_DIR:-/tmp/smtpx-interop}"
readonly ADIR="$STATE/aiosmtpd"
readonly SINK="$ADIR/sink"
readonly LOGDIR="$ADIR/log"
readonly BINDIR="$ADIR/bin"
readonly SERVER="$BINDIR/sink-server.py"
readonly PIDFILE="$ADIR/server.pid"
readonly LOGFILE="$LOGDIR/server.log"
readonly PROPS="$STATE/aiosmtpd.properties"
readonly HOST4=127.0.0.1
readonly PORT="${SMTPX_AIOSMTPD_PORT:-2725}"
readonly SIZE_LIMIT=33554432
readonly START_TIMEOUT=20
# Debian's python3 (the one python3-aiosmtpd installs into), not a pyenv shim.
PY=/usr/bin/python3

die() { echo "aiosmtpd-lab: error: $*" >&2; exit 1; }
log() { echo "aiosmtpd-lab: $*"; }

require_root() { [[ $(id -u) -eq 0 ]] || die "must run as root (installs a package)"; }

check_state_dir() {
    [[ $STATE == /* ]] || die "SMTPX_INTEROP_DIR must be an absolute path: '$STATE'"
    [[ $STATE =~ ^[A-Za-z0-9._/-]+$ ]] || die "SMTPX_INTEROP_DIR may only contain A-Z a-z 0-9 . _ / -: '$STATE'"
    [[ $PORT =~ ^[0-9]+$ ]] || die "SMTPX_AIOSMTPD_PORT must be a number: '$PORT'"
}

is_installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]; }

cmd_install() {
    require_root
    local missing=() p
    for p in python3 python3-aiosmtpd; do is_installed "$p" || missing+=("$p"); done
    ((${#missing[@]} == 0)) && return 0
    log "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null 2>&1 || {
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
    }
}

CHANGED=0
write_file() {
    local path=$1 mode=$2 tmp
    tmp=$(mktemp "$path.XXXXXX")
    cat >"$tmp"
    if [[ -f $path ]] && cmp -s "$tmp" "$path"; then
        rm -f "$tmp"
    else
        mv -f "$tmp" "$path"
        CHANGED=1
    fi
    chmod "$mode" "$path"
}

have_ipv6() { grep -qE '^0{31}1 ' /proc/net/if_inet6 2>/dev/null; }

pid_alive() {
    local pid=$1 state
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    state=$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [[ -n $state && $state != Z ]]
}

# The server started from our script (checked through its command line: a stale pid file never makes us
# signal an unrelated process).
server_pid() {
    local pid
    [[ -r $PIDFILE ]] || return 1
    pid=$(tr -d ' \n' <"$PIDFILE")
    pid_alive "$pid" || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$SERVER" || return 1
    echo "$pid"
}

wait_gone() {
    local pid=$1 n=$(($2 * 10))
    while ((n-- > 0)); do pid_alive "$pid" || return 0; sleep 0.1; done
    return 1
}

port_in_use() { (exec 3<>"/dev/tcp/$HOST4/$1") 2>/dev/null; }

write_server() {
    mkdir -p "$ADIR" "$SINK" "$LOGDIR" "$BINDIR"
    chmod 0755 "$STATE" "$ADIR" "$SINK" "$BINDIR"
    write_file "$SERVER" 0755 <<'EOF'
#!/usr/bin/python3
"""Sink server of aiosmtpd-lab.sh: argv = port sink-dir pid-file size-limit host...

Stores each message's envelope and exact bytes in the sink; refuses ^reject (550) and ^grey (451) recipients.
"""
import asyncio
import os
import signal
import sys
import time

from aiosmtpd.smtp import SMTP

PORT, SINK, PIDFILE, LIMIT = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
HOSTS = sys.argv[5:]
NAME = "aiosmtpd.smtpx.test"


class Sink:
    def __init__(self):
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.rpartition("@")[0]
        if local.startswith("reject"):
            return "550 no such user here (smtpx interop)"
        if local.startswith("grey"):
            return "451 greylisted, come back later (smtpx interop)"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        if not hasattr(envelope, "smtpx_rcpts"):
            envelope.smtpx_rcpts = []
        envelope.smtpx_rcpts.append((address, list(rcpt_options)))
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        now = time.time_ns()
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9))
        name = f"{stamp}.{now % 10**9:09d}Z-{os.getpid()}-{self.count}"
        lines = ["from " + (envelope.mail_from or "")]
        lines += ["mail-param " + p for p in envelope.mail_options]
        for address, params in getattr(envelope, "smtpx_rcpts", []):
            lines.append("to " + address)
            lines += ["rcpt-param " + p for p in params]
        eml, env = os.path.join(SINK, name + ".eml"), os.path.join(SINK, name + ".env")
        with open(os.path.join(SINK, "." + name + ".eml.tmp"), "wb") as f:
            f.write(envelope.original_content)
        os.replace(os.path.join(SINK, "." + name + ".eml.tmp"), eml)
        with open(os.path.join(SINK, "." + name + ".env.tmp"), "w", encoding="utf-8", newline="\n") as f:
            f.write("".join(l + "\n" for l in lines))
        os.replace(os.path.join(SINK, "." + name + ".env.tmp"), env)
        return "250 OK stored as " + name


async def main():
    loop = asyncio.get_running_loop()
    handler = Sink()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname=NAME, ident="smtpx interop aiosmtpd", enable_SMTPUTF8=True,
                     decode_data=False, data_size_limit=LIMIT),
        host=HOSTS, port=PORT, reuse_address=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    with open(PIDFILE + ".tmp", "w") as f:
        f.write(f"{os.getpid()}\n")
    os.replace(PIDFILE + ".tmp", PIDFILE)
    print(f"listening on {HOSTS} port {PORT}, sink {SINK}", flush=True)
    await stop.wait()
    server.close()
    await server.wait_closed()
    print("stopped", flush=True)


asyncio.run(main())
EOF
}

# probe: greeting and EHLO keywords; exit 0 when the server greets with 220 and offers neither PIPELINING nor
# CHUNKING (the suite relies on both being absent).
probe() {
    "$PY" - "$PORT" <<'EOF'
import smtplib, sys
try:
    with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="probe.localhost", timeout=5) as s:
        s.ehlo("probe.localhost")
        keys = sorted(k.upper() for k in s.esmtp_features)
except Exception as e:
    print(f"probe: {type(e).__name__}: {e}")
    sys.exit(1)
print("ehlo: " + " ".join(keys))
bad = [k for k in ("PIPELINING", "CHUNKING") if k in keys]
if bad:
    print("unexpected: " + " ".join(bad))
sys.exit(1 if bad else 0)
EOF
}

do_stop() {
    local pid
    if pid=$(server_pid); then
        kill -TERM "$pid" 2>/dev/null || true
        if ! wait_gone "$pid" 10; then
            log "server $pid ignored TERM for 10 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            wait_gone "$pid" 5 || die "server $pid does not exit"
        fi
        log "aiosmtpd stopped (pid $pid)"
    fi
    rm -f "$PIDFILE"
}

lock() {
    mkdir -p "$ADIR"
    exec 9>"$ADIR/.lock"
    flock -w 60 9 || die "another aiosmtpd-lab.sh holds $ADIR/.lock"
}

write_properties() {
    write_file "$PROPS" 0644 <<EOF
# Written by aiosmtpd-lab.sh start
host=$HOST4
port=$PORT
size.limit=$SIZE_LIMIT
sink.dir=$SINK
log=$LOGFILE
EOF
}

cmd_start() {
    require_root
    check_state_dir
    lock
    cmd_install
    CHANGED=0
    write_server
    if server_pid >/dev/null; then
        if ((CHANGED == 0)) && probe >/dev/null 2>&1; then
            log "already running with the current server script"
            status_lines
            return 0
        fi
        log "restarting (server script changed or the port does not answer)"
    fi
    do_stop
    ! port_in_use "$PORT" || die "port $HOST4:$PORT is already in use by another process (see: ss -ltnp)"
    local hosts=("$HOST4")
    have_ipv6 && hosts+=("::1")
    # New session, stdio to the log, our lock (fd 9) not inherited: a CI step piping our output still ends.
    setsid "$PY" "$SERVER" "$PORT" "$SINK" "$PIDFILE" "$SIZE_LIMIT" "${hosts[@]}" \
        </dev/null >>"$LOGFILE" 2>&1 9>&- &
    local deadline=$((SECONDS + START_TIMEOUT)) out
    until server_pid >/dev/null && out=$(probe 2>&1); do
        if ((SECONDS >= deadline)); then
            echo "${out:-}" >&2
            tail -n 20 "$LOGFILE" >&2
            die "the server did not greet with 220 (or offered PIPELINING/CHUNKING) within ${START_TIMEOUT} s"
        fi
        sleep 0.1
    done
    write_properties
    log "started"
    status_lines
}

cmd_stop() {
    require_root
    check_state_dir
    [[ -d $ADIR ]] || { log "not running (no $ADIR)"; return 0; }
    lock
    do_stop
    server_pid >/dev/null || log "stopped"
}

status_lines() {
    local pid n=0
    if pid=$(server_pid); then
        echo "aiosmtpd: running, pid $pid, port $PORT"
        probe 2>&1 | sed 's/^/  /' || true
    else
        echo "aiosmtpd: stopped"
    fi
    [[ -d $SINK ]] && n=$(find "$SINK" -maxdepth 1 -name '*.eml' | wc -l)
    echo "sink: $SINK ($n messages)"
    [[ -f $PROPS ]] && echo "properties: $PROPS"
    return 0
}

cmd_status() {
    check_state_dir
    status_lines
    server_pid >/dev/null
}

cmd_clear_sink() {
    check_state_dir
    [[ -d $SINK ]] || return 0
    find "$SINK" -mindepth 1 -maxdepth 1 -type f -delete
    log "sink cleared: $SINK"
}

usage() { sed -n '3,11p' "$0" | sed 's/^# \{0,1\}//'; }

case "${1:-}" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    clear-sink) cmd_clear_sink ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
esac
