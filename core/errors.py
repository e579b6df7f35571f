"""The one exception tree of stancewatch.

    StancewatchError
    ├── ConfigError          bad settings or feeds file
    ├── LexiconError         a lexicon file or entry is invalid (lists every problem)
    ├── FeedError            a feed could not be fetched or parsed
    ├── FetchError           a page could not be fetched (status, size, scheme, address)
    ├── ExtractionError      a page yielded no article text
    ├── ArticleFileError     an article file (header + text) is malformed
    ├── StorageError         the database refused an operation
    └── DeliveryError        the mail server did not accept an alert email

Each boundary translates library errors into one of these with the offending input
(feed URL, article URL, file path, alert id) in the message, so the CLI can print one line.
"""

from __future__ import annotations


class StancewatchError(Exception):
    """Base class; the CLI turns any of these into one clear line and exit code 1."""


class ConfigError(StancewatchError):
    """Settings or a configuration file are invalid."""


class LexiconError(StancewatchError):
    """One or more lexicon entries are invalid; ``problems`` holds one line per entry."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("invalid lexicon:\n" + "\n".join(f"  {p}" for p in self.problems))


class FeedError(StancewatchError):
    """A feed could not be fetched or parsed."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"feed {url}: {reason}")


class FetchError(StancewatchError):
    """A page or feed could not be fetched; ``retry_after`` is the server's wish in seconds, if any;
    ``retryable``: the same request may succeed soon (a timeout, a dropped connection, a 5xx)."""

    def __init__(self, url: str, reason: str, retry_after: float | None = None, retryable: bool = False) -> None:
        self.url = url
        self.reason = reason
        self.retry_after = retry_after
        self.retryable = retryable
        super().__init__(f"{url}: {reason}")


class ExtractionError(StancewatchError):
    """A page held no extractable article text."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class ArticleFileError(StancewatchError):
    """An article file is malformed."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        super().__init__(f"{path}: {reason}")


class StorageError(StancewatchError):
    """The database refused an operation."""


class DeliveryError(StancewatchError):
    """The mail server did not accept a message.

    ``ambiguous`` is true when the connection failed after the message was handed over, so the
    server may have accepted it: such a message is not resent automatically.
    """

    def __init__(self, message: str, ambiguous: bool = False) -> None:
        self.ambiguous = ambiguous
        super().__init__(message)
