"""The page benchmark's verdicts (bench/pages.py): the targets of issue 11, on made-up timings.

The timings themselves are measured by `make bench`, never asserted here."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "bench_pages", Path(__file__).resolve().parent.parent / "bench" / "pages.py"
)
pages = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pages)


def results(ms: float = 10.0, queries: int = 8, **overrides) -> dict:
    out = {key: {"queries": queries, "ms": ms, "bare_ms": 1.0} for key, *_ in pages.PAGES}
    for key, value in overrides.items():
        out[key] = {**out[key], **value}
    return out


def verdicts(demo: dict, large: dict) -> dict[str, str]:
    lines = pages.table(demo, large)[2:]
    return {
        key: line.split("×  ")[-1].split()[0]
        for (key, *_), line in zip(pages.PAGES, lines, strict=True)
    }


def test_every_target_met():
    assert set(verdicts(results(), results(ms=14.0)).values()) == {"yes"}


def test_more_queries_at_large_size_misses():
    got = verdicts(results(), results(list={"queries": 9}))
    assert got["list"] == "no"
    assert got["dash_official"] == "yes"


def test_slower_than_one_and_a_half_times_demo_misses():
    assert verdicts(results(), results(search={"ms": 15.1}))["search"] == "no"


def test_big_dialogue_is_held_to_the_typical_one():
    demo = results(big={"ms": 40.0})  # at demo size it may be slow already
    assert verdicts(demo, results(big={"ms": 16.0}))["big"] == "no"  # 1.6× typical at large
    assert verdicts(demo, results(big={"ms": 15.0}))["big"] == "yes"


def test_document_search_under_fifty_milliseconds():
    demo = results(documents={"ms": 40.0})
    assert verdicts(demo, results(documents={"ms": 49.0}))["documents"] == "yes"
    assert verdicts(demo, results(documents={"ms": 51.0}))["documents"] == "no"


def test_the_public_dialogue_page_is_a_row_held_to_equal_queries():
    rows = {key: (who, url) for key, _label, who, url in pages.PAGES}
    assert rows["public"] == ("resident", "/medborgare/dialoger/{public}/")
    assert "resident" in pages.ANONYMOUS and "resident" not in pages.USERS
    assert verdicts(results(), results(public={"queries": 9}))["public"] == "no"
