from datetime import date
from pathlib import Path

import pytest

from governance import services
from governance.models import DocumentType
from roles.models import Body, Membership
from roles.selectors import forget_body_roles
from tests.factories import make_body

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def types(db):
    """The document types the data migration seeded, by name."""
    return {t.name: t for t in DocumentType.objects.all()}


@pytest.fixture
def bodies(cast):
    found = {
        "KS": cast.body,
        "KF": make_body("KF", "Kommunfullmäktige", kind=Body.Kind.COUNCIL),
        "BUN": make_body("BUN", "Barn- och utbildningsnämnden", kind=Body.Kind.COMMITTEE),
        "KLK": make_body("KLK", "Kommunledningskontoret", kind=Body.Kind.ADMINISTRATION),
    }
    # As in most municipalities, the executive board's registrar also serves the council.
    Membership.objects.create(
        person=cast.clerk,
        body=found["KF"],
        role=Membership.Role.SECRETARY,
        valid_from=date(2020, 1, 1),
    )
    forget_body_roles(cast.clerk)
    return found


@pytest.fixture
def make_document(cast, types, bodies):
    def make(title="Policy för medborgardialog", type_name="Policy", body="KF", **extra):
        data = {
            "title": title,
            "type": types[type_name] if type_name else None,
            "adopting_body": bodies[body] if body else None,
            "status": "adopted",
            "decision_date": date(2024, 3, 1),
            "valid_from": date(2024, 3, 15),
        }
        data.update(extra)
        keywords = data.pop("keywords", None)
        return services.create_document(data=data, user=cast.official, keywords=keywords)

    return make
