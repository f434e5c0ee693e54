import pytest
import rules


@pytest.mark.parametrize(
    ("who", "view", "generate"),
    [
        ("official", True, True),
        ("clerk", True, True),
        ("politician", True, False),
        ("other_clerk", True, False),
        ("outsider", False, False),
    ],
)
def test_report_permissions(cast, dialogue, who, view, generate):
    user = cast.everyone()[who]
    assert rules.has_perm("reports.view_report", user, dialogue) is view
    assert rules.has_perm("reports.generate_report", user, dialogue) is generate


def test_follow_up_permission_per_body(cast):
    assert rules.has_perm("reports.generate_follow_up", cast.clerk, cast.body)
    assert rules.has_perm("reports.generate_follow_up", cast.official, cast.body)
    assert not rules.has_perm("reports.generate_follow_up", cast.politician, cast.body)
    assert not rules.has_perm("reports.generate_follow_up", cast.clerk, cast.other_body)
