"""Instruction counts for the benchmarks: one run of a command under valgrind's callgrind, which a busy
machine does not move the way it moves wall time. Imported by the benchmarks' Python parts:

    from instructions import count, top_functions
    total = count(["samrad", "remind"], work_dir)
    total, top = top_functions(["samrad", "import", "x.mbox"], work_dir, limit=12)
"""
import os
import re
import subprocess


def _countable(command, work_dir):
    """valgrind 3.19 cannot read the DWARF 5 debug information Swift writes: a Swift binary is counted as a copy
    without it (its symbol table kept, so that functions have names)."""
    program = command[0]
    if not program.endswith("samrad"):
        return command
    stripped = os.path.join(work_dir, "samrad-stripped")
    if not os.path.exists(stripped) or os.path.getmtime(stripped) < os.path.getmtime(program):
        subprocess.run(["strip", "--strip-debug", "-o", stripped, program], check=True)
    return [stripped] + command[1:]


def _run(command, work_dir, out_file, cwd=None, env=None):
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}"] + _countable(command, work_dir),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True, cwd=cwd, env=env)
    found = re.search(r"Collected : (\d+)", run.stderr)
    return int(found.group(1)) if found else 0


def count(command, work_dir, cwd=None, env=None):
    """The instructions one run of `command` executes."""
    return _run(command, work_dir, "/dev/null", cwd=cwd, env=env)


def top_functions(command, work_dir, limit=12, cwd=None, env=None):
    """The instructions one run executes, and the functions that executed the most of them themselves:
    [(instructions, share of the total, name)], largest first."""
    out_file = os.path.join(work_dir, "callgrind.out")
    total = _run(command, work_dir, out_file, cwd=cwd, env=env)
    annotate = subprocess.run(["callgrind_annotate", "--threshold=100", out_file], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, check=True).stdout
    rows = []
    for line in annotate.splitlines():
        found = re.match(r"\s*([\d,]+)\s+(?:\([\s\d.]+%\)\s+)?(\S.*)$", line)
        if not found or ":" not in found.group(2):
            continue
        instructions = int(found.group(1).replace(",", ""))
        if instructions == total:
            continue
        name = found.group(2).split(":", 1)[1].strip()
        name = re.sub(r"\s*\[[^\]]*\]\s*$", "", name)
        rows.append((instructions, instructions / max(1, total), _demangle(name)))
        if len(rows) == limit:
            break
    return total, rows


def _demangle(name):
    if not name.startswith("$s"):
        return name
    try:
        return subprocess.run(["swift", "demangle", "--simplified", "--compact", name], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, check=True).stdout.strip() or name
    except (OSError, subprocess.CalledProcessError):
        return name
