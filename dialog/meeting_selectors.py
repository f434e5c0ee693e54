"""Reads about meetings, agendas and meeting decisions (issue 12), shared by views and
templates. (dialog.selectors holds the other reads.)"""

from django.utils import timezone

from roles.models import Meeting

from . import policy


def meetings_to_record_at(dialogue, user):
    """The held meetings of the bodies whose decisions `user` records at the dialogue's current
    point, latest first: where the point can have been decided."""
    bodies = [b.pk for b in policy.bodies_user_records_for(dialogue, user)]
    return (
        Meeting.objects.filter(body_id__in=bodies, held_on__lte=timezone.localdate())
        .select_related("body")
        .order_by("-held_on", "-pk")
    )
