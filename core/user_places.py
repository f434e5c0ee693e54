"""The officials' user accounts as a place an e-mail address is stored (register extract)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .retention import Finding, PersonalDataPlace, register_place

KEY = "core.user_account"
LABEL = _("User accounts (officials and politicians)")
KEPT = _(
    "A user account of the municipality's staff or elected members: "
    "the administrator changes or closes it."
)


def find(email: str) -> list[Finding]:
    users = (
        get_user_model()
        .objects.filter(email__iexact=email)
        .only("id", "username", "first_name", "last_name", "email", "date_joined")
    )
    return [
        Finding(
            place=KEY,
            place_label=str(LABEL),
            record=f"{user.get_full_name() or user.username} ({user.username})",
            value=user.email,
            stored_at=user.date_joined,
            erasable=False,
            kept_because=str(KEPT),
        )
        for user in users
    ]


register_place(PersonalDataPlace(key=KEY, label=LABEL, find=find, kept_because=KEPT))
