#!/usr/bin/env bash
# Builds the installer for the OS this runs on, into target/installer/:
#   Linux:   an app image ("target/installer/SMTP Explorer/") and a .deb
#   Windows: an .msi (run from Git Bash; needs WiX 3 on the PATH)
#   macOS:   a .dmg
# Steps: the fat jar (tests skipped), the JDK modules it needs (jdeps plus a fixed list), a trimmed runtime (jlink),
# then jpackage with installers/common/*.args and the OS's own argument files.
#
# Environment:
#   MVN          the Maven command (default "mvn"), e.g. MVN="mvn -o" to stay offline
#   SMTPX_JAR    use this jar instead of building one
#   APP_VERSION  version for the package (default: the pom's version without -SNAPSHOT)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

out=target/installer
work=target/installer-work

say() { printf '[build.sh %3ds] %s\n' "$SECONDS" "$*"; }
die() { printf '[build.sh] ERROR: %s\n' "$*" >&2; exit 1; }

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=macos ;;
  MINGW* | MSYS* | CYGWIN*) os=windows ;;
  *) die "no installer configuration for $(uname -s)" ;;
esac

for tool in jdeps jlink jpackage; do
  command -v "$tool" >/dev/null || die "$tool not found: put a full JDK 17 (not a JRE) on the PATH"
done
if [ "$os" = linux ]; then
  for tool in fakeroot dpkg-deb; do
    command -v "$tool" >/dev/null || die "$tool not found (Debian: apt-get install fakeroot dpkg)"
  done
fi

# 1. The fat jar.
if [ -n "${SMTPX_JAR:-}" ]; then
  jar=$SMTPX_JAR
  [ -f "$jar" ] || die "SMTPX_JAR=$jar does not exist"
else
  say "building target/smtpx.jar (tests skipped)"
  read -r -a mvn <<<"${MVN:-mvn}"
  "${mvn[@]}" -B -q -Dstyle.color=never -DskipTests package
  jar=target/smtpx.jar
fi

version=${APP_VERSION:-$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)}
version=${version%-SNAPSHOT}
[[ $version =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || die "version '$version' is not 1 to 3 numbers (set APP_VERSION)"
if [ "$os" = macos ] && [[ $version == 0* ]]; then
  die "macOS bundles need a version whose first number is at least 1, not $version; set APP_VERSION"
fi

rm -rf "$work" "$out"
mkdir -p "$work/input" "$out"
cp "$jar" "$work/input/smtpx.jar"

# The smtpx start-up archive's class list: the classes a training run of the command line loads (CdsTraining), by
# the java of the JDK that links the runtime. Java 17 maps an archive only for the jar at the path it was made with,
# so the archive itself is made on the target machine: by the .deb's postinst, from this list.
java_bin=$(dirname "$(readlink -f "$(command -v jlink)")")/java
say "training run for the smtpx start-up archive"
"$java_bin" -XX:DumpLoadedClassList="$work/input/smtpx.classlist" -cp "$work/input/smtpx.jar" \
  org.smtpexplorer.cli.CdsTraining
# The window's archive likewise (launchers.args maps it): its class list is the one mvn package made beside the jar,
# from a headless training run that needs the test class path (Monocle), which this script does not have.
window_list="$(dirname "$jar")/smtp-explorer.classlist"
if [ -s "$window_list" ]; then
  cp "$window_list" "$work/input/smtp-explorer.classlist"
else
  say "WARNING: no $window_list beside the jar: the window will start without its archive (slower)"
fi

# 2. The JDK modules: what jdeps finds in the jar, plus what is only loaded at run time and so invisible to it:
#    jdk.crypto.ec    elliptic-curve TLS (ECDHE key exchange, ECDSA certificates), found through a service
#    jdk.charsets     the non-Unicode charsets mail still uses (ISO-2022-JP, Big5, GB18030, KOI8-R ...)
#    jdk.naming.dns   dnsjava's fallback for reading the system resolvers through JNDI
#    jdk.unsupported  sun.misc.Unsafe for JavaFX (also found by jdeps; listed so it never goes missing)
#    java.security.jgss, java.xml.crypto, java.smartcardio, jdk.security.jgss, jdk.crypto.cryptoki
#                     the security providers the runtime's java.security lists (SunJGSS, XMLDSig, SunPCSC, JdkSASL,
#                     SunPKCS11; 1.8 MB): Java looks for a listed provider it cannot find among all the providers on
#                     the class path, and so built Bouncy Castle's three (330 classes, 140 ms) in the first TLS
#                     handshake of every smtpx start
# Left out on purpose: jdk.localedata (9 MB; the UI is English, and other locales fall back to the root locale).
extra=jdk.crypto.ec,jdk.charsets,jdk.naming.dns,jdk.unsupported
extra+=,java.security.jgss,java.xml.crypto,java.smartcardio,jdk.security.jgss,jdk.crypto.cryptoki
[ "$os" = windows ] && extra+=,jdk.crypto.mscapi # SunMSCAPI, listed on Windows only
say "finding the JDK modules with jdeps"
found=$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 "$work/input/smtpx.jar")
[ -n "$found" ] || die "jdeps found no modules in $jar"
modules=$(printf '%s,%s' "$found" "$extra" | tr ',' '\n' | sort -u | paste -sd, -)
printf '%s\n' "$modules" >"$work/modules.txt"
say "modules: $modules"

# 3. The trimmed runtime. JavaFX and the libraries stay in the jar on the class path: RichTextFX and ReactFX are
#    automatic modules, which jlink refuses. No native commands, except on Linux the java launcher, which the smtpx
#    script runs (step 4).
say "linking the runtime"
strip=(--strip-native-commands)
[ "$os" = linux ] && strip=()
jlink --add-modules "$modules" --strip-debug "${strip[@]}" --no-man-pages --no-header-files --compress=2 \
  --output "$work/runtime"
if [ "$os" = linux ]; then
  find "$work/runtime/bin" -mindepth 1 ! -name java -delete
fi

# 4. The packages. jpackage.args names the app; launchers.args is what jpackage needs to make an app image.
common=(@installers/common/jpackage.args --app-version "$version" --dest "$out")
app=(@installers/common/launchers.args --input "$work/input" --runtime-image "$work/runtime")
case "$os" in
  linux)
    say "jpackage: app image"
    jpackage --type app-image "${common[@]}" "${app[@]}" @installers/linux/app-image.args
    # smtpx is a script in place of jpackage's launcher, which asks dpkg which package owns it on every start
    # (installers/README.md); so the .deb is made from the app image as it is now.
    install -m 755 installers/linux/smtpx "$out/SMTP Explorer/bin/smtpx"
    # and so is the window's launcher (the desktop entry runs it by this name)
    install -m 755 installers/linux/smtp-explorer "$out/SMTP Explorer/bin/SMTP Explorer"
    say "jpackage: .deb"
    # gzip, not dpkg-deb's default xz: the payload is mostly the already-compressed jar and runtime image, so xz
    # saves only 6% here but takes 6 times as long (about 40 s against 6 s on 2 cores).
    DPKG_DEB_COMPRESSOR_TYPE=gzip jpackage --type deb "${common[@]}" --app-image "$out/SMTP Explorer" \
      @installers/linux/deb.args
    ;;
  windows)
    say "jpackage: .msi"
    jpackage --type msi "${common[@]}" "${app[@]}" @installers/windows/msi.args
    ;;
  macos)
    say "jpackage: .dmg"
    jpackage --type dmg "${common[@]}" "${app[@]}" @installers/macos/dmg.args
    ;;
esac

say "done:"
ls -l "$out"
