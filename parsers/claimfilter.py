"""The learned part of the claim coder: a logistic model over the rule-based coder's asserted claims.

The rules propose candidate claims; the model, trained on the project's own corpus
(``scripts/train_filter.py``, scikit-learn), gives each a calibrated probability of being right and
drops those below the threshold chosen at training. Its weights are data (``models/claim_filter.json``),
validated on load like the lexicon; at run time scoring is a sum of a few weights, no scikit-learn.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from parsers.types import Claim
from stancewatch.errors import LexiconError

MODEL_PATH = Path(__file__).resolve().parent / "models" / "claim_filter.json"
# Sentences longer than this tend to pair a cue with the wrong issue.
LONG_SENTENCE_CHARS = 250
_QUOTES = frozenset("\"„“”«»")
Triple = tuple[str, str, str]


class _RawModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    intercept: float
    threshold: float = Field(ge=0.0, le=1.0)
    weights: dict[str, float]
    trained_on: str = ""


def features(claim: Claim, lang: str, siblings: Sequence[Claim]) -> list[str]:
    """The names of the binary features a claim has (``siblings``: the article's other asserted claims)."""
    evidence = claim.evidence
    cue = evidence.cue if evidence else ""
    markers = evidence.markers if evidence else ()
    out = [f"stance={claim.stance}", f"lang={lang}", f"issue={claim.issue}", f"actor={claim.actor}",
           f"lang_stance={lang}_{claim.stance}", f"conf={min(9, int(claim.confidence * 10))}"]
    if not cue:
        out.append("no_cue")
    if markers:
        out.append(f"markers={min(len(markers), 2)}")
    if claim.sentence_index == 0:
        out.append("headline")
    if len(claim.sentence) > LONG_SENTENCE_CHARS:
        out.append("long_sentence")
    if _QUOTES & set(claim.sentence):
        out.append("quoted")
    if evidence and evidence.issue[:1].islower() and " " not in evidence.issue.strip() and len(evidence.issue) <= 6:
        out.append("anaphoric_issue")
    if any(s.actor == claim.actor and s.issue == claim.issue and s.stance != claim.stance for s in siblings):
        out.append("conflicting_stance")
    if sum(1 for s in siblings if s.sentence_index == claim.sentence_index) >= 4:
        out.append("crowded_sentence")
    return out


@dataclass(frozen=True)
class ClaimFilter:
    """Weights of the logistic model and the probability below which a claim is dropped."""

    intercept: float
    weights: dict[str, float]
    threshold: float

    def probability(self, claim: Claim, lang: str, siblings: Sequence[Claim]) -> float:
        """The model's probability that the claim is right."""
        z = self.intercept + sum(self.weights.get(f, 0.0) for f in features(claim, lang, siblings))
        return 1.0 / (1.0 + math.exp(-z))

    def keep(self, claims: Sequence[Claim], lang: str) -> list[Claim]:
        """Asserted claims at or above the threshold, with the probability as their confidence;
        other modalities pass unscored (they never reach the diff)."""
        asserted = [c for c in claims if c.modality == "asserted"]
        out = []
        for claim in claims:
            if claim.modality != "asserted":
                out.append(claim)
                continue
            p = self.probability(claim, lang, asserted)
            if p >= self.threshold:
                out.append(replace(claim, confidence=round(p, 3)))
        return out

    def as_json(self, trained_on: str = "") -> str:
        """The model file's text."""
        return json.dumps({"version": 1, "intercept": self.intercept, "threshold": self.threshold,
                           "trained_on": trained_on,
                           "weights": dict(sorted(self.weights.items()))}, indent=1, ensure_ascii=False) + "\n"


def load_filter(path: Path = MODEL_PATH) -> ClaimFilter | None:
    """The shipped model, or None when there is no model file; a damaged file is a LexiconError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError([f"{path}: cannot read the claim filter model: {exc}"]) from None
    try:
        raw = _RawModel.model_validate(json.loads(text))
    except (ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise LexiconError([f"{path}: not a claim filter model ({first}); "
                            "retrain it with scripts/train_filter.py"]) from None
    return ClaimFilter(raw.intercept, raw.weights, raw.threshold)


def train_filter(examples: Iterable[tuple[Sequence[Claim], Iterable[Triple], str]],
                 regularisation: float = 1.0) -> ClaimFilter | None:
    """Fit the model on (asserted claims, gold triples, language) per article; None when the
    examples hold only one class. The threshold is the one that maximises F1 on the examples
    (counting the gold claims the rules never proposed as misses either way)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows: list[dict[str, float]] = []
    labels: list[int] = []
    missed = 0
    for claims, gold, lang in examples:
        gold_set = set(gold)
        proposed = {(c.actor, c.issue, c.stance) for c in claims}
        missed += len(gold_set - proposed)
        for claim in claims:
            rows.append(dict.fromkeys(features(claim, lang, claims), 1.0))
            labels.append(int((claim.actor, claim.issue, claim.stance) in gold_set))
    if len(set(labels)) < 2:
        return None
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=regularisation, max_iter=2000)
    model.fit(vectorizer.fit_transform(rows), labels)
    weights = {name: float(w) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])
               if abs(w) > 1e-6}
    fitted = ClaimFilter(float(model.intercept_[0]), weights, 0.0)
    scored = sorted(((fitted_p(fitted, row), y) for row, y in zip(rows, labels)), reverse=True)
    positives = sum(labels)
    best_f1, threshold, tp = -1.0, 0.0, 0
    for k, (p, y) in enumerate(scored, start=1):
        tp += y
        f1 = 2 * tp / (k + positives + missed)
        if f1 > best_f1:
            best_f1, threshold = f1, p
    return replace(fitted, threshold=round(threshold, 4))


def fitted_p(model: ClaimFilter, row: dict[str, float]) -> float:
    """The probability for a feature row (training rows have the features already worked out)."""
    z = model.intercept + sum(model.weights.get(f, 0.0) for f in row)
    return 1.0 / (1.0 + math.exp(-z))
