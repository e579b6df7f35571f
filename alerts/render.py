"""The alert email: plain text and HTML from Jinja2 templates, article text escaped."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from alerts.types import AlertView, SilentFeed

SEVERITY_ORDER = {"high": 0, "normal": 1, "low": 2}


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("alerts", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def new_message_id() -> str:
    """A globally unique Message-ID for an alert email."""
    return make_msgid(domain="stancewatch.local")


def _one_line(text: str) -> str:
    """Header values never carry a line break (no header injection from titles)."""
    return " ".join(text.split())


def subject_for(alerts: Sequence[AlertView], silent: Sequence[SilentFeed] = ()) -> str:
    """'stancewatch: russia territory_south open → support' or a count when there are several."""
    if not alerts:
        return f"stancewatch: {len(silent)} silent feed(s)"
    if len(alerts) == 1:
        a = alerts[0]
        return _one_line(f"stancewatch: {a.actor} {a.issue} {a.from_stance or 'none'} → {a.to_stance}")
    shifts = sum(1 for a in alerts if a.kind == "shift")
    return f"stancewatch: {len(alerts)} alerts ({shifts} shifts, {len(alerts) - shifts} new positions)"


def render_alerts(
    alerts: Sequence[AlertView],
    sender: str,
    recipients: Sequence[str],
    message_id: str | None = None,
    silent: Sequence[SilentFeed] = (),
) -> EmailMessage:
    """One email listing ``alerts`` (most severe first) and silent feeds; a fresh Message-ID unless given."""
    ordered = sorted(alerts, key=lambda a: (SEVERITY_ORDER.get(a.severity, 9), a.id))
    context = {"alerts": ordered, "subject": subject_for(ordered, silent), "silent": list(silent)}
    env = _environment()
    message = EmailMessage()
    message["Subject"] = context["subject"]
    message["From"] = _one_line(sender)
    message["To"] = ", ".join(_one_line(r) for r in recipients)
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = _one_line(message_id or new_message_id())
    message.set_content(env.get_template("alerts.txt.j2").render(context))
    message.add_alternative(env.get_template("alerts.html.j2").render(context), subtype="html")
    return message
