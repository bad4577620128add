#!/usr/bin/env bash
# exim-lab.sh - a real Exim 4 on loopback for SMTP Explorer's interop tests (EximInteropTest).
#
# Usage: exim-lab.sh install|start|stop|status|clear-sink
#   install     fetch the Exim .debs once (cached), unpack them, install the missing libraries only
#   start       install, create CA + server cert (once), write the config, start the daemon, wait until
#               both ports greet with 220 and AUTH shows after STARTTLS, write exim.properties.
#               A second start leaves a healthy lab with unchanged config running, else restarts it.
#   stop        stop the Exim daemon by its PID (idempotent)
#   status      print what runs
#   clear-sink  delete every file in the sink directory
#
# Runs as root on Debian 12 without systemd. Exim is never installed as a package: exim4 conflicts with postfix
# (both provide mail-transport-agent), so the .debs are fetched with `apt-get download`, cached under
# $SMTPX_INTEROP_DIR/exim/debs and unpacked with `dpkg -x`; only the libraries it links are installed with apt.
# Everything binds to 127.0.0.1 (and ::1 when the kernel has IPv6 loopback); no DNS lookups (host_lookup and
# rfc1413_hosts empty); the only router accepts every address into the file sink, so nothing leaves the machine.
# State dir: $SMTPX_INTEROP_DIR, default /tmp/smtpx-interop (absolute, no whitespace); Exim's files live in
# its exim/ subdirectory, next to (never inside) the Postfix lab's files.
#
# Ports (PIPELINING SIZE 8BITMIME DSN SMTPUTF8 CHUNKING; no ENHANCEDSTATUSCODES: Exim never offers it;
# PRDR switched off):
#   2625  STARTTLS offered, AUTH PLAIN LOGIN CRAM-MD5 offered only inside TLS, AUTH never required to send
#   2665  implicit TLS (tls_on_connect_ports), AUTH as above
# User: alice@example.com / exim-secret-1.
# RCPT ACL: a local part matching ^reject gets "550 no such user here (smtpx interop)", one matching ^grey
# gets "451 greylisted, come back later (smtpx interop)" (a temporary failure; the text deliberately avoids
# the word "temporary" so a test can tell the client's own wording from the server's).
#
# Sink: $SMTPX_INTEROP_DIR/exim/sink/, one delivery per message (all its recipients at once, batch_max):
#   <exim id>.eml   written by an appendfile transport with use_crlf: the message exactly as received, with
#                   CRLF line ends, after the headers Exim adds: Return-Path, Envelope-to (return_path_add,
#                   envelope_to_add) and one Received header (folded). No From_ line, no dot or ">From"
#                   quoting (message_prefix, message_suffix, check_string, escape_string are empty).
#   <exim id>.env   written after the .eml is complete (a shadow transport runs only after the main one
#                   succeeded): "from <sender>" (empty after "from " for the null sender), then one
#                   "to <rcpt>" line per delivered recipient, in RCPT order, taken from the Return-path and
#                   Envelope-to headers; LF-terminated. Written to a dot-file and renamed, so once a .env
#                   exists both files are whole. (Exim 4.96 has no expansion variable for ENVID or RET; a
#                   NOTIFY=SUCCESS delivery makes Exim send a success DSN, whose Original-Envelope-ID shows
#                   the ENVID it received.)
# DSN reports and bounces that Exim itself generates land in the sink too, with an empty sender.
#
# Also written: $SMTPX_INTEROP_DIR/exim.properties (for the Java tests), exim/log/mainlog, rejectlog, paniclog.

set -euo pipefail

readonly STATE="${SMTPX_INTEROP_DIR:-/tmp/smtpx-interop}"
readonly EDIR="$STATE/exim"
readonly DEBS="$EDIR/debs"            # cached .debs
readonly ROOT="$EDIR/root"            # dpkg -x of the three packages
readonly EXIM="$ROOT/usr/sbin/exim4"
readonly CONF="$EDIR/exim.conf"
readonly SPOOL="$EDIR/spool"
readonly LOGDIR="$EDIR/log"
readonly RUNDIR="$EDIR/run"
readonly PIDFILE="$RUNDIR/exim.pid"
readonly TLSDIR="$EDIR/tls"
readonly SINK="$EDIR/sink"
readonly BINDIR="$EDIR/bin"
readonly PROPS="$STATE/exim.properties"
readonly EXIM_USER=Debian-exim        # compiled into Debian's binary
readonly HOST4=127.0.0.1
readonly STARTTLS_PORT="${SMTPX_EXIM_PORT:-2625}"
readonly IMPLICIT_PORT="${SMTPX_EXIM_TLS_PORT:-2665}"
readonly USER1=alice@example.com PASSWORD1=exim-secret-1
readonly SIZE_LIMIT=52428800
readonly START_TIMEOUT=30
readonly PACKAGES=(exim4-daemon-heavy exim4-base exim4-config)
# Debian's python3, not a pyenv shim that may lack the stdlib ssl module or vanish.
PY=/usr/bin/python3

die() { echo "exim-lab: error: $*" >&2; exit 1; }
log() { echo "exim-lab: $*"; }

require_root() { [[ $(id -u) -eq 0 ]] || die "must run as root (installs libraries, runs Exim)"; }

check_state_dir() {
    [[ $STATE == /* ]] || die "SMTPX_INTEROP_DIR must be an absolute path: '$STATE'"
    [[ $STATE =~ ^[A-Za-z0-9._/-]+$ ]] \
        || die "SMTPX_INTEROP_DIR may only contain A-Z a-z 0-9 . _ / - (it goes into Exim's config): '$STATE'"
    [[ $STARTTLS_PORT =~ ^[0-9]+$ && $IMPLICIT_PORT =~ ^[0-9]+$ ]] || die "ports must be numbers"
}

# ---------------------------------------------------------------- install

is_installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]; }

# The .debs, downloaded once into $DEBS (apt-get update only when the first download fails).
fetch_debs() {
    mkdir -p "$DEBS"
    local p missing=()
    for p in "${PACKAGES[@]}"; do
        compgen -G "$DEBS/${p}_*.deb" >/dev/null || missing+=("$p")
    done
    ((${#missing[@]} == 0)) && return 0
    log "downloading ${missing[*]} into $DEBS"
    # _apt cannot write into a root-owned 0700 tree; apt then downloads as root and says so. Harmless.
    if ! (cd "$DEBS" && apt-get download -q "${missing[@]}" </dev/null >/dev/null 2>"$DEBS/.download.err"); then
        apt-get update -qq
        (cd "$DEBS" && apt-get download -q "${missing[@]}" </dev/null >/dev/null 2>"$DEBS/.download.err") \
            || { cat "$DEBS/.download.err" >&2; die "apt-get download ${missing[*]} failed"; }
    fi
}

# Unpacks the cached .debs into $ROOT unless it already holds exactly these.
unpack() {
    local stamp="$ROOT/.unpacked" want
    want=$(cd "$DEBS" && ls -1 ./*.deb | sort)
    if [[ -x $EXIM && -f $stamp && $(cat "$stamp") == "$want" ]]; then
        return 0
    fi
    log "unpacking $(echo "$want" | tr '\n' ' ')into $ROOT"
    rm -rf "$ROOT"
    mkdir -p "$ROOT"
    local d
    for d in "$DEBS"/*.deb; do dpkg -x "$d" "$ROOT"; done
    echo "$want" >"$stamp"
}

# The libraries exim4-daemon-heavy depends on (lib* packages of its Depends field), when missing.
install_libs() {
    local deb libs missing=() p
    deb=$(compgen -G "$DEBS/exim4-daemon-heavy_*.deb" | head -n 1)
    libs=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/[[:space:]]//g' | grep '^lib' || true)
    for p in $libs openssl python3; do is_installed "$p" || missing+=("$p"); done
    if ((${#missing[@]} > 0)); then
        log "installing: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null 2>&1 || {
            apt-get update -qq
            apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
        }
    fi
    local nf
    nf=$(ldd "$EXIM" | grep 'not found' || true)
    [[ -z $nf ]] || die "exim4 still misses libraries after installing its dependencies: $nf"
}

ensure_user() {
    if ! getent passwd "$EXIM_USER" >/dev/null; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$EXIM_USER"
    fi
}

cmd_install() {
    require_root
    check_state_dir
    fetch_debs
    unpack
    install_libs
    ensure_user
}

# ---------------------------------------------------------------- helpers

CHANGED=0
# write_file PATH MODE [OWNER]: content from stdin; only touches the file (and sets CHANGED) when it differs.
write_file() {
    local path=$1 mode=$2 owner=${3:-root:root} tmp
    tmp=$(mktemp "$path.XXXXXX")
    cat >"$tmp"
    if [[ -f $path ]] && cmp -s "$tmp" "$path"; then
        rm -f "$tmp"
    else
        mv -f "$tmp" "$path"
        CHANGED=1
    fi
    chmod "$mode" "$path"
    chown "$owner" "$path"
}

have_ipv6() { grep -qE '^0{31}1 ' /proc/net/if_inet6 2>/dev/null; }

pid_alive() {
    local pid=$1 state
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    state=$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [[ -n $state && $state != Z ]]
}

# The daemon started with our config (checked through its command line, so a stale pid file never makes us
# signal an unrelated process).
exim_pid() {
    local pid
    [[ -r $PIDFILE ]] || return 1
    pid=$(tr -d ' \n' <"$PIDFILE")
    pid_alive "$pid" || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-C $CONF -bd" || return 1
    echo "$pid"
}

wait_gone() {
    local pid=$1 n=$(($2 * 10))
    while ((n-- > 0)); do pid_alive "$pid" || return 0; sleep 0.1; done
    return 1
}

port_in_use() { (exec 3<>"/dev/tcp/$HOST4/$1") 2>/dev/null; }

# ---------------------------------------------------------------- TLS material (created once, kept)

make_certs() {
    mkdir -p "$TLSDIR"
    chmod 0755 "$TLSDIR"
    if [[ -s $TLSDIR/ca.pem && -s $TLSDIR/server.pem && -s $TLSDIR/server.key ]]; then
        chown "$EXIM_USER:$EXIM_USER" "$TLSDIR/server.key"
        return 0
    fi
    log "creating test CA and server certificate in $TLSDIR"
    local cnf="$TLSDIR/.openssl.cnf"
    cat >"$cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
    (
        umask 077
        openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 3650 -config "$cnf" -extensions ca \
            -subj "/CN=SMTP Explorer Exim Interop Test CA" -keyout "$TLSDIR/ca.key" -out "$TLSDIR/ca.pem" \
            2>/dev/null
        openssl req -new -newkey rsa:2048 -nodes -sha256 -config "$cnf" -subj "/CN=localhost" \
            -keyout "$TLSDIR/server.key" -out "$TLSDIR/server.csr" 2>/dev/null
        openssl x509 -req -in "$TLSDIR/server.csr" -CA "$TLSDIR/ca.pem" -CAkey "$TLSDIR/ca.key" \
            -CAcreateserial -days 3650 -sha256 -extfile "$cnf" -extensions server \
            -out "$TLSDIR/server.pem" 2>/dev/null
    )
    rm -f "$TLSDIR/server.csr" "$cnf" "$TLSDIR/ca.srl"
    chmod 0644 "$TLSDIR/ca.pem" "$TLSDIR/server.pem"
    chmod 0600 "$TLSDIR/ca.key" "$TLSDIR/server.key"
    # Exim reads the key in the receiving process, after it dropped root for the Exim user.
    chown "$EXIM_USER:$EXIM_USER" "$TLSDIR/server.key"
    openssl verify -CAfile "$TLSDIR/ca.pem" "$TLSDIR/server.pem" >/dev/null \
        || die "generated server certificate does not verify against the CA"
}

# ---------------------------------------------------------------- configuration

write_configs() {
    local ifaces="<; $HOST4"
    have_ipv6 && ifaces="<; $HOST4 ; ::1"

    mkdir -p "$EDIR" "$SPOOL" "$LOGDIR" "$RUNDIR" "$SINK" "$BINDIR"
    chmod 0755 "$STATE" "$EDIR" "$BINDIR"
    chown "$EXIM_USER:$EXIM_USER" "$SPOOL" "$LOGDIR" "$SINK"
    chmod 0750 "$SPOOL"
    chmod 0755 "$LOGDIR" "$SINK" "$RUNDIR"
    local d="$EDIR"
    while [[ $d != / ]]; do
        [[ $(stat -c %A "$d") == d????????[xt] ]] || die "$d must be world-searchable (o+x) for the Exim user"
        d=$(dirname "$d")
    done

    # Quoted here-document: the script below is written as is.
    write_file "$BINDIR/sink-env.sh" 0755 <<'EOF'
#!/bin/bash
# Shadow pipe transport of exim-lab.sh: argv = sink-dir exim-id; the message on stdin, starting with the
# Return-path and Envelope-to headers that return_path_add/envelope_to_add put first. (Exim's taint checks
# forbid the sender or the recipients of the session in a pipe command line, so they are read from there.)
# Runs only after sink_file has written <exim-id>.eml; writes <exim-id>.env through a dot-file and a rename.
set -euo pipefail
umask 022
dir=$1 id=$2
# Headers are unfolded; only the first Return-path and Envelope-to count; stdin is read to its end.
awk '
    function flush(   v, a, n, i) {
        if (cur ~ /^[Rr]eturn-[Pp]ath:/ && !seenFrom) {
            v = substr(cur, index(cur, ":") + 1); gsub(/^[ \t]*<|>[ \t]*$/, "", v); from = v; seenFrom = 1
        } else if (cur ~ /^[Ee]nvelope-[Tt]o:/ && !seenTo) {
            v = substr(cur, index(cur, ":") + 1); n = split(v, a, ",")
            for (i = 1; i <= n; i++) { gsub(/^[ \t]+|[ \t]+$/, "", a[i]); if (a[i] != "") to = to "to " a[i] "\n" }
            seenTo = 1
        }
        cur = ""
    }
    { sub(/\r$/, "") }
    done { next }
    /^$/ { flush(); done = 1; next }
    /^[ \t]/ { cur = cur $0; next }
    { flush(); cur = $0 }
    END { if (!done) flush(); printf "from %s\n%s", from, to }
' >"$dir/.$id.env.tmp"
mv -f "$dir/.$id.env.tmp" "$dir/$id.env"
EOF

    write_file "$CONF" 0644 <<EOF
# Written by exim-lab.sh; edits are overwritten on the next start.
exim_path = $EXIM
spool_directory = $SPOOL
log_file_path = $LOGDIR/%slog
# With -C, Exim writes a pid file only when -oP names it; this is the default for that case.
pid_file_path = $PIDFILE
primary_hostname = exim.smtpx.test
qualify_domain = smtpx.test
never_users = root
keep_environment =
log_selector = +received_recipients +smtp_protocol_error +smtp_syntax_error +tls_certificate_verified

# Loopback only, two ports: STARTTLS and implicit TLS.
local_interfaces = $ifaces
daemon_smtp_ports = $STARTTLS_PORT : $IMPLICIT_PORT
tls_on_connect_ports = $IMPLICIT_PORT

# No DNS, no ident: nothing leaves loopback.
host_lookup =
rfc1413_hosts =
rfc1413_query_timeout = 0s

# Extensions.
pipelining_advertise_hosts = *
chunking_advertise_hosts = *
smtputf8_advertise_hosts = *
dsn_advertise_hosts = *
accept_8bitmime = true
prdr_enable = false
message_size_limit = $SIZE_LIMIT
tls_advertise_hosts = *
tls_certificate = $TLSDIR/server.pem
tls_privatekey = $TLSDIR/server.key

# Never defer deliveries to a queue run, never refuse for load or spool space.
smtp_accept_queue_per_connection = 0
check_spool_space = 0
smtp_accept_max = 100

acl_smtp_rcpt = acl_check_rcpt

begin acl

acl_check_rcpt:
  deny    local_parts = ^reject.*
          message     = 550 no such user here (smtpx interop)
  defer   local_parts = ^grey.*
          message     = 451 greylisted, come back later (smtpx interop)
  accept

begin routers

# The only router: every address, any domain, into the file sink. No dnslookup, no smtp transport.
sink:
  driver = accept
  transport = sink_file

begin transports

sink_file:
  driver = appendfile
  file = $SINK/\${message_exim_id}.eml
  user = $EXIM_USER
  group = $EXIM_USER
  mode = 0644
  use_crlf = true
  message_prefix =
  message_suffix =
  check_string =
  escape_string =
  return_path_add = true
  envelope_to_add = true
  delivery_date_add = false
  batch_max = 1000
  shadow_transport = sink_env

sink_env:
  driver = pipe
  command = $BINDIR/sink-env.sh $SINK \${message_exim_id}
  return_path_add = true
  envelope_to_add = true
  user = $EXIM_USER
  group = $EXIM_USER
  batch_max = 1000
  return_output = false
  log_output = true

begin retry

*  *  F,1h,1m

begin authenticators

plain_server:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = \${if and {{eq{\$auth2}{$USER1}}{eq{\$auth3}{$PASSWORD1}}}}
  server_set_id = \$auth2
  server_advertise_condition = \${if def:tls_in_cipher}

login_server:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = \${if and {{eq{\$auth1}{$USER1}}{eq{\$auth2}{$PASSWORD1}}}}
  server_set_id = \$auth1
  server_advertise_condition = \${if def:tls_in_cipher}

cram_server:
  driver = cram_md5
  public_name = CRAM-MD5
  server_secret = \${if eq{\$auth1}{$USER1}{$PASSWORD1}fail}
  server_set_id = \$auth1
  server_advertise_condition = \${if def:tls_in_cipher}
EOF
}

# ---------------------------------------------------------------- probes (python3, loopback only)

# probe: one line per host and port, then the EHLO keywords after STARTTLS; exit 0 when every port greeted
# with 220 and AUTH is offered inside TLS.
probe() {
    local v6=0
    have_ipv6 && v6=1
    "$PY" - "$TLSDIR/ca.pem" "$v6" "$STARTTLS_PORT" "$IMPLICIT_PORT" <<'EOF'
import smtplib, socket, ssl, sys
ca, v6, plain, imp = sys.argv[1], sys.argv[2] == "1", int(sys.argv[3]), int(sys.argv[4])
ctx = ssl.create_default_context(cafile=ca)
ok = True
for host in ["127.0.0.1"] + (["::1"] if v6 else []):
    for port, tls in ((plain, False), (imp, True)):
        try:
            s = socket.create_connection((host, port), timeout=3)
            if tls:
                s = ctx.wrap_socket(s, server_hostname=host)
            with s:
                line = s.makefile("rb").readline().decode("utf-8", "replace").rstrip()
                s.sendall(b"QUIT\r\n")
                s.recv(512)
            good = line.startswith("220")
        except Exception as e:
            line, good = f"{type(e).__name__}: {e}", False
        ok &= good
        print(f"{host} {port}: {line}")
try:
    # local_hostname given: smtplib would otherwise call getfqdn(), a name lookup.
    with smtplib.SMTP("127.0.0.1", plain, local_hostname="probe.localhost", timeout=10) as s:
        s.ehlo("probe.localhost")
        before = sorted(s.esmtp_features)
        s.starttls(context=ctx)
        s.ehlo("probe.localhost")
        print("ehlo before tls: " + " ".join(before))
        print("ehlo after tls: " + " ".join(sorted(s.esmtp_features)))
        print("auth: " + s.esmtp_features.get("auth", "").strip())
        ok &= "auth" in s.esmtp_features and "auth" not in before
except Exception as e:
    print(f"ehlo: {type(e).__name__}: {e}")
    ok = False
sys.exit(0 if ok else 1)
EOF
}

# ---------------------------------------------------------------- start / stop

start_exim() {
    local out="$LOGDIR/exim-start.out"
    # -bd detaches; -q5m retries anything deferred; -oP: with -C there is no pid file unless named.
    # fd 9 is our lock: the daemon must not inherit it, nor the caller's stdio.
    if ! "$EXIM" -C "$CONF" -bd -q5m -oP "$PIDFILE" </dev/null >"$out" 2>&1 9>&-; then
        cat "$out" >&2
        [[ -f $LOGDIR/paniclog ]] && tail -n 20 "$LOGDIR/paniclog" >&2
        die "exim failed to start (log: $LOGDIR/mainlog)"
    fi
}

do_stop() {
    local pid
    if pid=$(exim_pid); then
        kill -TERM "$pid" 2>/dev/null || true
        if ! wait_gone "$pid" 15; then
            log "exim daemon $pid ignored TERM for 15 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            wait_gone "$pid" 5 || die "exim daemon $pid does not exit"
        fi
        rm -f "$PIDFILE"
        log "exim stopped (pid $pid)"
    fi
}

write_properties() {
    local mechs=$1 v6line=""
    have_ipv6 && v6line="host6=::1"$'\n'
    write_file "$PROPS" 0644 <<EOF
# Written by exim-lab.sh start
host=$HOST4
${v6line}starttls.port=$STARTTLS_PORT
implicit.port=$IMPLICIT_PORT
size.limit=$SIZE_LIMIT
ca.pem=$TLSDIR/ca.pem
server.pem=$TLSDIR/server.pem
user=$USER1
password=$PASSWORD1
mechanisms=$mechs
sink.dir=$SINK
mainlog=$LOGDIR/mainlog
EOF
}

lock() {
    mkdir -p "$EDIR"
    exec 9>"$EDIR/.lock"
    flock -w 120 9 || die "another exim-lab.sh holds $EDIR/.lock"
}

cmd_start() {
    require_root
    check_state_dir
    lock
    cmd_install
    make_certs
    CHANGED=0
    write_configs
    "$EXIM" -C "$CONF" -bV >"$LOGDIR/exim-check.out" 2>&1 9>&- \
        || { cat "$LOGDIR/exim-check.out" >&2; die "exim rejects the configuration $CONF"; }
    if exim_pid >/dev/null; then
        if ((CHANGED == 0)) && probe >/dev/null 2>&1; then
            log "already running with the current configuration"
            status_lines
            return 0
        fi
        log "restarting (configuration changed or a port does not answer)"
    fi
    do_stop
    local p
    for p in $STARTTLS_PORT $IMPLICIT_PORT; do
        ! port_in_use "$p" || die "port $HOST4:$p is already in use by another process (see: ss -ltnp)"
    done
    start_exim
    local deadline=$((SECONDS + START_TIMEOUT)) out
    until out=$(probe 2>&1); do
        if ((SECONDS >= deadline)); then
            echo "$out" >&2
            [[ -f $LOGDIR/paniclog ]] && tail -n 20 "$LOGDIR/paniclog" >&2
            [[ -f $LOGDIR/mainlog ]] && tail -n 20 "$LOGDIR/mainlog" >&2
            die "not every port greeted with 220 (or no AUTH inside TLS) within ${START_TIMEOUT} s"
        fi
        sleep 0.2
    done
    write_properties "$(sed -n 's/^auth: //p' <<<"$out")"
    log "started"
    status_lines
}

cmd_stop() {
    require_root
    check_state_dir
    [[ -d $EDIR ]] || { log "not running (no $EDIR)"; return 0; }
    lock
    do_stop
    exim_pid >/dev/null || log "stopped"
}

status_lines() {
    local pid
    if pid=$(exim_pid); then
        echo "exim: running, daemon pid $pid, config $CONF"
        probe 2>&1 | sed 's/^/  /' || true
    else
        echo "exim: stopped"
    fi
    local n=0
    [[ -d $SINK ]] && n=$(find "$SINK" -maxdepth 1 -name '*.eml' | wc -l)
    echo "sink: $SINK ($n messages)"
    [[ -f $PROPS ]] && echo "properties: $PROPS"
    return 0
}

cmd_status() {
    check_state_dir
    status_lines
    exim_pid >/dev/null
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
