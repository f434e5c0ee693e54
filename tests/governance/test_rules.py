import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "view", "change"),
    [
        ("official", True, True),
        ("clerk", True, True),
        ("politician", True, False),
        ("other_clerk", True, True),
        ("outsider", False, False),
    ],
)
def test_permissions(cast, who, view, change):
    user = cast.everyone()[who]
    assert user.has_perm("governance.view_document") is view
    assert user.has_perm("governance.change_document") is change
    assert user.has_perm("governance.import_documents") is change
