#!/usr/bin/env python3
"""Times a teacher's whole round on one class of emulated learner apps (server.js: 50 ms per
answer, a tenth broken or unreachable), against the 10 challenges of this folder: the class
graded in one run; the same class graded in N slices (`--partition K/N`, the slices run at
once, as N machines would, here sharing this machine's cores); the slices merged; and the
merged gradebook exported as CSV, JSON, HTML, Canvas and Moodle files, each timed alone.
Checks that the merged gradebook is the one-run gradebook (the `graded at` column aside), and
that the exports are there.

usage: class.py [LEARNERS] [--slices N] [--jobs N] [--per-host N]    (default: 300, 4, 16, 2)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import run as batch_bench  # noqa: E402  (the folder's other benchmark: measure, option)


def timed(command):
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"{command} failed with {done.returncode}: {done.stderr}")
    return time.perf_counter() - started


def without_times(path):
    """The CSV gradebook without its last column (when each learner was graded)."""
    with open(path, encoding="utf-8-sig") as f:
        return [line.rstrip("\n").rsplit(",", 1)[0] for line in f]


def main():
    slices = batch_bench.option("--slices", 4)
    jobs = batch_bench.option("--jobs", 16)
    per_host = batch_bench.option("--per-host", 2)
    flags = ("--slices", "--jobs", "--per-host")
    sizes = [int(a) for i, a in enumerate(sys.argv[1:]) if a.isdigit() and sys.argv[i] not in flags]
    learners = sizes[0] if sizes else 300
    subprocess.run(["cargo", "build", "--release", "--quiet", "--locked"], cwd=ROOT, check=True)
    grade = os.path.join(ROOT, "target", "release", "grade")
    challenges = os.path.join(HERE, "challenges")
    work = tempfile.mkdtemp(prefix="grader-class-bench-")
    server = subprocess.Popen(["node", os.path.join(HERE, "server.js"), str(learners), "50"],
                              stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(server.stdout.readline())
        roster = os.path.join(work, "roster.csv")
        with open(roster, "w") as f:
            f.write("id,name,email,section,url\n")
            for i, port in enumerate(info["ports"]):
                f.write(f"2026-{i + 1:04},Learner {i + 1},learner{i + 1}@school.example,"
                        f"{'AB'[i % 2]},http://127.0.0.1:{port}\n")
        common = ["--challenges", challenges, "-j", str(jobs), "--per-host", str(per_host)]

        whole = os.path.join(work, "whole.ndjson")
        whole_csv = os.path.join(work, "whole.csv")
        one_run, own, total = batch_bench.measure(
            [grade, "batch", roster, "--results", whole, "--report-csv", whole_csv] + common)

        parts = [os.path.join(work, f"part-{k}.ndjson") for k in range(1, slices + 1)]
        started = time.perf_counter()
        running = [(k, time.perf_counter(), subprocess.Popen(
            [grade, "batch", roster, "--results", part, "--partition", f"{k}/{slices}"] + common,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
            for k, part in enumerate(parts, start=1)]
        # Each slice's own time, taken when it ends (not when it is waited for).
        slice_times = [None] * slices
        while None in slice_times:
            for k, began, process in running:
                if slice_times[k - 1] is None and process.poll() is not None:
                    slice_times[k - 1] = time.perf_counter() - began
                    if process.returncode != 0:
                        sys.exit(f"slice {k}/{slices} failed with {process.returncode}: {process.stderr.read()}")
            time.sleep(0.02)
        sliced = time.perf_counter() - started

        merged_csv = os.path.join(work, "merged.csv")
        merge = timed([grade, "merge"] + parts + ["--report-csv", merged_csv])
        if without_times(merged_csv) != without_times(whole_csv):
            sys.exit("the merged gradebook differs from the one-run gradebook")
        exports = {}
        for kind, name in [("csv", "book.csv"), ("json", "book.json"), ("html", "book.html"),
                           ("canvas", "canvas.csv"), ("moodle", "moodle.csv")]:
            path = os.path.join(work, name)
            exports[kind] = (timed([grade, "merge"] + parts + [f"--report-{kind}", path]),
                             os.path.getsize(path))
        everything = timed([grade, "merge"] + parts + [
            "--report-csv", os.path.join(work, "all.csv"),
            "--report-json", os.path.join(work, "all.json"),
            "--report-html", os.path.join(work, "all.html"),
            "--report-canvas", os.path.join(work, "all-canvas.csv"),
            "--report-moodle", os.path.join(work, "all-moodle.csv")])
        lines = sum(1 for part in parts for _ in open(part))

        cpus = os.cpu_count()
        print(f"{learners} learners x 10 challenges ({lines} results), -j {jobs}, --per-host {per_host}, {cpus} CPUs")
        print(f"  one run                      {one_run:7.1f} s   (grade {own / 1024:.1f} MiB, with workers {total / 1024:.1f} MiB)")
        shown = ", ".join(f"{t:.1f}" for t in slice_times)
        print(f"  {slices} slices at once            {sliced:7.1f} s   (each: {shown} s; -j {jobs} each, so {slices} times the learners at once)")
        print(f"  merge of the {slices} slices        {merge:7.2f} s   (the same gradebook as one run)")
        for kind, (seconds, size) in exports.items():
            print(f"  merge + export {kind:<8}      {seconds:7.2f} s   ({size / 1024:.0f} KiB)")
        print(f"  merge + all five exports     {everything:7.2f} s")
    finally:
        server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
