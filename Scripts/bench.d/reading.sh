#!/usr/bin/env bash
# The reading benchmark: every answer of a labelled corpus (Tests/Corpus/reading/corpus.yaml, or the
# file --corpus names) imported by 'samrad import' into a fresh database, then the stance per goal
# area that 'samrad status --json' shows compared with the answer's labels. Prints the accuracy per
# category and the stances given to areas an answer does not speak to.
# A measurement: exits 0 whatever it measures, 2 when it cannot run.
set -uo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$(repo_root)"
root=$(pwd)

usage="usage: Scripts/bench reading [--corpus FILE] [--keep DIR] [--verbose]"
fail() {
    echo "error: $*" >&2
    exit 2
}

corpus=Tests/Corpus/reading/corpus.yaml
keep=""
verbose=()
while [ $# -gt 0 ]; do
    case "$1" in
        --corpus) [ $# -ge 2 ] || fail "--corpus needs a file; $usage"; corpus=$2; shift 2 ;;
        --keep) [ $# -ge 2 ] || fail "--keep needs a folder; $usage"; keep=$2; shift 2 ;;
        --verbose | -v) verbose=(--verbose); shift ;;
        *) fail "unknown option $1; $usage" ;;
    esac
done
[ -f "$corpus" ] || fail "the corpus file $corpus does not exist"
corpus=$(cd "$(dirname "$corpus")" && pwd)/$(basename "$corpus")

ensure_packages "${SAMRAD_BUILD_PACKAGES[@]}" fonts-dejavu-core || fail "the Debian packages could not be installed"
ensure_pip "${SAMRAD_TEST_PIP[@]}" || fail "the Python packages in SAMRAD_TEST_PIP could not be installed"
swift build --product samrad >&2 || fail "swift build --product samrad failed"
samrad=$(swift build --show-bin-path)/samrad

if [ -n "$keep" ]; then
    mkdir -p "$keep" || fail "cannot create $keep"
    work=$(cd "$keep" && pwd)
    rm -rf "$work/corpus" "$work/base" "$work/cases"
else
    work=$(mktemp -d /tmp/samrad-bench-reading.XXXXXX)
    trap 'rm -rf "$work"' EXIT
fi

python3 Tests/Corpus/make_reading_corpus.py "$work/corpus" --corpus "$corpus" >&2 \
    || fail "the corpus $corpus could not be built (see the message above)"

# The prepared database every case starts from: the registry and the round, nothing sent or imported.
mkdir -p "$work/base"
cp -rL "$root/contacts" "$root/consultations" "$work/base/"
(
    cd "$work/base" || exit 1
    export SAMRAD_NOW=2019-04-11T08:00
    "$samrad" --db samrad.sqlite contacts load contacts >/dev/null \
        && "$samrad" --db samrad.sqlite consultation add consultations/mal-2019.yaml >/dev/null
) || fail "preparing the database in $work/base failed"

python3 Scripts/bench.d/reading_bench.py --samrad "$samrad" --corpus-dir "$work/corpus" \
    --base "$work/base/samrad.sqlite" --work "$work/cases" --corpus "$corpus" "${verbose[@]}"
status=$?
[ $status -eq 0 ] || exit 2
[ -z "$keep" ] || echo "kept: $work (corpus/, base/, cases/<id>/ with each import's log and status.json)"
exit 0
