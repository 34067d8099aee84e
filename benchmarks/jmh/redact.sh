#!/usr/bin/env bash
# JMH: System.out.println / printf to /dev/null with the agent's redaction on and off
# (docs/agent.md, "Redaction"). Build first: ./mvnw -q -DskipTests package
# Usage: benchmarks/jmh/redact.sh   (about 1 minute; prints JMH's output, then a comparison table)
set -euo pipefail
cd "$(dirname "$0")/../.."
exec java -cp benchmarks/target/benchmarks.jar:agent/target/keystash-agent.jar io.keystash.bench.RedactionComparison
