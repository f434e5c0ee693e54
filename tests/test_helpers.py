"""The shared helpers do what the tests rely on: `advance` reaches a state through the services
as a real case does, and the HTML readers find exactly the part asked for."""

import pytest

from dialog.models import DecisionPoint, State, TransitionLog
from tests.helpers import advance, element, has, links, text, texts

REACHABLE = [s for s in State]


@pytest.mark.parametrize("state", REACHABLE)
def test_advance_walks_the_machine_through_the_services(cast, dialogue, state):
    reached = advance(dialogue, cast, state)
    assert reached.state == state
    timeline = list(TransitionLog.objects.filter(dialogue=dialogue).order_by("pk"))
    # Every state but the first is reached by logged transitions, each from where the last ended.
    assert [t.source for t in timeline[:1]] == ([] if state == State.INITIATIVE else ["initiative"])
    assert all(a.target == b.source for a, b in zip(timeline, timeline[1:], strict=False))
    if timeline:
        assert timeline[-1].target == state
    assert reached.is_registered == (state not in (State.INITIATIVE, State.CANCELLED))


def test_advance_records_the_final_decision_only_when_asked(cast, dialogue):
    waiting = advance(dialogue, cast, State.DECISION)
    assert waiting.approved_decision(DecisionPoint.FINAL) is None
    decided = advance(waiting, cast, State.DECISION, decided=True)
    assert decided.approved_decision(DecisionPoint.FINAL) is not None


PAGE = """<main><section id="a"><h2>Ett</h2><p>Två
  &amp; tre</p><a href="/x/">X</a></section><ul><li>1</li><li>2</li></ul></main>"""


def test_the_html_readers():
    assert text(PAGE, "#a") == "Ett Två & tre X"
    assert links(element(PAGE, "#a")) == ["/x/"]
    assert texts(PAGE, "li") == ["1", "2"]
    assert has(PAGE, "#a") and not has(PAGE, "#b")
    with pytest.raises(AssertionError, match="0 elements"):
        element(PAGE, "#b")
