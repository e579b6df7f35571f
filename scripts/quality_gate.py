#!/usr/bin/env python3
"""Score the claim coder on the labelled sets against the F1 floors in tests/eval/baseline.json.

The sets: ``dev``, the shared dev set beside the repository (../shared/eval/dev; third-party
excerpts, never copied into the project), and ``seeds``, the labels of the seed articles
(tests/eval/seeds). A set that is not there is left out (and named on stderr); its floors stay.

    quality_gate.py                 print P/R/F1 per set and language, then a JSON line
    quality_gate.py --update        raise the floors to the current F1 and record the corpus sha256
    quality_gate.py --update --allow-lower   also lower floors (only with a reason in the commit)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.article import read_article_file  # noqa: E402
from parsers.claims import code_claims  # noqa: E402
from parsers.lexicon import Lexicon, load_lexicon  # noqa: E402
from scripts.score import load_set, prf  # noqa: E402

EVAL_DIR = ROOT / "tests" / "eval"
BASELINE = EVAL_DIR / "baseline.json"
SET_DIRS = {"dev": ROOT.parent / "shared" / "eval" / "dev", "seeds": EVAL_DIR / "seeds"}
SETS = tuple(SET_DIRS)


def available_sets() -> tuple[str, ...]:
    """The sets whose folder is there (the shared dev set may be missing from a checkout)."""
    return tuple(name for name in SETS if (SET_DIRS[name] / "gold.jsonl").is_file())


def corpus_sha(folder: Path) -> str:
    """sha256 over the set's gold file and article files, in name order."""
    digest = hashlib.sha256()
    for path in [folder / "gold.jsonl", *sorted((folder / "articles").glob("*.txt"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def predict(folder: Path, lexicon: Lexicon) -> dict[str, set[tuple[str, str, str]]]:
    """Asserted (actor, issue, stance) triples per article id."""
    out: dict[str, set[tuple[str, str, str]]] = {}
    for path in sorted((folder / "articles").glob("*.txt")):
        article = read_article_file(path.read_text(encoding="utf-8"), path.name)
        claims = code_claims(article.text, article.lang, lexicon)
        out[path.stem] = {(c.actor, c.issue, c.stance) for c in claims if c.modality == "asserted"}
    return out


def score_set(folder: Path, lexicon: Lexicon) -> dict[str, dict[str, float]]:
    """P/R/F1 per language (and "all") for one labelled set, as score.py computes them."""
    gold, meta = load_set(folder)
    pred = predict(folder, lexicon)
    counts: dict[str, list[int]] = {}
    for aid, g in gold.items():
        p = pred.get(aid, set())
        for key in (meta[aid].get("lang", "?"), "all"):
            c = counts.setdefault(key, [0, 0, 0])
            c[0] += len(g & p)
            c[1] += len(p - g)
            c[2] += len(g - p)
    return {k: dict(zip(("precision", "recall", "f1"), prf(*c))) for k, c in sorted(counts.items())}


def run_gate(lexicon: Lexicon | None = None, sets: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Scores and corpus hashes of each set (default: every set that is there)."""
    lexicon = lexicon or load_lexicon()
    return {name: {"scores": score_set(SET_DIRS[name], lexicon), "sha256": corpus_sha(SET_DIRS[name])}
            for name in (available_sets() if sets is None else sets)}


def updated_baseline(result: dict[str, Any], old: dict[str, Any], allow_lower: bool) -> dict[str, Any]:
    """New floors from ``result`` (sets it did not score keep their old entry); raises ValueError if
    one would drop without ``allow_lower``."""
    new: dict[str, Any] = {name: data for name, data in old.items() if name not in result}
    for name, data in result.items():
        floors = {lang: s["f1"] for lang, s in data["scores"].items() if lang != "all"}
        old_floors = old.get(name, {}).get("floors", {})
        lowered = [f"{name}/{lang}: {old_floors[lang]} -> {f1}" for lang, f1 in floors.items()
                   if lang in old_floors and f1 < old_floors[lang]]
        if lowered and not allow_lower:
            raise ValueError("refusing to lower floors without --allow-lower: " + ", ".join(lowered))
        new[name] = {"floors": floors, "sha256": data["sha256"]}
    return new


def main() -> int:
    """Print the table and JSON line; with --update rewrite the baseline."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--allow-lower", action="store_true")
    args = parser.parse_args()
    result = run_gate()
    for name in SETS:
        if name not in result:
            print(f"{name}: not scored, no labelled set at {SET_DIRS[name]}", file=sys.stderr)
    print(f"{'set':<7}{'lang':<6}{'P':>7}{'R':>7}{'F1':>7}")
    for name, data in result.items():
        for lang, s in data["scores"].items():
            print(f"{name:<7}{lang:<6}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}")
    if args.update:
        old = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
        try:
            new = updated_baseline(result, old, args.allow_lower)
        except ValueError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        BASELINE.write_text(json.dumps(new, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps({name: data["scores"] for name, data in result.items()}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
