#!/usr/bin/env python3
"""validate_sarif.py SCHEMA REPORT [--github]

Validates REPORT against the SARIF 2.1.0 JSON schema SCHEMA (the official
OASIS file, shipped in the test tree because it cannot be downloaded at test
time). With --github it also checks what GitHub code scanning needs beyond
the schema: one run, a rule for every ruleId (ruleIndex pointing at it),
a repository-relative location with a region for every result, and
partialFingerprints. Prints every problem and exits 1 if there is one.

Needs the `jsonschema` module (Debian: python3-jsonschema). If the Python
running this script lacks it, the system /usr/bin/python3 is tried.
"""
import json
import os
import sys


def load_jsonschema():
    try:
        import jsonschema  # noqa: F401
        return jsonschema
    except ImportError:
        system = "/usr/bin/python3"
        if (os.environ.get("VALIDATE_SARIF_REEXEC") != "1" and os.path.exists(system)
                and os.path.realpath(sys.executable) != os.path.realpath(system)):
            os.environ["VALIDATE_SARIF_REEXEC"] = "1"
            os.execv(system, [system] + sys.argv)
        sys.stderr.write("validate_sarif.py: the Python module 'jsonschema' is missing "
                         "(Debian: apt-get install python3-jsonschema)\n")
        sys.exit(2)


def github_problems(log):
    problems = []
    runs = log.get("runs") or []
    if len(runs) != 1:
        return [f"expected exactly one run, found {len(runs)}"]
    run = runs[0]
    driver = run.get("tool", {}).get("driver", {})
    if not driver.get("name"):
        problems.append("tool.driver.name is missing")
    rules = driver.get("rules", [])
    ids = [r.get("id") for r in rules]
    if len(set(ids)) != len(ids):
        problems.append("duplicate rule ids")
    for r in rules:
        for key in ("shortDescription", "fullDescription"):
            if not r.get(key, {}).get("text"):
                problems.append(f"rule {r.get('id')}: no {key}.text")
        uri = r.get("helpUri", "")
        if "://" not in uri:
            problems.append(f"rule {r.get('id')}: helpUri '{uri}' is not absolute")
        if r.get("defaultConfiguration", {}).get("level") not in ("note", "warning", "error"):
            problems.append(f"rule {r.get('id')}: no defaultConfiguration.level")
    bases = run.get("originalUriBaseIds", {})
    if "results" not in run:
        problems.append("run.results is missing (GitHub needs it, even empty)")
    for i, res in enumerate(run.get("results", [])):
        where = f"results[{i}]"
        rid = res.get("ruleId")
        if rid not in ids:
            problems.append(f"{where}: ruleId '{rid}' has no rule")
        elif res.get("ruleIndex") != ids.index(rid):
            problems.append(f"{where}: ruleIndex {res.get('ruleIndex')} is not the index of '{rid}'")
        if not res.get("message", {}).get("text"):
            problems.append(f"{where}: no message.text")
        locs = res.get("locations") or []
        if not locs:
            problems.append(f"{where}: no location")
        for loc in locs:
            art = loc.get("physicalLocation", {}).get("artifactLocation", {})
            uri = art.get("uri", "")
            if uri.startswith("/") or "://" in uri:
                problems.append(f"{where}: uri '{uri}' is not repository-relative")
            if art.get("uriBaseId") and art["uriBaseId"] not in bases:
                problems.append(f"{where}: uriBaseId '{art['uriBaseId']}' is not in originalUriBaseIds")
            if loc.get("physicalLocation", {}).get("region", {}).get("startLine", 0) < 1:
                problems.append(f"{where}: no region.startLine")
        if not res.get("partialFingerprints"):
            problems.append(f"{where}: no partialFingerprints")
    return problems


def main():
    args = [a for a in sys.argv[1:] if a != "--github"]
    github = "--github" in sys.argv[1:]
    if len(args) != 2:
        sys.stderr.write(__doc__)
        return 2
    jsonschema = load_jsonschema()
    with open(args[0]) as f:
        schema = json.load(f)
    try:
        with open(args[1]) as f:
            log = json.load(f)
    except ValueError as e:
        print(f"{args[1]}: not JSON: {e}")
        return 1
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    problems = [f"schema: {'/'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message}"
                for e in sorted(validator.iter_errors(log), key=lambda e: list(map(str, e.absolute_path)))]
    if github and not problems:
        problems += [f"github: {p}" for p in github_problems(log)]
    for p in problems:
        print(p)
    if problems:
        print(f"{args[1]}: INVALID ({len(problems)} problem(s))")
        return 1
    print(f"{args[1]}: valid SARIF 2.1.0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
