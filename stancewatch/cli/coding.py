"""Commands that code article files without storing anything: claims, explain, lexicon check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from core.errors import StancewatchError
from stancewatch.cli.common import (
    Format,
    FormatOption,
    app,
    current_settings,
    emit,
    err,
    lexicon_app,
    out,
    watchlist,
)


def _read_any(path: Path) -> Any:
    from core.errors import ArticleFileError
    from parsers.article import extract_article, read_article_file

    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ArticleFileError(str(path), f"cannot read: {exc.strerror}") from None
    if path.suffix.lower() in (".html", ".htm"):
        return extract_article(content, path.resolve().as_uri())
    try:
        return read_article_file(content.decode("utf-8"), str(path))
    except UnicodeDecodeError:
        raise ArticleFileError(str(path), "not UTF-8 text") from None


@app.command()
def claims(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Article files (header + text) or .html pages.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Code article files and print their claims (one JSON line per file with --format jsonl)."""
    from parsers.article import article_day
    from parsers.claims import code_claims

    lexicon = watchlist(current_settings())
    coded = []
    problems: list[str] = []
    for path in files:
        try:
            text = _read_any(path)
        except StancewatchError as exc:  # one bad file does not cost the others their claims
            problems.append(str(exc))
            continue
        coded.append((path, code_claims(text.text, text.lang, lexicon, article_day(text))))
    rows: list[dict[str, Any]] = [{"id": p.stem, "claims": [c.as_dict() for c in found]} for p, found in coded]
    if fmt is Format.table:
        flat = [{"id": path.stem, **c.as_dict()} for path, found in coded for c in found]
        emit(flat, fmt, ["id", "actor", "issue", "stance", "modality", "confidence", "sentence"], "claims")
    else:
        emit(rows, fmt, [], "")
    for problem in problems:
        err.print(f"[red]error:[/red] {escape(problem)}", markup=True)
    if problems:
        raise typer.Exit(1)


@app.command()
def explain(file: Annotated[Path, typer.Argument(metavar="FILE", help="An article file or .html page.")]) -> None:
    """Print each claim of an article with the words that made it."""
    from parsers.article import article_day
    from parsers.claims import code_claims

    text = _read_any(file)
    found = code_claims(text.text, text.lang, watchlist(current_settings()), article_day(text))
    if not found:
        out.print("no claims found")
    for claim in found:
        ev = claim.evidence
        out.print(f"[bold]{claim.actor} {claim.issue} {claim.stance}[/bold] ({claim.modality}, {claim.confidence:.2f})")
        out.print(f"  sentence #{claim.sentence_index}: {claim.sentence}", highlight=False, markup=False)
        if ev is not None:
            out.print(f"  actor: {ev.actor!r}  issue: {ev.issue!r}  cue: {ev.cue!r}  markers: {', '.join(ev.markers) or '-'}",
                      highlight=False, markup=False)


@lexicon_app.command("check")
def lexicon_check(folder: Annotated[Path | None, typer.Argument(metavar="FOLDER", help="An editor's lexicon folder.")] = None) -> None:
    """Validate the shipped lexicon and an editor's folder; list every problem."""
    from parsers.lexicon import load_lexicon

    lexicon = load_lexicon([folder] if folder else [])
    out.print(f"lexicon ok: {len(lexicon.actors)} actors, {len(lexicon.issues)} issues, fingerprint {lexicon.fingerprint}")
