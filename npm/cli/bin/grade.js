#!/usr/bin/env node
// Runs the `grade` binary from the platform package npm installed beside this one, as if it had
// been run directly: the same arguments, standard input, output and error, exit code, and
// signals. Nothing is downloaded here or at install time.
"use strict";

const { spawn } = require("child_process");
const path = require("path");
const { PLATFORMS, packageName, binaryName } = require("../lib/platforms.js");

// grade's own code for "grade itself could not work"; 1 would read as a hint that failed.
const CANNOT_RUN = 4;

const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGBREAK"];

// On Windows, Ctrl-C and Ctrl-Break reach every process of the console, the child included, and
// passing them on would mean killing it outright: this process only waits for the child then.
const CONSOLE_EVENTS = process.platform === "win32" ? ["SIGINT", "SIGBREAK"] : [];

function main() {
  const candidates = PLATFORMS.filter((p) => p.os === process.platform && p.cpu === process.arch);
  const binary = installedBinary(candidates);
  if (!binary) {
    process.stderr.write(missingMessage(candidates));
    process.exit(CANNOT_RUN);
  }
  run(binary, process.argv.slice(2));
}

/** The first of `candidates` whose package is installed (npm installs only the one whose libc
 * matches, so on Linux the glibc and musl packages are tried in the machine's order). */
function installedBinary(candidates) {
  const ordered = candidates.length > 1 ? byLibc(candidates) : candidates;
  for (const platform of ordered) {
    let manifest;
    try {
      manifest = require.resolve(`${packageName(platform)}/package.json`);
    } catch {
      continue;
    }
    return path.join(path.dirname(manifest), "bin", binaryName(platform));
  }
  return null;
}

function byLibc(candidates) {
  const libc = detectLibc();
  return [...candidates].sort((a, b) => (b.libc === libc) - (a.libc === libc));
}

/** "glibc" or "musl"; Node reports the glibc version it runs on, and nothing under musl. */
function detectLibc() {
  if (process.platform !== "linux" || !process.report) return null;
  try {
    process.report.excludeNetwork = true;
    return process.report.getReport().header.glibcVersionRuntime ? "glibc" : "musl";
  } catch {
    return null;
  }
}

function missingMessage(candidates) {
  const here = `${process.platform} ${process.arch}`;
  const source =
    "help: build it from source instead, with Rust 1.89 or later, in a clone of grader's repository:\n" +
    "        cargo install --locked --path .\n";
  if (candidates.length === 0) {
    return `error: there is no prebuilt \`grade\` for ${here}\n${source}`;
  }
  const [wanted] = byLibc(candidates);
  return (
    `error: the package that holds \`grade\` for ${here}${wanted.libc ? ` (${detectLibc() || wanted.libc})` : ""}, ` +
    `\`${packageName(wanted)}\`, is not installed\n` +
    "help: it is an optional dependency of @grader/cli: install again without `--omit=optional` or `--no-optional`, " +
    "and with both tarballs when installing from files\n" +
    source
  );
}

function run(binary, args) {
  // Run through npx, `grade` says `npx grade` in the commands it suggests.
  const env = { ...process.env };
  if (process.env.npm_command === "exec") env.GRADE_LAUNCHER = "npx";
  const child = spawn(binary, args, { stdio: "inherit", env });
  // A terminal's Ctrl-C reaches the whole foreground group, `grade` included; a signal sent to
  // this process alone (by a supervisor, `kill`, npm) must be passed on, and this process must
  // outlive the child to report how it ended.
  const handlers = new Map();
  for (const signal of FORWARDED) {
    const handler = () => {
      if (CONSOLE_EVENTS.includes(signal)) return;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    try {
      process.on(signal, handler);
      handlers.set(signal, handler);
    } catch {
      // A signal this system does not have.
    }
  }
  child.on("error", (error) => {
    const reason = error.code === "ENOENT" ? "it is missing" : error.message;
    process.stderr.write(`error: could not run \`${binary}\`: ${reason}\n`);
    process.exit(CANNOT_RUN);
  });
  child.on("exit", (code, signal) => {
    for (const [name, handler] of handlers) process.removeListener(name, handler);
    if (signal) {
      // End the same way the child did, so the caller sees the signal (a shell: 128 + its number).
      process.kill(process.pid, signal);
      // Should the signal not end this process (one that is ignored here), exit as a shell would.
      const number = require("os").constants.signals[signal] || 0;
      process.exit(128 + number);
    }
    process.exit(code === null ? 1 : code);
  });
}

main();
