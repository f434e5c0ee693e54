"""E-mail reminders about overdue steps and decision points (issue 3).

`send_reminders` groups the reminders per person and sends each one e-mail listing what concerns
them, in the interface language. Run it on a schedule: `python manage.py send_reminders`.
"""

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from core.people import person_label

from .selectors import Reminder, reminders


def send_reminders(*, on: date | None = None, base_url: str = "") -> tuple[int, int]:
    """Send each concerned person one e-mail; returns (reminders found, e-mails sent)."""
    found = reminders(on=on)
    per_person: dict[int, list[Reminder]] = {}
    for reminder in found:
        for person_id in reminder.recipient_ids:
            per_person.setdefault(person_id, []).append(reminder)
    people = get_user_model().objects.filter(pk__in=per_person, is_active=True).exclude(email="")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for person in people:
            items = per_person[person.pk]
            lines = [
                f"- {r.dialogue}: {r.text}\n  {base_url}{r.dialogue.get_absolute_url()}"
                for r in items
            ]
            body = "\n".join(
                [
                    _("Hello %(name)s,") % {"name": person_label(person)},
                    "",
                    _("These dialogues need your attention:"),
                    "",
                    *lines,
                    "",
                    _("This reminder is sent automatically by %(product)s.")
                    % {"product": getattr(settings, "MUNICIPALITY_NAME", "") or "Delaktig"},
                ]
            )
            sent += send_mail(
                subject=_("Reminder: %(count)s overdue in your dialogues") % {"count": len(items)},
                message=body,
                from_email=None,
                recipient_list=[person.email],
            )
    return len(found), sent
