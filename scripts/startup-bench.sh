#!/usr/bin/env bash
# Start-up of `./stratmon ship` to its first row in QuestDB: median and min of wall and CPU over N runs, with CPU per
# thread group (app/src/test/java/io/stratmon/app/StartupBenchmark.java). Not part of `mvn verify`.
#   scripts/startup-bench.sh --runs 10
#   scripts/startup-bench.sh --runs 10 --opts '-XX:TieredStopAtLevel=1'    # extra JVM options (STRATMON_JAVA_OPTS)
#   scripts/startup-bench.sh --runs 5 --classes                            # classes loaded, and how many from CDS
# Builds the jars and the test classes first (never installs anything), then runs under flock so two benchmarks
# never overlap on a shared machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ "${STARTUP_BENCH_SKIP_BUILD:-}" != 1 ]; then
  mvn -B -o -q -pl app -am package dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
    -Dmdep.includeScope=test -DskipTests >&2
fi
cp="app/target/test-classes:app/target/classes:$(cat app/target/test-classpath.txt)"
exec flock /tmp/stratmon-bench.lock java -Xmx512m -cp "$cp" io.stratmon.app.StartupBenchmark --launcher "$root/stratmon" "$@"
