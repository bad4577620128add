#!/usr/bin/env bash
# postfix-lab.sh - a real Postfix (+ Dovecot for SASL) on loopback for SMTP Explorer's interop tests.
#
# Usage: postfix-lab.sh install|start|stop|status|clear-sink
#   install     install the missing Debian packages only (apt-get update only when something is missing)
#   start       install, create CA + server cert (once), write configs, start Dovecot (auth only) and
#               Postfix, wait until every port greets with 220, write interop.properties.
#               A second start leaves a healthy lab with unchanged config running, else restarts it.
#   stop        stop Postfix and Dovecot by their PIDs (idempotent)
#   status      print what runs
#   clear-sink  delete every file in the sink directory
#
# Runs as root on Debian 12 without systemd. Everything binds to 127.0.0.1 (and [::1] when the kernel has
# IPv6 loopback). State dir: $SMTPX_INTEROP_DIR, default /tmp/smtpx-interop (absolute, no whitespace).
#
# Ports (every service: SASL via Dovecot, PIPELINING SIZE 8BITMIME DSN SMTPUTF8 CHUNKING ENHANCEDSTATUSCODES):
#   2525 relay-like   STARTTLS optional, AUTH offered with and without TLS, no AUTH needed to send
#   2526 small-size   as 2525 but message_size_limit=100000 (MAIL SIZE=100001 gets 552 5.3.4; the limit
#                     also counts Postfix's own Received header: 99904 content bytes was the most accepted)
#   2587 submission   STARTTLS required (smtpd_tls_security_level=encrypt), AUTH only after TLS,
#                     AUTH required to send (else 554 5.7.1 Relay access denied at RCPT)
#   2465 implicit TLS smtpd_tls_wrappermode=yes, AUTH required to send
#   2527 bare-lf-off       as 2525 with smtpd_forbid_bare_newline=no: a bare LF ends a line (SMTP smuggling)
#   2528 bare-lf-normalize as 2525 with smtpd_forbid_bare_newline=normalize
#   2529 bare-lf-reject    as 2525 with smtpd_forbid_bare_newline=reject
#   (on these three smtpd_forbid_bare_newline_exclusions is empty: its default, $mynetworks, exempts loopback)
# Users: alice@example.com / alice-secret-1, bob / bob-secret-2.
# A recipient whose local part starts with "reject" gets "550 5.1.1 <rcpt>: Recipient address rejected:
# User unknown". Mail for any domain is accepted and never leaves the machine: the only delivery agent is a
# pipe(8) into the sink (bounces and DSN reports land there too, with an empty sender).
#
# Sink: $SMTPX_INTEROP_DIR/sink/, one delivery per message (all its recipients at once):
#   <UTC time>-<queue id>.env   "from <sender>" (empty after "from " for the null sender), then one
#                               "to <recipient>" line per accepted envelope recipient, LF-terminated,
#                               in Postfix's (sorted) order, not RCPT order
#   <UTC time>-<queue id>.eml   the message exactly as Postfix pipes it
# Both are written to a dot-file and renamed; the .env is renamed before the .eml, so once a *.eml exists
# its .env is complete. Names sort by delivery time.
#
# Recovering the client's bytes from a .eml: Postfix prepends one "Received:" header (folded over several
# lines: continuation lines start with a space or tab) and pipes with LF line ends. Drop that first header
# (its first line and the continuation lines after it), then turn every LF into CRLF. The result is the
# DATA/BDAT content as the client sent it, after SMTP dot-unstuffing (DATA), without the final ".".
# Not recoverable: a bare LF in the client's data (arrives as a line end), a bare CR (arrives as a space),
# and content
# without an empty line after its header block (or with no header at all): Postfix inserts that empty line.
# Nothing else is changed: no From_/Return-Path/Delivered-To/X-Original-To lines (pipe flags= empty),
# no dot quoting, no MIME conversion, no header rewriting or added headers for loopback clients
# (local_header_rewrite_clients empty), no dropped headers (message_drop_headers empty).
#
# Also written: interop.properties (for the Java tests), log/maillog (Postfix), log/dovecot.log.

set -euo pipefail

readonly STATE="${SMTPX_INTEROP_DIR:-/tmp/smtpx-interop}"
readonly PCONF="$STATE/postfix"          # Postfix config_directory
readonly QUEUE="$STATE/queue"            # Postfix queue_directory (also holds private/auth from Dovecot)
readonly PDATA="$STATE/data"             # Postfix data_directory
readonly DCONF="$STATE/dovecot"          # Dovecot config + users
readonly DRUN="$STATE/dovecot/run"       # Dovecot base_dir (master.pid lives here)
readonly TLSDIR="$STATE/tls"
readonly SINK="$STATE/sink"
readonly LOGDIR="$STATE/log"
readonly BINDIR="$STATE/bin"
readonly PROPS="$STATE/interop.properties"
readonly MAILLOG="$LOGDIR/maillog"
readonly DLOG="$LOGDIR/dovecot.log"
readonly SINK_USER=smtpxsink
readonly HOST4=127.0.0.1
readonly RELAY_PORT=2525 SMALL_PORT=2526 SUBMISSION_PORT=2587 IMPLICIT_PORT=2465
readonly BARE_LF_OFF_PORT=2527 BARE_LF_NORMALIZE_PORT=2528 BARE_LF_REJECT_PORT=2529
readonly SMALL_LIMIT=100000
readonly MAIN_LIMIT=67108864
readonly START_TIMEOUT=30
readonly PACKAGES=(postfix dovecot-core swaks libnet-ssleay-perl libio-socket-inet6-perl
                   libauthen-sasl-perl libdigest-hmac-perl openssl python3)
# Debian's python3, not a pyenv shim that may lack the stdlib ssl module or vanish.
PY=/usr/bin/python3

die() { echo "postfix-lab: error: $*" >&2; exit 1; }
log() { echo "postfix-lab: $*"; }

require_root() { [[ $(id -u) -eq 0 ]] || die "must run as root (installs packages, runs Postfix)"; }

check_state_dir() {
    [[ $STATE == /* ]] || die "SMTPX_INTEROP_DIR must be an absolute path: '$STATE'"
    [[ $STATE =~ ^[A-Za-z0-9._/-]+$ ]] \
        || die "SMTPX_INTEROP_DIR may only contain A-Z a-z 0-9 . _ / - (it goes into master.cf argv): '$STATE'"
}

# ---------------------------------------------------------------- install

is_installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]; }

cmd_install() {
    require_root
    local missing=() p
    for p in "${PACKAGES[@]}"; do is_installed "$p" || missing+=("$p"); done
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    if ! is_installed postfix; then
        # postfix conflicts with every other MTA; apt-get -y would silently remove the installed one.
        local other
        other=$(dpkg-query -W -f='${Package} ${Status} ${Provides}\n' 2>/dev/null \
            | awk '/install ok installed/ && /mail-transport-agent/ && $1 != "postfix" {print $1}' || true)
        [[ -z $other ]] || die "another MTA is installed ($other); postfix conflicts with it. Remove it first."
        echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    fi
    log "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
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

# pid_alive PID: true when PID runs and is not a zombie.
pid_alive() {
    local pid=$1 state
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    state=$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [[ -n $state && $state != Z ]]
}

# The Postfix master started from our config dir (checked through its environment, so a pid file
# left over after a reboot never makes us signal an unrelated process).
postfix_pid() {
    local f="$QUEUE/pid/master.pid" pid
    [[ -r $f ]] || return 1
    pid=$(tr -d ' \n' <"$f")
    pid_alive "$pid" || return 1
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == master ]] || return 1
    tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "MAIL_CONFIG=$PCONF" || return 1
    echo "$pid"
}

dovecot_pid() {
    local f="$DRUN/master.pid" pid
    [[ -r $f ]] || return 1
    pid=$(tr -d ' \n' <"$f")
    pid_alive "$pid" || return 1
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == dovecot ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$DCONF/dovecot.conf" || return 1
    echo "$pid"
}

# wait_gone PID SECONDS: true when PID exited within SECONDS.
wait_gone() {
    local pid=$1 n=$(($2 * 10))
    while ((n-- > 0)); do pid_alive "$pid" || return 0; sleep 0.1; done
    return 1
}

# ---------------------------------------------------------------- TLS material (created once, kept)

make_certs() {
    mkdir -p "$TLSDIR"
    chmod 0755 "$TLSDIR"
    if [[ -s $TLSDIR/ca.pem && -s $TLSDIR/server.pem && -s $TLSDIR/server.key ]]; then
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
            -subj "/CN=SMTP Explorer Interop Test CA" -keyout "$TLSDIR/ca.key" -out "$TLSDIR/ca.pem" 2>/dev/null
        openssl req -new -newkey rsa:2048 -nodes -sha256 -config "$cnf" -subj "/CN=localhost" \
            -keyout "$TLSDIR/server.key" -out "$TLSDIR/server.csr" 2>/dev/null
        openssl x509 -req -in "$TLSDIR/server.csr" -CA "$TLSDIR/ca.pem" -CAkey "$TLSDIR/ca.key" \
            -CAcreateserial -days 3650 -sha256 -extfile "$cnf" -extensions server \
            -out "$TLSDIR/server.pem" 2>/dev/null
    )
    rm -f "$TLSDIR/server.csr" "$cnf" "$TLSDIR/ca.srl"
    chmod 0644 "$TLSDIR/ca.pem" "$TLSDIR/server.pem"
    chmod 0600 "$TLSDIR/ca.key" "$TLSDIR/server.key"
    openssl verify -CAfile "$TLSDIR/ca.pem" "$TLSDIR/server.pem" >/dev/null \
        || die "generated server certificate does not verify against the CA"
}

# ---------------------------------------------------------------- configuration

ensure_sink_user() {
    if ! getent passwd "$SINK_USER" >/dev/null; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$SINK_USER"
    fi
}

# master_cf HOST...: master.cf with the four smtpd services on each HOST.
master_cf() {
    cat <<'EOF'
# Written by postfix-lab.sh. No smtp/lmtp/local/virtual delivery agents: the sink pipe is the only one.
# service     type  private unpriv chroot wakeup maxproc command
EOF
    local h
    for h in "$@"; do
        cat <<EOF
$h:$RELAY_PORT inet n - n - - smtpd
$h:$SMALL_PORT inet n - n - - smtpd
  -o message_size_limit=$SMALL_LIMIT
$h:$SUBMISSION_PORT inet n - n - - smtpd
  -o smtpd_tls_security_level=encrypt
  -o smtpd_tls_auth_only=yes
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject_unauth_destination
$h:$IMPLICIT_PORT inet n - n - - smtpd
  -o smtpd_tls_wrappermode=yes
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject_unauth_destination
$h:$BARE_LF_OFF_PORT inet n - n - - smtpd
  -o smtpd_forbid_bare_newline=no
  -o smtpd_forbid_bare_newline_exclusions=
$h:$BARE_LF_NORMALIZE_PORT inet n - n - - smtpd
  -o smtpd_forbid_bare_newline=normalize
  -o smtpd_forbid_bare_newline_exclusions=
$h:$BARE_LF_REJECT_PORT inet n - n - - smtpd
  -o smtpd_forbid_bare_newline=reject
  -o smtpd_forbid_bare_newline_exclusions=
EOF
    done
    cat <<EOF
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
tlsmgr    unix - - n 1000? 1 tlsmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
proxymap  unix - - n - - proxymap
proxywrite unix - - n - 1 proxymap
showq     unix n - n - - showq
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
anvil     unix - - n - 1 anvil
scache    unix - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
# flags= empty: no From_ line, no ">" or "." quoting, no Delivered-To/X-Original-To/Return-Path.
sink      unix - n n - - pipe
  flags= null_sender= user=$SINK_USER argv=$BINDIR/sink.sh \${queue_id} \${sender} \${recipient}
EOF
}

write_configs() {
    local v6=0 ifaces protocols mynetworks svc_hosts
    have_ipv6 && v6=1
    if ((v6)); then
        protocols=all; mynetworks="127.0.0.0/8 [::1]/128"; svc_hosts=("$HOST4" "[::1]")
    else
        protocols=ipv4; mynetworks="127.0.0.0/8"; svc_hosts=("$HOST4")
    fi
    ifaces=loopback-only

    # Every daemon (postfix, dovecot, smtpxsink) must be able to traverse the state dir.
    mkdir -p "$STATE" "$PCONF" "$QUEUE" "$PDATA" "$DCONF" "$DRUN" "$SINK" "$LOGDIR" "$BINDIR"
    chmod 0755 "$STATE" "$PCONF" "$QUEUE" "$DCONF" "$LOGDIR" "$BINDIR"
    chown root:root "$STATE" "$QUEUE"
    chown postfix:postfix "$PDATA"; chmod 0700 "$PDATA"
    chown "$SINK_USER:$SINK_USER" "$SINK"; chmod 0755 "$SINK"
    local d="$STATE"
    while [[ $d != / ]]; do
        [[ $(stat -c %A "$d") == d????????[xt] ]] || die "$d must be world-searchable (o+x) for the daemons"
        d=$(dirname "$d")
    done

    write_file "$BINDIR/sink.sh" 0755 <<EOF
#!/bin/bash
# pipe(8) delivery agent of postfix-lab.sh: argv = queue_id sender recipient...; message on stdin.
# Exit 75 (EX_TEMPFAIL) on any failure so Postfix defers instead of bouncing.
set -euo pipefail
trap 'exit 75' ERR
umask 022
dir=$SINK
qid=\$1 sender=\$2
shift 2
name=\$(date -u +%Y%m%dT%H%M%S.%NZ)-\$qid
{
    printf 'from %s\n' "\$sender"
    for rcpt in "\$@"; do printf 'to %s\n' "\$rcpt"; done
} >"\$dir/.\$name.env.tmp"
cat >"\$dir/.\$name.eml.tmp"
mv -f "\$dir/.\$name.env.tmp" "\$dir/\$name.env"
mv -f "\$dir/.\$name.eml.tmp" "\$dir/\$name.eml"
EOF

    write_file "$PCONF/recipient_access.regexp" 0644 <<'EOF'
/^reject[^@]*@/ 550 5.1.1 User unknown
EOF

    write_file "$PCONF/main.cf" 0644 <<EOF
# Written by postfix-lab.sh; edits are overwritten on the next start.
compatibility_level = 3.6
config_directory = $PCONF
queue_directory = $QUEUE
data_directory = $PDATA
mail_owner = postfix
setgid_group = postdrop
myhostname = localhost
mydomain = localdomain
myorigin = \$myhostname
inet_interfaces = $ifaces
inet_protocols = $protocols
mynetworks = $mynetworks
mydestination =
relay_domains =
local_recipient_maps =
biff = no
# No DNS: ::1 has no /etc/hosts name, and a PTR query would leave loopback.
smtpd_peername_lookup = no
maillog_file = $MAILLOG
maillog_file_prefixes = /var, /dev/stdout, $LOGDIR

# Never leave the machine: every address class goes to the sink pipe. The constant nexthop "lab" groups
# all recipients of a message into one delivery (up to sink_destination_recipient_limit).
transport_maps = static:sink:lab
default_transport = sink:lab
relay_transport = sink:lab
local_transport = sink:lab
virtual_transport = sink:lab
sink_destination_recipient_limit = 1000
# Long queue ids never repeat, so "<time>-<queue id>" sink names stay unique across restarts.
enable_long_queue_ids = yes

# Size, limits, no tarpit.
message_size_limit = $MAIN_LIMIT
mailbox_size_limit = 0
smtpd_recipient_limit = 1000
smtpd_error_sleep_time = 0
smtpd_soft_error_limit = 1000
smtpd_hard_error_limit = 1000
smtputf8_enable = yes

# Keep the content byte-identical.
disable_mime_output_conversion = yes
local_header_rewrite_clients =
message_drop_headers =
smtpd_tls_received_header = no

# Relay for loopback; recipients starting with "reject" are refused.
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions = check_recipient_access regexp:$PCONF/recipient_access.regexp, permit

# TLS (optional by default; per-service overrides in master.cf).
smtpd_tls_chain_files = $TLSDIR/server.key, $TLSDIR/server.pem
smtpd_tls_security_level = may
smtpd_tls_auth_only = no
smtpd_tls_loglevel = 1

# SASL through Dovecot's auth socket (relative to queue_directory).
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
EOF

    write_file "$PCONF/master.cf" 0644 < <(master_cf "${svc_hosts[@]}")

    write_file "$DCONF/users" 0640 root:dovecot <<'EOF'
alice@example.com:{PLAIN}alice-secret-1
bob:{PLAIN}bob-secret-2
EOF

    write_file "$DCONF/dovecot.conf" 0644 <<EOF
# Written by postfix-lab.sh: Dovecot as SASL authentication server for Postfix only.
instance_name = smtpx-interop
base_dir = $DRUN
state_dir = $DCONF/state
log_path = $DLOG
protocols =
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login cram-md5 digest-md5 scram-sha-1 scram-sha-256
auth_verbose = yes
# Answer a wrong password at once (default: 2 s delay), so negative tests stay fast.
auth_failure_delay = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DCONF/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=/nonexistent
}
service auth {
  unix_listener $QUEUE/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
EOF
    mkdir -p "$DCONF/state"
}

# ---------------------------------------------------------------- probes (python3, loopback only)

# probe_ports: prints one line per port; exit 0 when every port greeted with 220.
probe_ports() {
    local v6=0
    have_ipv6 && v6=1
    "$PY" - "$TLSDIR/ca.pem" "$v6" "$RELAY_PORT" "$SMALL_PORT" "$SUBMISSION_PORT" "$IMPLICIT_PORT" \
        "$BARE_LF_OFF_PORT" "$BARE_LF_NORMALIZE_PORT" "$BARE_LF_REJECT_PORT" <<'EOF'
import socket, ssl, sys
ca, v6, relay, small, sub, imp, lf_off, lf_norm, lf_rej = sys.argv[1], sys.argv[2] == "1", *map(int, sys.argv[3:])
ctx = ssl.create_default_context(cafile=ca)
hosts = ["127.0.0.1"] + (["::1"] if v6 else [])
ok = True
for host in hosts:
    for port, tls in ((relay, False), (small, False), (sub, False), (imp, True), (lf_off, False),
                      (lf_norm, False), (lf_rej, False)):
        try:
            s = socket.create_connection((host, port), timeout=3)
            if tls:
                s = ctx.wrap_socket(s, server_hostname=host)
            with s:
                line = s.makefile("rb").readline().decode("utf-8", "replace").rstrip()
            good = line.startswith("220")
        except Exception as e:
            line, good = f"{type(e).__name__}: {e}", False
        ok &= good
        print(f"{host} {port}: {line}")
sys.exit(0 if ok else 1)
EOF
}

# auth_mechanisms: the AUTH keyword of the submission port after STARTTLS.
auth_mechanisms() {
    "$PY" - "$TLSDIR/ca.pem" "$SUBMISSION_PORT" <<'EOF'
import smtplib, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[1])
with smtplib.SMTP("127.0.0.1", int(sys.argv[2]), local_hostname="probe.localhost", timeout=10) as s:
    s.ehlo("probe.localhost")
    s.starttls(context=ctx)
    s.ehlo("probe.localhost")
    print(s.esmtp_features.get("auth", "").strip())
EOF
}

port_in_use() { (exec 3<>"/dev/tcp/$HOST4/$1") 2>/dev/null; }

# ---------------------------------------------------------------- start / stop

start_dovecot() {
    rm -f "$QUEUE/private/auth"
    # The Dovecot master keeps the stdio it was started with: never hand it the caller's pipes.
    # fd 9 is our lock; no daemon may inherit it.
    dovecot -c "$DCONF/dovecot.conf" </dev/null >>"$DLOG" 2>&1 9>&- \
        || { tail -n 20 "$DLOG" >&2; die "dovecot failed to start (log: $DLOG)"; }
    local n=100
    while ((n-- > 0)); do [[ -S $QUEUE/private/auth ]] && return 0; sleep 0.1; done
    tail -n 20 "$DLOG" >&2
    die "dovecot auth socket $QUEUE/private/auth did not appear within 10 s (log: $DLOG)"
}

start_postfix() {
    local out="$LOGDIR/postfix-start.out"
    if ! postfix -c "$PCONF" start </dev/null >"$out" 2>&1 9>&-; then
        cat "$out" >&2
        [[ -f $MAILLOG ]] && tail -n 20 "$MAILLOG" >&2
        die "postfix failed to start (log: $MAILLOG)"
    fi
}

running() { postfix_pid >/dev/null && dovecot_pid >/dev/null; }

do_stop() {
    local pid
    if pid=$(postfix_pid); then
        postfix -c "$PCONF" stop </dev/null >/dev/null 2>&1 9>&- || kill -TERM "$pid" 2>/dev/null || true
        if ! wait_gone "$pid" 15; then
            log "postfix master $pid ignored TERM for 15 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            wait_gone "$pid" 5 || die "postfix master $pid does not exit"
        fi
        log "postfix stopped (pid $pid)"
    fi
    if pid=$(dovecot_pid); then
        kill -TERM "$pid" 2>/dev/null || true
        if ! wait_gone "$pid" 15; then
            log "dovecot master $pid ignored TERM for 15 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            wait_gone "$pid" 5 || die "dovecot master $pid does not exit"
        fi
        log "dovecot stopped (pid $pid)"
    fi
}

write_properties() {
    local mechs=$1 v6line=""
    have_ipv6 && v6line="host6=::1"$'\n'
    write_file "$PROPS" 0644 <<EOF
# Written by postfix-lab.sh start
host=$HOST4
${v6line}relay.port=$RELAY_PORT
submission.port=$SUBMISSION_PORT
implicit.port=$IMPLICIT_PORT
smallsize.port=$SMALL_PORT
smallsize.limit=$SMALL_LIMIT
bare-lf-off.port=$BARE_LF_OFF_PORT
bare-lf-normalize.port=$BARE_LF_NORMALIZE_PORT
bare-lf-reject.port=$BARE_LF_REJECT_PORT
ca.pem=$TLSDIR/ca.pem
server.pem=$TLSDIR/server.pem
sink.dir=$SINK
maillog=$MAILLOG
user1=alice@example.com
password1=alice-secret-1
user2=bob
password2=bob-secret-2
mechanisms=$mechs
EOF
}

lock() {
    mkdir -p "$STATE"
    exec 9>"$STATE/.lock"
    flock -w 120 9 || die "another postfix-lab.sh holds $STATE/.lock"
}

cmd_start() {
    require_root
    check_state_dir
    cmd_install
    lock
    ensure_sink_user
    make_certs
    CHANGED=0
    write_configs
    if running; then
        if ((CHANGED == 0)) && probe_ports >/dev/null 2>&1; then
            log "already running with the current configuration"
            status_lines
            return 0
        fi
        log "restarting (configuration changed or a port does not answer)"
    fi
    do_stop
    local p
    for p in $RELAY_PORT $SMALL_PORT $SUBMISSION_PORT $IMPLICIT_PORT $BARE_LF_OFF_PORT $BARE_LF_NORMALIZE_PORT \
             $BARE_LF_REJECT_PORT; do
        ! port_in_use "$p" || die "port $HOST4:$p is already in use by another process (see: ss -ltnp)"
    done
    local check="$LOGDIR/postfix-check.out"
    # Creates the missing queue directories (private/ must exist before Dovecot puts its socket there).
    postfix -c "$PCONF" check </dev/null >"$check" 2>&1 9>&- \
        || { cat "$check" >&2; die "postfix check failed"; }
    start_dovecot
    start_postfix
    local deadline=$((SECONDS + START_TIMEOUT)) out
    until out=$(probe_ports 2>&1); do
        if ((SECONDS >= deadline)); then
            echo "$out" >&2
            [[ -f $MAILLOG ]] && tail -n 20 "$MAILLOG" >&2
            die "not every port greeted with 220 within ${START_TIMEOUT} s (log: $MAILLOG)"
        fi
        sleep 0.2
    done
    local mechs
    mechs=$(auth_mechanisms) || die "could not read the AUTH mechanisms on port $SUBMISSION_PORT after STARTTLS"
    [[ -n $mechs ]] || die "port $SUBMISSION_PORT offers no AUTH after STARTTLS (log: $MAILLOG, $DLOG)"
    write_properties "$mechs"
    log "started"
    status_lines
}

cmd_stop() {
    require_root
    check_state_dir
    [[ -d $STATE ]] || { log "not running (no $STATE)"; return 0; }
    lock
    do_stop
    if ! postfix_pid >/dev/null && ! dovecot_pid >/dev/null; then
        log "stopped"
    fi
}

status_lines() {
    local pid
    if pid=$(postfix_pid); then echo "postfix: running, master pid $pid, config $PCONF"
    else echo "postfix: stopped"; fi
    if pid=$(dovecot_pid); then echo "dovecot: running, master pid $pid, config $DCONF/dovecot.conf"
    else echo "dovecot: stopped"; fi
    if postfix_pid >/dev/null; then
        probe_ports 2>&1 | sed 's/^/  /' || true
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
    postfix_pid >/dev/null && dovecot_pid >/dev/null
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
