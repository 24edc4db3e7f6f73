#!/usr/bin/env python3
"""Benchmarks parallel grading: a block of challenges against the fixture app with every answer
delayed (DELAY_MS, default 200), graded with --jobs 1 and with --jobs 8. Prints the median wall
times, the speed-up, and whether the two JSON outputs agree apart from timings.

usage: jobs.py [CHALLENGES [RUNS [DELAY_MS]]]    (default: 8 challenges, 3 runs, 200 ms)
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HINTS = [
    ("The home page answers.", "const res = await fetch(code + '/');\nassert.match(await res.text(), /Home page/);"),
    ("The source is served.", "const res = await fetch(new URL('/_api/server.js', code));\nassert.strictEqual(res.status, 200);"),
    ("Unknown paths are 404.", "const res = await fetch(code + '/nope');\nassert.strictEqual(res.status, 404);"),
]


def block(folder, count):
    os.makedirs(folder)
    for i in range(count):
        parts = [f"---\nid: {i:024x}\ntitle: Challenge {i}\nchallengeType: 2\ndashedName: challenge-{i}\n---\n\n# --hints--\n"]
        for text, code in HINTS:
            parts.append(f"\n{text}\n\n```js\n{code}\n```\n")
        with open(os.path.join(folder, f"{i:02}.md"), "w", encoding="utf-8") as f:
            f.write("".join(parts))


def without_timings(document):
    data = json.loads(document)
    data["summary"]["duration_ms"] = 0
    for challenge in data["challenges"]:
        for hint in challenge["hints"]:
            hint["duration_ms"] = 0
    return data


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    delay = sys.argv[3] if len(sys.argv) > 3 else "200"
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    app_dir = os.path.join(ROOT, "fixtures", "logout-app")
    if not os.path.isdir(os.path.join(app_dir, "node_modules", "express")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=app_dir, check=True)
    work = tempfile.mkdtemp(prefix="grader-jobs-")
    app = subprocess.Popen(["node", "server.js"], cwd=app_dir, stdout=subprocess.PIPE, text=True,
                           env={**os.environ, "PORT": "0", "DELAY_MS": delay})
    try:
        url = app.stdout.readline().strip().removeprefix("listening on ")
        curriculum = os.path.join(work, "english", "block")
        block(curriculum, count)
        grade = os.path.join(ROOT, "target", "release", "grade")
        outputs, times = {}, {}
        for jobs in ("1", "8"):
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                done = subprocess.run([grade, "--url", url, "--challenges", work, "--jobs", jobs, "--format", "json"],
                                      capture_output=True, text=True)
                samples.append(time.perf_counter() - started)
                if done.returncode != 0:
                    sys.exit(f"grade failed: {done.stderr}")
                outputs[jobs] = without_timings(done.stdout)
            times[jobs] = statistics.median(samples)
        hints = count * len(HINTS)
        print(f"{count} challenges x {len(HINTS)} hints, every answer delayed {delay} ms, median of {runs} runs, {os.cpu_count()} CPUs")
        for jobs, seconds in times.items():
            print(f"--jobs {jobs}: {seconds:6.2f} s  ({hints / seconds:5.1f} hints/s)")
        print(f"speed-up: {times['1'] / times['8']:.2f}x")
        print(f"outputs identical apart from timings: {outputs['1'] == outputs['8']}")
    finally:
        app.terminate()
        app.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
