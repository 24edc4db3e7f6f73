#!/usr/bin/env python3
"""Measures the lab's HTML matrix at the size maintainers run it: 12 apps (the lab-check fixture
under 12 names, each solving its own challenge of 8 hints) in 12 languages, 4 mutants each, two
rounds, with hint 3 changed in five translations of every challenge so the page has findings to
list. Prints the lab's wall time, the page's size, and the time headless Chromium takes to load
it and lay it out (tests/consumers/lab-navigate.mjs), at 1400 and at 480 pixels wide.

usage: matrix.py [--apps N] [--languages N] [--keep DIR]
Needs node, Chromium (CHROMIUM or /usr/bin/chromium) and a built `target/release/grade` (or
GRADE); installs the fixture's and the consumers' npm packages when they are missing.
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
FOLDERS = ["english", "german", "portuguese", "espanol", "arabic", "chinese",
           "chinese-traditional", "japanese", "italian", "ukrainian", "korean", "swahili"]
ANSWER = "const res = await fetch(code + '/api/answer');\nassert.strictEqual((await res.json()).answer, 42);"
GREETING = "const res = await fetch(code + '/api/greeting');\nassert.equal((await res.json()).greeting, 'hello');"
CHANGED = "const res = await fetch(code + '/api/greeting');\nassert.equal((await res.json()).greeting, 'hallo');"
MUTANTS = [("wrong-answer", "MUTANT_WRONG_ANSWER"), ("answer-as-text", "MUTANT_STRING_ANSWER"),
           ("wrong-answer-2", "MUTANT_WRONG_ANSWER"), ("answer-as-text-2", "MUTANT_STRING_ANSWER")]


def npm_ci(folder):
    if not os.path.isdir(os.path.join(folder, "node_modules")):
        subprocess.run(["npm", "ci", "--silent", "--prefix", folder], check=True)


def write_curriculum(top, apps, languages):
    for a in range(apps):
        ident = "5f00000000000000000000%02x" % a
        for index, folder in enumerate(FOLDERS[:languages]):
            hints = [ANSWER, GREETING] * 4
            if 1 <= index <= 5:
                hints[2] = CHANGED
            block = os.path.join(top, folder, "block-%02d" % a)
            os.makedirs(block, exist_ok=True)
            text = "---\nid: %s\ntitle: Challenge %d\nchallengeType: 2\ndashedName: challenge-%d\n---\n\n# --description--\n\nA challenge.\n\n# --hints--\n\n" % (ident, a, a)
            for n, code in enumerate(hints):
                text += "Hint %d.\n\n```js\n%s\n```\n\n" % (n + 1, code)
            with open(os.path.join(block, "challenge.md"), "w") as f:
                f.write(text)


def write_manifest(path, apps):
    app_dir = os.path.join(ROOT, "fixtures", "lab-check")
    body = 'challenges = "curriculum"\n'
    for a in range(apps):
        body += '\n[[app]]\nname = "app-%02d"\nstart = "node server.js"\ndir = "%s"\nchallenges = ["challenge-%d"]\n' % (a, app_dir, a)
        for name, var in MUTANTS:
            body += '\n  [[app.mutant]]\n  name = "%s"\n  env = { %s = "1" }\n' % (name, var)
    with open(path, "w") as f:
        f.write(body)


def main():
    args = sys.argv[1:]
    apps, languages, keep = 12, 12, None
    while args:
        arg = args.pop(0)
        if arg == "--apps":
            apps = int(args.pop(0))
        elif arg == "--languages":
            languages = int(args.pop(0))
        elif arg == "--keep":
            keep = args.pop(0)
    grade = os.environ.get("GRADE", os.path.join(ROOT, "target", "release", "grade"))
    npm_ci(os.path.join(ROOT, "fixtures", "lab-check"))
    npm_ci(os.path.join(ROOT, "tests", "consumers"))
    work = tempfile.mkdtemp(prefix="grade-matrix-")
    try:
        write_curriculum(os.path.join(work, "curriculum"), apps, languages)
        manifest = os.path.join(work, "lab.toml")
        write_manifest(manifest, apps)
        page = os.path.join(work, "lab.html")
        began = time.monotonic()
        run = subprocess.run([grade, "lab", manifest, "--all-languages", "--format", "json",
                              "--report-html", page], capture_output=True, text=True)
        took = time.monotonic() - began
        if run.returncode not in (0, 1):
            sys.exit("grade lab failed (%d):\n%s" % (run.returncode, run.stderr[-4000:]))
        report = json.loads(run.stdout)
        print("lab: %d apps x %d languages, %d hint runs in %.1f s, %d findings listed"
              % (apps, languages, report["runs"], took, len(report["diagnostics"])))
        print("page: %.0f KiB" % (os.path.getsize(page) / 1024))
        env = dict(os.environ, CHROMIUM=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
        for width in ("1400", "480"):
            seen = subprocess.run(["node", "lab-navigate.mjs", page, width], capture_output=True,
                                  text=True, env=env, cwd=os.path.join(ROOT, "tests", "consumers"),
                                  check=True)
            seen = json.loads(seen.stdout)
            timing = seen["timing"]
            print("chromium at %spx: DOMContentLoaded %.0f ms, load %.0f ms, layout %.0f ms, "
                  "opened in %d ms; %d matrices, last column reachable: %s"
                  % (width, timing["domContentLoaded"], timing["load"], timing["layout"],
                     seen["opened"], seen["layout"]["tables"],
                     (seen["scrolled"] or {}).get("lastVisible")))
        if keep:
            shutil.copy(page, keep)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
