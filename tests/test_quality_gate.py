"""Claim F1 on the labelled sets may not fall below the floors pinned in tests/eval/baseline.json.

The dev set is the shared one beside the repository (``../shared/eval/dev``): its checks skip
when a checkout has none. The seed set (tests/eval/seeds) is always there."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.quality_gate import BASELINE, SET_DIRS, SETS, corpus_sha, run_gate, updated_baseline  # noqa: E402
from tests.conftest import shared_dev  # noqa: E402

# Small rule changes move F1 by a few points on ~70 gold claims; more than this is a regression.
TOLERANCE = 0.05


def set_folder(name: str) -> Path:
    """The set's folder; the shared dev set skips the test when it is not there."""
    return shared_dev() if name == "dev" else SET_DIRS[name]


@pytest.fixture(scope="module")
def gate():
    return run_gate()


@pytest.fixture(scope="module")
def baseline():
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def test_every_set_has_floors(baseline):
    assert set(baseline) == set(SETS)


@pytest.mark.parametrize("name", SETS)
def test_corpus_unchanged_since_baseline(name, baseline):
    assert corpus_sha(set_folder(name)) == baseline[name]["sha256"], f"{name} changed: run quality_gate.py --update"


@pytest.mark.parametrize("name", SETS)
def test_claim_f1_not_below_floor_per_set_and_language(name, gate, baseline):
    set_folder(name)
    for lang, floor in baseline[name]["floors"].items():
        f1 = gate[name]["scores"][lang]["f1"]
        assert f1 >= floor - TOLERANCE, f"{name}/{lang}: F1 {f1} < floor {floor} - {TOLERANCE}"


def test_update_refuses_to_lower_a_floor_without_allow_lower(gate):
    high = {name: {"floors": {lang: 1.0 for lang in d["scores"] if lang != "all"}} for name, d in gate.items()}
    with pytest.raises(ValueError, match="allow-lower"):
        updated_baseline(gate, high, allow_lower=False)
    lowered = updated_baseline(gate, high, allow_lower=True)
    assert lowered["seeds"]["floors"]["de"] == gate["seeds"]["scores"]["de"]["f1"]


def test_update_keeps_the_floors_of_a_set_it_did_not_score(gate, baseline):
    only_seeds = {"seeds": gate["seeds"]}
    kept = updated_baseline(only_seeds, baseline, allow_lower=True)
    assert kept["dev"] == baseline["dev"] and set(kept) == set(baseline)
