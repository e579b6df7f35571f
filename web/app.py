"""The web app: Starlette routes over the storage layer's review functions, Jinja2 pages without JavaScript.

Reading needs a signed-in editor unless ``web_public_read`` is set; changing anything needs a signed-in
editor and the form's CSRF token, or a valid one-click link from an alert email (whose confirmation
page, not the link itself, makes the change, so mail scanners that open links change nothing).
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from alerts import plots
from alerts.links import ACTIONS, LinkError, read_action
from alerts.policy import SEVERITY_RANK
from alerts.render import template_environment
from alerts.types import HistoryView, PositionCell, web_link
from core.errors import StorageError
from core.settings import Settings
from parsers.lexicon import Lexicon, load_lexicon
from parsers.normalize import normalize_text
from parsers.types import STANCES
from storage import alerts as alert_store
from storage import reporting, review
from storage.db import make_engine, session_scope
from storage.models import ALERT_STATUSES, DELIVERY_STATES
from web.auth import csrf_matches, new_csrf, sign_in

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

PAGE_SIZE = 50
ACTION_LABELS = {"confirm": "Confirm", "dismiss": "Dismiss", "ack": "Mark read"}
ACTION_DONE = {"confirm": "confirmed", "dismiss": "dismissed", "ack": "marked read"}
SEVERITIES = tuple(SEVERITY_RANK)  # most severe first, the order of the email and the report
# Security headers on every answer: no scripts at all, no framing, no referrer leaking signed links.
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


class WebApp:
    """The app's state: settings, the database engine, the lexicon's labels, the templates."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine: Engine = make_engine(settings.db_url())
        self.lexicon: Lexicon = load_lexicon(settings.lexicon_dirs())
        self.labels = self.lexicon.labels()
        self.secret = settings.web_secret.get_secret_value() if settings.web_secret else None
        self.templates = _environment()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with session_scope(self.engine) as session:
            yield session

    # ------------------------------------------------------------------ who is asking
    def editor(self, request: Request) -> str | None:
        """The signed-in editor, if still listed in the settings (removing an editor ends their sessions)."""
        name = request.session.get("editor")
        return name if isinstance(name, str) and name in self.settings.web_editors else None

    def csrf(self, request: Request) -> str:
        token = request.session.get("csrf")
        if not isinstance(token, str):
            token = request.session["csrf"] = new_csrf()
        return token

    async def form(self, request: Request) -> dict[str, str]:
        """The posted form, or PermissionError when its CSRF token is not this session's."""
        data = await request.form()
        fields = {key: value for key, value in data.items() if isinstance(value, str)}
        if not csrf_matches(request.session.get("csrf"), fields.get("csrf")):
            raise PermissionError("the form was out of date or not sent from this site: open the page again")
        return fields

    # ------------------------------------------------------------------ pages
    def page(self, request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        context.update(
            request=request,
            editor=self.editor(request),
            csrf=self.csrf(request),
            labels=self.labels,
            can_sign_in=bool(self.secret and self.settings.web_editors),
        )
        html = self.templates.get_template(template).render(context)
        return HTMLResponse(html, status_code=status_code)

    def message(self, request: Request, title: str, text: str, status_code: int = 200) -> HTMLResponse:
        return self.page(request, "message.html.j2", status_code, title=title, text=text)

    def label(self, ident: str | None) -> str:
        return self.labels.get(ident or "", ident or "")


def _environment() -> Environment:
    env = template_environment("web", escape_strings=True)
    env.filters["when"] = lambda value: value.strftime("%Y-%m-%d %H:%M") if value else ""
    return env


Handler = Callable[[WebApp, Request], Awaitable[Response]]


def readable(handler: Handler) -> Handler:
    """A page that needs a signed-in editor, unless the settings open reading to everyone."""

    @functools.wraps(handler)
    async def guarded(app: WebApp, request: Request) -> Response:
        if app.editor(request) is None and not app.settings.web_public_read:
            return _to_login(request)
        return await handler(app, request)

    return guarded


def changes(handler: Handler) -> Handler:
    """A POST that changes something: a signed-in editor and the session's CSRF token."""

    @functools.wraps(handler)
    async def guarded(app: WebApp, request: Request) -> Response:
        if app.editor(request) is None:
            return app.message(request, "Sign in first", "Only a signed-in editor can change anything.", 403)
        try:
            await app.form(request)
        except PermissionError as exc:
            return app.message(request, "Not changed", str(exc), 403)
        return await handler(app, request)

    return guarded


def _to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no //host or scheme: no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or urlsplit(target).scheme:
        return "/alerts"
    return target


# ---------------------------------------------------------------------- sign-in
async def login_page(app: WebApp, request: Request) -> Response:
    return app.page(request, "login.html.j2", next=_safe_next(request.query_params.get("next")), failed=False)


async def login(app: WebApp, request: Request) -> Response:
    try:
        fields = await app.form(request)
    except PermissionError as exc:
        return app.message(request, "Not signed in", str(exc), 403)
    name, token = fields.get("name", "").strip(), fields.get("token", "")
    target = _safe_next(fields.get("next"))
    # hashing takes a good part of a second: not on the event loop
    if not app.secret or not await run_in_threadpool(sign_in, app.settings.web_editors, name, token):
        return app.page(request, "login.html.j2", 401, next=target, failed=True)
    request.session.clear()  # a fresh session (and CSRF token) on every sign-in
    request.session.update(editor=name, csrf=new_csrf())
    return RedirectResponse(target, status_code=303)


async def logout(app: WebApp, request: Request) -> Response:
    try:
        await app.form(request)
    except PermissionError as exc:
        return app.message(request, "Still signed in", str(exc), 403)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


# ---------------------------------------------------------------------- alerts
def _filter(app: WebApp, request: Request) -> tuple[alert_store.AlertFilter, dict[str, str], list[str]]:
    """The list's filters from the query string; unknown values are reported, not obeyed."""
    params = request.query_params
    chosen = {key: params.get(key, "").strip() for key in
              ("status", "severity", "actor", "issue", "corroboration", "since", "until")}
    if "status" not in params:
        chosen["status"] = "open"  # open alerts by default; "any" shows all
    problems = []
    allowed = {
        "status": ALERT_STATUSES + DELIVERY_STATES + ("any",), "severity": SEVERITIES,
        "actor": tuple(app.lexicon.actors), "issue": tuple(app.lexicon.issues),
        "corroboration": ("confirmed", "unconfirmed"),
    }
    for key, values in allowed.items():
        if chosen[key] and chosen[key] not in values:
            problems.append(f"{key} {chosen[key]!r} is not known; it was left out")
            chosen[key] = ""
    days: dict[str, datetime | None] = {}
    for key in ("since", "until"):
        days[key] = None
        if chosen[key]:
            try:
                days[key] = datetime.strptime(chosen[key], "%Y-%m-%d")
            except ValueError:
                problems.append(f"{key} {chosen[key]!r} is not a date (YYYY-MM-DD); it was left out")
                chosen[key] = ""
    until = days["until"] + timedelta(days=1) if days["until"] else None  # the whole last day
    wanted = alert_store.AlertFilter(
        status=None if chosen["status"] in ("", "any") else chosen["status"], severity=chosen["severity"] or None,
        actor=chosen["actor"] or None, issue=chosen["issue"] or None,
        corroboration=chosen["corroboration"] or None, since=days["since"], until=until)
    return wanted, chosen, problems


@readable
async def alert_list(app: WebApp, request: Request) -> Response:
    wanted, chosen, problems = _filter(app, request)
    try:
        page_no = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        page_no = 1
    with app.session() as session:
        rows, total = alert_store.browse_alerts(session, wanted, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
        views = [alert_store.to_view(a, app.labels) for a in rows]
    query = {k: v for k, v in chosen.items() if v}
    return app.page(request, "alerts.html.j2", alerts=views, total=total, page_no=page_no, page_size=PAGE_SIZE,
                    chosen=chosen, problems=problems, query=query, statuses=ALERT_STATUSES + DELIVERY_STATES,
                    severities=SEVERITIES, actors=list(app.lexicon.actors), issues=list(app.lexicon.issues))


def _alert_context(app: WebApp, session: Session, alert_id: int) -> dict[str, Any]:
    alert = alert_store.get_alert(session, alert_id)
    history = review.position_history(session, alert.actor, alert.issue)
    view = alert_store.to_view(alert, app.labels,
                               [HistoryView(h.published, h.stance, h.source, h.sentence) for h in history])
    return {"alert": view, "reports": alert_store.evidence_of(session, alert_id),
            "history": history, "position": _position(session, alert.actor, alert.issue),
            "decided": review.decision_log(session, alert_id=alert_id)}


def _position(session: Session, actor: str, issue: str) -> PositionCell | None:
    cells = [c for c in reporting.position_cells(session, [issue]) if c.actor == actor]
    return cells[0] if cells else None


def _alert_id(request: Request) -> int:
    return int(request.path_params["alert_id"])


@readable
async def alert_page(app: WebApp, request: Request) -> Response:
    try:
        with app.session() as session:
            context = _alert_context(app, session, _alert_id(request))
    except StorageError:
        return app.message(request, "No such alert", f"There is no alert {_alert_id(request)}.", 404)
    return app.page(request, "alert.html.j2", actions=ACTION_LABELS, **context)


@changes
async def alert_action(app: WebApp, request: Request) -> Response:
    action, alert_id = request.path_params["action"], _alert_id(request)
    if action not in ACTIONS:
        return app.message(request, "Unknown action", f"{action!r} is not an action.", 404)
    fields = await request.form()
    reason = fields.get("reason")
    editor = review.Editor(app.editor(request) or "", "web")
    try:
        with app.session() as session:
            review.decide(session, alert_id, action, editor, _typed(reason))
    except StorageError:
        return app.message(request, "No such alert", f"There is no alert {alert_id}.", 404)
    return RedirectResponse(f"/alerts/{alert_id}?done={action}", status_code=303)


def _typed(value: object, limit: int = 2000) -> str | None:
    """Typed text enters like page text (no invisible controls), bounded; None when empty."""
    if not isinstance(value, str):
        return None
    text = normalize_text(value).strip()[:limit]
    return text or None


# ---------------------------------------------------------------------- one-click links from the email
def _link(app: WebApp, request: Request) -> tuple[Any, str | None]:
    """The link's action, or None with the reason it cannot act."""
    if app.secret is None:
        return None, "One-click links are switched off here (no STANCEWATCH_WEB_SECRET)."
    try:
        return read_action(app.secret, request.path_params["token"],
                           timedelta(days=app.settings.web_link_days)), None
    except LinkError as exc:
        if exc.reason == "expired":
            return None, (f"This link has expired (links work for {app.settings.web_link_days:g} days). "
                          "Open the alert in the web app instead.")
        return None, "This link is not valid: it was changed or cut short. Nothing was changed."


async def act_page(app: WebApp, request: Request) -> Response:
    link, problem = _link(app, request)
    if link is None:
        return app.message(request, "Link not usable", problem or "", 400)
    try:
        with app.session() as session:
            context = _alert_context(app, session, link.alert_id)
            used = review.link_used(session, link.link_id)
    except StorageError:
        return app.message(request, "No such alert", f"There is no alert {link.alert_id}.", 404)
    if used:
        return app.message(request, "Link already used",
                           f"This link already {ACTION_DONE[link.action]} alert {link.alert_id}; nothing was "
                           "changed now.", 409)
    return app.page(request, "act.html.j2", action=link.action, action_label=ACTION_LABELS[link.action], **context)


async def act(app: WebApp, request: Request) -> Response:
    link, problem = _link(app, request)
    if link is None:
        return app.message(request, "Link not usable", problem or "", 400)
    try:
        fields = await app.form(request)
    except PermissionError as exc:
        return app.message(request, "Not changed", str(exc), 403)
    name = app.editor(request)
    editor = review.Editor(name or "email link", "link")
    try:
        with app.session() as session:
            review.decide(session, link.alert_id, link.action, editor, _typed(fields.get("reason")), link.link_id)
    except review.LinkUsed:
        return app.message(request, "Link already used", "This link was used already; nothing was changed now.", 409)
    except StorageError:
        return app.message(request, "No such alert", f"There is no alert {link.alert_id}.", 404)
    return app.message(request, "Done", f"Alert {link.alert_id} {ACTION_DONE[link.action]}.")


# ---------------------------------------------------------------------- positions
@readable
async def positions(app: WebApp, request: Request) -> Response:
    with app.session() as session:
        cells = {(c.actor, c.issue): c for c in reporting.position_cells(session)}
    actors = [a for a in app.lexicon.actors if any(key[0] == a for key in cells)] or list(app.lexicon.actors)
    return app.page(request, "positions.html.j2", cells=cells, actors=actors, issues=list(app.lexicon.issues))


def _pair(app: WebApp, request: Request) -> tuple[str, str] | None:
    actor, issue = request.path_params["actor"], request.path_params["issue"]
    return (actor, issue) if actor in app.lexicon.actors and issue in app.lexicon.issues else None


@readable
async def position_page(app: WebApp, request: Request) -> Response:
    pair = _pair(app, request)
    if pair is None:
        return app.message(request, "Unknown actor or issue", "Pick a cell of the positions table.", 404)
    return _position_page(app, request, *pair)


def _position_page(app: WebApp, request: Request, actor: str, issue: str, problem: str | None = None,
                   status_code: int = 200) -> Response:
    with app.session() as session:
        history = review.position_history(session, actor, issue)
        position = _position(session, actor, issue)
    return app.page(request, "position.html.j2", status_code, actor=actor, issue=issue, history=history,
                    position=position, stances=STANCES, problem=problem)


@changes
async def correct(app: WebApp, request: Request) -> Response:
    pair = _pair(app, request)
    if pair is None:
        return app.message(request, "Unknown actor or issue", "Pick a cell of the positions table.", 404)
    fields = await request.form()
    stance, note = fields.get("stance"), _typed(fields.get("note"))
    stated, source = _typed(fields.get("date"), 10), _typed(fields.get("source"), 2000)
    if stance not in STANCES:
        return _position_page(app, request, *pair, problem="Choose a stance.", status_code=400)
    if not note:
        return _position_page(app, request, *pair, problem="Say why in the note.", status_code=400)
    day = None
    if stated:
        try:
            day = datetime.strptime(stated, "%Y-%m-%d")
        except ValueError:
            return _position_page(app, request, *pair, problem="The date is YYYY-MM-DD.", status_code=400)
        if day > datetime.now():
            return _position_page(app, request, *pair, problem="The date lies in the future.", status_code=400)
    if source and (web_link(source) is None or not urlsplit(source).netloc):
        return _position_page(app, request, *pair, problem="The source is an http(s) address.", status_code=400)
    with app.session() as session:
        review.correct_position(session, *pair, str(stance), note, review.Editor(app.editor(request) or "", "web"),
                                day, source)
    return RedirectResponse(f"/positions/{pair[0]}/{pair[1]}?done=correct", status_code=303)


@readable
async def timeline(app: WebApp, request: Request) -> Response:
    issue = request.path_params["issue"]
    if issue not in app.lexicon.issues:
        return PlainTextResponse("unknown issue", status_code=404)
    with app.session() as session:
        points = reporting.timeline_points(session, issue)
        current = reporting.position_cells(session, [issue])
    # drawing takes a tenth of a second or more: not on the event loop
    png = await run_in_threadpool(plots.issue_timeline_png, app.label(issue), points, current, app.labels, 900)
    return Response(png, media_type="image/png", headers={"cache-control": "private, max-age=60"})


# ---------------------------------------------------------------------- decisions
@readable
async def decisions(app: WebApp, request: Request) -> Response:
    with app.session() as session:
        log = review.decision_log(session)
        stats = review.review_stats(session)
    return app.page(request, "decisions.html.j2", log=log, stats=stats)


async def health(app: WebApp, request: Request) -> Response:
    return PlainTextResponse("ok")


async def home(app: WebApp, request: Request) -> Response:
    return RedirectResponse("/alerts", status_code=303)


# ---------------------------------------------------------------------- the app
def create_app(settings: Settings | None = None) -> Starlette:
    """The ASGI app (uvicorn's factory: ``uvicorn --factory web.app:create_app``)."""
    settings = settings or Settings()
    state = WebApp(settings)

    def bind(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            return await handler(state, request)
        return endpoint

    routes = [
        Route("/", bind(home)),
        Route("/healthz", bind(health)),
        Route("/login", bind(login_page), methods=["GET"]),
        Route("/login", bind(login), methods=["POST"]),
        Route("/logout", bind(logout), methods=["POST"]),
        Route("/alerts", bind(alert_list)),
        Route("/alerts/{alert_id:int}", bind(alert_page)),
        Route("/alerts/{alert_id:int}/{action}", bind(alert_action), methods=["POST"]),
        Route("/act/{token}", bind(act_page), methods=["GET"]),
        Route("/act/{token}", bind(act), methods=["POST"]),
        Route("/positions", bind(positions)),
        Route("/positions/{actor}/{issue}", bind(position_page), methods=["GET"]),
        Route("/positions/{actor}/{issue}", bind(correct), methods=["POST"]),
        Route("/issues/{issue}/timeline.png", bind(timeline)),
        Route("/decisions", bind(decisions)),
    ]
    secure = (settings.web_base_url or "").startswith("https://")
    # without a secret nobody signs in; the session then only carries CSRF tokens, signed by a key of
    # this process
    key = state.secret or secrets.token_urlsafe(32)
    middleware = [Middleware(SessionMiddleware, secret_key=key, session_cookie="stancewatch_session",
                             max_age=12 * 3600, same_site="lax", https_only=secure)]
    middleware.append(Middleware(SecurityHeaders))
    return Starlette(routes=routes, middleware=middleware)


class SecurityHeaders(BaseHTTPMiddleware):
    """SECURITY_HEADERS on every answer; pages of a signed-in editor or a signed link are never cached."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        if request.url.path.startswith("/act/") or "editor" in request.session:
            response.headers["cache-control"] = "no-store"
        return response

