"""Domain values passed between the pipeline stages: frozen, typed, free of I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Stance = Literal["support", "oppose", "open"]
Modality = Literal["asserted", "hypothetical", "question"]
STANCES: tuple[Stance, ...] = ("support", "oppose", "open")
MODALITIES: tuple[Modality, ...] = ("asserted", "hypothetical", "question")
# The language of a text that does not say (the monitored coverage is mostly German).
DEFAULT_LANG = "de"


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, as the feed describes it."""

    guid: str
    link: str
    title: str
    summary: str
    published: datetime | None


@dataclass(frozen=True)
class ArticleText:
    """The text of one article with what we know about it."""

    url: str
    text: str
    title: str = ""
    date: str | None = None  # YYYY-MM-DD
    lang: str = DEFAULT_LANG
    source: str = "page"  # "page", "feed-summary" (extraction failed) or "file"


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, with its position in the text."""

    text: str
    index: int
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Evidence:
    """The words that made a claim: what `stancewatch explain` prints."""

    actor: str  # the actor mention as written (or the antecedent it was carried from)
    issue: str  # the issue term as written
    cue: str  # the stance cue as written ("" when the stance came from a default)
    markers: tuple[str, ...] = ()  # modality, negation and condition markers found
    cue_start: int = -1  # where the cue stands in the sentence (-1: no cue)
    issue_start: int = -1  # where the issue term stands in the sentence (-1: not known)


@dataclass(frozen=True)
class Claim:
    """A position of an actor on an issue, stated in one sentence of one article."""

    actor: str
    issue: str
    stance: Stance
    modality: Modality
    sentence: str
    confidence: float
    sentence_index: int = 0
    evidence: Evidence | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, object]:
        """The JSON shape used by `stancewatch claims --format jsonl`."""
        return {
            "actor": self.actor,
            "issue": self.issue,
            "stance": self.stance,
            "modality": self.modality,
            "sentence": self.sentence,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class Analysed:
    """A page's text and claims, or why there are none: what the analysis of one article gives the store."""

    article_id: int
    text: ArticleText | None
    claims: tuple[Claim, ...] = ()
    error: str | None = None
    final: bool = False  # an error that will not go away on retry
    minhash: bytes | None = None  # the text's near-duplicate signature (parsers.neardup)
    text_hash: str | None = None  # the text's exact-copy hash (parsers.article.text_hash)
