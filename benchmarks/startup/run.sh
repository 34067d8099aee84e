#!/usr/bin/env bash
# Whole-JVM start-up benchmark of Keystash (budgets: benchmarks/README.md), the project's one start-up
# harness: every launch is a fresh process, the variants run interleaved in a shuffled order each round,
# and every figure is a median with its spread (p10–p90) and a ratio taken from the same run. Beside
# wall time, each launch's CPU time (user + system of all its processes and threads, from the shell's
# `times`): steadier than wall time when other work shares the machine.
#
# Build first:  ./mvnw -q -DskipTests package
# Run:          benchmarks/startup/run.sh [options]
#   -n N            rounds (default 20)
#   --jdks LIST     JDK major versions to run, e.g. 17,25 (default: every 17/21/25 found)
#   --only GROUPS   comma list of: agent,approaches,scale,dotenvx,spring,cli,steps (default: all)
#   --no-dotenvx    skip the dotenvx rows (also skipped, visibly, when npm is missing)
#   --quick         3 rounds, the first JDK found, no dotenvx, no Spring Boot, approaches and steps
#                   included (what CI runs)
# Environment: BASELINE_AGENT_JAR=/path/to/keystash-agent.jar adds that (older) agent build to the
#   agent group, key file, in the same interleaved rounds ("before and after" from one run);
#   BASELINE_FIXTURES=/path/to/fixtures gives it a fixture folder written by that build (an older
#   agent cannot read a vault of a newer format).
#
# Groups (each JDK is one interleaved run of all selected variants):
#   agent    tiny program: plain java; do-nothing agent (the floor); Keystash agent with a key file
#            and a 20-key profile, its class cache warm (every start after the first on a JDK build)
#            and cold (the cache emptied before each launch: ASM rewrites and the file is written,
#            as on the first start); the same with an identity file, through a running unlock session
#            (keystash unlock, started once before the rounds), and with a passphrase file
#            (default Argon2id; the KDF's cost is reported separately as passphrase - keyfile)
#   approaches  the ways of intercepting getenv weighed for the agent's design, each a minimal
#            agent serving the 20 variables from memory (benchmarks-*-approach-agent.jar): Byte Buddy AgentBuilder
#            retransforming System (plain, tuned), Byte Buddy Advice through a plain
#            ClassFileTransformer, a hand-written ASM visitor; and the Keystash agent with no class
#            cache (the JDK classes rewritten at every start, as on the first start on a JDK build)
#   scale    Keystash agent on a vault of 10 keys vs 10,000 keys x 5 versions + 100 profiles
#   dotenvx  dotenvx run around the tiny program, dotenvx get (installed from npm into
#            benchmarks/target/dotenvx when absent)
#   spring   two Spring Boot applications, each plain, with the do-nothing agent, with the agent:
#            it-tests' SpringProbe (a minimal context: three beans, no web server, no
#            auto-configuration) and spring-web-app (a typical web application: auto-configuration,
#            embedded Tomcat, a REST controller, logging at INFO); each starts and stops once ready
#   cli      keystash get / list / store / profile load --export (20-key vault), get through an
#            unlock session (the same vault), get / list /
#            store / rotate at 10 vs 10,000 keys (rotate NAME with the value on stdin: it also
#            backs the vault up first, a hard link where the file system allows); the CPU ratio of
#            10,000 to 10 keys is the steadier reading of the vault-size budget
#   steps    the start path's building blocks, each timed inside a fresh JVM (StepProbe): first call
#            (cold) and typical call once warm — Argon2id, PBKDF2, AES-GCM (JCE and Bouncy Castle),
#            Jackson databind and streaming over 1 MB, Bouncy Castle's first use from its signed jar
#            and from the agent's relocated copy
# Values are made up for the benchmark; nothing outside a temporary folder is written (but dotenvx's
# npm install into benchmarks/target).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd -P)

rounds=20
jdk_filter=
only=agent,approaches,scale,dotenvx,spring,cli,steps
quick=0
while [ $# -gt 0 ]; do
    case $1 in
        -n) rounds=$2; shift 2 ;;
        --jdks) jdk_filter=$2; shift 2 ;;
        --only) only=$2; shift 2 ;;
        --no-dotenvx) only=$(echo "$only" | sed 's/dotenvx//'); shift ;;
        --quick) quick=1; rounds=3; only=agent,approaches,scale,cli,steps; shift ;;
        -h|--help) sed -n '2,40p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
wants() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

agent_jar=$repo/agent/target/keystash-agent.jar
launcher=$repo/cli/target/keystash
bench_jar=$repo/benchmarks/target/benchmarks.jar
probe_cp=$repo/benchmarks/target/classes
noop_jar=$(ls "$repo"/benchmarks/target/benchmarks-*-noop-agent.jar 2>/dev/null | head -1 || true)
approach_jar=$(ls "$repo"/benchmarks/target/benchmarks-*-approach-agent.jar 2>/dev/null | head -1 || true)
for f in "$agent_jar" "$launcher" "$bench_jar" "$noop_jar" "$approach_jar" \
    "$probe_cp/io/keystash/bench/startup/TinyProgram.class"; do
    if [ -z "$f" ] || [ ! -e "$f" ]; then
        echo "run.sh: ${f:-a benchmark agent jar (do-nothing or approach)} is missing; build first: ./mvnw -q -DskipTests package" >&2
        exit 2
    fi
done

# ---- JDKs: like it-tests' Jdks, every /usr/lib/jvm home whose release file says 17, 21 or 25 ----
major_of() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
declare -A jdk_home=()
for home in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
    [ -x "$home/bin/java" ] && [ -f "$home/release" ] || continue
    real=$(cd "$home" && pwd -P)
    major=$(major_of "$real")
    case $major in 17|21|25) [ -n "${jdk_home[$major]:-}" ] || jdk_home[$major]=$real ;; esac
done
jdks=()
for major in 17 21 25; do
    if [ -z "${jdk_home[$major]:-}" ]; then
        echo "# JDK $major: SKIPPED (not found under /usr/lib/jvm or JAVA_HOME)"
    elif [ -n "$jdk_filter" ] && ! echo ",$jdk_filter," | grep -q ",$major,"; then
        echo "# JDK $major: not selected (--jdks $jdk_filter)"
    else
        jdks+=("$major")
    fi
done
[ ${#jdks[@]} -gt 0 ] || { echo "run.sh: no JDK 17/21/25 to run" >&2; exit 2; }
[ $quick -eq 0 ] || jdks=("${jdks[0]}")

work=$(mktemp -d "${TMPDIR:-/tmp}/keystash-startup.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The agent's KEYSTASH_HOME, for its class cache only (the vaults are given by path): filled by the
# first, untimed launch on each JDK, so the timed agent rows are warm starts, as every start after
# the first on a machine is (docs/agent.md, "The class cache"). ~/.keystash is never touched.
agent_home=$work/agent-home
mkdir -m 700 "$agent_home"
# The cold variant's home: its cache is deleted before each launch (untimed), so every launch rewrites
# the JDK's classes with ASM and writes the cache file, as the first start on a JDK build does.
cold_home=$work/cold-home
mkdir -m 700 "$cold_home"
# The unlock session of the session rows: KEYSTASH_HOME=$agent_home and no XDG_RUNTIME_DIR, for the
# session and its clients alike, so its socket is under $agent_home/run/.
session_env() { env -u XDG_RUNTIME_DIR KEYSTASH_HOME="$agent_home" "$@"; }

echo "# Keystash start-up benchmark: $rounds rounds, interleaved; $(nproc) CPUs; $(uname -sm)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# fixtures (vaults of 20, 10 and 10,000 keys) ..."
"${jdk_home[${jdks[0]}]}/bin/java" -cp "$bench_jar" io.keystash.bench.startup.Fixtures "$work/fx" >/dev/null
fx=$work/fx
baseline_fx=${BASELINE_FIXTURES:-$fx}
if wants agent || wants cli; then
    session_env "$launcher" --vault "$fx/small/vault" --key-file "$fx/small/app.key" unlock --for 4h >/dev/null 2>&1 \
        || { echo "run.sh: keystash unlock failed for the session rows" >&2; exit 1; }
    trap 'session_env "$launcher" --vault "$fx/small/vault" lock >/dev/null 2>&1; rm -rf "$work"' EXIT
    trap 'exit 130' INT TERM # so that the EXIT trap ends the session
fi
value0=$(sed -n 's/^VAR_0=//p' "$fx/plain.env")
value1=$(sed -n 's/^VAR_1=//p' "$fx/plain.env")
scale_value=bench-value-00007-v5-0123456789abcdef0123456789

# ---- dotenvx: installed from npm into benchmarks/target (git-ignored) when absent ----
dotenvx=
if wants dotenvx; then
    dotenvx=$repo/benchmarks/target/dotenvx/node_modules/.bin/dotenvx
    if [ ! -x "$dotenvx" ]; then
        if command -v npm >/dev/null 2>&1; then
            echo "# installing dotenvx: npm install --prefix benchmarks/target/dotenvx @dotenvx/dotenvx"
            npm install --silent --prefix "$repo/benchmarks/target/dotenvx" @dotenvx/dotenvx >/dev/null 2>&1 || true
        fi
    fi
    if [ -x "$dotenvx" ]; then
        (cd "$fx/dotenvx" && "$dotenvx" encrypt -f .env >/dev/null 2>&1)
        echo "# dotenvx $("$dotenvx" --version 2>/dev/null), node $(node --version 2>/dev/null)"
    else
        echo "# dotenvx rows SKIPPED: npm not found or the install failed"
        dotenvx=
    fi
fi

# ---- Spring Boot fixture: it-tests' SpringProbe and its Spring jars ----
spring_cp=
if wants spring; then
    if [ -f "$repo/it-tests/target/test-classes/io/keystash/it/agent/programs/SpringProbe.class" ]; then
        echo "# Spring Boot class path (./mvnw -o -q -pl it-tests -am test-compile dependency:build-classpath) ..."
        if ./mvnw -B -o -q -pl it-tests -am -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
            -Dmdep.outputFile="$work/it.classpath" >/dev/null 2>&1; then
            spring_cp=$repo/it-tests/target/test-classes:$(tr ':' '\n' <"$work/it.classpath" \
                | grep -E 'springframework|micrometer|jspecify|commons-logging' | paste -sd:)
        fi
    fi
    [ -n "$spring_cp" ] || echo "# Spring Boot rows SKIPPED: it-tests classes or their class path not available"
fi
spring_web_cp=
if wants spring; then
    if [ -f "$repo/spring-web-app/target/runtime.classpath" ]; then
        spring_web_cp=$repo/spring-web-app/target/classes:$(cat "$repo/spring-web-app/target/runtime.classpath")
    else
        echo "# Spring Boot web application rows SKIPPED: spring-web-app is not built (./mvnw -q -DskipTests package)"
    fi
fi

# ---- steps: Bouncy Castle's signed jar as Maven Central ships it, from the local repository ----
bc_signed_jar=
if wants steps; then
    bc_version=$(sed -n 's:.*<bouncycastle.version>\(.*\)</bouncycastle.version>.*:\1:p' "$repo/pom.xml")
    bc_signed_jar=${MAVEN_REPO:-$HOME/.m2/repository}/org/bouncycastle/bcprov-jdk18on/$bc_version/bcprov-jdk18on-$bc_version.jar
    [ -f "$bc_signed_jar" ] || { echo "# signed Bouncy Castle row SKIPPED: $bc_signed_jar not found"; bc_signed_jar=; }
fi

# ---- one launch of a variant; prints nothing, fails loudly if the launch did not do its job ----
expect() { # expect WHAT GOT
    if [ "$1" != "$2" ]; then
        echo "run.sh: variant $variant printed ${#2} characters, not the expected ${#1} (status or output wrong)" >&2
        exit 1
    fi
}
keystash() { "$launcher" "$@"; }
# A step reports its own cold and warm milliseconds (measured inside the JVM): kept in $dir/VARIANT
# and $dir/VARIANT.warm instead of the launch's wall time.
step() { # step VARIANT OUTPUT
    case $2 in
        cold=*) ;;
        *) echo "run.sh: step $1 printed no timing: $2" >&2; exit 1 ;;
    esac
    local cold=${2#cold=} warm=
    cold=${cold%% *}
    case $2 in *" warm="*) warm=${2##* warm=} ;; esac
    echo "$cold" >>"$dir/$1"
    [ -z "$warm" ] || echo "$warm" >>"$dir/$1.warm"
}
launch() {
    variant=$1 java=$2
    case $variant in
        plain) expect 20 "$(env $(cat "$fx/plain.env") "$java" -cp "$probe_cp" io.keystash.bench.startup.TinyProgram)" ;;
        noop-agent) expect 20 "$(env $(cat "$fx/plain.env") "$java" -javaagent:"$noop_jar" -cp "$probe_cp" io.keystash.bench.startup.TinyProgram)" ;;
        agent-keyfile) expect 20 "$(KEYSTASH_HOME=$agent_home "$java" -javaagent:"$agent_jar=profile=bench,vault=$fx/small/vault,keyfile=$fx/small/app.key" -cp "$probe_cp" io.keystash.bench.startup.TinyProgram)" ;;
        agent-keyfile-baseline) expect 20 "$(KEYSTASH_HOME=$agent_home "$java" -javaagent:"$BASELINE_AGENT_JAR=profile=bench,vault=$baseline_fx/small/vault,keyfile=$baseline_fx/small/app.key" -cp "$probe_cp" io.keystash.bench.startup.TinyProgram)" ;;
        agent-session) expect 20 "$(session_env "$java" -javaagent:"$agent_jar=profile=bench,vault=$fx/small/vault" -cp "$probe_cp" io.keystash.bench.startup.TinyProgram)" ;;
        agent-identity) expect 20 "$(KEYSTASH_HOME=$agent_home "$java" -javaagent:"$agent_jar=profile=bench,vault=$fx/small/vault,identity=$fx/small/app.identity" -cp "$probe_cp" io.keystash.bench.startup.TinyProgram)" ;;
        agent-keyfile-cold) expect 20 "$(KEYSTASH_HOME=$cold_home "$java" -javaagent:"$agent_jar=profile=bench,vault=$fx/small/vault,keyfile=$fx/small/app.key" -cp "$probe_cp" io.keystash.bench.startup.TinyProgram)" ;;
        agent-keyfile-uncached) expect 20 "$(KEYSTASH_HOME=$work/no-home "$java" -javaagent:"$agent_jar=profile=bench,vault=$fx/small/vault,keyfile=$fx/small/app.key" -cp "$probe_cp" io.keystash.bench.startup.TinyProgram)" ;;
        # stderr dropped: on JDK 25 Byte Buddy's AgentBuilder makes the JVM warn about sun.misc.Unsafe
        approach-*) expect 20 "$("$java" -javaagent:"$approach_jar=${variant#approach-}" -cp "$probe_cp" io.keystash.bench.startup.TinyProgram 2>/dev/null)" ;;
        agent-passphrase) expect 20 "$(KEYSTASH_HOME=$agent_home "$java" -javaagent:"$agent_jar=profile=bench,vault=$fx/passphrase/vault,passphrase-file=$fx/passphrase/passphrase" -cp "$probe_cp" io.keystash.bench.startup.TinyProgram)" ;;
        agent-10-keys) expect 10 "$(KEYSTASH_HOME=$agent_home "$java" -javaagent:"$agent_jar=profile=bench,vault=$fx/keys-10/vault,keyfile=$fx/keys-10/app.key" -cp "$probe_cp" io.keystash.bench.startup.TinyProgram)" ;;
        agent-10k-keys) expect 10 "$(KEYSTASH_HOME=$agent_home "$java" -javaagent:"$agent_jar=profile=bench,vault=$fx/keys-10000/vault,keyfile=$fx/keys-10000/app.key" -cp "$probe_cp" io.keystash.bench.startup.TinyProgram)" ;;
        dotenvx-run) expect 20 "$(cd "$fx/dotenvx" && "$dotenvx" run -f .env -- "$java" -cp "$probe_cp" io.keystash.bench.startup.TinyProgram 2>/dev/null)" ;;
        dotenvx-get) expect "$value0" "$(cd "$fx/dotenvx" && "$dotenvx" get VAR_0 -f .env 2>/dev/null)" ;;
        spring-plain) expect ran "$(OPENAI_API_KEY=$value0 "$java" -Dservice.token="$value1" -cp "$spring_cp" io.keystash.it.agent.programs.SpringProbe | sed -n 's/^main=//p')" ;;
        spring-noop) expect ran "$(OPENAI_API_KEY=$value0 "$java" -javaagent:"$noop_jar" -Dservice.token="$value1" -cp "$spring_cp" io.keystash.it.agent.programs.SpringProbe | sed -n 's/^main=//p')" ;;
        spring-agent) expect ran "$(KEYSTASH_HOME=$agent_home "$java" -javaagent:"$agent_jar=profile=spring,vault=$fx/small/vault,keyfile=$fx/small/app.key" -cp "$spring_cp" io.keystash.it.agent.programs.SpringProbe | sed -n 's/^main=//p')" ;;
        spring-web-plain) expect ran "$(OPENAI_API_KEY=$value0 "$java" -Dservice.token="$value1" -cp "$spring_web_cp" io.keystash.fixture.web.WebApplication | sed -n 's/^main=//p')" ;;
        spring-web-noop) expect ran "$(OPENAI_API_KEY=$value0 "$java" -javaagent:"$noop_jar" -Dservice.token="$value1" -cp "$spring_web_cp" io.keystash.fixture.web.WebApplication | sed -n 's/^main=//p')" ;;
        spring-web-agent) expect ran "$(KEYSTASH_HOME=$agent_home "$java" -javaagent:"$agent_jar=profile=spring,vault=$fx/small/vault,keyfile=$fx/small/app.key" -cp "$spring_web_cp" io.keystash.fixture.web.WebApplication | sed -n 's/^main=//p')" ;;
        cli-get) expect "$value0" "$(JAVA_HOME=${java%/bin/java} keystash --vault "$fx/small/vault" --key-file "$fx/small/app.key" get bench-key-0)" ;;
        cli-get-session) expect "$value0" "$(session_env JAVA_HOME=${java%/bin/java} "$launcher" --vault "$fx/small/vault" get bench-key-0)" ;;
        cli-list) JAVA_HOME=${java%/bin/java} keystash --vault "$fx/small/vault" --key-file "$fx/small/app.key" list >/dev/null ;;
        cli-store) printf %s "$value0" | JAVA_HOME=${java%/bin/java} keystash --vault "$fx/small/vault" --key-file "$fx/small/app.key" store "new-$RANDOM$RANDOM" >/dev/null 2>&1 ;;
        cli-profile-load) JAVA_HOME=${java%/bin/java} keystash --vault "$fx/small/vault" --key-file "$fx/small/app.key" profile load bench --export >/dev/null ;;
        cli-get-10-keys) expect "$scale_value" "$(JAVA_HOME=${java%/bin/java} keystash --vault "$fx/keys-10/vault" --key-file "$fx/keys-10/app.key" get bench-key-7)" ;;
        cli-get-10k-keys) expect "$scale_value" "$(JAVA_HOME=${java%/bin/java} keystash --vault "$fx/keys-10000/vault" --key-file "$fx/keys-10000/app.key" get bench-key-7)" ;;
        cli-list-10-keys) JAVA_HOME=${java%/bin/java} keystash --vault "$fx/keys-10/vault" --key-file "$fx/keys-10/app.key" list >/dev/null ;;
        cli-list-10k-keys) JAVA_HOME=${java%/bin/java} keystash --vault "$fx/keys-10000/vault" --key-file "$fx/keys-10000/app.key" list >/dev/null ;;
        cli-store-10-keys) printf %s "$value0" | JAVA_HOME=${java%/bin/java} keystash --vault "$fx/keys-10/vault" --key-file "$fx/keys-10/app.key" store "new-$RANDOM$RANDOM" >/dev/null 2>&1 ;;
        cli-store-10k-keys) printf %s "$value0" | JAVA_HOME=${java%/bin/java} keystash --vault "$fx/keys-10000/vault" --key-file "$fx/keys-10000/app.key" store "new-$RANDOM$RANDOM" >/dev/null 2>&1 ;;
        cli-rotate-10-keys) printf %s "$value0-$RANDOM" | JAVA_HOME=${java%/bin/java} keystash --vault "$fx/keys-10/vault" --key-file "$fx/keys-10/app.key" rotate bench-key-3 >/dev/null 2>&1 ;;
        cli-rotate-10k-keys) printf %s "$value0-$RANDOM" | JAVA_HOME=${java%/bin/java} keystash --vault "$fx/keys-10000/vault" --key-file "$fx/keys-10000/app.key" rotate bench-key-3 >/dev/null 2>&1 ;;
        step-bc-first-use-signed) step "$variant" "$("$java" -cp "$probe_cp:$bc_signed_jar" io.keystash.bench.steps.BouncyCastleFirstUse "")" ;;
        step-bc-first-use-relocated) step "$variant" "$("$java" -cp "$probe_cp:$agent_jar" io.keystash.bench.steps.BouncyCastleFirstUse io.keystash.agent.shaded.)" ;;
        step-*) step "$variant" "$("$java" -cp "$bench_jar" io.keystash.bench.steps.StepProbe "${variant#step-}")" ;;
        *) echo "run.sh: unknown variant $variant" >&2; exit 2 ;;
    esac
}

# ---- statistics: median and p10/p90 by linear interpolation, from one file of milliseconds ----
stats() { # stats FILE [DECIMALS] prints "median p10 p90"
    sort -n "$1" | awk -v d="${2:-0}" '{v[NR]=$1} END {
        split("0.5 0.1 0.9", q, " ");
        for (i = 1; i <= 3; i++) { p = 1 + q[i] * (NR - 1); lo = int(p); hi = (lo < NR) ? lo + 1 : lo;
            printf "%.*f%s", d, v[lo] + (v[hi] - v[lo]) * (p - lo), (i < 3 ? " " : "\n") } }'
}
median() { stats "$1" | cut -d' ' -f1; }

# ---- CPU time: the shell's `times` (getrusage of every waited-for descendant) before and after a launch,
# into $cpu_ms. Only builtins: `times` must run in this shell (a command substitution's subshell starts
# at zero), and a helper process started here would add its own CPU time to the next reading.
children_cpu_ms() {
    local lines user_system=() part ms=0
    times >"$work/times"
    mapfile -t lines <"$work/times"
    read -r -a user_system <<<"${lines[1]}"
    for part in "${user_system[@]}"; do
        [[ $part =~ ^([0-9]+)m([0-9]+)[.,]([0-9]{3})[0-9]*s$ ]] || { echo "run.sh: cannot read times: $part" >&2; exit 1; }
        ms=$(( ms + 10#${BASH_REMATCH[1]} * 60000 + 10#${BASH_REMATCH[2]} * 1000 + 10#${BASH_REMATCH[3]} ))
    done
    cpu_ms=$ms
}

variants=()
wants agent && variants+=(plain noop-agent agent-keyfile agent-keyfile-cold agent-identity agent-session agent-passphrase)
if wants agent && [ -n "${BASELINE_AGENT_JAR:-}" ]; then variants+=(agent-keyfile-baseline); fi
if wants approaches; then
    case " ${variants[*]} " in *" noop-agent "*) ;; *) variants+=(noop-agent) ;; esac
    variants+=(approach-agentbuilder approach-agentbuilder-tuned approach-advice-transformer approach-asm agent-keyfile-uncached)
fi
wants scale && variants+=(agent-10-keys agent-10k-keys)
if wants dotenvx && [ -n "$dotenvx" ]; then variants+=(dotenvx-run dotenvx-get); fi
if wants spring && [ -n "$spring_cp" ]; then variants+=(spring-plain spring-noop spring-agent); fi
if wants spring && [ -n "$spring_web_cp" ]; then variants+=(spring-web-plain spring-web-noop spring-web-agent); fi
wants cli && variants+=(cli-get cli-get-session cli-list cli-store cli-profile-load cli-get-10-keys cli-get-10k-keys
    cli-list-10-keys cli-list-10k-keys cli-store-10-keys cli-store-10k-keys cli-rotate-10-keys cli-rotate-10k-keys)
steps=(step-argon2id-19m-t2-p1 step-argon2id-64m-t3-p1 step-argon2id-64m-t3-p4 step-pbkdf2-sha256-600k step-aes-gcm-1k-jce
    step-aes-gcm-1k-bc step-jackson-databind-1mb step-jackson-streaming-1mb step-bc-first-use-relocated)
[ -z "$bc_signed_jar" ] || steps+=(step-bc-first-use-signed)
wants steps && variants+=("${steps[@]}")
if wants agent || wants approaches || wants scale || wants dotenvx; then
    case " ${variants[*]} " in *" plain "*) ;; *) variants=(plain "${variants[@]}") ;; esac
fi

for major in "${jdks[@]}"; do
    java=${jdk_home[$major]}/bin/java
    runtime=$(sed -n 's/^JAVA_RUNTIME_VERSION="\([^"]*\)".*/\1/p' "${jdk_home[$major]}/release")
    cds=no
    if [ -f "$repo/cli/target/keystash.jsa.jdk" ] && [ "$runtime" = "$(cat "$repo/cli/target/keystash.jsa.jdk")" ]; then cds=yes; fi
    dir=$work/times-$major
    mkdir -p "$dir"
    for v in "${variants[@]}"; do launch "$v" "$java"; : >"$dir/$v"; : >"$dir/$v.warm"; : >"$dir/$v.cpu"; done # warm the file cache once
    for ((round = 1; round <= rounds; round++)); do
        for v in $(printf '%s\n' "${variants[@]}" | shuf); do
            case $v in agent-keyfile-cold) rm -rf "$cold_home/cache" ;; esac
            children_cpu_ms
            cpu_before=$cpu_ms
            start=$EPOCHREALTIME
            launch "$v" "$java"
            end=$EPOCHREALTIME
            children_cpu_ms
            case $v in
                step-*) ;;
                *) echo "$(( (${end/[.,]/} - ${start/[.,]/}) / 1000 ))" >>"$dir/$v"
                   echo "$(( cpu_ms - cpu_before ))" >>"$dir/$v.cpu" ;;
            esac
        done
    done

    echo
    echo "## JDK $major ($runtime) — $rounds rounds; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "$(printf '%s\n' "${variants[@]}" | grep -vc '^step-')" -gt 0 ]; then
        echo
        echo "| launch | median ms | p10–p90 ms | added ms | ratio | CPU ms | CPU added ms |"
        echo "| --- | --- | --- | --- | --- | --- | --- |"
    fi
    row() { # row VARIANT LABEL BASE-VARIANT RATIO-KIND
        local m p10 p90 added ratio cpu cpu_added
        [ -s "$dir/$1" ] || return 0
        read -r m p10 p90 <<<"$(stats "$dir/$1")"
        added=—; ratio=—; cpu=$(median "$dir/$1.cpu"); cpu_added=—
        if [ -n "$3" ] && [ -s "$dir/$3" ]; then
            added=$(awk -v a="$m" -v b="$(median "$dir/$3")" 'BEGIN {printf "%+.0f", a - b}')
            cpu_added=$(awk -v a="$cpu" -v b="$(median "$dir/$3.cpu")" 'BEGIN {printf "%+.0f", a - b}')
        fi
        case $4 in
            floor) ratio=$(awk -v a="$m" -v p="$(median "$dir/plain")" -v n="$(median "$dir/noop-agent")" \
                'BEGIN {printf "%.2f× floor", (a - p) / (n - p)}')
                cpu_added="$cpu_added ($(awk -v a="$cpu" -v p="$(median "$dir/plain.cpu")" -v n="$(median "$dir/noop-agent.cpu")" \
                'BEGIN {printf "%.2f× floor", (a - p) / (n - p)}'))" ;;
            *:*) ratio=$(awk -v a="$m" -v b="$(median "$dir/${4%%:*}")" -v l="${4#*:}" 'BEGIN {printf "%.2f× %s", a / b, l}')
                cpu_added="$cpu_added ($(awk -v a="$cpu" -v b="$(median "$dir/${4%%:*}.cpu")" 'BEGIN {printf "%.2f×", a / b}'))" ;;
        esac
        echo "| $2 | $m | $p10–$p90 | $added | $ratio | $cpu | $cpu_added |"
    }
    if [ -s "$dir/plain" ]; then
        row plain "plain java, tiny program (20 variables in the environment)" "" ""
    fi
    if [ -s "$dir/noop-agent" ]; then
        row noop-agent "do-nothing agent (the floor)" plain ""
        row approach-agentbuilder "Byte Buddy AgentBuilder retransforming System (what retransforming a JDK class needs)" plain floor
        row approach-agentbuilder-tuned "Byte Buddy AgentBuilder, tuned (System alone offered, decorated, no validation, fast pool)" plain floor
        row approach-advice-transformer "Byte Buddy Advice through a plain ClassFileTransformer" plain floor
        row approach-asm "hand-written ASM visitor (Byte Buddy's repackaged ASM)" plain floor
        row agent-keyfile-uncached "Keystash agent, key file, no class cache (ASM rewrites at every start)" plain floor
        row agent-keyfile "Keystash agent, key file, 20-key profile" plain floor
        row agent-keyfile-cold "Keystash agent, key file, cold class cache (ASM rewrites, the cache file is written)" plain floor
        row agent-keyfile-baseline "baseline agent (BASELINE_AGENT_JAR), key file, 20-key profile" plain floor
        if [ -s "$dir/agent-keyfile-baseline" ]; then
            # Each round launches both once: the median of the rounds' differences cancels the drift between rounds.
            echo "| Keystash − baseline, paired per round (median of the rounds' differences; p10–p90) | $(paste "$dir/agent-keyfile" "$dir/agent-keyfile-baseline" \
                | awk '{print $1 - $2}' | sort -n | awk '{v[NR]=$1} END {q[1]=0.5; q[2]=0.1; q[3]=0.9; for (i = 1; i <= 3; i++) {p = 1 + q[i] * (NR - 1); lo = int(p); hi = (lo < NR) ? lo + 1 : lo; r[i] = v[lo] + (v[hi] - v[lo]) * (p - lo)} printf "%+.0f | %+.0f – %+.0f", r[1], r[2], r[3]}') | | |"
        fi
        row agent-identity "Keystash agent, identity file, 20-key profile" plain floor
        if [ -s "$dir/agent-identity" ] && [ -s "$dir/agent-keyfile" ]; then
            echo "| identity on top of the key file (identity − key file) | $(awk -v a="$(median "$dir/agent-identity")" -v b="$(median "$dir/agent-keyfile")" 'BEGIN {printf "%+.0f", a - b}') | | | | | |"
        fi
        row agent-session "Keystash agent, unlock session (keystash unlock), 20-key profile" plain floor
        if [ -s "$dir/agent-session" ] && [ -s "$dir/agent-keyfile" ]; then
            echo "| unlock session on top of the key file (session − key file) | $(awk -v a="$(median "$dir/agent-session")" -v b="$(median "$dir/agent-keyfile")" 'BEGIN {printf "%+.0f", a - b}') | | | |"
            echo "| the same, paired per round (median of the rounds' differences) | $(paste "$dir/agent-session" "$dir/agent-keyfile" | awk '{print $1 - $2}' | sort -n | awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%+.1f", m}') | | | |"
        fi
        row agent-passphrase "Keystash agent, passphrase file, Argon2id 64 MiB/3/4" plain floor
        if [ -s "$dir/agent-passphrase" ] && [ -s "$dir/agent-keyfile" ]; then
            echo "| KDF on top of the key file (passphrase − key file) | $(awk -v a="$(median "$dir/agent-passphrase")" -v b="$(median "$dir/agent-keyfile")" 'BEGIN {printf "%.0f", a - b}') | | | | | |"
        fi
    fi
    if [ -s "$dir/agent-10-keys" ]; then
        row agent-10-keys "Keystash agent, vault of 10 keys × 5 versions (10-key profile)" plain ""
        row agent-10k-keys "Keystash agent, vault of 10,000 keys × 5 versions, 100 profiles" agent-10-keys "agent-10-keys:10-key vault"
    fi
    if [ -s "$dir/dotenvx-run" ]; then
        row dotenvx-run "dotenvx run -- java (tiny program, encrypted .env)" plain ""
        added_k=$(( $(median "$dir/agent-keyfile") - $(median "$dir/plain") ))
        added_d=$(( $(median "$dir/dotenvx-run") - $(median "$dir/plain") ))
        echo "| Keystash agent's added time ÷ dotenvx run's | | | | $(awk -v k="$added_k" -v d="$added_d" 'BEGIN {printf "%.2f×", k / d}') | | |"
    fi
    spring_rows() { # spring_rows PREFIX LABEL: plain, floor and agent of one Spring Boot application
        local p=$1
        [ -s "$dir/$p-plain" ] || return 0
        row "$p-plain" "$2, plain" "" ""
        row "$p-noop" "$2, do-nothing agent (the floor)" "$p-plain" ""
        row "$p-agent" "$2, Keystash agent (key file)" "$p-plain" ""
        percent() { awk -v a="$(median "$dir/$1")" -v b="$(median "$dir/$2")" -v p="$(median "$dir/$p-plain")" 'BEGIN {printf "%+.1f %%", (a - b) * 100 / p}'; }
        echo "| $2: start added by any agent (do-nothing agent − plain) | | | | $(percent "$p-noop" "$p-plain") | | |"
        echo "| $2: start added by the Keystash agent | | | | $(percent "$p-agent" "$p-plain") | | |"
        echo "| of which above the floor (Keystash − do-nothing agent) | | | | $(percent "$p-agent" "$p-noop") | | |"
        # Each round launches every variant once, so per-round differences cancel the machine's drift
        # between rounds; their median is steadier than a difference of medians.
        paired() { paste "$dir/$1" "$dir/$2" | awk '{print $1 - $2}' | sort -n | awk -v p="$(median "$dir/$p-plain")" \
            '{v[NR]=$1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%+.1f %%", m * 100 / p}'; }
        echo "| $2, paired per round (median of the rounds' differences): any agent / Keystash / Keystash above the floor | | | | $(paired "$p-noop" "$p-plain") / $(paired "$p-agent" "$p-plain") / $(paired "$p-agent" "$p-noop") | | |"
    }
    spring_rows spring "Spring Boot minimal context (SpringProbe)"
    spring_rows spring-web "Spring Boot web application (spring-web-app)"
    if [ -s "$dir/cli-get" ]; then
        echo "| **CLI** (launcher cli/target/keystash; CDS archive used: $cds) | | | | | | |"
        row cli-get "keystash get (20-key vault, key file)" "" ""
        row cli-get-session "keystash get through an unlock session (same vault)" cli-get "cli-get:key-file get"
        if [ -s "$dir/dotenvx-get" ]; then
            row dotenvx-get "dotenvx get" "" ""
            echo "| keystash get ÷ dotenvx get | | | | $(awk -v a="$(median "$dir/cli-get")" -v b="$(median "$dir/dotenvx-get")" 'BEGIN {printf "%.2f×", a / b}') | | |"
        fi
        row cli-list "keystash list" "" ""
        row cli-store "keystash store" "" ""
        row cli-profile-load "keystash profile load --export" "" ""
        row cli-get-10-keys "keystash get, 10 keys × 5 versions" "" ""
        row cli-get-10k-keys "keystash get, 10,000 keys × 5 versions" cli-get-10-keys "cli-get-10-keys:10 keys"
        row cli-list-10-keys "keystash list, 10 keys" "" ""
        row cli-list-10k-keys "keystash list, 10,000 keys" cli-list-10-keys "cli-list-10-keys:10 keys"
        row cli-store-10-keys "keystash store, 10 keys" "" ""
        row cli-store-10k-keys "keystash store, 10,000 keys" cli-store-10-keys "cli-store-10-keys:10 keys"
        row cli-rotate-10-keys "keystash rotate (backup first), 10 keys" "" ""
        row cli-rotate-10k-keys "keystash rotate (backup first), 10,000 keys" cli-rotate-10-keys "cli-rotate-10-keys:10 keys"
    elif [ -s "$dir/dotenvx-get" ]; then
        row dotenvx-get "dotenvx get" "" ""
    fi
    if [ -s "$dir/step-aes-gcm-1k-bc" ]; then
        echo
        echo "| step, timed inside a fresh JVM | cold median ms | cold p10–p90 ms | warm median ms | cold ÷ warm |"
        echo "| --- | --- | --- | --- | --- |"
        step_row() { # step_row VARIANT LABEL
            local m p10 p90 w
            [ -s "$dir/$1" ] || return 0
            read -r m p10 p90 <<<"$(stats "$dir/$1")"
            if [ -s "$dir/$1.warm" ]; then
                w=$(stats "$dir/$1.warm" 1 | cut -d' ' -f1)
                echo "| $2 | $m | $p10–$p90 | $w | $(awk -v c="$m" -v w="$w" 'BEGIN {printf (w > 0 ? "%.1f×" : "—"), c / (w > 0 ? w : 1)}') |"
            else
                echo "| $2 | $m | $p10–$p90 | — | — |"
            fi
        }
        step_row step-argon2id-19m-t2-p1 "Argon2id m=19 MiB t=2 p=1 (Bouncy Castle)"
        step_row step-argon2id-64m-t3-p1 "Argon2id m=64 MiB t=3 p=1"
        step_row step-argon2id-64m-t3-p4 "Argon2id m=64 MiB t=3 p=4 (the vault's default)"
        step_row step-pbkdf2-sha256-600k "PBKDF2-HMAC-SHA256, 600,000 iterations (JCE)"
        step_row step-aes-gcm-1k-jce "AES-256-GCM decrypt of 1 KB (JCE)"
        step_row step-aes-gcm-1k-bc "AES-256-GCM decrypt of 1 KB (Bouncy Castle, vault-core's Aead)"
        step_row step-jackson-databind-1mb "Jackson databind, 1 MB to a Map"
        step_row step-jackson-streaming-1mb "jackson-core streaming, 1 MB"
        step_row step-bc-first-use-signed "Bouncy Castle's first use (SHA-256): signed jar from Maven Central"
        step_row step-bc-first-use-relocated "Bouncy Castle's first use (SHA-256): relocated copy in the agent jar"
    fi
done
echo
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
