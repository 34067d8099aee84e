#!/usr/bin/env bash
# JMH: System.getenv(name) and System.getenv().get(name), plain vs under the Keystash agent
# (the budget: within 1.5×). Build first: ./mvnw -q -DskipTests package
# Usage: benchmarks/jmh/getenv.sh   (about 1 minute; prints JMH's output, then a comparison table)
set -euo pipefail
cd "$(dirname "$0")/../.."
export KEYSTASH_BENCH_VALUE=bench-value-0-0123456789abcdef
# The agent writes its read map at exit under KEYSTASH_HOME: a throwaway one, never ~/.keystash.
KEYSTASH_HOME=$(mktemp -d "${TMPDIR:-/tmp}/keystash-getenv-home.XXXXXX")
export KEYSTASH_HOME
trap 'rm -rf "$KEYSTASH_HOME"' EXIT
java -Dkeystash.agent.jar=agent/target/keystash-agent.jar -cp benchmarks/target/benchmarks.jar \
    io.keystash.bench.GetenvComparison
