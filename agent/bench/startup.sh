#!/usr/bin/env bash
# Start-up benchmark of the agent (budget: 3× the do-nothing agent's added time at most): whole
# JVMs, interleaved, medians and ratios to the do-nothing agent's added time, cold and warm class
# cache, on every JDK 17/21/25 found.
# Usage: agent/bench/startup.sh [rounds]   (default 20)
# Compare with another agent build in the same run: BASELINE_JAR=/path/to/keystash-agent.jar agent/bench/startup.sh
# Builds with the reactor (package, never install: the local repository stays untouched).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -o -pl it-tests -am package -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath dependency:build-classpath >/dev/null
exec java -Dkeystash.agent.jar=agent/target/keystash-agent.jar ${BASELINE_JAR:+-Dkeystash.bench.baseline.jar="$BASELINE_JAR"} \
  -cp "it-tests/target/test-classes:$(cat it-tests/target/bench.classpath)" \
  io.keystash.it.agent.bench.StartupBenchmark "${1:-20}"
