"""Extraction and coding in worker processes give the same results, in the same order, as in-process."""

from flows.analyse import PageJob, analyse_batch
from flows.fetch import FetchResult
from flows.pool import MIN_PARALLEL_PAGES, analyse_parallel
from parsers.lexicon import load_lexicon
from stancewatch.demosite import build_site
from core.settings import Settings
from tests.conftest import DEMO


def test_worker_processes_match_the_flow_process(home, monkeypatch):
    monkeypatch.setenv("STANCEWATCH_EXTRACT_PROCESSES", "2")
    pages = _demo_pages()
    pages.append((PageJob(999, "http://127.0.0.1:9/gone", "", "", None), "http://127.0.0.1:9/gone: HTTP 404"))
    assert len(pages) >= 2 * MIN_PARALLEL_PAGES
    lexicon = load_lexicon()
    parallel, inline = analyse_parallel(pages, lexicon, Settings()), analyse_batch(pages, lexicon)
    assert [r.article_id for r in parallel] == [job.article_id for job, _page in pages]
    assert [(r.claims, r.error) for r in parallel] == [(r.claims, r.error) for r in inline]
    assert sum(len(r.claims) for r in parallel) > 0


def _loaded_modules(names: tuple[str, ...]) -> list[str]:
    import sys

    return [name for name in names if name in sys.modules]


def test_the_digest_pictures_drawn_by_the_workers_are_the_ones_drawn_here(home, monkeypatch):
    import functools
    from datetime import datetime

    from alerts import plots
    from flows.pool import run_each

    monkeypatch.setenv("STANCEWATCH_EXTRACT_PROCESSES", "2")
    points = [plots.Point(actor, stance, datetime(2026, 1, day), day == 9)
              for day, (actor, stance) in enumerate([("russia", "oppose"), ("ukraine", "support"), ("russia", "open")] * 3, 1)]
    current = [plots.Current("russia", "nato", "oppose", datetime(2025, 12, 1), "baseline")]
    pictures = [functools.partial(plots.issue_timeline_png, label, points[:n], current, width_px=600)
                for label, n in (("NATO", 9), ("Kherson", 4), ("", 2))]
    drawn = run_each(pictures, Settings())
    assert drawn == [picture() for picture in pictures]
    assert all(png.startswith(b"\x89PNG") for png in drawn) and len(set(drawn)) == 3
    # what the workers got to draw with pulled in no database or orchestration code
    probes = [functools.partial(_loaded_modules, ("sqlalchemy", "prefect", "storage")) for _ in range(4)]
    assert run_each(probes, Settings()) == [[]] * 4


def _demo_pages() -> list[tuple[PageJob, FetchResult | str]]:
    routes = build_site(DEMO, "http://127.0.0.1:9")
    return [(PageJob(n, f"http://127.0.0.1:9{path}", "", "", None), FetchResult(path, 200, body, kind, None, None))
            for n, (path, (kind, body)) in enumerate(sorted(routes.items())) if path.startswith("/articles/")]


def test_workers_follow_the_editors_lexicon_when_it_changes_under_a_running_pool(home, tmp_path, monkeypatch):
    """The workers code with the flow's lexicon, the editor's folder included, also after an edit
    (the fork server loaded the lexicon of its start; a worker reloads when the fingerprint differs)."""
    folder = tmp_path / "lexicon"
    folder.mkdir()
    (folder / "cues.en.yaml").write_text("language: en\nnoise: [Zyxwvut]\n", encoding="utf-8")
    monkeypatch.setenv("STANCEWATCH_EXTRACT_PROCESSES", "2")
    monkeypatch.setenv("STANCEWATCH_LEXICON_DIR", str(folder))
    settings = Settings()
    pages = _demo_pages()
    before = load_lexicon(settings.lexicon_dirs())
    coded = analyse_parallel(pages, before, settings)
    assert [r.claims for r in coded] == [r.claims for r in analyse_batch(pages, before)]
    # the editor marks every English sentence with "the" as noise: English claims all but vanish
    (folder / "cues.en.yaml").write_text("language: en\nnoise: [the, The]\n", encoding="utf-8")
    after = load_lexicon(settings.lexicon_dirs())
    assert after.fingerprint != before.fingerprint
    recoded = analyse_parallel(pages, after, settings)
    assert [r.claims for r in recoded] == [r.claims for r in analyse_batch(pages, after)]
    assert sum(map(len, (r.claims for r in recoded))) < sum(map(len, (r.claims for r in coded)))


def test_workers_end_themselves_when_the_run_that_started_them_is_killed(home, tmp_path):
    """A run killed with SIGKILL cannot stop its workers; they notice and exit within seconds."""
    import os
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import os, sys, time\n"
        "from concurrent.futures import wait\n"
        "from flows.pool import _pool\n"
        "pool = _pool(2, ())\n"
        "wait([pool.submit(os.getpid) for _ in range(4)])\n"
        "print(' '.join(str(p) for p in pool._processes), flush=True)\n"
        "time.sleep(120)\n"
    )
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                           cwd=str(DEMO.parent.parent))
    try:
        workers = [int(p) for p in run.stdout.readline().split()]
        assert len(workers) == 2
        with open(f"/proc/{workers[0]}/stat") as stat:  # the fork server the workers were forked from
            workers.append(int(stat.read().rsplit(")", 1)[1].split()[1]))
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()

    def alive(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 20
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.5)
    leftover = [p for p in workers if alive(p)]
    for pid in leftover:  # a failing test still stops what it started
        os.kill(pid, signal.SIGKILL)
    assert not leftover, f"processes {leftover} (workers, fork server) outlived the killed run"
