"""Run the fault-injection suite against real local servers and print what it tried and what survived.

    python scripts/fault_report.py

Runs the fault tests (reliability, crash, fetch, article) with pytest, collects each fault's outcome,
and prints a table and one JSON line: faults tried, survived, items lost, duplicate emails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ["tests/test_reliability.py", "tests/test_crash.py", "tests/test_fetch.py", "tests/test_article.py"]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "faults.json"
        env = dict(os.environ, STANCEWATCH_FAULT_REPORT=str(report))
        result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *MODULES],
                                cwd=ROOT, env=env, capture_output=True, text=True)
        rows = json.loads(report.read_text()) if report.exists() else []
    width = max((len(r["fault"]) for r in rows), default=10)
    for row in rows:
        print(f"{row['fault']:<{width}}  {'survived' if row['survived'] else 'FAILED'}  "
              f"lost={row['lost']} duplicate_emails={row['duplicate_emails']}")
    if result.returncode != 0:
        print(result.stdout[-6000:], result.stderr[-2000:], sep="\n")
    print(result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-2000:])
    summary = {
        "faults_tried": len(rows),
        "faults_survived": sum(1 for r in rows if r["survived"]),
        "items_lost": sum(int(r["lost"]) for r in rows),
        "duplicate_emails": sum(int(r["duplicate_emails"]) for r in rows),
        "tests_passed": result.returncode == 0,
    }
    print(json.dumps(summary))
    return 0 if result.returncode == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
