"""Read a folder of feed files through the real `stancewatch run` and compare each with feedparser.

    python scripts/feed_corpus.py FOLDER [--format json]

Serves FOLDER on a free loopback port (each file at /feeds/<path>, with the HTTP headers its
``Header: Name: value`` lines ask for, else Content-Type application/xml), writes a feeds file with
one entry per file, runs `stancewatch run` over it in a fresh home, and reads each feed's outcome
from `stancewatch feeds --format json`. Each file is also parsed by ``feedparser.parse`` on the same
bytes and headers: a feed feedparser finds well-formed must be read, never rejected. Prints the
counts (tried, read, rejected, crashes, well-formed rejected) and the files that disagree.

Used on the project's own tricky feeds (tests/data/feeds) and on feedparser's own test feeds
(`pip download --no-binary :all: --no-deps feedparser`, its tests/ folder), see tests/test_feed_corpus.py.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import feedparser

from parsers.feeds import HARMLESS_FLAGS

ROOT = Path(__file__).resolve().parent.parent
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
_HEADER_LINE = re.compile(rb"^Header:\s*([^:\r\n]+):\s*(.*?)\s*$", re.MULTILINE)


def served_headers(body: bytes) -> dict[str, str]:
    """The headers a file asks to be served with (``Header: Name: value`` lines), lower-case names."""
    headers = {k.decode("latin-1").strip().lower(): v.decode("latin-1") for k, v in _HEADER_LINE.findall(body)}
    headers.setdefault("content-type", "application/xml")
    return headers


class _Handler(http.server.BaseHTTPRequestHandler):
    folder: Path

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        relative = unquote(urlsplit(self.path).path).removeprefix("/feeds/")
        path = (self.folder / relative).resolve()
        if not path.is_file() or self.folder not in path.parents:
            self.send_error(404)
            return
        body = path.read_bytes()
        headers = served_headers(body)
        status = int(headers.pop("status", "200") or 200)
        self.send_response(status)
        for name, value in headers.items():
            if name not in ("content-length", "content-encoding", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the http.server signature)
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1; yields the base URL (``http://127.0.0.1:PORT``)."""
    handler = type("Handler", (_Handler,), {"folder": folder.resolve()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def feed_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in FEED_SUFFIXES)


def feed_url(base: str, folder: Path, path: Path) -> str:
    return f"{base}/feeds/{quote(path.relative_to(folder).as_posix())}"




def reference(body: bytes, headers: dict[str, str], url: str) -> tuple[bool, int]:
    """feedparser's reading of the bytes with the served headers: (well-formed, linked entries)."""
    given = {k: v for k, v in headers.items() if k in ("content-type", "content-language")}
    given["content-location"] = urljoin(url, headers.get("content-location", "")) or url
    parsed = feedparser.parse(body, response_headers=given)
    flag = parsed.get("bozo_exception") if parsed.get("bozo") else None
    well_formed = bool(parsed.get("version")) and (flag is None or isinstance(flag, HARMLESS_FLAGS))
    return well_formed, sum(1 for e in parsed.entries if e.get("link"))


@dataclass
class Report:
    tried: int = 0
    read: int = 0
    rejected: int = 0
    crashes: int = 0
    well_formed_rejected: int = 0
    run_exit: int | None = None
    disagreements: list[dict[str, str]] = field(default_factory=list)


def run_over(folder: Path, relevance_filter: bool = True, env: dict[str, str] | None = None) -> Report:
    """Every feed file in ``folder`` through one real `stancewatch run`; compared with feedparser."""
    files = feed_files(folder)
    report = Report(tried=len(files))
    with tempfile.TemporaryDirectory(prefix="stancewatch-feeds-") as home, serve_folder(folder) as base:
        names = {f"f{i:05d}": path for i, path in enumerate(files)}
        lines = [f"  - {{name: {name}, url: '{feed_url(base, folder, path)}', lang: en, "
                 f"relevance_filter: {str(relevance_filter).lower()}}}\n" for name, path in names.items()]
        feeds_file = Path(home) / "feeds.yaml"
        feeds_file.write_text("feeds:\n" + "".join(lines), encoding="utf-8")
        run_env = dict(env or os.environ, STANCEWATCH_HOME=str(Path(home) / "data"),
                       STANCEWATCH_FEEDS_FILE=str(feeds_file), STANCEWATCH_ALLOW_PRIVATE_ADDRESSES="1",
                       STANCEWATCH_HOST_INTERVAL_SECONDS="0", STANCEWATCH_HOST_CONCURRENCY="8", DO_NOT_TRACK="1")
        stancewatch = [sys.executable, "-m", "stancewatch"]
        done = subprocess.run([*stancewatch, "run"], env=run_env, cwd=ROOT, capture_output=True, text=True)
        report.run_exit = done.returncode
        if "Traceback" in done.stderr:
            report.crashes += 1
            report.disagreements.append({"file": "(the run)", "problem": done.stderr.strip().splitlines()[-1]})
        listed = subprocess.run([*stancewatch, "feeds", "--format", "json"], env=run_env, cwd=ROOT,
                                capture_output=True, text=True, check=True)
        outcomes = {row["name"]: row for row in json.loads(listed.stdout)}
        for name, path in names.items():
            row = outcomes.get(name, {})
            error = row.get("last_error")
            if row.get("last_status") is None and not error:
                report.crashes += 1
                report.disagreements.append({"file": str(path.relative_to(folder)), "problem": "never polled"})
                continue
            if error and error.startswith("storing failed"):
                report.crashes += 1
            body = path.read_bytes()
            well_formed, _linked = reference(body, served_headers(body), feed_url(base, folder, path))
            if error:
                report.rejected += 1
                if well_formed:
                    report.well_formed_rejected += 1
                    report.disagreements.append({"file": str(path.relative_to(folder)), "problem": error})
            else:
                report.read += 1
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--format", choices=["table", "json"], default="table")
    args = parser.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"error: {args.folder}: no such folder (give a folder of feed files)")
    report = run_over(args.folder)
    if args.format == "json":
        print(json.dumps(asdict(report), indent=2))
        return
    print(f"feeds tried {report.tried} · read {report.read} · rejected {report.rejected} · crashes "
          f"{report.crashes} · well-formed rejected {report.well_formed_rejected} · run exit {report.run_exit}")
    for row in report.disagreements:
        print(f"  {row['file']}: {row['problem']}")


if __name__ == "__main__":
    main()
