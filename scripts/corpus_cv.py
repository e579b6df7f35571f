#!/usr/bin/env python3
"""The claim coder on the project's own corpus (tests/corpus), cross-validated by outlet and month.

    python scripts/corpus_cv.py [--folds 5] [--format table|json] [--errors N]

The corpus articles are modelled on real outlets (the url host) and dated. Folds are built from the
outlets: each fold's test part is a set of outlets, and its training part is every other article
that is neither from those outlets nor from a month the test part covers, so no outlet and no month
sits in both. The rule-based coder is scored on each test part; the claim filter
(parsers/claimfilter.py) is trained on the training part only and applied to the test part.
Figures are pooled over the folds, per language. ``--errors`` prints the most common error kinds.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.article import article_day, read_article_file  # noqa: E402
from parsers.claimfilter import ClaimFilter, train_filter  # noqa: E402
from parsers.claims import code_claims  # noqa: E402
from parsers.lexicon import load_lexicon  # noqa: E402
from parsers.types import Claim  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
Triple = tuple[str, str, str]


@dataclass(frozen=True)
class Item:
    """One corpus article: its grouping keys, its gold claims and the coder's asserted claims."""

    id: str
    lang: str
    outlet: str
    month: str
    gold: frozenset[Triple]
    claims: tuple[Claim, ...]


def load_corpus(folder: Path = CORPUS) -> list[Item]:
    """Code every corpus article with the shipped lexicon (asserted claims only)."""
    gold: dict[str, frozenset[Triple]] = {}
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["id"]] = frozenset((c["actor"], c["issue"], c["stance"]) for c in row["claims"])
    lexicon = load_lexicon()
    items = []
    for path in sorted((folder / "articles").glob("*.txt")):
        article = read_article_file(path.read_text(encoding="utf-8"), path.name)
        claims = tuple(c for c in code_claims(article.text, article.lang, lexicon, article_day(article))
                       if c.modality == "asserted")
        host = urlsplit(article.url).hostname or "?"
        items.append(Item(path.stem, article.lang, host.removeprefix("www."), (article.date or "?")[:7],
                          gold.get(path.stem, frozenset()), claims))
    return items


def folds_of(items: list[Item], count: int) -> list[tuple[list[Item], list[Item]]]:
    """(training, test) parts: outlets spread over ``count`` folds, largest first onto the smallest."""
    sizes = Counter(i.outlet for i in items)
    load = [0] * count
    fold_of: dict[str, int] = {}
    for outlet, size in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        k = load.index(min(load))
        fold_of[outlet] = k
        load[k] += size
    out = []
    for k in range(count):
        test = [i for i in items if fold_of[i.outlet] == k]
        months = {i.month for i in test}
        train = [i for i in items if fold_of[i.outlet] != k and i.month not in months]
        out.append((train, test))
    return out


def predicted(item: Item, claim_filter: ClaimFilter | None) -> set[Triple]:
    """The article's triples, after the filter where there is one."""
    kept = item.claims if claim_filter is None else claim_filter.keep(item.claims, item.lang)
    return {(c.actor, c.issue, c.stance) for c in kept}


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1, rounded as the shared scorer rounds them."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def score(pairs: Iterable[tuple[Item, set[Triple]]]) -> dict[str, dict[str, float]]:
    """Claim-level P/R/F1 per language and over all, from (item, predicted triples) pairs."""
    counts: dict[str, list[int]] = {}
    for item, pred in pairs:
        for key in (item.lang, "all"):
            c = counts.setdefault(key, [0, 0, 0])
            c[0] += len(pred & item.gold)
            c[1] += len(pred - item.gold)
            c[2] += len(item.gold - pred)
    return {k: prf(*v) for k, v in sorted(counts.items())}


def cross_validate(items: list[Item], count: int, use_filter: bool) -> dict[str, object]:
    """Pooled test-part figures over the folds, with the fold sizes."""
    pairs: list[tuple[Item, set[Triple]]] = []
    sizes = []
    for train, test in folds_of(items, count):
        claim_filter = train_filter([(i.claims, i.gold, i.lang) for i in train]) if use_filter else None
        pairs += [(i, predicted(i, claim_filter)) for i in test]
        sizes.append({"train": len(train), "test": len(test), "outlets": sorted({i.outlet for i in test})})
    return {"scores": score(pairs), "folds": sizes}


def error_kinds(items: list[Item]) -> Counter[str]:
    """Errors of the rule-based coder by kind: a wrong stance on a gold (actor, issue), a missed
    actor–issue pair, or a spurious one."""
    kinds: Counter[str] = Counter()
    for item in items:
        pred = predicted(item, None)
        gold_pairs = {(a, i): s for a, i, s in item.gold}
        pred_pairs = {(a, i) for a, i, _ in pred}
        for a, i, s in pred - item.gold:
            kinds[f"{item.lang} wrong stance" if (a, i) in gold_pairs else f"{item.lang} spurious pair"] += 1
        for a, i, s in item.gold - pred:
            kinds[f"{item.lang} wrong stance (missed)" if (a, i) in pred_pairs else f"{item.lang} missed pair"] += 1
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--errors", type=int, default=0, help="list this many error kinds")
    args = parser.parse_args(argv)
    if not (CORPUS / "gold.jsonl").is_file():
        print(f"error: {CORPUS / 'gold.jsonl'} not found: the corpus is missing", file=sys.stderr)
        return 2
    items = load_corpus()
    result = {
        "articles": len(items),
        "claims": sum(len(i.gold) for i in items),
        "rules": cross_validate(items, args.folds, use_filter=False),
        "rules+filter": cross_validate(items, args.folds, use_filter=True),
    }
    if args.format == "json":
        print(json.dumps(result))
        return 0
    print(f"{result['articles']} articles, {result['claims']} gold claims, {args.folds} folds by outlet and month")
    print(f"{'coder':<14}{'lang':<6}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    for name in ("rules", "rules+filter"):
        scores = result[name]["scores"]  # type: ignore[index]
        for lang, s in scores.items():
            print(f"{name:<14}{lang:<6}{s['precision']:>7}{s['recall']:>7}{s['f1']:>7}{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    for kind, n in error_kinds(items).most_common(args.errors):
        print(f"  {n:>4}  {kind}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
