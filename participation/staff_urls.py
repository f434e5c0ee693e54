"""The staff's publishing page, at /publicering/<dialogue id>/."""

from django.urls import path

from . import follow_views, staff_views

app_name = "publishing"

urlpatterns = [
    path("<int:pk>/", staff_views.publishing, name="page"),
    path("<int:pk>/folj/", follow_views.follow, name="follow"),
]
