#!/bin/sh
# SMTP Explorer benchmark suite (issue 9): one command. Usage: src/test/bench/run.sh [--quick] [--cases 1,2,3,4,5,6] [--json F] [--baseline DIR]
# --baseline DIR: cases 1 and 5 also run an earlier build (DIR/classes, DIR/smtpx.jar) beside this one.
# Builds target/smtpx.jar and the benchmark classes if missing, installs swaks if absent, then runs src/test/bench/bench.py.
# Cases: 1 throughput, 2 round trips, 3 memory, 4 transcript UI, 5 start-up (the window's first frame under Xvfb, each
# launcher beside a minimal JavaFX window), 6 small send (with the launcher and its
# start-up archive, and the app image's when installers/build.sh made one). JMH micro-benchmarks: src/test/bench/jmh.sh.
set -eu
cd "$(dirname "$0")/../../.."
if ! command -v swaks >/dev/null 2>&1; then
  echo "installing swaks" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y swaks; else sudo apt-get install -y swaks; fi
fi
for tool in java mvn python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is needed" >&2; exit 2; }
done
if [ ! -f target/smtpx.jar ] || [ ! -x target/smtpx ] || [ ! -x target/smtp-explorer ] \
   || [ ! -f target/test-classes/org/smtpexplorer/bench/DiscardSink.class ] \
   || [ ! -f target/test-classes/org/smtpexplorer/bench/MinimalWindow.class ] \
   || [ ! -f target/bench-classpath.txt ]; then
  echo "building (mvn -DskipTests package)" >&2
  # Hold the shared Maven lock when there is one (the build machine's convention), but never while measuring.
  lock=""; [ -e /tmp/mvn.lock ] && command -v flock >/dev/null && lock="flock /tmp/mvn.lock"
  $lock mvn -B -q -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
fi
exec python3 src/test/bench/bench.py "$@"
