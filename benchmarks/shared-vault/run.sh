#!/usr/bin/env bash
# The shared vault through a real 3-member etcd cluster on loopback (Debian's etcd-server): bytes
# each operation sends at 10 and 10,000 keys × 5 versions, and how long a rotation on machine A
# takes to reach machine B's replica under `keystash sync --watch` (p50/p99 over ROTATIONS).
# Reports only; not a test. Every etcd member it starts is stopped when it ends.
#
# Build first:  ./mvnw -q -DskipTests package
# Run:          benchmarks/shared-vault/run.sh [ROTATIONS]      (default 50; ≈ 3 min here)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd -P)
rotations=${1:-50}
launcher=$repo/cli/target/keystash
bench_jar=$repo/benchmarks/target/benchmarks.jar
for f in "$launcher" "$bench_jar"; do
    [ -e "$f" ] || { echo "run.sh: $f is missing; build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
done
command -v etcd >/dev/null 2>&1 || { echo "run.sh: needs etcd (apt-get install etcd-server)" >&2; exit 2; }
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
work=$(mktemp -d "${TMPDIR:-/tmp}/keystash-shared-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "# shared vault on etcd $(etcd --version | sed -n 's/^etcd Version: //p'), 3 members on loopback; $(nproc) CPUs;" \
    "$("$java" -version 2>&1 | sed -n 1p); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java" -cp "$bench_jar" io.keystash.bench.shared.SharedVaultBench "$launcher" "$work" "$rotations"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
