"""Reads a gradebook export as the learning system it is for documents its CSV import, and
prints what that system would take from it as JSON; a file it would refuse exits 1 with why.

usage: lms_import.py canvas FILE | lms_import.py moodle FILE IDENTIFIER
"""
import csv
import json
import sys

CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
# Columns Canvas reads but never imports as assignments.
CANVAS_IGNORED = {"Current Score", "Final Score", "Unposted Current Score", "Unposted Final Score",
                  "Current Grade", "Final Grade", "Integration ID", "Notes"}


def refuse(why):
    print(json.dumps({"refused": why}))
    sys.exit(1)


def rows_of(path):
    with open(path, encoding="utf-8", newline="") as file:
        text = file.read()
    if text.startswith("\ufeff"):
        refuse("a byte-order mark before the first header")
    return list(csv.reader(text.splitlines(keepends=True)))


def number(text, where):
    try:
        return float(text)
    except ValueError:
        refuse(f"{where}: `{text}` is not a number")


def canvas(path):
    # Canvas's gradebook import: the first row names the columns, the student columns first;
    # every other column is an assignment (a new one when its title has no `(id)`); a row whose
    # first cell is "Points Possible" gives each assignment's points; students are matched on
    # ID, else SIS User ID, else SIS Login ID; a score is a number, or empty for no change.
    rows = rows_of(path)
    header = rows[0]
    if header[:5] != CANVAS_COLUMNS:
        refuse(f"the first columns are {header[:5]}")
    assignments = [(i, h) for i, h in enumerate(header) if i >= 5 and h not in CANVAS_IGNORED]
    possible = {}
    students = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            refuse(f"row {line} has {len(row)} cells for {len(header)} columns")
        if row[0].strip() == "Points Possible":
            possible = {h: number(row[i], f"row {line}") for i, h in assignments}
            continue
        match = next(((k, row[i]) for i, k in ((1, "id"), (2, "sis_user_id"), (3, "sis_login_id")) if row[i]), None)
        if match is None:
            refuse(f"row {line}: no ID, SIS User ID or SIS Login ID to match the student on")
        scores = {h: (number(row[i], f"row {line}") if row[i] != "" else None) for i, h in assignments}
        for h, score in scores.items():
            if score is not None and h in possible and score > possible[h]:
                refuse(f"row {line}: {score} is above the {possible[h]} points of {h}")
        students.append({"name": row[0], "matched_on": match[0], "key": match[1],
                         "section": row[4], "scores": scores})
    print(json.dumps({"assignments": [h for _, h in assignments], "points_possible": possible,
                      "students": students}))


def moodle(path, identifier):
    # Moodle's grade import from CSV (encoding UTF-8, separator comma): the first row names the
    # columns; the teacher maps one column onto a user field (email address or ID number) and
    # every other column onto a grade item (a new one by default); a grade is a number, and an
    # empty cell is left alone.
    fields = {"email": "useremail", "idnumber": "useridnumber"}
    rows = rows_of(path)
    header = rows[0]
    if identifier not in header:
        refuse(f"no `{identifier}` column to map onto the users")
    column = header.index(identifier)
    items = [(i, h) for i, h in enumerate(header) if i != column]
    grades = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            refuse(f"row {line} has {len(row)} cells for {len(header)} columns")
        if not row[column]:
            refuse(f"row {line}: no {identifier}")
        grades.append({"user": row[column],
                       "grades": {h: number(row[i], f"row {line}") for i, h in items if row[i] != ""}})
    print(json.dumps({"map_from": identifier, "map_to": fields[identifier],
                      "items": [h for _, h in items], "grades": grades}))


if __name__ == "__main__":
    if sys.argv[1] == "canvas":
        canvas(sys.argv[2])
    else:
        moodle(sys.argv[2], sys.argv[3])
