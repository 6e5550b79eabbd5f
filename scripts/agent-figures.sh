#!/usr/bin/env bash
# The agent's figures (issue 10, part 5): jar size; CPU % of one core, RSS and heap of `./stratmon ship` following the
# demo trader at 1k and 10k lines/s; or a backlog's speed and CPU per line
# (app/src/test/java/io/stratmon/app/AgentFigures.java). Not part of `mvn verify`. Start-up: scripts/startup-bench.sh.
#   scripts/agent-figures.sh                                  # 1k and 10k lines/s, 40 s each
#   scripts/agent-figures.sh --rates 1000 --seconds 60 --warmup 20   # CPU over 60 s after a 20 s warm-up (the default)
#   scripts/agent-figures.sh --backfill 2000000 --opts '-XX:TieredStopAtLevel=1'
# Builds the jars and test classes first (never installs), then runs under flock so benchmarks never overlap.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ "${AGENT_FIGURES_SKIP_BUILD:-}" != 1 ]; then
  mvn -B -o -q -pl app -am package dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
    -Dmdep.includeScope=test -DskipTests >&2
fi
cp="app/target/test-classes:app/target/classes:$(cat app/target/test-classpath.txt)"
exec flock /tmp/stratmon-bench.lock java -Xmx1g -cp "$cp" io.stratmon.app.AgentFigures --root "$root" "$@"
