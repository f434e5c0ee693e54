"""The project's URLs plus the register, until config/urls.py includes governance.urls."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

handler403 = "dialog.views.permission_denied"

urlpatterns = list(project_urlpatterns)
if not any(getattr(p, "namespace", None) == "governance" for p in urlpatterns):
    urlpatterns.insert(0, path("styrdokument/", include("governance.urls")))
