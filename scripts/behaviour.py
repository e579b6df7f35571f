#!/usr/bin/env python3
"""Run the CheckList-style behavioural cases in tests/behaviour/ against the claim coder.

    behaviour.py                    pass rates per capability x language, then overall
    behaviour.py --failures         also list the failing cases, expected vs got
    behaviour.py --format json      the same as one JSON object (with --failures: and the failures)
    behaviour.py --cases FOLDER     the cases of another folder (cases.de.yaml, cases.en.yaml)

Each case is one to three sentences with EXACTLY the asserted (actor, issue, stance) claims the
coder must return (SCHEMA.md ids). A case passes when the set of the coder's claims with
modality "asserted" equals the set of expect. A malformed case stops the run with a one-line
error naming its file and case (exit code 2).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.claims import code_claims  # noqa: E402
from parsers.lexicon import Lexicon, load_lexicon  # noqa: E402

CASES_DIR = ROOT / "tests" / "behaviour"
FLOORS = CASES_DIR / "floors.yaml"
LANGS = ("de", "en")

# The fixed ids of SCHEMA.md.
ACTORS = frozenset({"russia", "ukraine", "usa", "europe", "germany", "nato", "hungary"})
ISSUES = frozenset({
    "territory_donbas", "territory_south", "recognition", "demilitarized_zone", "nato_membership",
    "security_guarantees", "foreign_troops", "army_cap", "elections", "ceasefire", "energy_truce",
    "eu_membership",
})
STANCES = frozenset({"support", "oppose", "open"})
CAPABILITIES = ("vocabulary", "actor_reference", "negation", "modality", "attribution",
                "stance_change", "distractors", "invariance", "directional")
# Capabilities whose cases come in groups sharing a `pair`.
GROUPED = {"invariance": "same", "directional": "different"}
KEYS = {"id", "capability", "text", "expect", "pair", "note"}

Triple = tuple[str, str, str]


class CaseError(ValueError):
    """A malformed case file or case; the message is one line naming the file and the case."""


@dataclass(frozen=True)
class Case:
    id: str
    lang: str
    capability: str
    text: str
    expect: frozenset[Triple]
    pair: str | None = None
    note: str = ""
    file: str = ""


@dataclass
class Result:
    case: Case
    got: frozenset[Triple] = field(default_factory=frozenset)
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and self.got == self.case.expect


def case_files(folder: Path = CASES_DIR) -> list[Path]:
    """The case files, one per language: cases.<lang>.yaml."""
    return [folder / f"cases.{lang}.yaml" for lang in LANGS]


def _triple(raw: Any, where: str) -> Triple:
    if not (isinstance(raw, list) and len(raw) == 3 and all(isinstance(x, str) for x in raw)):
        raise CaseError(f"{where}: expect item {raw!r} is not [actor, issue, stance]")
    actor, issue, stance = raw
    if actor not in ACTORS:
        raise CaseError(f"{where}: unknown actor {actor!r}")
    if issue not in ISSUES:
        raise CaseError(f"{where}: unknown issue {issue!r}")
    if stance not in STANCES:
        raise CaseError(f"{where}: unknown stance {stance!r}")
    return (actor, issue, stance)


def parse_case(raw: Any, lang: str, fname: str, index: int) -> Case:
    """One validated case; raises CaseError naming the file and the case."""
    if not isinstance(raw, dict):
        raise CaseError(f"{fname}: case #{index + 1} is not a mapping")
    cid = raw.get("id")
    where = f"{fname}: case {cid if isinstance(cid, str) and cid else '#' + str(index + 1)}"
    unknown = set(raw) - KEYS
    if unknown:
        raise CaseError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("id", "capability", "text"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise CaseError(f"{where}: missing or empty {key!r}")
    capability = raw["capability"]
    if capability not in CAPABILITIES:
        raise CaseError(f"{where}: unknown capability {capability!r}")
    if not re.fullmatch(rf"{lang}-{capability}-\d{{2,}}", cid):
        raise CaseError(f"{where}: id must look like {lang}-{capability}-NN")
    if "expect" not in raw or not isinstance(raw["expect"], list):
        raise CaseError(f"{where}: expect must be a list (may be [])")
    triples = [_triple(item, where) for item in raw["expect"]]
    if len(set(triples)) != len(triples):
        raise CaseError(f"{where}: expect lists a claim twice")
    pair = raw.get("pair")
    if pair is not None and (not isinstance(pair, str) or not pair.strip()):
        raise CaseError(f"{where}: pair must be a non-empty string")
    if capability in GROUPED and pair is None:
        raise CaseError(f"{where}: {capability} cases need a pair")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise CaseError(f"{where}: note must be a string")
    return Case(id=cid, lang=lang, capability=capability, text=raw["text"].strip(),
                expect=frozenset(triples), pair=pair, note=note, file=fname)


def _check_groups(cases: Sequence[Case]) -> None:
    groups: dict[str, list[Case]] = {}
    for case in cases:
        if case.pair is not None:
            groups.setdefault(case.pair, []).append(case)
    for pair, members in groups.items():
        first = members[0]
        where = f"{first.file}: case {first.id}"
        if len(members) < 2:
            raise CaseError(f"{where}: pair {pair!r} has only one case")
        if len({m.capability for m in members}) > 1:
            raise CaseError(f"{where}: pair {pair!r} mixes capabilities")
        rule = GROUPED.get(first.capability)
        expects = {m.expect for m in members}
        if rule == "same" and len(expects) > 1:
            raise CaseError(f"{where}: invariance pair {pair!r} has different expects")
        if rule == "different" and len(expects) < 2:
            raise CaseError(f"{where}: directional pair {pair!r} has no differing expect")


def load_cases(paths: Iterable[Path] | None = None) -> list[Case]:
    """All cases of the case files, validated; raises CaseError on the first bad case."""
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for path in paths if paths is not None else case_files():
        path = Path(path)
        match = re.fullmatch(r"cases\.([a-z]{2})\.yaml", path.name)
        if not match or match.group(1) not in LANGS:
            raise CaseError(f"{path.name}: case files are named cases.<{'|'.join(LANGS)}>.yaml")
        lang = match.group(1)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise CaseError(f"{path.name}: cannot read: {' '.join(str(exc).split())}") from exc
        if not isinstance(data, list):
            raise CaseError(f"{path.name}: expected a list of cases")
        for index, raw in enumerate(data):
            case = parse_case(raw, lang, path.name, index)
            if case.id in seen:
                raise CaseError(f"{path.name}: case {case.id}: duplicate id (also in {seen[case.id]})")
            seen[case.id] = path.name
            cases.append(case)
    _check_groups(cases)
    return cases


def run_cases(lexicon: Lexicon, cases: Sequence[Case] | None = None) -> list[Result]:
    """Code every case; a coder exception fails that case instead of the run."""
    results = []
    for case in cases if cases is not None else load_cases():
        try:
            claims = code_claims(case.text, case.lang, lexicon)
            got = frozenset((c.actor, c.issue, c.stance) for c in claims if c.modality == "asserted")
            results.append(Result(case, got))
        except Exception as exc:  # noqa: BLE001 - report, do not stop the suite
            results.append(Result(case, error=f"{type(exc).__name__}: {exc}"))
    return results


def _rate(passed: int, total: int) -> dict[str, Any]:
    return {"passed": passed, "total": total, "rate": round(passed / total, 3) if total else 0.0}


def pass_rates(results: Sequence[Result]) -> dict[str, Any]:
    """{"overall": R, "language": {lang: R}, "capability": {cap: {lang: R, "all": R}}},
    R = {"passed", "total", "rate"}; cells with no case are left out."""
    counts: dict[tuple[str, str], list[int]] = {}
    for r in results:
        for key in ((r.case.capability, r.case.lang), (r.case.capability, "all"),
                    ("*", r.case.lang), ("*", "all")):
            c = counts.setdefault(key, [0, 0])
            c[0] += r.passed
            c[1] += 1
    capability: dict[str, dict[str, Any]] = {}
    for cap in CAPABILITIES:
        cells = {lang: _rate(*counts[(cap, lang)]) for lang in (*LANGS, "all") if (cap, lang) in counts}
        if cells:
            capability[cap] = cells
    return {
        "overall": _rate(*counts.get(("*", "all"), [0, 0])),
        "language": {lang: _rate(*counts[("*", lang)]) for lang in LANGS if ("*", lang) in counts},
        "capability": capability,
    }


def format_table(rates: dict[str, Any]) -> str:
    """Pass rates as a text table: capabilities x (de, en, all), then the language totals."""
    def cell(r: dict[str, Any] | None) -> str:
        return f"{r['rate']:>6.3f} {r['passed']:>3}/{r['total']:<3}" if r else f"{'-':>14}"

    cols = (*LANGS, "all")
    lines = [f"{'capability':<16}" + "".join(f"{c:>15}" for c in cols)]
    for cap, cells in rates["capability"].items():
        lines.append(f"{cap:<16}" + "".join(" " + cell(cells.get(c)) for c in cols))
    total = {**rates["language"], "all": rates["overall"]}
    lines.append(f"{'overall':<16}" + "".join(" " + cell(total.get(c)) for c in cols))
    return "\n".join(lines)


def failures(results: Sequence[Result]) -> list[dict[str, Any]]:
    """The failing cases with expected vs got (sorted triples)."""
    return [{"id": r.case.id, "capability": r.case.capability, "lang": r.case.lang, "text": r.case.text,
             "note": r.case.note, "expected": sorted(map(list, r.case.expect)),
             "got": sorted(map(list, r.got)), **({"error": r.error} if r.error else {})}
            for r in results if not r.passed]


def format_failures(results: Sequence[Result]) -> str:
    def show(triples: list[list[str]]) -> str:
        return "; ".join("/".join(t) for t in triples) or "(none)"

    out = []
    for f in failures(results):
        out.append(f"{f['id']}: {f['text']}")
        out.append(f"    expected {show(f['expected'])}")
        out.append(f"    got      {f['error'] if 'error' in f else show(f['got'])}")
        if f["note"]:
            out.append(f"    ({f['note']})")
    return "\n".join(out)


def load_floors(path: Path = FLOORS) -> dict[str, Any]:
    """{"overall": float, "capability": {cap: {lang: float}}} from floors.yaml."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {"overall": float(data.get("overall", 0.0)),
            "capability": {cap: {lang: float(v) for lang, v in (langs or {}).items()}
                           for cap, langs in (data.get("capability") or {}).items()}}


def below_floors(rates: dict[str, Any], floors: dict[str, Any]) -> list[str]:
    """One line per pass rate below its floor (a floor for a cell with no case counts as below)."""
    out = []
    if rates["overall"]["rate"] < floors["overall"]:
        out.append(f"overall: {rates['overall']['rate']} < floor {floors['overall']}")
    for cap, langs in floors["capability"].items():
        for lang, floor in langs.items():
            cell = rates["capability"].get(cap, {}).get(lang)
            rate = cell["rate"] if cell else None
            if rate is None or rate < floor:
                out.append(f"{cap}/{lang}: {rate} < floor {floor}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Print the pass-rate table (or JSON); exit 2 on a malformed case file."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--failures", action="store_true", help="list failing cases, expected vs got")
    parser.add_argument("--cases", type=Path, default=CASES_DIR, metavar="FOLDER",
                        help="a folder with cases.de.yaml and cases.en.yaml (default: tests/behaviour)")
    args = parser.parse_args(argv)
    try:
        cases = load_cases(case_files(args.cases))
    except CaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    results = run_cases(load_lexicon(), cases)
    rates = pass_rates(results)
    if args.format == "json":
        out: dict[str, Any] = {"rates": rates}
        if args.failures:
            out["failures"] = failures(results)
        print(json.dumps(out, ensure_ascii=False, sort_keys=True))
        return 0
    print(format_table(rates))
    if args.failures:
        print()
        print(format_failures(results) or "no failures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
