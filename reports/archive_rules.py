"""Who may export a closed case to the e-archive and read its packages.

- Exporting: a registrar (registrator) of the diarium the case is registered in (the same
  people who register cases, dialog.rules.is_diarium_registrar), once the case has ended.
- Reading the list of packages and downloading them: everyone who may read the dialogue's
  reports (every document in a package is readable there already).

Registered on import (reports.archive and reports.archive_views import this module).
"""

import rules
from django.utils.translation import gettext_lazy as _

from dialog.models import END_STATES
from dialog.rules import is_diarium_registrar
from roles.rules import has_any_membership

from .rules import DENIED_REASONS, is_reports_dialogue_official


@rules.predicate
def has_ended(user, dialogue) -> bool:
    return dialogue is not None and dialogue.state in END_STATES


rules.add_perm("reports.export_archive", is_diarium_registrar)
rules.add_perm("reports.view_archive", has_any_membership | is_reports_dialogue_official)

DENIED_REASONS["reports.export_archive"] = _(
    "Only a registrar of the diarium the case is registered in can export it to the e-archive."
)
DENIED_REASONS["reports.view_archive"] = _(
    "Only people with a role in one of the municipality's bodies can read the e-archive packages."
)
