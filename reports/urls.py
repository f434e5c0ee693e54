from django.urls import path

from . import (
    agenda_views,
    archive_views,
    extract_views,
    follow_up_views,
    personal_data_views,
    views,
)

app_name = "reports"

urlpatterns = [
    # Register extract and erasure of personal data (GDPR art. 15 and 17, issue 15).
    path("personuppgifter/", personal_data_views.personal_data, name="personal_data"),
    path(
        "personuppgifter/utdrag.<str:fmt>",
        personal_data_views.extract,
        name="personal_data_extract",
    ),
    path("personuppgifter/radera/", personal_data_views.erase, name="personal_data_erase"),
    path("dialoger/<int:pk>/", views.dialogue_reports, name="dialogue"),
    path("dialoger/<int:pk>/skapa/", views.generate, name="generate"),
    # One point's decision basis, opened from a meeting's agenda (issue 12).
    path(
        "dialoger/<int:pk>/beslutsunderlag/<slug:point>.pdf",
        agenda_views.decision_basis_pdf,
        name="decision_basis_pdf",
    ),
    path("uppfoljning/", follow_up_views.follow_up, name="follow_up"),
    path("styrdokument.pdf", views.register_pdf, name="register_pdf"),
    path("<int:report_id>/", views.report_status, name="status"),
    path("<int:report_id>/forsok-igen/", views.retry, name="retry"),
    path("<int:report_id>/ladda-ned/", views.download, name="download"),
    # The justerat protokollsutdrag of a decision (issue 12).
    path(
        "beslut/<int:decision_pk>/protokollsutdrag/",
        extract_views.protocol_extracts,
        name="protocol_extracts",
    ),
    path(
        "protokollsutdrag/<int:extract_id>/ladda-ned/",
        extract_views.download_protocol_extract,
        name="download_protocol_extract",
    ),
    # The e-archive packages of an ended case (issue 15, item 5).
    path("dialoger/<int:pk>/e-arkiv/", archive_views.packages, name="archive_packages"),
    path("dialoger/<int:pk>/e-arkiv/exportera/", archive_views.export, name="archive_export"),
    path("e-arkiv/<int:package_id>/ladda-ned/", archive_views.download, name="archive_download"),
    path(
        "e-arkiv/export/<int:export_id>/", archive_views.export_status, name="archive_export_status"
    ),
    path(
        "e-arkiv/export/<int:export_id>/forsok-igen/",
        archive_views.retry,
        name="archive_export_retry",
    ),
]
