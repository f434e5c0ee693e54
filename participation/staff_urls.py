"""The staff's publishing page, at /publicering/<dialogue id>/."""

from django.urls import path

from . import follow_views, online_views, staff_views

app_name = "publishing"

urlpatterns = [
    path("<int:pk>/", staff_views.publishing, name="page"),
    path("<int:pk>/folj/", follow_views.follow, name="follow"),
    path("<int:pk>/webbformular/", online_views.setup, name="online_form"),
    path(
        "<int:pk>/webbformular/fragor/<int:question>/",
        online_views.question,
        name="online_question",
    ),
    path("<int:pk>/webbformular/moderering/", online_views.moderation, name="online_moderation"),
    path("<int:pk>/webbformular/resultat/", online_views.results, name="online_results"),
]
