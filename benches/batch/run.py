#!/usr/bin/env python3
"""Benchmarks `grade batch` on a class of emulated learner apps: one Node process listening on
one loopback port per learner (answers take 50 ms; a tenth of the apps are broken or
unreachable), graded against a block of 10 challenges. Prints, for each roster size, the wall
time, hints per second, grade's peak memory (its own, and with its hint workers), and the
highest number of requests any one app was handling at once, which must not exceed --per-host.

usage: run.py [LEARNERS...] [--jobs N] [--per-host N]    (default: 200 1000, --jobs 16)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def status_kib(pid, field):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return found


def measure(command):
    """Runs a command; returns (seconds, grade's peak KiB, peak KiB with its workers)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    own = total = 0
    while process.poll() is None:
        own = max(own, status_kib(process.pid, "VmHWM"))
        total = max(total, status_kib(process.pid, "VmRSS") + sum(status_kib(c, "VmRSS") for c in children(process.pid)))
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"{command} failed with {process.returncode}")
    return elapsed, own, total


def option(name, default):
    if name in sys.argv:
        return int(sys.argv[sys.argv.index(name) + 1])
    return default


def main():
    jobs = option("--jobs", 16)
    per_host = option("--per-host", 2)
    sizes = [int(a) for i, a in enumerate(sys.argv[1:]) if a.isdigit() and sys.argv[i] not in ("--jobs", "--per-host")] or [200, 1000]
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    grade = os.path.join(ROOT, "target", "release", "grade")
    print(f"{'learners':>8} {'hints':>6} {'seconds':>8} {'hints/s':>8} {'grade MiB':>10} {'with workers':>13} {'most at once':>13}  (-j {jobs}, --per-host {per_host}, {os.cpu_count()} CPUs)")
    for learners in sizes:
        work = tempfile.mkdtemp(prefix="grader-batch-bench-")
        server = subprocess.Popen(["node", os.path.join(HERE, "server.js"), str(learners), "50"], stdout=subprocess.PIPE, text=True)
        try:
            info = json.loads(server.stdout.readline())
            roster = os.path.join(work, "roster.csv")
            with open(roster, "w") as f:
                f.write("learner,url\n")
                for i, port in enumerate(info["ports"]):
                    f.write(f"learner-{i + 1},http://127.0.0.1:{port}\n")
            results = os.path.join(work, "results.ndjson")
            command = [grade, "batch", roster, "--challenges", os.path.join(HERE, "challenges"), "--results", results, "-j", str(jobs), "--per-host", str(per_host)]
            seconds, own, total = measure(command)
            with urllib.request.urlopen(f"http://127.0.0.1:{info['control']}/stats") as answer:
                stats = json.load(answer)
            hints = 0
            with open(results) as f:
                for line in f:
                    record = json.loads(line)
                    hints += len(record.get("hints", []))
            print(f"{learners:8} {hints:6} {seconds:8.1f} {hints / seconds:8.1f} {own / 1024:10.1f} {total / 1024:13.1f} {stats['highest']:13}")
            if stats["highest"] > per_host:
                sys.exit(f"an app saw {stats['highest']} requests at once, over --per-host {per_host}")
        finally:
            server.kill()
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
