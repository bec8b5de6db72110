"""Charts drawn on the server as inline SVG: no JavaScript, no external library, CSP-safe.

Each chart is a <figure> holding an SVG with <title> and <desc> (read by screen readers through
aria-labelledby) and, under it, the same numbers as a table inside <details>, for people who
prefer them or cannot see the drawing. Colours come from classes styled in secretariat.css; the
second series of a line chart is also dashed, so colour is never the only difference.
Every piece of text is escaped here: labels may be search words typed by anyone.
"""
import unicodedata

from flask_babel import gettext as _
from markupsafe import Markup, escape

# Bar charts sit in half-width cards, so their drawing is narrow and its text stays readable
# when scaled down on a phone; the line chart is wider. Sizes are SVG user units.
BAR_WIDTH = 420
LABEL_WIDTH = 200
VALUE_WIDTH = 40
ROW = 24
BAR = 16
LINE_WIDTH = 640


def _short(text: str, width: int = 32) -> str:
    """Cut a label to about `width` columns; CJK characters count as two."""
    used, out = 0, []
    for ch in text:
        used += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used > width:
            return "".join(out).rstrip() + "…"
        out.append(ch)
    return text


def _number(value) -> str:
    from flask_babel import format_decimal
    return format_decimal(value)


def _figure(chart_id: str, title: str, desc: str, svg_body: str, width: int, height: int, table: str,
            kind: str) -> Markup:
    chart_id = escape(chart_id)
    svg = (f'<svg class="chart {kind}" id="{chart_id}" viewBox="0 0 {width} {height}" width="100%" '
           f'preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
           f'xmlns="http://www.w3.org/2000/svg">'
           f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>'
           f'{svg_body}</svg>')
    # Translation calls stay outside f-strings: Babel's extractor cannot see into them (3.11).
    summary = escape(_("Show the numbers"))
    details = f'<details class="chart-data"><summary>{summary}</summary>{table}</details>'
    return Markup(f'<figure class="chart-figure"><figcaption>{escape(title)}</figcaption>{svg}{details}</figure>')


def _table(headers: list[str], rows: list[list]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + f'<th scope="row">{escape(row[0])}</th>'
                   + "".join(f'<td class="num">{escape(_number(v))}</td>' for v in row[1:]) + "</tr>"
                   for row in rows)
    if not rows:
        empty = escape(_("No data yet."))
        body = f'<tr><td colspan="{len(headers)}">{empty}</td></tr>'
    return f'<table class="table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _empty(chart_id: str, title: str, desc: str, headers: list[str]) -> Markup:
    empty = escape(_("No data yet."))
    body = f'<text class="empty" x="{BAR_WIDTH // 2}" y="26" text-anchor="middle">{empty}</text>'
    return _figure(chart_id, title, desc, body, BAR_WIDTH, 44, _table(headers, []), "bars")


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, int]], desc: str = "",
              label_header: str = "", value_header: str = "") -> Markup:
    """Horizontal bars, one per (label, value), in the order given; zero values keep their row."""
    label_header = label_header or _("Item")
    value_header = value_header or _("Count")
    desc = desc or _("Bar chart of %(what)s.", what=title)
    if not rows:
        return _empty(chart_id, title, desc, [label_header, value_header])
    top = max(value for _label, value in rows) or 1
    span = BAR_WIDTH - LABEL_WIDTH - VALUE_WIDTH - 8
    parts = []
    for i, (label, value) in enumerate(rows):
        y = 6 + i * ROW
        width = round(span * value / top, 1)
        parts.append(
            f'<g class="row"><title>{escape(label)}: {escape(_number(value))}</title>'
            f'<text class="label" x="{LABEL_WIDTH - 6}" y="{y + BAR - 4}" text-anchor="end">'
            f'{escape(_short(label, 26))}</text>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR}"/>'
            f'<text class="value" x="{LABEL_WIDTH + width + 6}" y="{y + BAR - 4}">{escape(_number(value))}</text></g>')
    height = 12 + len(rows) * ROW
    return _figure(chart_id, title, desc, "".join(parts), BAR_WIDTH, height,
                   _table([label_header, value_header], [[label, value] for label, value in rows]), "bars")


def _ticks(top: int) -> list[int]:
    step = max(1, -(-top // 4))
    return [step * i for i in range(5)]


def line_chart(chart_id: str, title: str, x_labels: list[str], series: list[tuple[str, list[int]]],
               desc: str = "", x_header: str = "") -> Markup:
    """One line per (name, values) over the same x labels (e.g. weeks), with a legend and y ticks."""
    x_header = x_header or _("Period")
    desc = desc or _("Line chart of %(what)s.", what=title)
    rows = [[label] + [values[i] for _name, values in series] for i, label in enumerate(x_labels)]
    table = _table([x_header] + [name for name, _values in series], rows)
    left, right, top_pad, bottom = 44, 16, 34, 44
    height = 250
    plot_w, plot_h = LINE_WIDTH - left - right, height - top_pad - bottom
    ticks = _ticks(max([v for _n, values in series for v in values] + [1]))
    scale_top = ticks[-1]
    n = max(1, len(x_labels) - 1)
    x = lambda i: round(left + plot_w * i / n, 1)  # noqa: E731
    y = lambda v: round(top_pad + plot_h - plot_h * v / scale_top, 1)  # noqa: E731
    parts = []
    for tick in ticks:
        parts.append(f'<line class="grid" x1="{left}" x2="{LINE_WIDTH - right}" y1="{y(tick)}" y2="{y(tick)}"/>'
                     f'<text class="tick" x="{left - 6}" y="{y(tick) + 4}" text-anchor="end">{tick}</text>')
    last = len(x_labels) - 1
    for i, label in enumerate(x_labels):
        if (last - i) % 2 == 0:  # every other week, counted back from the latest
            anchor = "start" if i == 0 else "end" if i == last else "middle"  # the ends stay inside
            parts.append(f'<text class="tick" x="{x(i)}" y="{height - bottom + 18}" text-anchor="{anchor}">'
                         f'{escape(label)}</text>')
    for s, (name, values) in enumerate(series):
        dash = ' stroke-dasharray="6 4"' if s % 2 else ""
        points = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values))
        parts.append(f'<g class="series series-{s + 1}"><polyline class="line" points="{points}" fill="none"{dash}/>')
        for i, v in enumerate(values):
            parts.append(f'<circle class="point" cx="{x(i)}" cy="{y(v)}" r="3.5">'
                         f'<title>{escape(name)}, {escape(x_labels[i])}: {escape(_number(v))}</title></circle>')
        parts.append("</g>")
        lx = left + s * 200
        parts.append(f'<g class="legend series-{s + 1}">'
                     f'<line class="line" x1="{lx}" x2="{lx + 28}" y1="14" y2="14"{dash}/>'
                     f'<text x="{lx + 34}" y="18">{escape(name)}</text></g>')
    return _figure(chart_id, title, desc, "".join(parts), LINE_WIDTH, height, table, "lines")
