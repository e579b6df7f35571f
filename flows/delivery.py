"""Alert delivery by each configured sender (email first, ``alerts.senders``): the instant alerts one
message each, then the digest, each message's alerts claimed just before it is sent and marked once
the receiver took it."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from alerts import plots
from alerts.links import AlertLinks, links_for
from alerts.render import new_message_id
from alerts.senders import Outgoing, Sender, senders_for
from alerts.types import AlertView, HistoryView, SilentFeed
from core.errors import DeliveryError
from core.settings import Settings
from flows import pool
from parsers.lexicon import Lexicon
from storage import alerts as alert_store
from storage import feeds as feed_store
from storage import reporting, review
from storage import rows as row_store
from storage import wire as wire_store
from storage.db import make_engine, session_scope


@dataclass(frozen=True)
class DeliveryOutcome:
    """What the alert step did: alerts and silent feeds reported, emails sent, and where they went or why not."""

    alerts: int = 0
    silent_feeds: int = 0
    where: str | None = None
    error: str | None = None
    emails: int = 0
    backlog: alert_store.Backlog = field(default_factory=lambda: alert_store.Backlog())  # left undelivered

    def __add__(self, other: DeliveryOutcome) -> DeliveryOutcome:
        return DeliveryOutcome(self.alerts + other.alerts, self.silent_feeds + other.silent_feeds,
                               other.where or self.where, other.error or self.error, self.emails + other.emails)


# Editors read the last few statements beside an alert; the full list is `positions history`.
HISTORY_IN_EMAIL = 5


def send_alerts(lexicon: Lexicon, settings: Settings) -> DeliveryOutcome:
    """By each sender (``STANCEWATCH_SENDERS``): the high-severity alerts at once, one message each,
    then the digest of the rest (every run, or once a day), the first sender's digest with the newly
    silent feeds. Each message's alerts are claimed just before it is sent, so a run that dies holds
    at most one message's worth; they are marked only once the receiver accepted the message. Each
    sender keeps its own state: one that fails leaves the others' deliveries alone."""
    senders = senders_for(settings)  # an unknown sender name fails before anything is claimed
    engine = make_engine(settings.db_url())
    with session_scope(engine) as session:
        alert_store.expire_stale_sending(session)
    lease = timedelta(seconds=settings.smtp_timeout * 4 + 60)
    outcome = DeliveryOutcome()
    for number, sender in enumerate(senders):
        tried = 0
        while True:  # one instant alert at a time, each in its own message, each tried once a run
            with session_scope(engine) as session:
                instant = alert_store.claim_for_delivery(session, lease, sender.name, channel="instant", limit=1,
                                                         after_id=tried)
            if not instant:
                break
            tried = instant[0]
            outcome += _deliver(engine, lexicon, settings, sender, instant, digest=False)
        with session_scope(engine) as session:
            due_since = settings.digest_due_since(row_store.utcnow())
            digest = alert_store.claim_for_delivery(session, lease, sender.name, channel="digest",
                                                    created_before=due_since)
            silent = [f.id for f in feed_store.silent_feeds(session, settings.silent_after())] if number == 0 else []
        if digest or silent:
            outcome += _deliver(engine, lexicon, settings, sender, digest, digest=True, silent_ids=silent)
    with session_scope(engine) as session:  # what still waits, so the run can say so
        outcome = replace(outcome, backlog=alert_store.delivery_backlog(session))
    return outcome


def _links(settings: Settings, alert_id: int) -> AlertLinks | None:
    """The web app's links for an alert's message, when the app's address is set (actions need its secret)."""
    if not settings.web_base_url:
        return None
    secret = settings.web_secret.get_secret_value() if settings.web_secret else None
    return links_for(settings.web_base_url, alert_id, secret)


def _deliver(
    engine: Engine, lexicon: Lexicon, settings: Settings, sender: Sender, alert_ids: Sequence[int], digest: bool,
    silent_ids: Sequence[int] = (),
) -> DeliveryOutcome:
    """Send one message for these claimed alerts by ``sender``; record the outcome on their deliveries."""
    with session_scope(engine) as session:
        alerts = alert_store.alerts_by_id(session, alert_ids)
        names = lexicon.labels()
        histories = review.recent_histories(session, [(a.actor, a.issue, a.claim_id) for a in alerts], HISTORY_IN_EMAIL)
        views = [alert_store.to_view(a, names, [_history_view(e) for e in history], _links(settings, a.id), sender.name)
                 for a, history in zip(alerts, histories)]
        silent = [SilentFeed(f.name, f.url, f.last_new_entry_at) for f in feed_store.feeds_by_id(session, silent_ids)]
        # recorded before sending: a retry after a failure sends the same message id
        message_id = alert_store.claim_message_id(session, alert_ids, new_message_id(), sender.name)
        timelines = _timelines(session, views, names, settings) if digest and views and sender.shows_timelines else {}
        # a digest says how many earlier alerts may not have arrived, so the editor checks them
        uncertain = alert_store.delivery_backlog(session, sender.name).uncertain if digest else 0
    outgoing = Outgoing(views, message_id, digest=digest, silent=silent, timelines=timelines, uncertain=uncertain)

    def handed_over() -> None:
        with session_scope(engine) as session:
            alert_store.mark_handing(session, alert_ids, sender.name)

    try:
        where = sender.send(outgoing, handed_over)
    except DeliveryError as exc:
        with session_scope(engine) as session:
            retry = timedelta(minutes=settings.delivery_retry_minutes)
            alert_store.mark_delivery_failed(session, alert_ids, str(exc), retry, ambiguous=exc.ambiguous,
                                             sender=sender.name)
        kept = "it may have arrived, so it is not sent again by itself" if exc.ambiguous else "kept for a retry"
        return DeliveryOutcome(error=f"{exc} ({kept})")  # the sender's error names where it failed
    with session_scope(engine) as session:
        alert_store.mark_delivered(session, alert_ids, message_id, sender.name)
        feed_store.mark_silent_reported(session, silent_ids)
    return DeliveryOutcome(len(alert_ids), len(silent_ids), where, emails=1)


def _history_view(entry: review.HistoryEntry) -> HistoryView:
    """One of the actor's last statements on the issue, as the email shows it."""
    return HistoryView(entry.published, entry.stance, wire_store.outlet(entry.source), entry.sentence)


def _timelines(
    session: Session, views: Sequence[AlertView], names: Mapping[str, str], settings: Settings
) -> dict[str, bytes]:
    """A timeline picture per issue of the digest's alerts: every actor's stance on it over the last
    ``TIMELINE_DAYS`` before the newest alert's article, with the stored positions, so an editor sees
    the move in its context (counted from the articles, not the clock, for a digest of older coverage).
    Drawn on the worker processes, side by side."""
    newest = max((v.new.published for v in views if v.new.published), default=row_store.utcnow())
    since = newest - timedelta(days=TIMELINE_DAYS)
    # most alerts first, then in the digest's order
    issues = [issue for issue, _count in Counter(v.issue for v in views).most_common(TIMELINES_IN_DIGEST)]
    points = reporting.daily_stances(session, issues, since)
    current = reporting.position_cells(session, issues)
    pictures = [functools.partial(plots.issue_timeline_png, names.get(issue, issue),
                                  [plots.Point(p.actor, p.stance, p.published, p.dismissed) for p in points[issue]],
                                  [plots.Current(c.actor, c.issue, c.stance, c.since, c.origin)
                                   for c in current if c.issue == issue],
                                  actor_labels=dict(names), width_px=EMAIL_PICTURE_PX,
                                  text_scale=EMAIL_TEXT_SCALE)
                for issue in issues]
    return dict(zip(issues, pool.run_each(pictures, settings)))


# The digest's timelines are shrunk to a phone's width (~310 px inside the email's margins): at 600 px
# and letters 1.6 times the report's, the smallest text there is ~11 px high.
EMAIL_PICTURE_PX = 600
EMAIL_TEXT_SCALE = 1.6

# Months of context in the digest's timelines: the negotiations' recent phase, not their whole history.
TIMELINE_DAYS = 180
# Pictures in one digest: each costs ~0.2 s to draw and ~120 KB to mail, and a catch-up digest over
# many issues would carry a dozen; the email names `stancewatch report --issue` for the others.
TIMELINES_IN_DIGEST = 5
