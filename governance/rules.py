"""Who may do what with the register. Kept simple on purpose:

- anyone with an active membership in some body may read the register;
- officials and clerks (registrars) may add, edit, replace, revoke, import and export.

Superusers pass every check through Django's ModelBackend.
"""

import rules
from django.utils.translation import gettext_lazy as _

from roles.rules import has_any_membership, is_clerk, is_official

may_edit = is_official | is_clerk

rules.add_perm("governance.view_document", has_any_membership)
rules.add_perm("governance.change_document", may_edit)
rules.add_perm("governance.import_documents", may_edit)

DENIED = {
    "governance.view_document": _(
        "Only people with a role in one of the municipality's bodies may read the register."
    ),
    "governance.change_document": _("Only officials and registrars may change the register."),
    "governance.import_documents": _("Only officials and registrars may import documents."),
}


def denied_reason(permission: str) -> str:
    return str(DENIED.get(permission, _("You may not do this.")))
