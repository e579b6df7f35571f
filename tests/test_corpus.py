"""The project's own labelled corpus (tests/corpus): its shape, its labels, and the coder on it.

The corpus is the development set of the claim coder; scripts/corpus_cv.py cross-validates on it by
outlet and month. Here: it is as large and as varied as the coder's issue asks, every label uses the
schema's ids and points at words of its article, and the rules' scores do not fall below the floors.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.article import read_article_file  # noqa: E402
from parsers.lexicon import load_lexicon  # noqa: E402
from scripts.corpus_cv import Item, asserted, cross_validate, load_corpus, score  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
STYLES = {"wire", "liveblog", "analysis", "interview", "quotes", "explainer", "opinion", "briefing", "offtopic"}
STANCES = {"support", "oppose", "open"}
# Modelled on reporting published before this day (later coverage is kept for measurement).
MODEL_CUTOFF = date(2026, 2, 1)
# The rules' scores on the whole corpus, pinned a little below the measured ones (de P 0.726 R 0.636,
# en P 0.696 R 0.592 in session 30, 1648 articles, after the blind batches bm to cb, which the coder found
# harder than the corpus before them): a change that loses claims the coder found fails here.
FLOORS = {"de": {"precision": 0.72, "recall": 0.63}, "en": {"precision": 0.69, "recall": 0.59}}


@pytest.fixture(scope="module")
def gold() -> dict[str, list[dict[str, str]]]:
    rows = [json.loads(line) for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return {row["id"]: row["claims"] for row in rows}


@pytest.fixture(scope="module")
def articles():
    return {p.stem: (p, read_article_file(p.read_text(encoding="utf-8"), p.name))
            for p in sorted((CORPUS / "articles").glob("*.txt"))}


def test_size_languages_and_traps(gold, articles):
    assert set(gold) == set(articles)
    langs = Counter(a.lang for _, a in articles.values())
    assert langs["de"] >= 100 and langs["en"] >= 100, langs
    assert sum(len(c) for c in gold.values()) >= 500
    assert sum(1 for c in gold.values() if not c) >= len(gold) / 4  # traps and other topics


def test_headers_styles_and_dates(articles):
    styles = Counter()
    for path, article in articles.values():
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        style = dict(line.split(": ", 1) for line in header.splitlines()).get("style")
        assert style in STYLES, f"{path.name}: style {style!r}"
        styles[style] += 1
        assert article.date and date.fromisoformat(article.date) < MODEL_CUTOFF, path.name
        assert article.url.startswith(("https://", "http://")), path.name  # the model page as found
    assert set(styles) == STYLES, styles


def test_labels_use_schema_ids_and_quote_their_article(gold, articles):
    lexicon = load_lexicon()
    for ident, claims in gold.items():
        text = " ".join(articles[ident][1].text.split())
        seen = set()
        for claim in claims:
            key = (claim["actor"], claim["issue"], claim["stance"])
            assert claim["actor"] in lexicon.actors and claim["issue"] in lexicon.issues, (ident, key)
            assert claim["stance"] in STANCES, (ident, key)
            assert key not in seen, f"{ident}: {key} twice"
            seen.add(key)
            evidence = claim.get("evidence", "").replace("…", "...")
            pieces = [p.strip(" \"„“”'") for p in evidence.split("...") if len(p.strip()) > 12]
            assert all(" ".join(p.split()) in text for p in pieces[:1]), f"{ident}: evidence {evidence[:60]!r}"


def test_sources_name_every_article(articles):
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    missing = [ident for ident in articles if f"| {ident} |" not in sources]
    assert not missing, missing


def test_rules_stay_above_their_floors():
    items = load_corpus()
    scores = score((item, asserted(item.rules)) for item in items)
    low = {lang: {k: scores[lang][k] for k in floor if scores[lang][k] < floor[k]} for lang, floor in FLOORS.items()}
    assert not any(low.values()), f"below the floors {FLOORS}: {low}; all scores: {scores}"


def test_a_fold_with_nothing_to_train_on_is_scored_with_the_rules():
    # every outlet spans every month here, so no fold keeps an article outside its test part's months
    items = [Item(f"x-{n}", "de", f"outlet{n % 2}.de", "2025-01", frozenset({("russia", "ceasefire", "oppose")}), (), ())
             for n in range(4)]
    result = cross_validate(items, 2)
    assert [fold["train"] for fold in result["folds"]] == [0, 0]  # type: ignore[index]
    assert result["rules+model"] == result["rules"]
