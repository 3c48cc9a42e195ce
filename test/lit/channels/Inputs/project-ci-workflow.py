#!/usr/bin/env python3
"""project-ci-workflow.py WORKFLOW OUT: checks examples/ci/github-actions.yml
(YAML, permissions, the uploaded file is the one coroguard writes) and
writes the `run:` commands of its coroguard steps to OUT as a shell script,
so the test can run them."""
import sys
import yaml

wf = yaml.safe_load(open(sys.argv[1]))
job = wf["jobs"]["coroguard"]
assert wf["permissions"]["security-events"] == "write", "upload-sarif needs security-events: write"
steps = job["steps"]
upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
assert len(upload) == 1, "one upload-sarif step"
sarif = upload[0]["with"]["sarif_file"]
runs = [s["run"] for s in steps if "run" in s and s["run"].lstrip().startswith("coroguard ")]
assert len(runs) == 2, runs
assert any("--format=sarif" in r and f"-o {sarif}" in r for r in runs), "the SARIF step writes the uploaded file"
assert any("--format=github" in r and "--baseline=" in r for r in runs), "the gate annotates the pull request"
with open(sys.argv[2], "w") as out:
    out.write("set -e\n")
    for r in runs:
        out.write(" ".join(r.split()) + "\n")
print("workflow ok:", sarif)
