from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Public pages")

    def ready(self):
        # A change to what the public pages show drops their cached copies (participation.cache).
        from . import cache

        cache.connect_signals()
        # Views given online count as reach of the mandate's target groups (issue 16).
        from . import reach

        reach.register()
        # The e-mails: the feedback published in dialog, views given online waiting.
        from dialog.signals import resident_feedback_published

        from . import notifications, signals

        resident_feedback_published.connect(
            notifications.on_resident_feedback_published, dispatch_uid="participation.feedback"
        )
        signals.online_view_received.connect(
            notifications.on_online_view_received, dispatch_uid="participation.followers"
        )
        # The addresses' and online views' gallring and register extract (core.retention).
        from . import retention  # noqa: F401
