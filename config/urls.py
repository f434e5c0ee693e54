from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView

from core.forms import LoginForm, PasswordChangeForm

from .views import home

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the pages' <link rel="icon"> says.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg"))),
    path("i18n/", include("django.conf.urls.i18n")),
    # Linked from every internal page's footer; readable before logging in.
    path("hjalp/", TemplateView.as_view(template_name="core/help.html"), name="help"),
    path("logga-in/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "byt-losenord/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path(
        "byt-losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("styrdokument/", include("governance.urls")),
    path("rapporter/", include("reports.urls")),
    # The residents' pages: Swedish without a prefix, English under /en/ (the language comes
    # from the address so that each page has one cached copy); the staff's publishing page.
    path("medborgare/", include("participation.urls", namespace="public")),
    path(
        "en/medborgare/", include("participation.urls", namespace="public_en"), {"language": "en"}
    ),
    path("publicering/", include("participation.staff_urls")),
    # Anonymous visitors at the root see the public pages; staff their dashboard (the same
    # address as dialog:dashboard, which stays for the staff's links).
    path("", home, name="home"),
    path("", include("dialog.urls")),
]

handler403 = "core.views.permission_denied"
