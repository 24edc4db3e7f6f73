#!/usr/bin/env python3
"""Benchmarks `grade validate` on a generated curriculum against two references measured in the
same run: `cat` of the same files as the floor, and a Node baseline that parses them with
unified + remark-parse + remark-frontmatter (what freeCodeCamp's parser is built on). Prints
files/s, MB/s, each command's time over cat's, and peak memory.

usage: run.py [LANGUAGES [FILES [RUNS]]] [--no-node]
    default: 12 languages x 15000 files (180,000 files), 3 runs
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def peak(pid):
    """The process's peak resident memory so far, in KiB, from /proc (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(command, **kwargs):
    """Runs a command; returns (seconds, peak resident memory in MiB). The peak is read from
    /proc while it runs: the kernel's own count for a child includes this process's memory at
    the moment it was forked."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, **kwargs)
    highest = 0
    while process.poll() is None:
        highest = max(highest, peak(process.pid))
        time.sleep(0.005)
    elapsed = time.perf_counter() - started
    if process.returncode not in (0, 1):
        sys.exit(f"{command} failed with {process.returncode}")
    return elapsed, highest / 1024


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    with_node = "--no-node" not in sys.argv
    languages = int(args[0]) if len(args) > 0 else 12
    files = int(args[1]) if len(args) > 1 else 15000
    runs = int(args[2]) if len(args) > 2 else 3
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if with_node and not os.path.isdir(os.path.join(HERE, "node_modules", "unified")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)
    grade = os.path.join(ROOT, "target", "release", "grade")
    work = tempfile.mkdtemp(prefix="grader-bench-")
    try:
        curriculum = os.path.join(work, "curriculum")
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(languages), str(files), curriculum], check=True)
        count = total_bytes = 0
        for d, _, fs in os.walk(curriculum):
            for f in fs:
                count += 1
                total_bytes += os.path.getsize(os.path.join(d, f))
        cat = ["sh", "-c", f"find '{curriculum}' -name '*.md' -print0 | xargs -0 cat"]
        commands = {
            "cat (floor)": cat,
            "grade validate --jobs 1": [grade, "validate", curriculum, "--jobs", "1", "--format", "json"],
            "grade validate": [grade, "validate", curriculum, "--format", "json"],
        }
        if with_node:
            commands["node unified+remark"] = ["node", os.path.join(HERE, "baseline.mjs"), curriculum]
        run(cat)  # warm the page cache so every command reads from memory
        results = {}
        for name, command in commands.items():
            # The Node reference takes minutes at this size; once is enough to compare with.
            times = 1 if name.startswith("node") else runs
            samples = [run(command, stderr=subprocess.DEVNULL) for _ in range(times)]
            results[name] = (statistics.median(s for s, _ in samples), max(m for _, m in samples))
        print(f"{count} files ({languages} languages x {files}), {total_bytes / 1e6:.1f} MB, median of {runs} runs (node: 1), {os.cpu_count()} CPUs")
        print(f"{'':26} {'seconds':>8} {'files/s':>10} {'MB/s':>8} {'peak MiB':>9} {'/ cat':>7}")
        floor = results["cat (floor)"][0]
        for name, (seconds, memory) in results.items():
            print(f"{name:26} {seconds:8.3f} {count / seconds:10.0f} {total_bytes / 1e6 / seconds:8.1f} {memory:9.1f} {seconds / floor:6.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
