#!/usr/bin/env bash
# Start-up benchmark of the agent (SPEC §7, issue 7): whole JVMs, interleaved, medians and ratios,
# on every JDK 17/21/25 found. Usage: agent/bench/startup.sh [rounds]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -pl it-tests -am install -DskipTests
./mvnw -q -B -pl it-tests dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
exec java -Dkeystash.agent.jar=agent/target/keystash-agent.jar \
  -cp "it-tests/target/test-classes:$(cat it-tests/target/bench.classpath)" \
  io.keystash.it.agent.bench.StartupBenchmark "${1:-20}"
