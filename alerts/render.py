"""The alert email: plain text and HTML from Jinja2 templates, article text escaped."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from alerts.policy import most_severe_first
from alerts.types import AlertView, SilentFeed, web_link


def template_environment(package: str, escape_strings: bool = False) -> Environment:
    """Jinja2 as every part of stancewatch renders with it (the emails, the report, the web app): the
    package's templates, HTML ones autoescaped (and templates from strings with ``escape_strings``),
    an undefined name an error, and the shared filters: ``day`` (an ISO day) and ``href`` (a link
    only when it is http(s))."""
    env = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=escape_strings),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = iso_day
    env.filters["href"] = web_link
    return env


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates of the emails and the report."""
    env = template_environment("alerts")
    env.filters["timeline_cid"] = timeline_cid
    return env


def iso_day(value: datetime | None, missing: str = "undated") -> str:
    """A date as YYYY-MM-DD for editors, or ``missing``."""
    return value.date().isoformat() if value is not None else missing


def timeline_cid(issue: str) -> str:
    """The Content-ID of an issue's timeline picture in the HTML part."""
    return f"timeline-{issue}@stancewatch.local"


def new_message_id() -> str:
    """A globally unique Message-ID for an alert email."""
    return make_msgid(domain="stancewatch.local")


def _one_line(text: str) -> str:
    """Header values never carry a line break (no header injection from titles)."""
    return " ".join(text.split())


def _move(a: AlertView) -> str:
    return f"{a.actor_label} · {a.issue_label}: {a.from_stance or 'none'} → {a.to_stance}"


def subject_for(alerts: Sequence[AlertView], silent: Sequence[SilentFeed] = (), digest: bool = True) -> str:
    """Actor, issue and from → to of the most severe alert; a digest says how many more it holds."""
    if not alerts:
        return f"stancewatch: {len(silent)} silent feed(s)"
    first = alerts[0]
    if not digest:
        return _one_line(f"stancewatch [{first.severity}]: {_move(first)} ({first.corroboration})")
    more = f"; +{len(alerts) - 1} more" if len(alerts) > 1 else ""
    return _one_line(f"stancewatch digest, {len(alerts)} alert{'s' if len(alerts) != 1 else ''}: {_move(first)}{more}")


def render_alerts(
    alerts: Sequence[AlertView],
    sender: str,
    recipients: Sequence[str],
    message_id: str | None = None,
    silent: Sequence[SilentFeed] = (),
    digest: bool = True,
    timelines: Mapping[str, bytes] | None = None,
    uncertain: int = 0,
) -> EmailMessage:
    """One email listing ``alerts`` (most severe first) and silent feeds; a fresh Message-ID unless given.

    ``timelines`` maps issue ids to PNG pictures, shown in the HTML part as related images;
    ``uncertain`` counts earlier alerts whose email may not have arrived (the editor checks them).
    """
    ordered = sorted(alerts, key=lambda a: (most_severe_first(a.severity), a.id))
    pictures = dict(timelines or {})
    issue_labels = {a.issue: a.issue_label for a in ordered}
    context = {
        "alerts": ordered,
        "subject": subject_for(ordered, silent, digest),
        "silent": list(silent),
        "uncertain": uncertain,
        "timelines": {issue: issue_labels.get(issue, issue) for issue in pictures},
        # a digest's issues left without a picture (it carries a few): where to see theirs
        "untimed": [issue for issue in issue_labels if pictures and issue not in pictures],
    }
    env = environment()
    message = EmailMessage()
    message["Subject"] = context["subject"]
    message["From"] = _one_line(sender)
    message["To"] = ", ".join(_one_line(r) for r in recipients)
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = _one_line(message_id or new_message_id())
    message.set_content(env.get_template("alerts.txt.j2").render(context))
    message.add_alternative(env.get_template("alerts.html.j2").render(context), subtype="html")
    if pictures:
        html_part = message.get_payload()[1]  # type: ignore[index]
        assert isinstance(html_part, EmailMessage)
        for issue, png in pictures.items():
            html_part.add_related(png, "image", "png", cid=f"<{timeline_cid(issue)}>",
                                  filename=f"timeline-{issue}.png")
    return message
