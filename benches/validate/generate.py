#!/usr/bin/env python3
"""Writes a synthetic curriculum for benchmarks: LANGUAGES language folders x FILES challenge
files each, in freeCodeCamp's <language>/<block>/<id>.md layout. Translations share ids and hint
code with English, as a consistent curriculum does.

usage: generate.py LANGUAGES FILES OUT_DIR    (12 x 15000 is the 180,000-file benchmark)
"""
import os
import random
import sys

LANGUAGE_FOLDERS = ["english", "german", "portuguese", "espanol", "chinese", "japanese",
                    "arabic", "italian", "ukrainian", "korean", "swahili", "french"]
WORDS = ("route request response server session user cookie handler middleware template "
         "database query token header status redirect login logout profile page").split()


def sentence(rng, words):
    return " ".join(rng.choice(words) for _ in range(rng.randint(6, 16))).capitalize() + "."


def hint_code(rng, n):
    path = "/" + "-".join(rng.choice(WORDS) for _ in range(2))
    lines = [
        f"const res = await fetch(new URL('{path}', code));",
        f"assert.strictEqual(res.status, {rng.choice([200, 302, 404])}, 'hint {n} status');",
        "const body = await res.text();",
    ]
    for _ in range(rng.randint(1, 4)):
        lines.append(f"assert.match(body, /{rng.choice(WORDS)}/i, 'the page should mention it');")
    return "\n".join(lines)


def challenge(rng, language, index, words, hints):
    # A leading letter keeps YAML from reading an id such as 000...0e10 as a number.
    challenge_id = f"c{index:023x}"
    text = [
        "---",
        f"id: {challenge_id}",
        f"title: {sentence(rng, words)[:-1]}",
        "challengeType: 2",
        f"forumTopicId: {300000 + index}",
        f"dashedName: challenge-{index}",
        "---",
        "",
        "# --description--",
        "",
    ]
    for _ in range(rng.randint(2, 5)):
        text += [sentence(rng, words) + " " + sentence(rng, words), ""]
    # What translators must keep: inline code, a link, an HTML tag, a code block.
    text += [f"Call `res.send()` from a <code>GET</code> handler, as [the guide](https://example.com/guide/{index}) shows.", ""]
    text += ["```js", "app.get('/x', (req, res) => res.send('ok'));", "```", "", "# --hints--", ""]
    for n, code in enumerate(hints, start=1):
        text += [f"`/x` should work ({language}, {n}): " + sentence(rng, words), "", "```js", code, "```", ""]
    text += ["# --solutions--", "", "```js", "/* no solution */", "```", ""]
    return challenge_id, "\n".join(text)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    languages, files, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    structure = random.Random(7)
    hints = [[hint_code(structure, n) for n in range(1, structure.randint(2, 6))] for _ in range(files)]
    for language in LANGUAGE_FOLDERS[:languages]:
        rng = random.Random(language)
        words = [w + ("" if language == "english" else language[:2]) for w in WORDS]
        for index in range(files):
            block = os.path.join(out, language, f"block-{index // 100:04d}")
            os.makedirs(block, exist_ok=True)
            challenge_id, text = challenge(rng, language, index, words, hints[index])
            with open(os.path.join(block, challenge_id + ".md"), "w", encoding="utf-8") as f:
                f.write(text)


if __name__ == "__main__":
    main()
