"""Claim F1 on the labelled sets may not fall below the floors pinned in tests/eval/baseline.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.quality_gate import BASELINE, EVAL_DIR, corpus_sha, run_gate, updated_baseline  # noqa: E402

# Small rule changes move F1 by a few points on ~70 gold claims; more than this is a regression.
TOLERANCE = 0.05


@pytest.fixture(scope="module")
def gate():
    return run_gate()


@pytest.fixture(scope="module")
def baseline():
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def test_corpus_unchanged_since_baseline(baseline):
    for name, data in baseline.items():
        assert corpus_sha(EVAL_DIR / name) == data["sha256"], f"{name} changed: run quality_gate.py --update"


def test_claim_f1_not_below_floor_per_set_and_language(gate, baseline):
    for name, data in baseline.items():
        for lang, floor in data["floors"].items():
            f1 = gate[name]["scores"][lang]["f1"]
            assert f1 >= floor - TOLERANCE, f"{name}/{lang}: F1 {f1} < floor {floor} - {TOLERANCE}"


def test_update_refuses_to_lower_a_floor_without_allow_lower(gate):
    high = {name: {"floors": {lang: 1.0 for lang in d["scores"] if lang != "all"}} for name, d in gate.items()}
    with pytest.raises(ValueError, match="allow-lower"):
        updated_baseline(gate, high, allow_lower=False)
    lowered = updated_baseline(gate, high, allow_lower=True)
    assert lowered["dev"]["floors"]["de"] == gate["dev"]["scores"]["de"]["f1"]
