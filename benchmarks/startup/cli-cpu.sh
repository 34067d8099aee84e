#!/usr/bin/env bash
# CPU time of whole `keystash` processes at 10 vs 10,000 keys × 5 versions (the vault-size budget:
# within 1.5×), beside their wall time. On a shared machine wall time swings with the load; the CPU a
# process burns (user + system, all its threads) moves much less, so its ratio is the steadier
# reading of how the work grows. Interleaved rounds, shuffled each round; medians.
#
# Build first:  ./mvnw -q -DskipTests package
# Run:          benchmarks/startup/cli-cpu.sh [ROUNDS]      (default 9; JAVA_HOME picks the JDK)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd -P)
rounds=${1:-9}
launcher=$repo/cli/target/keystash
bench_jar=$repo/benchmarks/target/benchmarks.jar
for f in "$launcher" "$bench_jar"; do
    [ -e "$f" ] || { echo "cli-cpu.sh: $f is missing; build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "cli-cpu.sh: needs /usr/bin/time (GNU time)" >&2; exit 2; }
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
work=$(mktemp -d "${TMPDIR:-/tmp}/keystash-cli-cpu.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "# keystash CPU and wall time, 10 vs 10,000 keys; $rounds rounds; $(nproc) CPUs; $("$java" -version 2>&1 | head -1)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java" -cp "$bench_jar" io.keystash.bench.startup.Fixtures "$work/fx" >/dev/null

run() { # run VARIANT: one launch under GNU time, result in $work/t
    local size=${1##*-} dir
    dir=$work/fx/keys-$size
    case ${1%-*} in
        get) /usr/bin/time -o "$work/t" -f "%e %U %S" "$launcher" --vault "$dir/vault" --key-file "$dir/app.key" get bench-key-7 >/dev/null ;;
        list) /usr/bin/time -o "$work/t" -f "%e %U %S" "$launcher" --vault "$dir/vault" --key-file "$dir/app.key" list >/dev/null ;;
        store) printf %s "value-$RANDOM" | /usr/bin/time -o "$work/t" -f "%e %U %S" "$launcher" --vault "$dir/vault" \
            --key-file "$dir/app.key" store "new-$RANDOM$RANDOM" >/dev/null 2>&1 ;;
        rotate) printf %s "value-$RANDOM" | /usr/bin/time -o "$work/t" -f "%e %U %S" "$launcher" --vault "$dir/vault" \
            --key-file "$dir/app.key" rotate bench-key-3 >/dev/null 2>&1 ;;
    esac
}
variants=(get-10 get-10000 store-10 store-10000 rotate-10 rotate-10000 list-10 list-10000)
for v in "${variants[@]}"; do run "$v"; : >"$work/wall-$v"; : >"$work/cpu-$v"; done # warm the file cache
for ((round = 1; round <= rounds; round++)); do
    for v in $(printf '%s\n' "${variants[@]}" | shuf); do
        run "$v"
        read -r wall user sys <"$work/t"
        awk -v w="$wall" 'BEGIN {printf "%d\n", w * 1000}' >>"$work/wall-$v"
        awk -v u="$user" -v s="$sys" 'BEGIN {printf "%d\n", (u + s) * 1000}' >>"$work/cpu-$v"
    done
done
median() { sort -n "$1" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
echo
echo "| command | wall ms, 10 keys | 10,000 keys | ratio | CPU ms, 10 keys | 10,000 keys | ratio |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for cmd in get store rotate list; do
    w1=$(median "$work/wall-$cmd-10"); w2=$(median "$work/wall-$cmd-10000")
    c1=$(median "$work/cpu-$cmd-10"); c2=$(median "$work/cpu-$cmd-10000")
    echo "| keystash $cmd | $w1 | $w2 | $(awk -v a="$w2" -v b="$w1" 'BEGIN {printf "%.2f×", a / b}') | $c1 | $c2 | $(awk -v a="$c2" -v b="$c1" 'BEGIN {printf "%.2f×", a / b}') |"
done
echo
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (GNU time reports in steps of 10 ms)"
