#!/bin/sh
# Installs keystash @VERSION@ from this unpacked archive under a prefix (default ~/.local):
#   PREFIX/bin/keystash                                the launcher
#   PREFIX/lib/keystash/                               keystash.jar, keystash-agent.jar, class-data archive
#   PREFIX/share/man/man1/keystash*.1                  a man page per command
#   PREFIX/share/bash-completion/completions/keystash  bash completion (found by bash-completion)
#   PREFIX/share/zsh/site-functions/_keystash          zsh completion (put the folder on fpath)
#   PREFIX/share/doc/keystash/LICENSE
# Run it again to upgrade: files are replaced, pages of commands that are gone are removed.
set -eu

usage() {
    cat <<EOF
Usage: install.sh [--prefix DIR] [--no-class-data]
Install keystash @VERSION@ under DIR (default: \$HOME/.local).
  --prefix DIR       where bin/, lib/keystash/ and share/ go
  --no-class-data    skip the class-data archive (a training run of a few seconds that makes
                     every keystash command start faster on the Java found now)
EOF
}

prefix=${HOME:?HOME is not set}/.local
class_data=yes
while [ $# -gt 0 ]; do
    case $1 in
        --prefix)
            [ $# -ge 2 ] && [ -n "$2" ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }
            prefix=$2
            shift 2
            ;;
        --prefix=?*) prefix=${1#--prefix=}; shift ;;
        --no-class-data) class_data=no; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "install.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done

here=$(cd "$(dirname "$0")" && pwd -P)
for part in bin/keystash lib/keystash/keystash.jar lib/keystash/keystash-agent.jar share/man/man1/keystash.1; do
    if [ ! -f "$here/$part" ]; then
        echo "install.sh: $here/$part is missing; run install.sh from the unpacked keystash archive" >&2
        exit 6
    fi
done
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd -P)
lib=$prefix/lib/keystash

# Copies to a temporary name in the target folder, then renames: a keystash running meanwhile sees
# the old file or the new one, never half of one.
put() {
    mkdir -p "$(dirname "$3")"
    cp "$1" "$3.install-$$"
    chmod "$2" "$3.install-$$"
    mv -f "$3.install-$$" "$3"
}

put "$here/lib/keystash/keystash.jar" 644 "$lib/keystash.jar"
put "$here/lib/keystash/keystash-agent.jar" 644 "$lib/keystash-agent.jar"
rm -f "$lib/keystash.jsa" "$lib/keystash.jsa.jdk" # an archive made for the previous jar
put "$here/bin/keystash" 755 "$prefix/bin/keystash"
rm -f "$prefix/share/man/man1/keystash.1" "$prefix/share/man/man1"/keystash-*.1
pages=0
for page in "$here/share/man/man1"/*.1; do
    put "$page" 644 "$prefix/share/man/man1/$(basename "$page")"
    pages=$((pages + 1))
done
put "$here/share/bash-completion/completions/keystash" 644 "$prefix/share/bash-completion/completions/keystash"
put "$here/share/zsh/site-functions/_keystash" 644 "$prefix/share/zsh/site-functions/_keystash"
put "$here/LICENSE" 644 "$prefix/share/doc/keystash/LICENSE"

echo "Installed keystash @VERSION@ under $prefix:"
echo "  $prefix/bin/keystash"
echo "  $lib/ (keystash.jar, keystash-agent.jar)"
echo "  $prefix/share/man/man1/ ($pages pages: man keystash, man keystash-store, ...)"
echo "  completion: $prefix/share/bash-completion/completions/keystash (bash), $prefix/share/zsh/site-functions/_keystash (zsh)"

# The class-data archive: the classes of the everyday commands, pre-parsed for the Java found now
# (the launcher's choice: JAVA_HOME, else java on PATH). The JVM ties an archive to the jar's
# absolute path and time stamp, so it is made here, where the jar now lives, not at build time.
if [ "$class_data" = yes ]; then
    java=${JAVA_HOME:+$JAVA_HOME/bin/java}
    if [ -z "$java" ] || [ ! -x "$java" ]; then
        java=$(command -v java 2>/dev/null || true)
    fi
    training=
    if [ -n "$java" ] && training=$(mktemp -d "${TMPDIR:-/tmp}/keystash-training.XXXXXX"); then
        if "$java" -XX:ArchiveClassesAtExit="$lib/keystash.jsa" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
                -XX:-UsePerfData -Xshare:auto -Xlog:disable -Xlog:all=error:stderr \
                -cp "$lib/keystash.jar" io.keystash.cli.startup.ArchiveTraining "$training/work" "$lib/keystash.jsa.jdk" \
                >/dev/null 2>&1 && [ -f "$lib/keystash.jsa" ] && [ -f "$lib/keystash.jsa.jdk" ]; then
            chmod 644 "$lib/keystash.jsa" "$lib/keystash.jsa.jdk"
            echo "  $lib/keystash.jsa (class-data archive for Java $(cat "$lib/keystash.jsa.jdk"))"
        else
            rm -f "$lib/keystash.jsa" "$lib/keystash.jsa.jdk"
            echo "  (no class-data archive: $java could not write one; keystash starts without it)"
        fi
        rm -rf "$training"
    else
        echo "  (no class-data archive: no java found; keystash needs Java 17 or newer at run time)"
    fi
fi

case ":${PATH:-}:" in
    *":$prefix/bin:"*) ;;
    *) echo "$prefix/bin is not on PATH; add it, e.g. in ~/.profile: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
