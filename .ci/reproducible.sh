#!/usr/bin/env bash
# Checks the reproducible-build claim (docs/decisions.md, "Reproducible builds"): builds twice from
# clean, once in another time zone and with umask 077, and compares what is shipped byte
# for byte: the agent jar, the CLI jar (keystash.jar) and the distribution tarball. The modules' own
# thin jars (vault-core's, the CLI module's: build steps, not shipped) are compared entry by entry
# (names, sizes, CRCs, times, order): maven-jar-plugin records each file's mode as the umask made it,
# so only their modes may differ. The CLI's class-data archive (cli/target/keystash.jsa) is not
# compared: the JVM writes it for its own runtime, with the CLI jar's time stamp in it, and it is
# not shipped.
#
# Run:   .ci/reproducible.sh [MAVEN OPTIONS]      e.g. .ci/reproducible.sh -o   (≈ 2 builds, no tests)
# Exit:  0 every artifact identical; 1 something differs (named, with the entries that differ);
#        2 a build failed.
# It runs `clean`: the working tree's target/ folders are rebuilt, nothing else is touched.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/keystash-reproducible.XXXXXX")
trap 'rm -rf "$work"' EXIT

artifacts=(
    agent/target/keystash-agent.jar
    cli/target/keystash.jar
    dist/target/keystash-*.tar.gz
    vault-core/target/vault-core-*.jar
    cli/target/cli-*.jar
)
# Not shipped: the same entries are enough (see above).
is_thin() { case $1 in vault-core/target/vault-core-*.jar | cli/target/cli-*.jar) return 0 ;; *) return 1 ;; esac; }

build() { # build NAME TZ UMASK
    echo "== build $1 (TZ=$2, umask $3): ./mvnw -B -q ${MAVEN_ARGS[*]} clean package -DskipTests"
    if ! (umask "$3" && TZ=$2 ./mvnw -B -q "${MAVEN_ARGS[@]}" clean package -DskipTests >"$work/build-$1.log" 2>&1); then
        tail -30 "$work/build-$1.log" >&2
        echo "reproducible.sh: build $1 failed (log above)" >&2
        exit 2
    fi
    mkdir -p "$work/$1"
    local pattern file
    for pattern in "${artifacts[@]}"; do
        # shellcheck disable=SC2086 # the pattern is meant to expand
        for file in $pattern; do
            [ -f "$file" ] || { echo "reproducible.sh: $pattern not built" >&2; exit 2; }
            mkdir -p "$work/$1/$(dirname "$file")"
            cp "$file" "$work/$1/$file"
        done
    done
}

MAVEN_ARGS=("$@")
# The unusual build first: the tree left behind is an ordinary one (umask 022), which tests that
# read the build as another user (BoundedFileReadTest) need.
build first America/Los_Angeles 0077
build second UTC 0022

different=0
while IFS= read -r file; do
    one=$work/first/$file two=$work/second/$file
    if [ ! -f "$two" ]; then
        echo "DIFFERENT $file: missing from the second build"; different=1; continue
    fi
    if cmp -s "$one" "$two"; then
        echo "identical $file ($(sha256sum <"$one" | cut -c1-16)…)"
        continue
    fi
    if is_thin "$file" && diff <(unzip -lv "$one" | tail -n +2) <(unzip -lv "$two" | tail -n +2) >/dev/null; then
        echo "same entries $file (names, sizes, CRCs, times; the modes follow the umask)"
        continue
    fi
    different=1
    echo "DIFFERENT $file"
    case $file in
        *.jar) diff <(unzip -Zl "$one" | tail -n +3) <(unzip -Zl "$two" | tail -n +3) | head -20 || true
               diff <(unzip -lv "$one" | tail -n +2) <(unzip -lv "$two" | tail -n +2) >/dev/null && echo "  (same entries, times and CRCs: the difference is in the zip's structure)" ;;
        *.tar.gz) diff <(tar -tvzf "$one") <(tar -tvzf "$two") | head -20 || true
                  cmp <(gzip -dc "$one") <(gzip -dc "$two") >/dev/null && echo "  (same tar inside: the gzip header differs)" ;;
    esac
done < <(cd "$work/first" && find . -type f -printf '%P\n' | sort)

if [ $different -eq 0 ]; then
    echo "== reproducible: every artifact is identical across the two builds"
else
    echo "== NOT reproducible: see the differences above"
fi
exit $different
