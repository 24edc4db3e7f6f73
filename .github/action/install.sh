#!/usr/bin/env bash
# The action's first step: puts a `grade` binary on PATH and says where it is (output `path`).
# Either the binary the `binary` input names, or the release archive for this runner from this
# repository's GitHub releases, checked against its published SHA-256 before it is unpacked.
#
# Reads GRADE_BINARY, GRADE_VERSION, ACTION_REF, ACTION_REPOSITORY, WORKFLOW_REPOSITORY,
# SERVER_URL, RUNNER_OS_NAME and RUNNER_ARCH_NAME (set by action.yml), and the runner's
# GITHUB_ACTION_PATH, RUNNER_TEMP, GITHUB_OUTPUT and GITHUB_PATH.
set -euo pipefail

fail() {
  echo "::error title=grade action::$1"
  exit 1
}

if [ -n "${GRADE_BINARY:-}" ]; then
  [ -f "$GRADE_BINARY" ] || fail "the binary input names \`$GRADE_BINARY\`, which is not a file"
  binary="$(cd "$(dirname "$GRADE_BINARY")" && pwd)/$(basename "$GRADE_BINARY")"
else
  case "$RUNNER_OS_NAME/$RUNNER_ARCH_NAME" in
    Linux/X64) target=x86_64-unknown-linux-gnu ;;
    Linux/ARM64) target=aarch64-unknown-linux-gnu ;;
    macOS/X64) target=x86_64-apple-darwin ;;
    macOS/ARM64) target=aarch64-apple-darwin ;;
    Windows/X64) target=x86_64-pc-windows-msvc ;;
    *) fail "there is no released grade for $RUNNER_OS_NAME on $RUNNER_ARCH_NAME; build one (cargo install --locked --path .) and pass it as the binary input" ;;
  esac
  # A job in an Alpine container has musl, not glibc: it gets the static musl build.
  if [ "$RUNNER_OS_NAME" = Linux ] && compgen -G "/lib/ld-musl-*" >/dev/null; then
    target=${target%-gnu}-musl
  fi

  # Which repository's releases: the action's own, which the runner names in the path it checked
  # the action out to (_actions/OWNER/REPO/REF) should ACTION_REPOSITORY be empty; for an action
  # used from the workflow's own checkout (`uses: ./`), the workflow's repository.
  repository=${ACTION_REPOSITORY:-}
  ref=${ACTION_REF:-}
  case "$GITHUB_ACTION_PATH" in
    */_actions/*/*/*)
      within=${GITHUB_ACTION_PATH#*/_actions/}
      [ -n "$repository" ] || repository=$(echo "$within" | cut -d/ -f1-2)
      [ -n "$ref" ] || ref=$(echo "$within" | cut -d/ -f3-)
      ;;
  esac
  [ -n "$repository" ] || repository=$WORKFLOW_REPOSITORY

  version=${GRADE_VERSION#v}
  if [ -z "$version" ] && [[ "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]]; then
    version=${ref#v}
  fi
  archive=grade-$target.tar.gz
  [ "$target" != x86_64-pc-windows-msvc ] || archive=grade-$target.zip
  if [ -n "$version" ]; then
    address=$SERVER_URL/$repository/releases/download/v$version/$archive
  else
    address=$SERVER_URL/$repository/releases/latest/download/$archive
  fi

  folder=$RUNNER_TEMP/grade-${version:-latest}-$target
  mkdir -p "$folder"
  echo "downloading $address"
  curl --fail --silent --show-error --location --retry 3 --output "$folder/$archive" "$address" ||
    fail "could not download $address (is there a release${version:+ v$version} with binaries?)"
  curl --fail --silent --show-error --location --retry 3 --output "$folder/$archive.sha256" "$address.sha256" ||
    fail "could not download the checksum $address.sha256"
  expected=$(cut -d' ' -f1 <"$folder/$archive.sha256")
  if command -v sha256sum >/dev/null; then
    actual=$(sha256sum "$folder/$archive" | cut -d' ' -f1)
  else
    actual=$(shasum -a 256 "$folder/$archive" | cut -d' ' -f1)
  fi
  [ "$actual" = "$expected" ] || fail "$archive has SHA-256 $actual, but the release says $expected"
  case "$archive" in
    *.zip)
      if command -v unzip >/dev/null; then
        unzip -o -q "$folder/$archive" -d "$folder"
      else
        7z x -y -o"$folder" "$folder/$archive" >/dev/null
      fi
      ;;
    *) tar -xzf "$folder/$archive" -C "$folder" ;;
  esac
  binary=$folder/grade
  [ "$target" != x86_64-pc-windows-msvc ] || binary=$folder/grade.exe
fi

"$binary" --version
echo "path=$binary" >>"$GITHUB_OUTPUT"
dirname "$binary" >>"$GITHUB_PATH"
