#!/usr/bin/env python3
"""Benchmarks fetching challenges by name: what the first grade of a project costs with an empty
cache, against a curriculum source whose every answer takes LATENCY ms (default 100), compared
with grading the same files from a folder (`--challenges`) and with a warm cache.

The source serves fixtures/curriculum (this project's own challenge files, in the Git host's
raw-file layout); the app is the reference Timestamp Microservice, started once. Prints the
median wall time of each case over ROUNDS runs (default 9) and the difference.

usage: run.py [--latency MS] [--rounds N]      (build first: cargo build --release)
"""
import http.server
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GRADE = os.path.join(ROOT, "target", "release", "grade")


def option(name, default):
    if name in sys.argv:
        return int(sys.argv[sys.argv.index(name) + 1])
    return default


LATENCY = option("--latency", 100) / 1000
ROUNDS = option("--rounds", 9)


class Slow(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=os.path.join(ROOT, "fixtures", "curriculum"), **kwargs)

    def do_GET(self):
        time.sleep(LATENCY)
        super().do_GET()

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port):
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"nothing answers on port {port}")


def timed(args, env):
    started = time.perf_counter()
    done = subprocess.run([GRADE, *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    # A block holds the header parser too, whose hints fail against this app: exit 1.
    if done.returncode not in (0, 1):
        sys.exit(f"grade {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return elapsed


def main():
    if not os.path.exists(GRADE):
        sys.exit("build grade first: cargo build --release")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    source = f"http://127.0.0.1:{server.server_address[1]}"
    port = free_port()
    app = subprocess.Popen(
        ["node", os.path.join(ROOT, "fixtures", "reference", "timestamp.js")],
        env={**os.environ, "PORT": str(port)},
        stdout=subprocess.DEVNULL,
    )
    work = tempfile.mkdtemp(prefix="grade-bench-curriculum-")
    try:
        wait_for(port)
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "GRADE_CURRICULUM_SOURCE": source, "LANG": "C"}
        pulled = os.path.join(work, "pulled")
        warm = os.path.join(work, "warm")
        subprocess.run(
            [GRADE, "pull", "timestamp-microservice", "--to", pulled],
            env={**env, "XDG_CACHE_HOME": warm},
            check=True,
            capture_output=True,
        )
        cases = {"from a folder": [], "cold cache": [], "warm cache": [], "block, cold": []}
        for round_ in range(ROUNDS):
            cold = os.path.join(work, f"cold-{round_}")
            block = os.path.join(work, f"block-{round_}")
            cases["from a folder"].append(
                timed(["--url", url, "--challenges", pulled, "timestamp-microservice"], env)
            )
            cases["cold cache"].append(
                timed(["--url", url, "timestamp-microservice"], {**env, "XDG_CACHE_HOME": cold})
            )
            cases["warm cache"].append(
                timed(["--url", url, "timestamp-microservice"], {**env, "XDG_CACHE_HOME": warm})
            )
            # The block's order first, then its files: two round trips.
            cases["block, cold"].append(
                timed(
                    ["--url", url, "--lang", "es", "back-end-development-and-apis-projects"],
                    {**env, "XDG_CACHE_HOME": block},
                )
            )
        print(f"source latency {LATENCY * 1000:.0f} ms, {ROUNDS} rounds, median wall time:")
        base = statistics.median(cases["from a folder"])
        for name, times in cases.items():
            median = statistics.median(times)
            print(f"  {name:15} {median * 1000:7.0f} ms  ({(median - base) * 1000:+.0f} ms)")
    finally:
        app.terminate()
        app.wait()
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)


main()
