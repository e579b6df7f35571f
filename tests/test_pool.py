"""Extraction and coding in worker processes give the same results, in the same order, as in-process."""

from flows.analyse import PageJob, analyse_batch
from flows.fetch import FetchResult
from flows.pool import MIN_PARALLEL_PAGES, analyse_parallel
from parsers.lexicon import load_lexicon
from stancewatch.demosite import build_site
from stancewatch.settings import Settings
from tests.conftest import EVAL


def test_worker_processes_match_the_flow_process(home, monkeypatch):
    monkeypatch.setenv("STANCEWATCH_EXTRACT_PROCESSES", "2")
    routes = build_site(EVAL / "dev" / "articles", "http://127.0.0.1:9")
    pages = [(PageJob(n, f"http://127.0.0.1:9{path}", "", "", None), FetchResult(path, 200, body, kind, None, None))
             for n, (path, (kind, body)) in enumerate(sorted(routes.items())) if path.startswith("/articles/")]
    pages.append((PageJob(999, "http://127.0.0.1:9/gone", "", "", None), "http://127.0.0.1:9/gone: HTTP 404"))
    assert len(pages) >= 2 * MIN_PARALLEL_PAGES
    lexicon = load_lexicon()
    parallel, inline = analyse_parallel(pages, lexicon, Settings()), analyse_batch(pages, lexicon)
    assert [r.article_id for r in parallel] == [job.article_id for job, _page in pages]
    assert [(r.claims, r.error) for r in parallel] == [(r.claims, r.error) for r in inline]
    assert sum(len(r.claims) for r in parallel) > 0
