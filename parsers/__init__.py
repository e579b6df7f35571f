"""Pure parsing stages: sentences, lexicon and the claim coder (no network, no database)."""

from parsers.claims import code_claims
from parsers.lexicon import Lexicon, load_lexicon
from parsers.sentences import split_sentences
from parsers.types import Claim, Evidence, Sentence

__all__ = [
    "Claim",
    "Evidence",
    "Lexicon",
    "Sentence",
    "code_claims",
    "load_lexicon",
    "split_sentences",
]
