"""Outlets and wire groups: which texts are one agency story printed by several outlets."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from parsers import neardup
from storage.models import Article, MinhashBand, table_of
from storage.rows import chunked


def outlet(url: str) -> str:
    """The outlet an article URL belongs to: its host without a leading www., with the port if it is
    not the scheme's default (two sites on one host are two outlets)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port and port != {"http": 80, "https": 443}.get(parts.scheme) else host


def assign_wire_group(session: Session, article: Article, minhash: bytes | None, index: TextIndex | None = None) -> None:
    """Set the article's outlet and wire-copy group: the group of the most similar stored text at or
    above the near-duplicate threshold, else a group of its own.

    ``index`` holds the stored texts a batch is compared with, and writes the batch's band rows when it
    is done; without one, the lookup and the write are made for this article.
    """
    article.source = outlet(article.url)
    article.wire_group_id = article.id
    article.minhash = minhash
    if minhash is None:
        return
    if (article.version or 1) > 1:  # a new version's bands replace the old ones
        session.execute(delete(MinhashBand).where(MinhashBand.article_id == article.id))
    own = index is None
    index = index or TextIndex(session, [(None, minhash)])
    article.wire_group_id = index.add_signature(article.id, neardup.unpack(minhash))
    if own:
        index.write()


class TextIndex:
    """The stored texts a batch of new texts is compared with: exact copies by text hash, wire copies
    by MinHash band.

    Looked up for the whole batch in a few indexed IN queries (their cost follows the batch, not the
    table); the batch's own texts join the index as they are stored, so a copy later in the same batch
    is found too, and the batch's band rows are written in one statement by ``write``.
    """

    def __init__(self, session: Session, texts: Sequence[tuple[str | None, bytes | None]]) -> None:
        """``texts``: (text hash, packed MinHash signature) of each text of the batch, either may be None."""
        self.session = session
        self.originals: dict[str, int] = {}  # text hash → lowest article id with it
        self.members: dict[int, set[int]] = {}  # band key → article ids
        self.signatures: dict[int, tuple[int, neardup.Signature]] = {}  # article id → (wire group, signature)
        self._new_bands: list[dict[str, int]] = []
        # each text's band keys, worked out once for the lookup here and for add_signature
        self._band_keys = {sig: neardup.band_keys(sig) for sig in (neardup.unpack(p) for _, p in texts if p)}
        digests = sorted({d for d, _ in texts if d})
        for hashes in chunked(digests):
            query = select(Article.text_hash, func.min(Article.id)).where(Article.text_hash.in_(hashes)).group_by(Article.text_hash)
            self.originals.update((digest, first) for digest, first in session.execute(query) if digest)
        keys = sorted({k for sig_keys in self._band_keys.values() for k in sig_keys})
        for band_keys in chunked(keys):
            for key, article_id in session.execute(
                select(MinhashBand.band_key, MinhashBand.article_id).where(MinhashBand.band_key.in_(band_keys))
            ):
                self.members.setdefault(key, set()).add(article_id)
        candidates = sorted({a for ids in self.members.values() for a in ids})
        for ids in chunked(candidates):
            for other_id, group, other_hash in session.execute(
                select(Article.id, Article.wire_group_id, Article.minhash).where(Article.id.in_(ids))
            ):
                if other_hash is not None:
                    self.signatures[other_id] = (group or other_id, neardup.unpack(other_hash))

    def original(self, article_id: int, digest: str) -> int | None:
        """The first article with this text, other than ``article_id``; the article itself becomes the
        text's first when there is none."""
        first = self.originals.setdefault(digest, article_id)
        return None if first == article_id else first

    def add_signature(self, article_id: int, signature: neardup.Signature) -> int:
        """The wire group of the most similar indexed text at or above the threshold (the newest of equals),
        else ``article_id``; the text joins the index."""
        keys = self._band_keys.get(signature) or neardup.band_keys(signature)
        candidates = {a for key in keys for a in self.members.get(key, ())} - {article_id}
        best, best_similarity = article_id, neardup.NEAR_DUPLICATE
        for other_id in sorted(candidates):
            if other_id not in self.signatures:
                continue
            group, other = self.signatures[other_id]
            similarity = neardup.similarity(signature, other)
            if similarity >= best_similarity:
                best, best_similarity = group, similarity
        for key in keys:
            self.members.setdefault(key, set()).add(article_id)
            self._new_bands.append({"band_key": key, "article_id": article_id})
        self.signatures[article_id] = (best, signature)
        return best

    def write(self) -> None:
        """Store the band rows of the texts added since the last write."""
        if self._new_bands:
            self.session.execute(insert(table_of(MinhashBand)), self._new_bands)  # 20 rows a text
            self._new_bands = []
