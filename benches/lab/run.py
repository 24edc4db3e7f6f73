#!/usr/bin/env python3
"""Benchmarks `grade lab` on the reference apps of the five backend projects against the shared
corpus: every hint in the six languages, two rounds, the mutants and the empty app. Prints the
wall time of each run, the CPU time of the whole process tree (grade, its hint workers and the
apps it starts), the hint runs per second, and grade's peak memory with its workers.

usage: run.py [RUNS] [--jobs N] [--manifest FILE]     (default: 3 runs, jobs = CPUs)
Needs ../shared/corpus beside the project (or GRADER_CORPUS) and node; installs the reference
apps' npm packages when they are missing.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "benches", "batch"))
from run import status_kib, children  # noqa: E402  the batch bench's /proc readers


def tree_kib(pid):
    """Resident KiB of `pid` and its hint workers (not the apps, which are other groups)."""
    return status_kib(pid, "VmRSS") + sum(status_kib(c, "VmRSS") for c in children(pid) if c != pid)


def main():
    args = sys.argv[1:]
    runs, jobs, manifest = 3, None, os.path.join(ROOT, "fixtures", "reference", "lab.toml")
    while args:
        arg = args.pop(0)
        if arg == "--jobs":
            jobs = args.pop(0)
        elif arg == "--manifest":
            manifest = args.pop(0)
        else:
            runs = int(arg)
    corpus = os.environ.get("GRADER_CORPUS") or os.path.join(os.path.dirname(ROOT), "shared", "corpus")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    apps = os.path.dirname(manifest)
    if not os.path.isdir(os.path.join(apps, "node_modules", "express")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=apps, check=True)
    grade = os.path.join(ROOT, "target", "release", "grade")
    print(f"grade lab {os.path.relpath(manifest, ROOT)} --all-languages --rounds 2 on {os.cpu_count()} CPUs")
    print(f"{'run':>4} {'wall s':>8} {'cpu s':>8} {'runs/s':>8} {'peak MiB':>9} {'findings':>9}")
    walls = []
    for n in range(1, runs + 1):
        with tempfile.TemporaryDirectory() as dir:
            report = os.path.join(dir, "lab.json")
            command = [grade, "lab", manifest, "--challenges", os.path.join(corpus, "freecodecamp"),
                       "--all-languages", "--rounds", "2", "--report-json", report]
            if jobs:
                command += ["--jobs", jobs]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            peak = 0
            while process.poll() is None:
                peak = max(peak, tree_kib(process.pid))
                time.sleep(0.05)
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if process.returncode not in (0, 1):
                sys.exit(f"grade lab failed with {process.returncode}")
            with open(report) as f:
                lab = json.load(f)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        walls.append(wall)
        print(f"{n:>4} {wall:>8.1f} {cpu:>8.1f} {lab['runs'] / wall:>8.0f} {peak / 1024:>9.0f} {lab['findings']:>9}")
    walls.sort()
    print(f"median wall time: {walls[len(walls) // 2]:.1f} s for {lab['runs']} hint runs")


if __name__ == "__main__":
    main()
