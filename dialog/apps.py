from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogConfig(AppConfig):
    name = "dialog"
    verbose_name = _("Dialogues")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the diarium's start-up check)
            retention,  # noqa: F401  (the inputs' gallring and extract: core.retention)
        )
