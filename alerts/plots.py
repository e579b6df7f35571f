"""Pictures of positions: an issue's timeline and the actor × issue matrix, as PNG bytes.

Pure functions of plain values (anything with the attributes of the protocols below, e.g. the
dataclasses of storage.reporting); no database, no files. Matplotlib is imported inside the functions,
so importing this module (or the email code that uses it) costs nothing until a picture is drawn;
figures are made without pyplot and saved through Agg, so nothing ever tries to open a window.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Colour and marker per stance; shape as well as colour so the pictures survive greyscale printing
# and red-green colour blindness.
STANCE_COLOURS: Mapping[str, str] = {"support": "#1a7f37", "oppose": "#c0392b", "open": "#b7791f"}
STANCE_MARKERS: Mapping[str, str] = {"support": "^", "oppose": "v", "open": "o"}
UNKNOWN_COLOUR = "#7f8c8d"
# Within an actor's row each stance has its own lane, so a change of stance is a visible step.
LANE_OFFSET: Mapping[str, float] = {"support": 0.2, "open": 0.0, "oppose": -0.2}

DPI = 100


class TimelinePointLike(Protocol):
    """A claim placed in time (alerts.types.TimelinePoint has these attributes)."""

    @property
    def actor(self) -> str: ...
    @property
    def stance(self) -> str: ...
    @property
    def published(self) -> datetime | None: ...
    @property
    def dismissed(self) -> bool: ...


class CurrentPositionLike(Protocol):
    """A stored position (alerts.types.PositionCell has these attributes)."""

    @property
    def actor(self) -> str: ...
    @property
    def issue(self) -> str: ...
    @property
    def stance(self) -> str: ...
    @property
    def since(self) -> datetime | None: ...
    @property
    def origin(self) -> str: ...


class Point(NamedTuple):
    """A TimelinePointLike of plain values: what a picture drawn in another process is sent (the
    database's rows would make that process import the database code to unpickle them)."""

    actor: str
    stance: str
    published: datetime | None
    dismissed: bool = False


class Current(NamedTuple):
    """A CurrentPositionLike of plain values, for the same reason."""

    actor: str
    issue: str
    stance: str
    since: datetime | None
    origin: str


def _figure(width_in: float, height_in: float) -> tuple[Figure, Any]:
    """A figure and its axes, without pyplot: no global figure registry to close, no GUI backend, and
    a third less import time (this runs in every digest)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=DPI, layout="constrained")
    return fig, fig.subplots()


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    # no Software/date metadata: the same data gives the same bytes; PNG output goes through Agg
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _colour(stance: str) -> str:
    return STANCE_COLOURS.get(stance, UNKNOWN_COLOUR)


def issue_timeline_png(
    issue_label: str,
    points: Sequence[TimelinePointLike],
    current: Sequence[CurrentPositionLike] = (),
    actor_labels: Mapping[str, str] | None = None,
    width_px: int = 1000,
    text_scale: float = 1.0,
) -> bytes:
    """The stances of each actor on one issue over time, as a PNG.

    Call it as ``issue_timeline_png(label, timeline_points(session, issue))``, optionally with
    ``current=position_cells(session, [issue])`` (both from storage.reporting) to draw the stored
    positions too.

    - ``issue_label``: the title, e.g. "Donbas territory"; "" draws none (the page has a heading).
    - ``points``: claims with ``actor``, ``stance``, ``published`` and ``dismissed``. One row per
      actor (in order of first appearance); inside a row, support is drawn high, open in the middle,
      oppose low, so a shift is a step. Colour and marker show the stance; dismissed claims are hollow
      and left out of the line; undated claims cannot be placed and are skipped.
    - ``current``: stored positions with ``actor``, ``stance``, ``since`` and ``origin``; each is a
      translucent bar from ``since`` to the right edge, labelled on the right with actor, stance and
      origin (so the row is named at both ends when the picture is cut on a phone). Positions of
      actors without points get a row of their own.
    - ``actor_labels``: display names by actor id (default: the ids); its order is the row order,
      so every issue's picture lists the actors alike (actors it does not name come last).
    - ``width_px``: image width in pixels; the height grows with the number of actors.
    - ``text_scale``: above 1, a picture for a phone, which shrinks it to its width (an email's):
      letters and markers this much larger, and for room across, each row named above its lanes
      (with the stored stance) instead of at both ends.
    """
    from matplotlib import dates as mdates
    from matplotlib.artist import Artist
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    labels = actor_labels or {}
    dated = [p for p in points if p.published is not None]
    present = {p.actor for p in dated} | {c.actor for c in current}
    actors = [a for a in labels if a in present]
    for actor in [p.actor for p in dated] + [c.actor for c in current]:
        if actor not in actors:
            actors.append(actor)
    compact = text_scale > 1
    height_in = (1.5 if issue_label else 1.1) * text_scale + (1.2 if compact else 0.7) * max(1, len(actors))
    fig, ax = _figure(width_px / DPI, height_in)
    if issue_label:
        ax.set_title(issue_label, loc="left", fontsize=14 * text_scale, fontweight="bold")
    if not actors:
        ax.text(0.5, 0.5, "no dated claims and no stored position", ha="center", va="center",
                transform=ax.transAxes, color="#555555")
        ax.set_axis_off()
        return _png(fig)

    row = {actor: len(actors) - 1 - i for i, actor in enumerate(actors)}  # first actor on top
    times = [p.published for p in dated if p.published] + [c.since for c in current if c.since]
    # only undated positions: bars across the whole width, on a time axis not worth showing
    start, end = (min(times), max(times)) if times else (datetime(2000, 1, 1), datetime(2000, 1, 2))
    pad = max((end - start) * 0.04, timedelta(days=1))
    left, right = start - pad, end + pad

    for actor in actors:
        y = row[actor]
        if y % 2 == 0:
            ax.axhspan(y - 0.5, y + 0.5, color="#f3f4f6", zorder=0, linewidth=0)
        for offset in LANE_OFFSET.values():
            ax.axhline(y + offset, color="#d0d4da", linewidth=0.6, linestyle=":", zorder=1)

    for position in current:
        lane = row[position.actor] + LANE_OFFSET.get(position.stance, 0.0)
        ax.plot([position.since or left, right], [lane, lane], color=_colour(position.stance), linewidth=9, alpha=0.28,
                solid_capstyle="butt", zorder=2)

    for actor in actors:
        kept = [p for p in dated if p.actor == actor and not p.dismissed]
        if len(kept) > 1:
            ax.plot([p.published for p in kept], [row[actor] + LANE_OFFSET.get(p.stance, 0.0) for p in kept],
                    color="#8a8f98", linewidth=1, drawstyle="steps-post", zorder=3)
    # one scatter per look, not per claim: a digest over busy months draws thousands of points
    looks: dict[tuple[str, bool], list[TimelinePointLike]] = {}
    for p in dated:
        looks.setdefault((p.stance, p.dismissed), []).append(p)
    for (stance, dismissed), group in looks.items():
        colour = _colour(stance)
        ax.scatter([p.published for p in group], [row[p.actor] + LANE_OFFSET.get(stance, 0.0) for p in group],
                   marker=STANCE_MARKERS.get(stance, "s"), s=64 * text_scale ** 2, zorder=4,
                   facecolors="white" if dismissed else colour, edgecolors=colour, linewidths=1.6)

    ax.set_ylim(-0.6, len(actors) - 0.4)
    ax.set_xlim(left, right)
    if compact:
        ax.set_yticks([])
        stored = {c.actor: c.stance for c in current}
        for actor, y in row.items():
            caption = labels.get(actor, actor) + (f": {stored[actor]}" if actor in stored else "")
            ax.text(0.01, y + 0.48, caption, transform=ax.get_yaxis_transform(), va="top", fontsize=10 * text_scale,
                    fontweight="bold", color=_colour(stored[actor]) if actor in stored else "#333333")
    else:
        ax.set_yticks(list(row.values()), [labels.get(a, a) for a in row], fontsize=11)
        _label_stored_positions(ax, row, current, labels)
    locator = mdates.AutoDateLocator(minticks=2 if compact else 3, maxticks=5 if compact else 8)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    # every label carries its year where it changes ("Jan 2026", "07 Dec"), and no offset text: the
    # default's offset names the axis's last month, which reads as the date of the ticks before it
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(  # type: ignore[no-untyped-call]
        locator, formats=["%Y", "%b %Y", "%d %b", "%H:%M", "%H:%M", "%S.%f"],
        zero_formats=["", "%Y", "%b %Y", "%d %b", "%H:%M", "%H:%M"], show_offset=False))
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", labelsize=10 * text_scale)
    ax.grid(axis="x", color="#e1e4e8", linewidth=0.8)
    ax.xaxis.set_visible(bool(times))
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    handles: list[Artist] = [Line2D([], [], marker=STANCE_MARKERS[s], color=_colour(s), linestyle="", markersize=8 * text_scale, label=s)
               for s in STANCE_COLOURS]
    handles.append(Line2D([], [], marker="o", color="#555555", markerfacecolor="white", linestyle="",
                          markersize=8 * text_scale, label="dismissed"))
    handles.append(Patch(color="#555555", alpha=0.28, label="stored position"))
    fig.legend(handles=handles, loc="outside lower center", ncol=2 if compact else len(handles), frameon=False, fontsize=10 * text_scale)
    return _png(fig)


def _label_stored_positions(ax: Any, row: Mapping[str, int], current: Sequence[CurrentPositionLike],
                            labels: Mapping[str, str]) -> None:
    """Name each stored position at the right end of its bar, in its stance's colour."""
    # the stored positions named on a right-hand axis: tick labels get room from the layout, text
    # placed beside the axes would not
    labelled = [c for c in current if c.actor in row]
    right_axis = ax.twinx()
    right_axis.set_ylim(ax.get_ylim())
    right_axis.set_yticks([row[c.actor] + LANE_OFFSET.get(c.stance, 0.0) for c in labelled],
                          [f"{labels.get(c.actor, c.actor)}: {c.stance} ({c.origin})" for c in labelled], fontsize=10, fontweight="bold")
    for tick, position in zip(right_axis.get_yticklabels(), labelled):
        tick.set_color(_colour(position.stance))
    right_axis.tick_params(axis="y", length=0)
    for spine in right_axis.spines.values():
        spine.set_visible(False)


def position_matrix_png(
    cells: Sequence[CurrentPositionLike],
    actors: Sequence[str],
    issues: Sequence[str],
    labels: Mapping[str, str] | None = None,
) -> bytes:
    """The actor × issue matrix of stored positions as a PNG: one coloured, labelled square per position.

    ``cells`` need ``actor``, ``issue`` and ``stance``; ``actors`` and ``issues`` give the rows and
    columns in order (cells outside them are left out); ``labels`` maps ids to display names.
    """
    from matplotlib.patches import Rectangle

    names = labels or {}
    fig, ax = _figure(1.6 + 0.9 * max(1, len(issues)), 1.8 + 0.45 * max(1, len(actors)))
    column = {issue: i for i, issue in enumerate(issues)}
    line = {actor: i for i, actor in enumerate(actors)}
    for cell in cells:
        if cell.issue in column and cell.actor in line:
            x, y = column[cell.issue], line[cell.actor]
            ax.add_patch(Rectangle((x - 0.45, y - 0.4), 0.9, 0.8, color=_colour(cell.stance), alpha=0.85))
            ax.text(x, y, cell.stance, ha="center", va="center", fontsize=8, color="white", fontweight="bold")
    ax.set_xlim(-0.5, max(1, len(issues)) - 0.5)
    ax.set_ylim(max(1, len(actors)) - 0.5, -0.5)
    ax.set_xticks(range(len(issues)), [names.get(i, i) for i in issues], rotation=40, ha="right", fontsize=9)
    ax.set_yticks(range(len(actors)), [names.get(a, a) for a in actors], fontsize=9)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return _png(fig)
