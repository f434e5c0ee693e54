import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# WeasyPrint reports every step of every render (and of its own import) at INFO; our logs want
# its warnings only. Set before anything imports weasyprint.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # The tjänsteskrivelse is frozen by the dialog app (below this one) with the sections
        # these selectors build: hand it the builder.
        from dialog.services import case_memo

        from .selectors.case_memo import content_for_freezing

        case_memo.set_content_builder(content_for_freezing)
