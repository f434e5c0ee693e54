from django.urls import path

from . import agenda_views, extract_views, views

app_name = "reports"

urlpatterns = [
    path("dialoger/<int:pk>/", views.dialogue_reports, name="dialogue"),
    path("dialoger/<int:pk>/skapa/", views.generate, name="generate"),
    # One point's decision basis, opened from a meeting's agenda (issue 12).
    path(
        "dialoger/<int:pk>/beslutsunderlag/<slug:point>.pdf",
        agenda_views.decision_basis_pdf,
        name="decision_basis_pdf",
    ),
    path("uppfoljning/", views.follow_up, name="follow_up"),
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
]
