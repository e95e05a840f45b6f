"""Runs the built reading corpus through 'samrad import' and 'samrad status --json', one fresh
database per case, and prints how many goal areas were read as labelled, per category.

Usage: reading_bench.py --samrad PATH --corpus-dir DIR --base DB --work DIR [--corpus FILE] [--verbose]

DIR holds expected.json and the files make_reading_corpus.py wrote; DB is a database with the
registry and the round loaded. Exit status 0 after measuring, 2 when the measurement cannot run.
"""
import argparse
import collections
import json
import os
import pathlib
import shutil
import subprocess
import sys

ROUND = "mal-2019"
NOW = "2019-05-20T12:00"
AREAS = ["1", "2", "3", "4"]


def setup_error(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def run(samrad, db, args, folder):
    env = dict(os.environ, SAMRAD_NOW=NOW, SAMRAD_OUTBOX=str(folder / "outbox"))
    env.pop("SAMRAD_DB", None)
    return subprocess.run([samrad, "--db", str(db), *args], cwd=folder, env=env, capture_output=True, text=True)


def measure(case, args, work):
    """The case's stance per area as samrad reads it, and the import's failure if it failed."""
    folder = work / case["id"]
    folder.mkdir(parents=True)
    db = folder / "samrad.sqlite"
    for suffix in ("", "-wal", "-shm"):
        source = pathlib.Path(str(args.base) + suffix)
        if source.exists():
            shutil.copyfile(source, str(db) + suffix)
    file = args.corpus_dir / case["file"]
    command = ["import", str(file)] + (["--consultation", ROUND] if file.suffix == ".csv" else [])
    imported = run(args.samrad, db, command, folder)
    (folder / "import.log").write_text(imported.stdout + imported.stderr, encoding="utf-8")
    failure = None
    if imported.returncode != 0:
        lines = (imported.stderr or imported.stdout).strip().splitlines()
        failure = f"import exited {imported.returncode}: {lines[0] if lines else 'no message'}"

    status = run(args.samrad, db, ["status", ROUND, "--json"], folder)
    if status.returncode != 0:
        setup_error(f"samrad status {ROUND} --json failed for case {case['id']} (exit {status.returncode}): "
                    f"{status.stderr.strip()}; the database is {db}")
    (folder / "status.json").write_text(status.stdout, encoding="utf-8")
    try:
        rows = json.loads(status.stdout)["rows"]
    except (ValueError, KeyError) as error:
        setup_error(f"samrad status {ROUND} --json printed no rows for case {case['id']}: {error}")
    row = next((r for r in rows if r.get("id") == case["body"]), None)
    if row is None:
        setup_error(f"samrad status {ROUND} has no row for body {case['body']} (case {case['id']}); "
                    f"is the body a recipient of the round?")
    answers = row.get("answers") or {}
    return {area: answers.get(area) for area in AREAS}, failure


def show(label):
    return "null" if label is None else label


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samrad", required=True)
    parser.add_argument("--corpus-dir", type=pathlib.Path, required=True)
    parser.add_argument("--base", type=pathlib.Path, required=True)
    parser.add_argument("--work", type=pathlib.Path, required=True)
    parser.add_argument("--corpus", default="")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if not os.access(args.samrad, os.X_OK):
        setup_error(f"{args.samrad} is not an executable; build it with swift build --product samrad")
    if not args.base.exists():
        setup_error(f"the prepared database {args.base} does not exist")
    try:
        cases = json.loads((args.corpus_dir / "expected.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        setup_error(f"cannot read {args.corpus_dir / 'expected.json'}: {error}")
    args.work.mkdir(parents=True, exist_ok=True)

    categories = list(dict.fromkeys(case["category"] for case in cases))
    totals = {c: collections.Counter() for c in categories + ["all"]}
    labels = collections.defaultdict(collections.Counter)
    wrong, failures = [], []
    for case in cases:
        read, failure = measure(case, args, args.work)
        if failure:
            failures.append(f"{case['id']}: {failure}")
        for counter in (totals[case["category"]], totals["all"]):
            counter["cases"] += 1
            counter["failed"] += failure is not None
        for area in AREAS:
            expected, got = case["expect"][area], read[area]
            right = expected == got
            for counter in (totals[case["category"]], totals["all"]):
                counter["areas"] += 1
                counter["correct"] += right
                counter["invented"] += expected is None and got is not None
            labels[show(expected)]["areas"] += 1
            labels[show(expected)]["correct"] += right
            if not right:
                wrong.append(f"{case['id']} {area}: expected {show(expected)}, read {show(got)}")

    print(f"reading: {len(cases)} answers{' from ' + args.corpus if args.corpus else ''}, each imported into a "
          f"fresh database (SAMRAD_NOW={NOW}) and read back with 'samrad status {ROUND} --json'")
    header = f"{'category':18} {'cases':>5} {'areas':>5} {'correct':>7} {'accuracy':>8} {'invented':>8} {'failed':>6}"
    print(header)
    print("-" * len(header))
    for category in categories + ["all"]:
        if category == "all":
            print("-" * len(header))
        t = totals[category]
        accuracy = 100 * t["correct"] / t["areas"] if t["areas"] else 0
        print(f"{'total' if category == 'all' else category:18} {t['cases']:5d} {t['areas']:5d} {t['correct']:7d} "
              f"{accuracy:7.1f}% {t['invented']:8d} {t['failed']:6d}")
    print()
    print("by expected label: " + ", ".join(
        f"{label} {c['correct']}/{c['areas']}" for label, c in sorted(labels.items(), key=lambda kv: -kv[1]["areas"])))
    print("invented: areas an answer does not speak to (expected null) that were given a stance; "
          "failed: imports that exited non-zero")
    if args.verbose:
        if failures:
            print()
            print("failed imports:")
            for line in failures:
                print(f"  {line}")
        print()
        print(f"wrong ({len(wrong)}):" if wrong else "wrong: none")
        for line in wrong:
            print(f"  {line}")
    elif wrong or failures:
        print("(--verbose lists the wrong areas)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
