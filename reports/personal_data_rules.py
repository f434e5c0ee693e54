"""Who may search, extract and erase personal data (GDPR art. 15 and 17, issue 15): the
registrars (registratorer), who keep the municipality's records, and the administrators.

Registered on import (reports.personal_data_views imports this module), like
reports.archive_rules."""

import rules
from django.utils.translation import gettext_lazy as _

from roles.models import Membership
from roles.selectors import body_ids_with_roles

from .rules import DENIED_REASONS

PERMISSION = "reports.handle_personal_data"


@rules.predicate
def is_registrar(user) -> bool:
    """A registrar of any body's diarium."""
    return bool(body_ids_with_roles(user, [Membership.Role.REGISTRAR]))


rules.add_perm(PERMISSION, is_registrar | rules.is_superuser)

DENIED_REASONS[PERMISSION] = _(
    "Only a registrar or an administrator can search, extract and erase personal data."
)
