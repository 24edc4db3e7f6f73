#!/usr/bin/env python3
"""Benchmarks `grade validate` on a generated curriculum against two references measured in the
same run: a Node baseline that parses the same files with unified + remark-parse +
remark-frontmatter (what freeCodeCamp's parser is built on), and `cat` of the same files as the
floor. Prints files/s, MB/s, the ratios, and grade's peak memory.

usage: run.py [LANGUAGES [FILES [RUNS]]]    (default: 6 languages x 2000 files, 3 runs)
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


def run(command, **kwargs):
    """Runs a command; returns (seconds, peak resident memory in MiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, **kwargs)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{command} failed with {status}")
    return elapsed, usage.ru_maxrss / 1024


def main():
    languages = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if not os.path.isdir(os.path.join(HERE, "node_modules", "unified")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)
    grade = os.path.join(ROOT, "target", "release", "grade")
    work = tempfile.mkdtemp(prefix="grader-bench-")
    try:
        curriculum = os.path.join(work, "curriculum")
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(languages), str(files), curriculum], check=True)
        paths = [os.path.join(d, f) for d, _, fs in os.walk(curriculum) for f in fs]
        total_bytes = sum(os.path.getsize(p) for p in paths)
        count = len(paths)
        cat = ["sh", "-c", f"find '{curriculum}' -name '*.md' -print0 | xargs -0 cat"]
        commands = {
            "cat (floor)": cat,
            "grade validate --jobs 1": [grade, "validate", curriculum, "--jobs", "1", "--format", "json"],
            "grade validate": [grade, "validate", curriculum, "--format", "json"],
            "node unified+remark": ["node", os.path.join(HERE, "baseline.mjs"), curriculum],
        }
        run(cat)  # warm the page cache so every command reads from memory
        results = {}
        for name, command in commands.items():
            samples = [run(command, stderr=subprocess.DEVNULL) for _ in range(runs)]
            results[name] = (statistics.median(s for s, _ in samples), max(m for _, m in samples))
        print(f"{count} files ({languages} languages x {files}), {total_bytes / 1e6:.1f} MB, median of {runs} runs, {os.cpu_count()} CPUs")
        print(f"{'':26} {'seconds':>8} {'files/s':>10} {'MB/s':>8} {'peak MiB':>9} {'vs node':>8} {'vs cat':>8}")
        node = results["node unified+remark"][0]
        floor = results["cat (floor)"][0]
        for name, (seconds, memory) in results.items():
            print(f"{name:26} {seconds:8.3f} {count / seconds:10.0f} {total_bytes / 1e6 / seconds:8.1f} {memory:9.1f} {node / seconds:7.2f}x {floor / seconds:7.3f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
