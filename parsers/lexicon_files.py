"""Read lexicon files: YAML with line numbers, and the pydantic shapes of their entries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

SHIPPED_DIR = Path(__file__).resolve().parent / "lexicons"
_CUE_FILE = re.compile(r"^cues\.([a-z]{2})\.ya?ml$")
_ROOT = SHIPPED_DIR.parent.parent
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RawAlias(_Strict):
    """An alias with a validity window (plain strings are aliases valid at any time)."""

    text: str
    valid_from: date | None = None
    valid_until: date | None = None


class RawTerm(_Strict):
    """An issue term limited to some stances."""

    text: str
    stances: list[Literal["support", "oppose", "open"]] | None = None


def _aliases(value: Any) -> Any:
    """Accept ``- Moskau`` as shorthand for ``- {text: Moskau}``."""
    if isinstance(value, dict):
        return {k: [{"text": v} if isinstance(v, str) else v for v in (vs or [])] for k, vs in value.items()}
    return value


class RawActor(_Strict):
    """An actor entry as written in actors.yaml (fields optional so editors can extend)."""

    id: str
    label: str | None = None
    aliases: dict[str, list[RawAlias]] | None = None
    not_before: dict[str, list[str]] | None = None
    owner_adjectives: dict[str, list[str]] | None = None
    party: bool | None = None  # None: as set elsewhere (an editor's file extending an actor keeps it)
    theatre: bool | None = None  # the same

    @field_validator("aliases", mode="before")
    @classmethod
    def _plain_strings(cls, value: Any) -> Any:
        return _aliases(value)


class RawIssue(_Strict):
    """An issue entry as written in issues.yaml."""

    id: str
    label: str | None = None
    proposition: str | None = None
    severity: Literal["high", "normal", "low"] | None = None
    terms: dict[str, list[str | RawTerm]] | None = None
    against: dict[str, list[str | RawTerm]] | None = None
    exclude: dict[str, list[str]] | None = None
    context: dict[str, list[str]] | None = None
    reads_as: str | None = None
    occupied_land: bool | None = None
    accession: bool | None = None
    literal: dict[str, list[str]] | None = None


class RawCues(_Strict):
    """A cue file (cues.<lang>.yaml); every list is optional so editors can extend one."""

    language: str | None = None
    support: list[str] = []
    accept: list[str] = []
    provision: list[str] = []
    oppose: list[str] = []
    open: list[str] = []
    negators: list[str] = []
    issue_negators: list[str] = []
    hypothetical: list[str] = []
    backshift: list[str] = []
    conditional: list[str] = []
    reporting: list[str] = []
    sources: list[str] = []
    first_person: list[str] = []
    third_person: list[str] = []
    oblique: list[str] = []
    contrast: list[str] = []
    noise: list[str] = []
    topic: list[str] = []
    anaphors: list[str] = []
    plan_nouns: list[str] = []
    proposing: list[str] = []
    genitive: list[str] = []
    not_only: list[str] = []
    precondition: list[str] = []
    passive: list[str] = []
    agent: list[str] = []
    agent_always: list[str] = []
    comitative: list[str] = []
    past: list[str] = []
    reported_mood: list[str] = []
    impossible: list[str] = []
    procedure: list[str] = []
    elaboration: list[str] = []
    condition_after: list[str] = []
    indefinite: list[str] = []
    change: list[str] = []
    pressure: list[str] = []
    abandon: list[str] = []
    given_up_after: list[str] = []
    instead: list[str] = []
    evaluative: list[str] = []
    allegation: list[str] = []
    elsewhere: list[str] = []
    necessity: list[str] = []
    denial: list[str] = []
    denied_content: list[str] = []
    roles: list[str] = []
    appositive: list[str] = []
    appositive_bare: list[str] = []
    liberation: list[str] = []
    obligation: list[str] = []
    reciprocity: list[str] = []
    linking: list[str] = []
    partitive: list[str] = []
    amounts: list[str] = []
    both_parties: list[str] = []
    two_sides: list[str] = []
    non_negotiable: list[str] = []
    principles: list[str] = []
    volition: list[str] = []
    latter: list[str] = []
    former: list[str] = []
    plan_modal: list[str] = []
    door: list[str] = []
    occupiers: list[str] = []
    withdrawal: list[str] = []
    withdrawal_nouns: list[str] = []
    deontic: list[str] = []
    demand_tags: list[str] = []
    denied_veto: list[str] = []
    so_far: list[str] = []
    belonging: list[str] = []
    plural_anaphors: list[str] = []
    mutual: list[str] = []
    mutual_weak: list[str] = []
    door_closed: list[str] = []
    position_nouns: list[str] = []
    put_to_vote: list[str] = []
    in_principle: list[str] = []
    reservation: list[str] = []
    truce_words: list[str] = []
    sacrificed: list[str] = []
    violated: list[str] = []
    owned_as: list[str] = []
    claimed_over: list[str] = []
    glossing: list[str] = []
    future: list[str] = []
    recent_past: list[str] = []
    persist: list[str] = []


@dataclass(frozen=True)
class LoadedFile:
    """One parsed lexicon file with its node tree, for problem lines that name a line."""

    name: str
    text: str
    kind: Literal["actors", "issues", "cues"]
    lang: str
    data: Any
    node: yaml.Node | None

    def where(self, path: tuple[Any, ...]) -> str:
        """``file:line`` of the node at ``path`` (or of the closest existing parent)."""
        node = self.node
        line = node.start_mark.line + 1 if node is not None else 1
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return f"{self.name}:{line}"


def _child(node: yaml.Node | None, step: Any) -> yaml.Node | None:
    """The child of a mapping (by key) or sequence (by index) node."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(step):
                return cast(yaml.Node, value)
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return cast(yaml.Node, node.value[step])
    return None


def _display(path: Path) -> str:
    """Shipped files are named relative to the project root, editors' files as given."""
    try:
        return str(path.resolve().relative_to(_ROOT))
    except ValueError:
        return str(path)


def _kind(path: Path) -> tuple[Literal["actors", "issues", "cues"], str] | None:
    """Which lexicon file this is, by name; None for files that are not lexicon files."""
    if path.name in ("actors.yaml", "actors.yml"):
        return "actors", ""
    if path.name in ("issues.yaml", "issues.yml"):
        return "issues", ""
    match = _CUE_FILE.match(path.name)
    return ("cues", match.group(1)) if match else None


def read_dir(folder: Path, problems: list[str]) -> list[LoadedFile]:
    """Parse every lexicon file in ``folder`` (actors, issues, then cues), appending YAML errors."""
    if not folder.is_dir():
        problems.append(f"{_display(folder)}: lexicon directory does not exist")
        return []
    order = {"actors": 0, "issues": 1, "cues": 2}
    found = [(kinds, path) for path in sorted(folder.iterdir()) if (kinds := _kind(path))]
    loaded: list[LoadedFile] = []
    for (kind, lang), path in sorted(found, key=lambda kp: (order[kp[0][0]], kp[1].name)):
        name = _display(path)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"{name}: not UTF-8 text (byte {exc.start}): save the file as UTF-8")
            continue
        except OSError as exc:
            problems.append(f"{name}: cannot be read: {exc.strerror or exc}")
            continue
        try:
            node = yaml.compose(text, Loader=_LOADER)
            data = yaml.load(text, Loader=_LOADER)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            problems.append(f"{name}:{line} invalid YAML: {getattr(exc, 'problem', exc)}")
            continue
        loaded.append(LoadedFile(name, text, kind, lang, data if data is not None else {}, node))
    return loaded
