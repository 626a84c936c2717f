"""The element chart of a gap report or an audit report: a horizontal bar per element, drawn by matplotlib.

matplotlib (Agg) is imported only when a chart is drawn. Drawing costs about 0.16 s of CPU per chart, so each
PNG is also kept in the user cache folder (`pipeline.usercache`, kind `charts`), under the SHA-256 of
everything the picture is made from: every label, bar length, colour and printed value, the lines and their
legends, the axis title, matplotlib's version and this module's source. The same scores draw the same
bytes (the PNG carries no time stamp or software name), so a cached chart is the chart; a cache folder that
cannot be read or written only means the chart is drawn again.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from ..usercache import code_fingerprint, keep, user_cache
from .scoring import ElementScore, show_percent


def load_chart_modules() -> None:
    """Import matplotlib now (it is imported on first use otherwise): batch workers load it before freezing
    what their imports made."""
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401


@dataclass(frozen=True)
class ChartSpec:
    """Everything drawn: bars top to bottom (label, length in percent, colour, printed value), the element
    minimum and overall bar in percent (None: no line), and the x-axis title."""

    labels: tuple[str, ...]
    values: tuple[float, ...]
    colours: tuple[str, ...]
    printed: tuple[str, ...]
    minimum: float | None
    required: float | None
    xlabel: str


def chart_spec(elements: Sequence[ElementScore], overall: float, minimum: float | None, required: float | None,
               *, xlabel: str) -> ChartSpec:
    """The chart of the elements with a score, then the overall score: red below the element minimum, orange
    below the overall bar, green above (the overall bar is judged against the bar only)."""
    scored = [e for e in elements if e.percent is not None]
    labels = [f"{e.id}  {textwrap.shorten(e.name, 44, placeholder='…')}" for e in scored] + ["Overall"]
    values = [e.percent or 0.0 for e in scored] + [overall]

    def colour(value: float, is_overall: bool) -> str:
        if minimum is not None and value < minimum and not is_overall:
            return "#C00000"
        if required is not None and value < required:
            return "#ED7D31"
        return "#548235"

    colours = [colour(v, i == len(values) - 1) for i, v in enumerate(values)]
    return ChartSpec(tuple(labels), tuple(values), tuple(colours), tuple(f"{show_percent(v)}%" for v in values),
                     minimum, required, xlabel)


def draw_element_chart(elements: Sequence[ElementScore], overall: float, minimum: float | None,
                       required: float | None, path: Path, *, xlabel: str) -> Path:
    """A horizontal bar per element with a score, and one for the overall score, against the element minimum
    (dashed) and the overall bar (solid), written to `path` as a PNG; returns `path`. Taken from the chart
    cache when these scores were drawn before (`chart_key`)."""
    spec = chart_spec(elements, overall, minimum, required, xlabel=xlabel)
    entry = user_cache("charts") / f"{chart_key(spec)}.png"
    try:
        png = entry.read_bytes()
    except OSError:
        png = render_png(spec)
        keep(entry, png)
    path.write_bytes(png)
    return path


def chart_key(spec: ChartSpec) -> str:
    """The cache key of a chart: SHA-256 of the spec, matplotlib's version and this module's source."""
    digest = hashlib.sha256(json.dumps(asdict(spec), ensure_ascii=False).encode())
    digest.update(_drawer_fingerprint())
    return digest.hexdigest()


@cache
def _drawer_fingerprint() -> bytes:
    import matplotlib

    return code_fingerprint(matplotlib.__version__, Path(__file__))


def render_png(spec: ChartSpec) -> bytes:
    """The chart drawn by matplotlib (Agg, 150 dpi, 6.5 in wide), as PNG bytes with no time stamp."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    values = list(spec.values)
    figure = Figure(figsize=(6.5, 0.3 * len(values) + 1.3), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    ys = list(range(len(values)))[::-1]
    axes.barh(ys, values, color=list(spec.colours), height=0.62)
    axes.set_yticks(ys, list(spec.labels), fontsize=7.5)
    axes.set_xlim(0, 100)
    axes.set_xlabel(spec.xlabel, fontsize=8)
    axes.tick_params(axis="x", labelsize=7.5)
    if spec.minimum is not None:
        axes.axvline(spec.minimum, color="#C00000", linestyle="--", linewidth=1,
                     label=f"Element minimum {spec.minimum:g}%")
    if spec.required is not None:
        axes.axvline(spec.required, color="#1F3864", linewidth=1.3, label=f"Overall bar {spec.required:g}%")
    for y, value, printed in zip(ys, values, spec.printed, strict=True):
        axes.text(min(value + 1, 91), y, printed, va="center", fontsize=7)
    if spec.minimum is not None or spec.required is not None:
        axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=7, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
