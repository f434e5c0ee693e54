from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Public pages")

    def ready(self):
        # A change to what the public pages show drops their cached copies (participation.cache).
        from . import cache

        cache.connect_signals()
