// The platforms `grade` is built for: one npm package each, named @grader/cli-NAME, marked with
// the `os`, `cpu` and `libc` npm matches against the installing machine, so that npm installs
// only the one that fits. The launcher, the pack script and the release workflow read this list.
"use strict";

const SCOPE = "@grader/cli";

const PLATFORMS = [
  { name: "linux-x64-gnu", os: "linux", cpu: "x64", libc: "glibc", target: "x86_64-unknown-linux-gnu", label: "Linux x64 (glibc 2.17 or later)" },
  { name: "linux-arm64-gnu", os: "linux", cpu: "arm64", libc: "glibc", target: "aarch64-unknown-linux-gnu", label: "Linux arm64 (glibc 2.17 or later)" },
  { name: "linux-x64-musl", os: "linux", cpu: "x64", libc: "musl", target: "x86_64-unknown-linux-musl", label: "Linux x64 (musl, static)" },
  { name: "linux-arm64-musl", os: "linux", cpu: "arm64", libc: "musl", target: "aarch64-unknown-linux-musl", label: "Linux arm64 (musl, static)" },
  { name: "darwin-x64", os: "darwin", cpu: "x64", target: "x86_64-apple-darwin", label: "macOS x64" },
  { name: "darwin-arm64", os: "darwin", cpu: "arm64", target: "aarch64-apple-darwin", label: "macOS arm64" },
  { name: "win32-x64", os: "win32", cpu: "x64", target: "x86_64-pc-windows-msvc", label: "Windows x64" },
];

/** The npm package that holds the binary for `platform`. */
function packageName(platform) {
  return `${SCOPE}-${platform.name}`;
}

/** The binary's file name inside its package. */
function binaryName(platform) {
  return platform.os === "win32" ? "grade.exe" : "grade";
}

module.exports = { SCOPE, PLATFORMS, packageName, binaryName };
