#!/usr/bin/env bash
# A rotation reaching a running JVM: keystash rotate on this machine → the new value read by a
# program under the agent (key file, reload=on), p50/p90/p99 over N rotations, on every JDK 17/21/25
# found (benchmarks/README.md, "A rotation reaching a running JVM"). Build first:
#   ./mvnw -q -DskipTests package
# Usage: benchmarks/live/rotation.sh [ROTATIONS]   (default 50; about 30 s per JDK)
set -euo pipefail
cd "$(dirname "$0")/../.."
rotations=${1:-50}
for home in /usr/lib/jvm/*; do
    [ -x "$home/bin/java" ] && [ -f "$home/release" ] || continue
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
    case $major in 17|21|25) ;; *) continue ;; esac
    real=$(cd "$home" && pwd -P)
    case " ${seen:-} " in *" $real "*) continue ;; esac
    seen="${seen:-} $real"
    echo "## JDK $major"
    java -cp benchmarks/target/benchmarks.jar io.keystash.bench.live.RotationLatency cli/target/keystash \
        agent/target/keystash-agent.jar "$real/bin/java" "$rotations"
done
