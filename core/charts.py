"""Charts drawn as inline SVG: no JavaScript and no image files, so they print in the PDFs and
show on pages that load no scripts.

A helper here computes the geometry only; `templates/core/_bar_chart.html` draws it.
"""


def bar_chart(rows: list[tuple[str, int]], *, width=520, label_width=200, bar=16, gap=8) -> dict:
    """The geometry of a horizontal bar chart of (label, count) rows; the largest fills it."""
    top = max((n for _label, n in rows), default=0) or 1
    span = width - label_width - 40  # room after the longest bar for its count
    bars = []
    for index, (label, n) in enumerate(rows):
        y = index * (bar + gap)
        length = round(span * n / top, 1)
        bars.append(
            {
                "label": label,
                "n": n,
                "y": y,
                "text_y": y + bar - 4,
                # A sliver for small non-zero counts, so they do not read as zero.
                "width": max(length, 0.5) if n else 0,
                "value_x": label_width + length + 4,
            }
        )
    return {
        "width": width,
        "height": max(len(rows) * (bar + gap), bar + gap),
        "label_width": label_width,
        "label_x": label_width - 6,
        "bar": bar,
        "bars": bars,
    }
