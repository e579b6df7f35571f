"""The pipeline benchmark's quick mode runs end to end and prints a complete, consistent JSON line.

Speed is never asserted here: the figures depend on the machine. Only that every key is there, the
numbers are positive, and the ratios are computed from their parts.
"""

import json
import math
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def quick_result():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STANCEWATCH_", "PREFECT_"))}
    env.update({"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"})
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.pipeline", "--quick"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, done.stdout  # one JSON line on stdout; the table goes to stderr
    return json.loads(lines[0]), done.stderr


def test_quick_run_reports_every_figure(quick_result):
    from benchmarks.pipeline import QUICK, REQUIRED_KEYS

    result, stderr = quick_result
    assert set(REQUIRED_KEYS) <= set(result)
    for key in ("extraction_seconds", "pipeline_seconds", "warm_rerun_seconds", "coder_articles_per_second",
                "peak_rss_mb", "large_db_pipeline_seconds", "prefect_startup_seconds", "cores"):
        assert isinstance(result[key], (int, float)) and math.isfinite(result[key]) and result[key] > 0, key
    assert result["articles"] == QUICK["articles"] and result["feeds"] == QUICK["feeds"]
    # where the cold run's time and CPU went: the flow, its worker processes and each phase
    assert result["flow_cpu_seconds"] > 0 and result["worker_cpu_seconds"] > 0
    assert 0 < result["flow_gc_seconds"] < result["flow_cpu_seconds"] and result["flow_gc_full_collections"] >= 0
    assert 0 < result["cpu_busy_share"] <= 1.2  # a little over 1 is sampling slack, more would be double counting
    phases = result["pipeline_phase_seconds"]
    assert set(phases) == {"flow_body", "feeds", "articles", "alerts"}
    assert 0 < phases["feeds"] + phases["articles"] + phases["alerts"] <= phases["flow_body"] + 0.01
    assert phases["flow_body"] <= result["pipeline_seconds"] + 0.01
    steps = result["pipeline_step_seconds"]  # each stage function, summed over its calls
    assert {"fetch_feeds", "store_feed_results", "fetch_pages", "analyse_parallel", "store_batch"} <= set(steps)
    assert all(seconds > 0 for seconds in steps.values()), steps
    # the worker processes share the fork server's pages: counted once, the tree holds less than its RSS sum
    assert result["peak_rss_mb"] < result["peak_tree_pss_mb"] <= result["peak_tree_rss_mb"]
    assert result["batch_size"] == 50  # what the child used: the default
    assert result["database"] == "sqlite"
    assert result["pipeline_over_extraction"] == pytest.approx(
        result["pipeline_seconds"] / result["extraction_seconds"], rel=0.01)
    assert result["large_db_over_empty"] == pytest.approx(
        result["large_db_pipeline_seconds"] / result["pipeline_seconds"], rel=0.01)
    assert result["extraction_and_coding_floor"] == pytest.approx(
        (result["extraction_seconds"] + result["coder_seconds"]) / (result["cores"] * result["extraction_seconds"]), rel=0.01)
    assert result["extraction_and_coding_floor"] < result["pipeline_over_extraction"]
    assert "pipeline_over_extraction" in stderr and "floor of that ratio" in stderr  # the human-readable table


def test_quick_run_did_the_work_it_timed(quick_result):
    result, _stderr = quick_result
    # every page was coded once by the cold run, the warm re-run found nothing new, and the large
    # database run coded the same pages on top of the pre-existing rows
    assert result["coded"] + result["duplicates"] == result["articles"] and result["failed"] == 0
    assert result["warm_feeds_not_modified"] == result["feeds"]
    assert result["large_db_coded"] == result["coded"]
    assert result["large_db_existing_articles"] == 2_000 and result["large_db_existing_claims"] > 0
    assert result["distinct_texts"] == result["articles"]
