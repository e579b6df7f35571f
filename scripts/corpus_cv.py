#!/usr/bin/env python3
"""The claim coder on the project's own corpus (tests/corpus), cross-validated by outlet and month.

    python scripts/corpus_cv.py [--folds 5] [--format table|json] [--errors N]

Each corpus article is modelled on a real outlet (its url host) and dated. Outlets are ordered by
the mean date of their articles and cut into ``--folds`` groups of about equal size; a fold's test
part is one group, its training part every other article that is from none of those outlets and
from none of the months the test part covers, so no outlet and no month sits in both. The learned
model (parsers/learned.py) is trained on the training part only; the rules are the same in every
fold. Figures are pooled over the test parts, per language, for the rules alone and for rules plus
the learned model. ``--errors`` lists the most frequent error kinds of the full coder.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.article import article_day, read_article_file  # noqa: E402
from parsers.claims import code_with_candidates  # noqa: E402
from parsers.learned import Candidate, LearnedModel, learned_claims, train  # noqa: E402
from parsers.lexicon import load_lexicon  # noqa: E402
from parsers.types import Claim  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
Triple = tuple[str, str, str]


@dataclass(frozen=True)
class Item:
    """One corpus article: grouping keys, gold claims, the rules' claims and the model's candidates."""

    id: str
    lang: str
    outlet: str
    month: str
    gold: frozenset[Triple]
    rules: tuple[Claim, ...]
    candidates: tuple[Candidate, ...]


def load_corpus(folder: Path = CORPUS) -> list[Item]:
    """Code every corpus article with the shipped lexicon, keeping the learned pass's candidates."""
    gold: dict[str, frozenset[Triple]] = {}
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["id"]] = frozenset((c["actor"], c["issue"], c["stance"]) for c in row["claims"])
    lexicon = load_lexicon()
    items = []
    for path in sorted((folder / "articles").glob("*.txt")):
        article = read_article_file(path.read_text(encoding="utf-8"), path.name)
        rules, found = code_with_candidates(article.text, article.lang, lexicon, article_day(article))
        host = (urlsplit(article.url).hostname or "?").removeprefix("www.")
        items.append(Item(path.stem, article.lang, host, (article.date or "?")[:7], gold.get(path.stem, frozenset()),
                          tuple(rules), tuple(found)))
    return items


def folds_of(items: list[Item], count: int) -> list[tuple[list[Item], list[Item]]]:
    """(training, test) parts: outlets by mean date, cut into ``count`` groups of about equal size."""
    by_outlet: dict[str, list[Item]] = {}
    for item in items:
        by_outlet.setdefault(item.outlet, []).append(item)
    order = sorted(by_outlet, key=lambda o: (mean(int(i.month.replace("-", "") or 0) for i in by_outlet[o]
                                                   if i.month[:4].isdigit()), o))
    target = len(items) / count
    fold_of: dict[str, int] = {}
    size, k = 0, 0
    for outlet in order:
        if size >= target * (k + 1) and k < count - 1:
            k += 1
        fold_of[outlet] = k
        size += len(by_outlet[outlet])
    out = []
    for k in range(count):
        test = [i for i in items if fold_of[i.outlet] == k]
        months = {i.month for i in test}
        train_part = [i for i in items if fold_of[i.outlet] != k and i.month not in months]
        out.append((train_part, test))
    return out


def asserted(claims: Iterable[Claim]) -> set[Triple]:
    """The (actor, issue, stance) triples of the asserted claims."""
    return {(c.actor, c.issue, c.stance) for c in claims if c.modality == "asserted"}


def predicted(item: Item, model: LearnedModel | None) -> set[Triple]:
    """The article's triples: the rules', plus the model's for pairs the rules left alone."""
    triples = asserted(item.rules)
    if model is not None:
        triples |= asserted(learned_claims(model, item.candidates, {(c.actor, c.issue) for c in item.rules}))
    return triples


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


def trained(items: list[Item]) -> LearnedModel:
    """The learned model fitted on ``items``."""
    return train((i.candidates, i.gold) for i in items)


def cross_validate(items: list[Item], count: int) -> dict[str, object]:
    """Pooled test-part figures over the folds for the rules and for rules + model, with the folds."""
    rules: list[tuple[Item, set[Triple]]] = []
    full: list[tuple[Item, set[Triple]]] = []
    folds = []
    for train_part, test in folds_of(items, count):
        # (a fold whose test part spans every month has nothing left to train on: its figures are the rules')
        model = trained(train_part) if any(i.candidates for i in train_part) else None
        rules += [(i, predicted(i, None)) for i in test]
        full += [(i, predicted(i, model)) for i in test]
        folds.append({"train": len(train_part), "test": len(test), "outlets": sorted({i.outlet for i in test}),
                      "months": f"{min(i.month for i in test)}..{max(i.month for i in test)}"})
    return {"rules": score(rules), "rules+model": score(full), "folds": folds}


def error_kinds(pairs: Iterable[tuple[Item, set[Triple]]]) -> Counter[str]:
    """Errors by kind: a wrong stance on a gold (actor, issue), a missed actor–issue pair, a spurious one."""
    kinds: Counter[str] = Counter()
    for item, pred in pairs:
        gold_pairs = {(a, i) for a, i, _ in item.gold}
        pred_pairs = {(a, i) for a, i, _ in pred}
        for a, i, _ in pred - item.gold:
            kinds[f"{item.lang}: wrong stance" if (a, i) in gold_pairs else f"{item.lang}: spurious actor-issue pair"] += 1
        for a, i, _ in item.gold - pred:
            if (a, i) not in pred_pairs:
                kinds[f"{item.lang}: missed actor-issue pair"] += 1
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--errors", type=int, default=0, help="list this many error kinds")
    args = parser.parse_args(argv)
    if not (CORPUS / "gold.jsonl").is_file():
        print(f"error: {CORPUS / 'gold.jsonl'} not found: the corpus is missing from this checkout", file=sys.stderr)
        return 2
    items = load_corpus()
    result = {"articles": len(items), "claims": sum(len(i.gold) for i in items), **cross_validate(items, args.folds)}
    if args.format == "json":
        print(json.dumps(result))
        return 0
    print(f"{result['articles']} articles, {result['claims']} gold claims, {args.folds} folds by outlet and month")
    for fold in result["folds"]:  # type: ignore[attr-defined]
        print(f"  fold: test {fold['test']:>3} ({fold['months']}), train {fold['train']:>3}")
    print(f"{'coder':<13}{'lang':<6}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    for name in ("rules", "rules+model"):  # the second: the learned pass, measured but not shipped
        for lang, s in result[name].items():  # type: ignore[attr-defined]
            print(f"{name:<13}{lang:<6}{s['precision']:>7}{s['recall']:>7}{s['f1']:>7}{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    if args.errors:
        model = trained(items)
        for kind, n in error_kinds((i, predicted(i, model)) for i in items).most_common(args.errors):
            print(f"  {n:>4}  {kind}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
