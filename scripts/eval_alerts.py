"""Score the product itself: the alerts the monitor raises over a labelled set served as a news site.

    python scripts/eval_alerts.py [SET] [--verbose]

Serves SET (default ../shared/eval/dev, the shared dev set beside the repository) with
scripts/feedsite.py on a free loopback port, loads the
baseline from data/seeds into a fresh home, runs the real monitor flow on the site's German and
English feeds, and scores `stancewatch alerts list --format json` with scripts/score.py alerts.
Prints the scorer's JSON summary as its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# the shared labelled dev set: beside the repository, never copied into it
SHARED_DEV = ROOT.parent / "shared" / "eval" / "dev"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"feed site did not start on port {port}")


def stancewatch(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run([PY, "-m", "stancewatch", *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"stancewatch {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result.stdout


def evaluate(label_set: Path, verbose: bool = False) -> dict[str, object]:
    """Run the whole pipeline over ``label_set`` and return the alert scores."""
    port = free_port()
    site = subprocess.Popen([PY, str(ROOT / "scripts" / "feedsite.py"), str(label_set), "--port", str(port)],
                            stderr=subprocess.DEVNULL)
    try:
        wait_for(port)
        with tempfile.TemporaryDirectory() as home:
            feeds = Path(home) / "feeds.yaml"
            feeds.write_text(
                "feeds:\n"
                f"  - {{name: eval-de, url: 'http://127.0.0.1:{port}/feeds/de.xml', lang: de, relevance_filter: false}}\n"
                f"  - {{name: eval-en, url: 'http://127.0.0.1:{port}/feeds/en.atom', lang: en, relevance_filter: false}}\n"
            )
            env = {k: v for k, v in os.environ.items() if not k.startswith("STANCEWATCH_")}
            env.update(STANCEWATCH_HOME=home, STANCEWATCH_FEEDS_FILE=str(feeds),
                       STANCEWATCH_ALLOW_PRIVATE_ADDRESSES="1", STANCEWATCH_HOST_INTERVAL_SECONDS="0", DO_NOT_TRACK="1")
            stancewatch(["baseline", "load", str(ROOT / "data" / "seeds")], env)
            stancewatch(["run"], env)
            alerts = Path(home) / "alerts.json"
            alerts.write_text(stancewatch(["alerts", "list", "--format", "json"], env))
            command = [PY, str(ROOT / "scripts" / "score.py"), "alerts", str(label_set), str(alerts),
                       "--baseline", str(ROOT / "data" / "seeds" / "baseline.jsonl")]
            scored = subprocess.run(command + (["--verbose"] if verbose else []), capture_output=True, text=True, check=True)
    finally:
        site.terminate()
        site.wait()
    if verbose:
        print(scored.stdout.rstrip())
    return dict(json.loads(scored.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set", nargs="?", default=str(SHARED_DEV))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if not (Path(args.set) / "gold.jsonl").is_file():
        parser.error(f"no labelled set at {args.set} (gold.jsonl and articles/): the shared dev set lives "
                     "beside the repository, in ../shared/eval/dev")
    summary = evaluate(Path(args.set), args.verbose)
    if not args.verbose:
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
