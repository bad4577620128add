#!/usr/bin/env bash
# Builds the .deb with installers/build.sh, installs it with apt-get as a user would, and checks what got installed:
# the smtpx command on the PATH (--version without a warning, its start-up archive mapped, explain, bare smtpx prints
# help and opens no window, send to the lab server when the lab exists), the desktop entry, and the GUI (a window titled "SMTP Explorer" under Xvfb, screenshot in
# target/installer/installed-gui.png). The package is removed at the end, also after a failure, so reruns start clean.
# Run as root on Debian; it installs what it needs. Budget: under 5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

package=smtp-explorer
app_dir=/opt/smtp-explorer
out=target/installer
tmp=$(mktemp -d /tmp/installer-check.XXXXXX)
started=$SECONDS
passed=0
installed=
xvfb_pid=
gui_pid=
lab_pid=

say() { printf '[installer-check] %s\n' "$*"; }
ok() { passed=$((passed + 1)); say "ok: $*"; }
fail() {
  printf '[installer-check] FAIL: %s\n' "$*" >&2
  printf 'installer-check: %d passed, 1 failed\n' "$passed"
  exit 1
}
show() { # the last lines of a log, indented, to explain a failure
  [ -f "$1" ] && sed 's/^/    /' "$1" | tail -n "${2:-20}" >&2
  return 0
}

stop_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  stop_pid "$gui_pid"
  stop_pid "$lab_pid"
  stop_pid "$xvfb_pid"
  if [ -n "$installed" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$package" >"$tmp/remove.log" 2>&1 ||
      say "could not remove $package; see $tmp/remove.log"
  fi
  [ "$status" -eq 0 ] && rm -rf "$tmp"
  return 0
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || fail "run as root: it installs and removes the $package package"

# What this needs, installed only when missing. jmods come with openjdk-17-jdk-headless; jpackage, fakeroot and
# dpkg-deb build the .deb; Xvfb, xdotool and ImageMagick's import show and capture the window.
need=()
jlink_bin=$(command -v jlink || true)
if [ -z "$jlink_bin" ] || [ ! -d "$(dirname "$(readlink -f "$jlink_bin")")/../jmods" ] || ! command -v jpackage >/dev/null; then
  need+=(openjdk-17-jdk-headless)
fi
command -v fakeroot >/dev/null || need+=(fakeroot)
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
{ [ -x /usr/bin/import ] && [ -x /usr/bin/identify ]; } || need+=(imagemagick)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >"$tmp/apt-tools.log" 2>&1 ||
    { show "$tmp/apt-tools.log"; fail "could not install ${need[*]}"; }
fi

case "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)" in
  "" | not-installed | config-files) ;;
  *)
    say "removing $package left by an earlier run"
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$package" >/dev/null
    ;;
esac

# 1. Build.
t=$SECONDS
installers/build.sh >"$tmp/build.log" 2>&1 || { show "$tmp/build.log" 40; fail "installers/build.sh failed"; }
build_time=$((SECONDS - t))
debs=("$out"/"$package"_*.deb)
{ [ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ]; } || fail "expected one $package .deb in $out, found: ${debs[*]}"
deb=$PWD/${debs[0]}
[ -x "$out/SMTP Explorer/bin/smtpx" ] || fail "the app image has no bin/smtpx launcher"
ok "built $(basename "$deb") ($(du -h "$deb" | cut -f1)) and the app image in ${build_time}s"

# 2. Install, as a user would. The package's dependencies may need fresh package lists.
t=$SECONDS
installed=yes # from here on, a half-installed package is removed too
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$tmp/install.log" 2>&1; then
  say "install failed; updating the package lists and trying again"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$tmp/install.log" 2>&1 ||
    { show "$tmp/install.log"; fail "apt-get install $deb failed"; }
fi
installed_size=$(dpkg-query -W -f='${Installed-Size}' "$package")
ok "installed with apt-get in $((SECONDS - t))s (Installed-Size ${installed_size} KiB)"

# 3. The smtpx command.
hash -r
[ "$(command -v smtpx)" = /usr/bin/smtpx ] || fail "smtpx is not on the PATH as /usr/bin/smtpx: $(command -v smtpx || echo none)"
[ "$(readlink -f /usr/bin/smtpx)" = "$app_dir/bin/smtpx" ] || fail "/usr/bin/smtpx does not lead to $app_dir/bin/smtpx"

version_out=$(timeout 60 smtpx --version 2>&1) || fail "smtpx --version exited non-zero: $version_out"
grep -q smtpx <<<"$version_out" || fail "smtpx --version does not mention smtpx: $version_out"
! grep -qiE 'warning|error' <<<"$version_out" || fail "smtpx --version printed a warning or an error: $version_out"
ok "smtpx --version: $(head -n 1 <<<"$version_out")"

# The start-up archive, made by postinst from the class list in the package. -Xshare:on makes Java stop with an
# error where it cannot map the archive (by default it runs without it, silently); class+load names where each
# class came from.
archive=$app_dir/lib/app/smtpx.jsa
[ -s "$archive" ] || fail "postinst made no start-up archive $archive"
JAVA_TOOL_OPTIONS="-Xshare:on -Xlog:class+load=info:file=$tmp/version-classes.log" timeout 60 smtpx --version \
  >"$tmp/version-cds.log" 2>&1 || { show "$tmp/version-cds.log"; fail "smtpx --version cannot run with -Xshare:on"; }
grep -v 'Picked up JAVA_TOOL_OPTIONS' "$tmp/version-cds.log" | grep -qiE 'warning|error' &&
  { show "$tmp/version-cds.log"; fail "smtpx --version with -Xshare:on printed a warning or an error"; }
grep -q 'org.smtpexplorer.cli.SmtpxMain source: shared objects file' "$tmp/version-classes.log" ||
  fail "smtpx did not load its main class from the start-up archive $archive"
# "N of M classes from the archive", from a class+load log.
from_archive() { printf '%d of %d classes from the archive' "$(grep -c 'source: shared objects file' "$1")" \
  "$(grep -c 'class,load' "$1")"; }
ok "installed smtpx maps its start-up archive ($(du -h "$archive" | cut -f1)): $(from_archive "$tmp/version-classes.log") for --version"

explain_out=$(timeout 60 smtpx explain 354 2>&1) || fail "smtpx explain 354 exited non-zero: $explain_out"
grep -q 354 <<<"$explain_out" || fail "smtpx explain 354 does not mention 354: $explain_out"
ok "smtpx explain 354: $(head -n 1 <<<"$explain_out")"

# Bare smtpx is the command line, never the window: it must print the usage even with a display available.
bare_out=$(DISPLAY=:0 timeout 60 smtpx 2>&1) || fail "smtpx without arguments exited non-zero: $bare_out"
grep -q 'Usage: smtpx' <<<"$bare_out" || fail "smtpx without arguments did not print its usage: $bare_out"
ok "smtpx without arguments prints the usage"

# The installed smtpx sends through the lab server, once the lab subcommand exists.
# (smtpx help lab, not smtpx lab --help: the top-level --help would answer for an unknown subcommand too.)
if timeout 60 smtpx help lab >/dev/null 2>&1; then
  mkdir -p "$tmp/maildir"
  smtpx lab --port 0 --data-dir "$tmp/lab-data" --cert-out "$tmp/lab-ca.pem" --maildir "$tmp/maildir" \
    >"$tmp/lab.log" 2>&1 &
  lab_pid=$!
  port=
  for _ in $(seq 1 300); do
    port=$(sed -n 's/.*listening on .* port \([0-9][0-9]*\).*/\1/p' "$tmp/lab.log" | head -n 1)
    [ -n "$port" ] && [ -s "$tmp/lab-ca.pem" ] && break
    kill -0 "$lab_pid" 2>/dev/null || { show "$tmp/lab.log"; fail "smtpx lab stopped before listening"; }
    sleep 0.1
  done
  [ -n "$port" ] || { show "$tmp/lab.log"; fail "smtpx lab printed no port within 30 s"; }
  send_status=0
  LAB_PASSWORD=wonderland JAVA_TOOL_OPTIONS="-Xlog:class+load=info:file=$tmp/send-classes.log" \
    timeout 120 smtpx send --server "127.0.0.1:$port" --security starttls \
    --trust-cert "$tmp/lab-ca.pem" --user alice --password-env LAB_PASSWORD \
    --from alice@lab.example --to bob@lab.example --subject "Installer check" \
    --body "Sent by the installed smtpx." >"$tmp/send.log" 2>&1 || send_status=$?
  [ "$send_status" -eq 0 ] || { show "$tmp/send.log" 30; fail "installed smtpx send to the lab exited $send_status"; }
  [ -s "$tmp/maildir/1.eml" ] || { show "$tmp/lab.log"; fail "the lab did not store the message as 1.eml"; }
  grep -q 'Sent by the installed smtpx.' "$tmp/maildir/1.eml" || fail "the stored message lacks the body sent"
  stop_pid "$lab_pid"
  lab_pid=
  ok "installed smtpx send delivered a message to smtpx lab on port $port (STARTTLS, AUTH as alice;" \
    "$(from_archive "$tmp/send-classes.log"))"
else
  say "skipped: smtpx send to the lab (this build has no 'smtpx lab' subcommand yet)"
fi

# 4. The menu entries: xdg-desktop-menu puts them in the first writable of these, postinst in /usr/share.
desktop=
for dir in /usr/local/share/applications /usr/share/applications; do
  [ -f "$dir/$package-SMTP_Explorer.desktop" ] && { desktop=$dir/$package-SMTP_Explorer.desktop; break; }
done
[ -n "$desktop" ] || fail "no menu entry $package-SMTP_Explorer.desktop in /usr/local/share or /usr/share"
grep -qx 'Name=SMTP Explorer' "$desktop" || fail "$desktop has no Name=SMTP Explorer"
grep -q '^Exec=.*/opt/smtp-explorer/bin/SMTP Explorer' "$desktop" || fail "$desktop does not start the installed app"
grep -qx 'NoDisplay=true' "${desktop%SMTP_Explorer.desktop}smtpx.desktop" ||
  fail "the smtpx entry next to $desktop is not hidden from the menu"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop" || fail "$desktop is not a valid desktop entry"
fi
ok "menu entry $desktop (smtpx hidden)"

# 5. The installed GUI, on a display of its own.
t=$SECONDS
exec 3>"$tmp/display"
Xvfb -displayfd 3 -screen 0 1440x900x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
exec 3>&-
for _ in $(seq 1 100); do
  [ -s "$tmp/display" ] && break
  sleep 0.1
done
[ -s "$tmp/display" ] || { show "$tmp/xvfb.log"; fail "Xvfb did not start"; }
DISPLAY=":$(tr -d '[:space:]' <"$tmp/display")"
export DISPLAY

# The window's start-up archive, made by postinst: the launcher maps it (-Xshare:on stops Java where it cannot),
# and the window reports its first frame and closes.
window_archive=$app_dir/lib/app/smtp-explorer.jsa
[ -s "$window_archive" ] || fail "postinst made no window archive $window_archive"
grep -q 'smtp-explorer.jsa' "$app_dir/bin/SMTP Explorer" ||
  fail "the window's launcher does not map its archive: $(head -c 2000 "$app_dir/bin/SMTP Explorer")"
JAVA_TOOL_OPTIONS="-Xshare:on -Xlog:class+load=info:file=$tmp/window-classes.log -Dsmtpexplorer.firstFrame=exit" \
  timeout 90 "$app_dir/bin/SMTP Explorer" >"$tmp/window-cds.log" 2>&1 ||
  { show "$tmp/window-cds.log"; fail "the window cannot open with -Xshare:on"; }
grep -v 'Picked up JAVA_TOOL_OPTIONS' "$tmp/window-cds.log" | grep -qiE 'warning|error|exception' &&
  { show "$tmp/window-cds.log"; fail "the window with -Xshare:on printed a warning or an error"; }
grep -q 'org.smtpexplorer.ui.App source: shared objects file' "$tmp/window-classes.log" ||
  fail "the window did not load org.smtpexplorer.ui.App from its archive $window_archive"
first_frame=$(grep -o 'first frame: [0-9]* ms' "$tmp/window-cds.log") ||
  { show "$tmp/window-cds.log"; fail "the window did not report its first frame"; }
ok "installed window maps its archive ($(du -h "$window_archive" | cut -f1)): $(from_archive "$tmp/window-classes.log"); $first_frame"

"$app_dir/bin/SMTP Explorer" >"$tmp/gui.log" 2>&1 &
gui_pid=$!
window=$(timeout 90 xdotool search --sync --onlyvisible --name '^SMTP Explorer$' 2>/dev/null | head -n 1) || true
[ -n "$window" ] || { show "$tmp/gui.log"; fail "no window titled 'SMTP Explorer' became visible within 90 s"; }
# The window is mapped a few seconds before its first paint (more on a busy machine): capture until it shows.
colours=0
for _ in $(seq 1 60); do
  kill -0 "$gui_pid" 2>/dev/null || { show "$tmp/gui.log"; fail "the GUI exited after showing its window"; }
  /usr/bin/import -window root "$out/installed-gui.png"
  colours=$(/usr/bin/identify -format '%k' "$out/installed-gui.png")
  [ "$colours" -ge 100 ] && break
  sleep 1
done
[ "$colours" -ge 100 ] || fail "the window stayed blank for 60 s ($colours colours in $out/installed-gui.png)"
# One more second for the last layout pass, then the screenshot that is kept.
sleep 1
/usr/bin/import -window root "$out/installed-gui.png"
if grep -q 'Exception' "$tmp/gui.log"; then
  show "$tmp/gui.log" 30
  fail "the GUI logged an exception"
fi
stop_pid "$gui_pid"
gui_pid=
ok "installed GUI opened window $window in $((SECONDS - t))s; screenshot $out/installed-gui.png ($colours colours)"

# 6. Uninstall, so a rerun starts clean, and check that nothing is left behind.
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$package" >"$tmp/remove.log" 2>&1 ||
  { show "$tmp/remove.log"; fail "apt-get remove $package failed"; }
installed=
{ [ ! -e /usr/bin/smtpx ] && [ ! -L /usr/bin/smtpx ]; } || fail "/usr/bin/smtpx is still there after removal"
[ ! -e "$desktop" ] || fail "$desktop is still there after removal"
[ ! -e "${desktop%SMTP_Explorer.desktop}smtpx.desktop" ] || fail "the smtpx menu entry is still there after removal"
[ ! -e "$app_dir/bin" ] || fail "$app_dir/bin is still there after removal"
[ ! -e "$archive" ] || fail "the start-up archive $archive is still there after removal"
ok "removed $package: no smtpx, desktop entry, launchers or start-up archive left"

total=$((SECONDS - started))
say "build.sh ${build_time}s, whole check ${total}s"
[ "$total" -le 300 ] || say "WARNING: the check took ${total}s, over its 5-minute budget"
printf 'installer-check: %d passed, 0 failed\n' "$passed"
