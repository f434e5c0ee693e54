"""Withdrawn, never deleted: the step items an official "removes" (issue 15).

A case's records are allmänna handlingar: they may be destroyed only under the information
management plan and a gallring decision (arkivlagen). What an official takes off a list before a
decision point (an activity, a line of the communication plan, an input, a theme, a forwarding,
a proposal point, an action) is marked withdrawn, with who, when and why, and stays in the
database and its history.

The default manager (`objects`, and so every reverse relation and prefetch: `dialogue.inputs`,
`dialogue.activities`, ...) leaves withdrawn rows out, so the working lists, the counts and the
PDFs read only what is in force, as they did when such rows were deleted. `all_objects` reads
them too: the history page and the admin.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The live rows of a withdrawable model: for constraints that hold among them only.
LIVE = models.Q(withdrawn_at__isnull=True)


class LiveManager(models.Manager):
    """The rows not withdrawn."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Withdrawable(models.Model):
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A database default too: the survey import and the scale generator write rows by COPY.
    withdrawal_reason = models.TextField(
        _("reason for withdrawal"), blank=True, default="", db_default="", editable=False
    )

    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012  (a manager, not a field)

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
