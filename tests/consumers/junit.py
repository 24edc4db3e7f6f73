"""Reads a JUnit XML file with junitparser and prints what it understood as JSON."""
import json
import sys

from junitparser import Error, Failure, JUnitXml

xml = JUnitXml.fromfile(sys.argv[1])
suites = []
for suite in xml:
    cases = []
    for case in suite:
        results = [type(r).__name__ for r in case.result]
        messages = [r.message for r in case.result if isinstance(r, (Failure, Error))]
        cases.append({"name": case.name, "classname": case.classname, "results": results,
                      "messages": messages, "system_out": case.system_out})
    suites.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures,
                   "errors": suite.errors, "cases": cases})
print(json.dumps({"suites": suites}))
