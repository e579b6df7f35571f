"""Behavioural (CheckList-style) cases for the claim coder: the case files are well formed, and the
pass rates per capability x language stay at or above the floors in tests/behaviour/floors.yaml."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.lexicon import load_lexicon  # noqa: E402
from scripts.behaviour import (  # noqa: E402
    ACTORS,
    CAPABILITIES,
    FLOORS,
    ISSUES,
    LANGS,
    STANCES,
    CaseError,
    below_floors,
    format_failures,
    format_table,
    load_cases,
    load_floors,
    pass_rates,
    run_cases,
)

MIN_CASES = 10  # per capability per language


@pytest.fixture(scope="module")
def cases():
    return load_cases()


@pytest.fixture(scope="module")
def results(cases):
    return run_cases(load_lexicon(), cases)


@pytest.fixture(scope="module")
def rates(results):
    return pass_rates(results)


def test_enough_cases_per_capability_and_language(cases):
    counts = Counter((c.capability, c.lang) for c in cases)
    thin = {f"{cap}/{lang}": counts[(cap, lang)] for cap in CAPABILITIES for lang in LANGS
            if counts[(cap, lang)] < MIN_CASES}
    assert not thin, f"fewer than {MIN_CASES} cases: {thin}"


def test_case_ids_unique_and_valid(cases):
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    for c in cases:
        assert c.id.startswith(f"{c.lang}-{c.capability}-"), c.id
        for actor, issue, stance in c.expect:
            assert actor in ACTORS and issue in ISSUES and stance in STANCES, (c.id, actor, issue, stance)


def test_cases_cover_every_actor_and_issue_in_each_language(cases):
    for lang in LANGS:
        triples = [t for c in cases if c.lang == lang for t in c.expect]
        assert {a for a, _, _ in triples} == ACTORS, lang
        assert {i for _, i, _ in triples} == ISSUES, lang


@pytest.mark.parametrize("bad, message", [
    ("- {id: de-negation-01, capability: negation, text: x, expect: [[russia, ceasefire, supprt]]}",
     "cases.de.yaml: case de-negation-01: unknown stance 'supprt'"),
    ("- {id: de-negation-01, capability: negatoin, text: x, expect: []}",
     "cases.de.yaml: case de-negation-01: unknown capability 'negatoin'"),
    ("- {id: de-negation-01, capability: negation, text: x, expect: [[moscow, ceasefire, oppose]]}",
     "cases.de.yaml: case de-negation-01: unknown actor 'moscow'"),
    ("- {id: de-negation-01, capability: negation, text: x, expect: []}\n"
     "- {id: de-negation-01, capability: negation, text: y, expect: []}",
     "cases.de.yaml: case de-negation-01: duplicate id"),
    ("- {id: de-invariance-01, capability: invariance, pair: p, text: x, expect: []}\n"
     "- {id: de-invariance-02, capability: invariance, pair: p, text: y, expect: [[nato, army_cap, open]]}",
     "invariance pair 'p' has different expects"),
])
def test_bad_case_gives_one_line_error_naming_file_and_case(tmp_path, bad, message):
    path = tmp_path / "cases.de.yaml"
    path.write_text(bad + "\n", encoding="utf-8")
    with pytest.raises(CaseError) as info:
        load_cases([path])
    text = str(info.value)
    assert message in text and "\n" not in text


def test_floors_cover_every_capability_and_language():
    floors = load_floors(FLOORS)
    missing = [f"{cap}/{lang}" for cap in CAPABILITIES for lang in LANGS
               if lang not in floors["capability"].get(cap, {})]
    assert not missing, f"floors.yaml has no floor for {missing}"


def test_pass_rates_not_below_floors(rates, results):
    low = below_floors(rates, load_floors(FLOORS))
    assert not low, "\n".join(["pass rates below floors:", *low, "", format_table(rates), "",
                               format_failures(results)])
