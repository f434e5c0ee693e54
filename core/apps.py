from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Records and personal data")

    def ready(self):
        from . import user_places  # noqa: F401  (registers the user accounts' place)
