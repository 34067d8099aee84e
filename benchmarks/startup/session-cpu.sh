#!/usr/bin/env bash
# Unlock sessions against key files, in CPU time and wall time: the agent's start (tiny program,
# 20-key profile) with keyfile=, identity= and through a running `keystash unlock` session, and
# `keystash get` with --key-file and through the session; and the agent's two ways again under
# ClientProgram, which starts the security providers, a lambda and a NIO channel itself, as a
# program that calls an API over TLS does. CPU is user + system of the whole
# client process (GNU time); on a shared machine it moves much less than wall time. The session
# process's own CPU per request (from /proc/PID/stat) is reported apart: a client does not pay it
# in its own CPU, but it is work the machine does. Interleaved rounds, shuffled; medians, and the
# median of each round's paired difference (session − key file).
#
# Build first:  ./mvnw -q -DskipTests package
# Run:          benchmarks/startup/session-cpu.sh [ROUNDS]     (default 25; JAVA_HOME picks the JDK)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd -P)
rounds=${1:-25}
launcher=$repo/cli/target/keystash
agent_jar=$repo/agent/target/keystash-agent.jar
bench_jar=$repo/benchmarks/target/benchmarks.jar
probe_cp=$repo/benchmarks/target/classes
for f in "$launcher" "$agent_jar" "$bench_jar"; do
    [ -e "$f" ] || { echo "session-cpu.sh: $f is missing; build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "session-cpu.sh: needs /usr/bin/time (GNU time)" >&2; exit 2; }
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
java=$(command -v "$java")
work=$(mktemp -d "${TMPDIR:-/tmp}/keystash-session-cpu.XXXXXX")
home=$work/home
mkdir -m 700 "$home"
session_env() { env -u XDG_RUNTIME_DIR KEYSTASH_HOME="$home" "$@"; }
trap 'session_env "$launcher" --vault "$work/fx/small/vault" lock >/dev/null 2>&1; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM # so that the EXIT trap ends the session
echo "# unlock session vs key file, CPU and wall; $rounds rounds; $(nproc) CPUs; $("$java" -version 2>&1 | head -1)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java" -cp "$bench_jar" io.keystash.bench.startup.Fixtures "$work/fx" >/dev/null
fx=$work/fx/small
value0=$(sed -n 's/^VAR_0=//p' "$work/fx/plain.env")
session_env "$launcher" --vault "$fx/vault" --key-file "$fx/app.key" unlock --for 2h >/dev/null 2>&1
session_pid=$(session_env "$launcher" --vault "$fx/vault" unlock --status | sed -n 's/.*session process \([0-9]*\).*/\1/p')
session_cpu() { awk '{print $14 + $15}' "/proc/$session_pid/stat"; } # clock ticks
ticks=$(getconf CLK_TCK)

agent() { # agent OPTIONS [PROGRAM]
    local out
    out=$(session_env /usr/bin/time -o "$work/t" -f "%e %U %S" "$java" -javaagent:"$agent_jar=profile=bench,vault=$fx/vault$1" \
        -cp "$probe_cp" "io.keystash.bench.startup.${2:-TinyProgram}")
    [ "$out" = 20 ] || { echo "session-cpu.sh: the agent printed '$out', not 20" >&2; exit 1; }
}
get() { # get [--key-file FILE]
    local out
    out=$(session_env JAVA_HOME="${java%/bin/java}" /usr/bin/time -o "$work/t" -f "%e %U %S" "$launcher" --vault "$fx/vault" "$@" get bench-key-0)
    [ "$out" = "$value0" ] || { echo "session-cpu.sh: get printed the wrong value" >&2; exit 1; }
}
run() {
    case $1 in
        agent-keyfile) agent ",keyfile=$fx/app.key" ;;
        agent-identity) agent ",identity=$fx/app.identity" ;;
        agent-session) agent "" ;;
        client-keyfile) agent ",keyfile=$fx/app.key" ClientProgram ;;
        client-session) agent "" ClientProgram ;;
        get-keyfile) get --key-file "$fx/app.key" ;;
        get-session) get ;;
    esac
}
variants=(agent-keyfile agent-identity agent-session client-keyfile client-session get-keyfile get-session)
for v in "${variants[@]}"; do run "$v"; : >"$work/wall-$v"; : >"$work/cpu-$v"; done # warm the file cache
requests=0
cpu_before=$(session_cpu)
for ((round = 1; round <= rounds; round++)); do
    for v in $(printf '%s\n' "${variants[@]}" | shuf); do
        run "$v"
        read -r wall user sys <"$work/t"
        awk -v w="$wall" 'BEGIN {printf "%.0f\n", w * 1000}' >>"$work/wall-$v"
        awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.0f\n", (u + s) * 1000}' >>"$work/cpu-$v"
        case $v in *-session) requests=$((requests + 1)) ;; esac
    done
done
cpu_after=$(session_cpu)
median() { sort -n "$1" | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# GNU time gives CPU in 10 ms steps: the mean of the paired differences is printed beside their
# median, since it resolves less than a step over many rounds.
paired() { paste "$work/$1" "$work/$2" | awk '{print $1 - $2}' >"$work/diff"; echo "$(median "$work/diff") (mean $(awk '{t += $1} END {printf "%.1f", t / NR}' "$work/diff"))"; }
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| launch | wall median ms | CPU median ms |"
echo "| --- | --- | --- |"
for v in "${variants[@]}"; do echo "| $v | $(median "$work/wall-$v") | $(median "$work/cpu-$v") |"; done
echo "| agent: session − key file, paired per round | $(paired wall-agent-session wall-agent-keyfile) | $(paired cpu-agent-session cpu-agent-keyfile) |"
echo "| agent, a client program (TLS-ready, NIO): session − key file, paired | $(paired wall-client-session wall-client-keyfile) | $(paired cpu-client-session cpu-client-keyfile) |"
echo "| agent: identity − key file, paired per round | $(paired wall-agent-identity wall-agent-keyfile) | $(paired cpu-agent-identity cpu-agent-keyfile) |"
echo "| get: session ÷ key file (medians) | $(awk -v a="$(median "$work/wall-get-session")" -v b="$(median "$work/wall-get-keyfile")" 'BEGIN {printf "%.2f×", a / b}') | $(awk -v a="$(median "$work/cpu-get-session")" -v b="$(median "$work/cpu-get-keyfile")" 'BEGIN {printf "%.2f×", a / b}') |"
echo "| the session process's CPU per request (mean of $requests) | | $(awk -v t=$((cpu_after - cpu_before)) -v n="$requests" -v hz="$ticks" 'BEGIN {printf "%.1f", t * 1000 / hz / n}') |"
