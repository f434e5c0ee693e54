import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# WeasyPrint reports every step of every render (and of its own import) at INFO; our logs want
# its warnings only. Set before anything imports weasyprint.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
