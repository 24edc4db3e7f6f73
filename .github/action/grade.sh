#!/usr/bin/env bash
# The action's second step: runs `grade` with the action's inputs and ends with its exit code,
# which is also the step's output `exit-code`.
#
# Reads GRADE (the binary), GRADE_URL, GRADE_CHALLENGES, GRADE_LANGUAGE, GRADE_PROFILE,
# GRADE_FORMAT and GRADE_ARGS (set by action.yml), and the runner's GITHUB_OUTPUT.
set -uo pipefail

# Splits $1 into words as a shell would (quotes and backslashes), writing each followed by a NUL
# byte. xargs does the splitting: nothing in the text is ever run or expanded.
split_words() {
  [ -n "${1//[[:space:]]/}" ] || return 0
  printf '%s' "$1" | xargs printf '%s\0'
}

arguments=()
add_words() {
  local words word
  words=$(mktemp)
  if ! split_words "$2" >"$words"; then
    echo "::error title=grade action::the $1 input has an unmatched quote: $2"
    rm -f "$words"
    exit 2
  fi
  while IFS= read -r -d '' word; do
    arguments+=("$word")
  done <"$words"
  rm -f "$words"
}

[ -z "$GRADE_FORMAT" ] || arguments+=(--format "$GRADE_FORMAT")
[ -z "$GRADE_URL" ] || arguments+=(--url "$GRADE_URL")
[ -z "$GRADE_LANGUAGE" ] || arguments+=(--lang "$GRADE_LANGUAGE")
[ -z "$GRADE_PROFILE" ] || arguments+=(--profile "$GRADE_PROFILE")
add_words args "$GRADE_ARGS"
add_words challenges "$GRADE_CHALLENGES"

# macOS's bash 3.2 treats an empty array as unset under `set -u`; hence the `+` form.
"$GRADE" ${arguments[@]+"${arguments[@]}"}
code=$?
echo "exit-code=$code" >>"$GITHUB_OUTPUT"
exit "$code"
