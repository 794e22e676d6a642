"""Chart geometry for inline SVG drawn on the server: the page needs no script and no chart library.

These functions only compute numbers; the templates draw them, so every label goes through
Jinja's autoescape like any other text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
