#!/usr/bin/env python3
"""Compares two `grade` binaries hint for hint, for a machine whose wall-clock times wander
(a shared virtual machine): both grade the same challenges against the same loopback server,
taking turns, and the CPU time of each run's whole process tree (grade and its hint workers) is
compared as well as its wall time. Two workloads: N trivial hints (engine set-up and an
assertion), and N hints that each fetch a page from the server.

usage: compare.py BINARY_A BINARY_B [--hints N] [--rounds R]     (default: 300 hints, 9 rounds)
"""
import http.server
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time


class Page(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out as two writes; without this, delayed ACKs add 40 ms to each.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a worker that closes its connection when its hint ends


def challenge(folder, name, code, hints):
    text = f"---\nid: {name}\ntitle: {name}\nchallengeType: 2\ndashedName: {name}\n---\n\n# --hints--\n\n"
    text += "".join(f"Hint {n}.\n\n```js\n{code}\n```\n\n" for n in range(1, hints + 1))
    with open(os.path.join(folder, f"{name}.md"), "w") as f:
        f.write(text)


def run(binary, url, folder, name):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([binary, "--url", url, "--challenges", folder, "-j", "1", "--no-cors-check",
                           "--format", "json", name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{binary} exited with {done.returncode} on {name}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    args = sys.argv[1:]
    hints, rounds = 300, 9
    if "--hints" in args:
        hints = int(args.pop(args.index("--hints") + 1))
        args.remove("--hints")
    if "--rounds" in args:
        rounds = int(args.pop(args.index("--rounds") + 1))
        args.remove("--rounds")
    if len(args) != 2:
        sys.exit(__doc__)
    binaries = [os.path.abspath(a) for a in args]
    server = Server(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    folder = tempfile.mkdtemp(prefix="grade-compare-")
    try:
        workloads = {
            "trivial": "assert.isTrue(true);",
            "fetch": "const res = await fetch(code + '/page');\nassert.isTrue((await res.json()).ok);",
        }
        for name, code in workloads.items():
            challenge(folder, name, code, hints)
        seen = {(b, w): [] for b in binaries for w in workloads}
        for _ in range(rounds):
            for name in workloads:
                order = binaries[:]
                random.shuffle(order)
                for binary in order:
                    seen[(binary, name)].append(run(binary, url, folder, name))
        print(f"{hints} hints a run, {rounds} runs each, taking turns; per hint, median (best)")
        print(f"{'workload':>8}  {'binary':<40} {'wall ms':>14} {'cpu ms':>14}")
        for name in workloads:
            cpu = {}
            for binary in binaries:
                walls = [w for w, _ in seen[(binary, name)]]
                cpus = [c for _, c in seen[(binary, name)]]
                per = lambda xs, f: f(xs) * 1000 / hints
                cpu[binary] = statistics.median(cpus)
                print(f"{name:>8}  {binary[-40:]:<40} {per(walls, statistics.median):7.3f} ({per(walls, min):.3f}) "
                      f"{per(cpus, statistics.median):7.3f} ({per(cpus, min):.3f})")
            a, b = binaries
            print(f"{'':>8}  B against A, CPU: {100 * (cpu[b] / cpu[a] - 1):+.1f}%")
    finally:
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
