"""The public pages, mounted twice by config/urls.py: Swedish at /medborgare/ (namespace
"public") and English at /en/medborgare/ (namespace "public_en"); the language comes from the
address, never from a cookie or the browser, so that each address has one cached copy."""

from django.urls import path

from . import online_views, unsubscribe_views, views

app_name = "public"

urlpatterns = [
    path("", views.start, name="start"),
    path("dialoger/<int:pk>/", views.detail, name="detail"),
    path("dialoger/<int:pk>/kalender.ics", views.dialogue_calendar, name="calendar"),
    path("dialoger/<int:pk>/tyck-till/", online_views.give_view, name="online_form"),
    path("dialoger/<int:pk>/tyck-till/tack/", online_views.thanks, name="online_thanks"),
    path("kalender.ics", views.calendar_feed, name="calendar_feed"),
    path("oppna-data/dialoger.json", views.open_data_json, name="open_data_json"),
    path("oppna-data/dialoger.csv", views.open_data_csv, name="open_data_csv"),
    path("nyheter.atom", views.news_feed, name="news_feed"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("personuppgifter/", views.privacy, name="privacy"),
    path("avsluta/<str:signed>/", unsubscribe_views.unsubscribe, name="unsubscribe"),
]
