#!/bin/sh
# JMH micro-benchmarks: ReplyParser.feed on an EHLO reply, DotStuffer.encode on 1 MiB (vs a plain copy), and WireBench:
# dot-stuffing and the traits scan on 64 MiB (issue 14; exclude scanFile to run it against a build before issue 14).
# Usage: src/test/bench/jmh.sh [JMH options and a benchmark regex, e.g. -wi 2 -i 5 DotStuffer]; no arguments: all of them.
# Builds the test classes if needed.
set -eu
cd "$(dirname "$0")/../../.."
if [ ! -f target/test-classes/META-INF/BenchmarkList ] || [ ! -f target/bench-classpath.txt ]; then
  lock=""; [ -e /tmp/mvn.lock ] && command -v flock >/dev/null && lock="flock /tmp/mvn.lock"
  $lock mvn -B -q -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
fi
[ $# -gt 0 ] || set -- 'org\.smtpexplorer\.bench\..*Bench'
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main "$@"
