"""Chart geometry for inline SVG drawn on the server: the page needs no script and no chart library.

These functions only compute numbers; the templates draw them, so every label goes through
Jinja's autoescape like any other text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

WIDTH, HEIGHT, GAP = 640, 120, 2
MAX_STEP = 36  # a few months must not become a wall of colour


@dataclass(slots=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    label: str
    value: int


@dataclass(slots=True)
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    first: str = ""
    last: str = ""
    peak: int = 0


def month_range(first: str, last: str, cap: int = 240) -> list[str]:
    """Every month from `first` to `last` (YYYY-MM), so gaps in the data show as gaps on the axis."""
    y, mo = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while len(out) < cap:
        key = f"{y:04d}-{mo:02d}"
        out.append(key)
        if key >= last:
            break
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def months_chart(counts: list[tuple[str, int]]) -> Chart | None:
    """Bars per month; a bare year ("2021") counts in January of that year would mislead, so only
    full months are drawn."""
    data = {k: n for k, n in counts if len(k) == 7 and k[4] == "-"}
    if not data:
        return None
    axis = month_range(min(data), max(data))
    return bars([(k, data.get(k, 0)) for k in axis])


def bars(items: list[tuple[str, int]]) -> Chart:
    peak = max((n for _, n in items), default=0) or 1
    step = min(WIDTH / max(len(items), 1), MAX_STEP)
    width = max(round(step * len(items)), 200)  # room for the two axis labels
    chart = Chart(width, HEIGHT, first=items[0][0] if items else "", last=items[-1][0] if items else "")
    chart.peak = peak
    plot = HEIGHT - 20  # room for the axis labels below
    for i, (label, n) in enumerate(items):
        h = plot * n / peak
        chart.bars.append(Bar(i * step + GAP / 2, plot - h, max(step - GAP, 1), h, label, n))
    return chart


@dataclass(slots=True)
class Span:
    x: float
    w: float
    y: float
    label: str
    n: int
    first: str | None
    last: str | None


@dataclass(slots=True)
class Spans:
    width: int
    height: int
    rows: list[Span]
    first: str
    last: str


def role_spans(
    roles: list[tuple[str, int, str | None, str | None]], row_height: int = 22, limit: int = 8
) -> Spans | None:
    """One bar per role, from the month it was first seen to the month it was last seen."""
    dated = [r for r in roles[:limit] if r[2] and r[3]]
    if not dated:
        return None
    axis = month_range(min(_month(r[2]) for r in dated), max(_month(r[3], end=True) for r in dated))
    step = WIDTH / len(axis)
    index = {k: i for i, k in enumerate(axis)}
    rows = []
    for n, (label, count, first, last) in enumerate(dated):
        a, b = index.get(_month(first), 0), index.get(_month(last, end=True), len(axis) - 1)
        rows.append(Span(a * step, max((b - a + 1) * step, 4), n * row_height, label, count, first, last))
    return Spans(WIDTH, len(rows) * row_height + 18, rows, axis[0], axis[-1])


def _month(date: str | None, *, end: bool = False) -> str:
    """The month of a date; a bare year stands for its first (or, as an end, its last) month."""
    date = str(date)
    return date[:7] if len(date) >= 7 else f"{date[:4]}-{'12' if end else '01'}"


# -- a story's days ---------------------------------------------------------------------------------
OUTLET_COLOURS = 8  # outlets beyond these share one grey (.o-rest), so colours stay distinguishable
MIN_DAYS = 7  # a story of one or two days still gets a week around it, not two walls of colour
MAX_DAYS = 120  # longer stories are drawn by week
STORY_WIDTH = 1000  # the story chart spans the page; CSS scales it
STORY_PLOT = 96  # bar height at the peak
MARK_ROW = 22  # the row above the bars where events are marked


@dataclass(slots=True)
class Stack:
    """One outlet's articles in one day's column."""

    x: float
    y: float
    w: float
    h: float
    outlet: str
    colour: str  # a CSS class: o0 … o7, or o-rest
    day: str
    value: int


@dataclass(slots=True)
class Mark:
    """Events dated on one day, drawn as one diamond."""

    x: float
    y: float
    day: str
    labels: list[str]

    @property
    def short(self) -> str:
        """The kinds of that day's events ('Treffen, Besuch'); the full labels are the tooltip."""
        return ", ".join(dict.fromkeys(label.split(":")[0] for label in self.labels))


@dataclass(slots=True)
class StoryChart:
    width: int
    height: int
    base: float  # y of the axis
    stacks: list[Stack]
    marks: list[Mark]
    ticks: list[tuple[float, str]]  # (x, label) under the axis
    legend: list[tuple[str, str, int]]  # (outlet, colour class, articles)
    peak: int
    unit: str  # "Tag" or "Woche"


def story_chart(
    articles: list[tuple[str | None, str | None]], events: list[tuple[str | None, str]]
) -> StoryChart | None:
    """Articles per day, stacked by outlet, with the story's dated events marked above their day.

    `articles` are (published, outlet), `events` (date, label). Events dated outside the days the
    articles span (a week on each side) are left out: they are history the story recalls.
    """
    dated = [(d[:10], o or "?") for d, o in articles if d and len(d) >= 10]
    if not dated:
        return None
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    near = [(d[:10], label) for d, label in events if d and _near(d, first, last)]
    days = _days(min([first] + [d for d, _ in near]), max([last] + [d for d, _ in near]))
    unit = "Tag"
    if len(days) > MAX_DAYS:
        unit = "Woche"
        days = sorted({_monday(d) for d in days})
    slot = _monday if unit == "Woche" else str
    outlets = Counter(o for _, o in dated)
    order = [o for o, _ in outlets.most_common()]
    colour = {o: f"o{i}" if i < OUTLET_COLOURS else "o-rest" for i, o in enumerate(order)}
    counts = Counter((slot(d), o) for d, o in dated)
    per_slot = Counter(slot(d) for d, _ in dated)
    peak = max(per_slot.values())
    step = STORY_WIDTH / len(days)
    w = min(step - GAP, 56)
    base = MARK_ROW + STORY_PLOT
    chart = StoryChart(STORY_WIDTH, base + 36, base, [], [], [], [], peak, unit)
    chart.legend = [(o, colour[o], outlets[o]) for o in order]
    for i, day in enumerate(days):
        x = i * step + (step - w) / 2
        y = float(base)
        for o in order:
            n = counts.get((day, o), 0)
            if n:
                h = STORY_PLOT * n / peak
                y -= h
                chart.stacks.append(Stack(x, y, w, h, o, colour[o], day, n))
    index = {d: i for i, d in enumerate(days)}
    by_day: dict[str, list[str]] = {}
    for d, label in near:
        by_day.setdefault(slot(d), []).append(label)
    for day, labels in sorted(by_day.items()):
        chart.marks.append(Mark(index[day] * step + step / 2, MARK_ROW / 2, day, sorted(set(labels))))
    every = max(1, round(len(days) / 8))  # at most about eight labels under the axis
    chart.ticks = [(i * step + step / 2, _short(d)) for i, d in enumerate(days) if i % every == 0]
    return chart


def _days(first: str, last: str) -> list[str]:
    """Every day from `first` to `last`, widened to MIN_DAYS around them."""
    a, b = date.fromisoformat(first), date.fromisoformat(last)
    missing = MIN_DAYS - ((b - a).days + 1)
    if missing > 0:
        a -= timedelta(days=missing // 2)
        b += timedelta(days=missing - missing // 2)
    return [(a + timedelta(days=i)).isoformat() for i in range((b - a).days + 1)]


def _near(day: str, first: str, last: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day[:10]):
        return False
    d = date.fromisoformat(day[:10])
    return date.fromisoformat(first) - timedelta(days=7) <= d <= date.fromisoformat(last) + timedelta(days=7)


def _monday(day: str) -> str:
    d = date.fromisoformat(day)
    return (d - timedelta(days=d.weekday())).isoformat()


def _short(day: str) -> str:
    """2024-03-04 → 04.03."""
    return f"{day[8:10]}.{day[5:7]}."
