#!/bin/sh
# Reads qari, with its default settings, in real terminal emulators: imports the mixed
# Arabic/Latin/numbers article into a fresh store and hands qari to terminal-matrix, which
# screenshots each terminal, reads the reader pane back by OCR and scores it against
# expected.txt. Arguments go to terminal-matrix (e.g. --terminals kitty,konsole); options for
# qari go in QARI_ARGS (e.g. QARI_ARGS="--bidi terminal"); screenshots go to OUT. It needs the
# Debian packages `terminal-matrix --help` names; set TERMINAL_MATRIX if it is not on PATH.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tool=${TERMINAL_MATRIX:-terminal-matrix}
qari=$(command -v qari)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() {
    env XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" "$qari" \
        --store "$work/store.sqlite3" "$@"
}
run import "$here/mixed_article.txt" >/dev/null
# shellcheck disable=SC2086
"$tool" --out "${OUT:-$work/shots}" --expect "$here/expected.txt" "$@" -- \
    env XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" "$qari" \
    --store "$work/store.sqlite3" ${QARI_ARGS:-}
