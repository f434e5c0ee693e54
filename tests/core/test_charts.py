from django.template.loader import render_to_string

from core.charts import bar_chart


def test_bars_scale_to_the_largest_count():
    chart = bar_chart([("Planering", 4), ("Genomförande", 2), ("Avslutad", 0)])
    first, second, third = chart["bars"]
    assert first["width"] == 280  # 520 wide, 200 for labels, 40 for the count
    assert second["width"] == 140
    assert third["width"] == 0
    assert [bar["y"] for bar in chart["bars"]] == [0, 24, 48]
    assert chart["height"] == 72


def test_a_small_count_still_shows_and_no_rows_keep_a_height():
    assert bar_chart([("a", 1000), ("b", 1)])["bars"][1]["width"] == 0.5
    empty = bar_chart([])
    assert empty["bars"] == []
    assert empty["height"] == 24


def test_the_partial_draws_one_bar_per_row_with_its_title():
    html = render_to_string(
        "core/_bar_chart.html",
        {"chart": bar_chart([("Planering", 3)]), "title": "Per läge", "chart_id": "c"},
    )
    assert '<title id="c-title">Per läge</title>' in html
    assert 'aria-labelledby="c-title"' in html
    assert html.count("<rect") == 1
    assert ">Planering</text>" in html


def test_lengths_keep_a_decimal_point_in_swedish():
    # The interface is Swedish (tests run under sv): a localised "233,3" is no SVG length, and
    # the browser refuses the bar with a console error.
    chart = bar_chart([("a", 3), ("b", 1)])
    assert chart["bars"][1]["width"] == 93.3
    html = render_to_string(
        "core/_bar_chart.html", {"chart": chart, "title": "Diagram", "chart_id": "c"}
    )
    assert 'width="93.3"' in html and "93,3" not in html
