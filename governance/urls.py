from django.urls import path

from . import goal_views, type_views, views

app_name = "governance"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("export.csv", views.export_csv, name="export"),
    path("hierarki/", views.tree, name="tree"),
    path("typer/", type_views.document_types, name="types"),
    path("organ-for-typ/", views.adopting_bodies, name="adopting_bodies"),
    path("att-se-over/", views.due, name="due"),
    path("nytt/", views.document_create, name="create"),
    path("importera/", views.import_upload, name="import"),
    path("importera/bekrafta/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/dokument.pdf", views.document_file, name="file"),
    path("<int:pk>/andra/", views.document_edit, name="edit"),
    path("<int:pk>/ny-version/", views.new_version, name="new_version"),
    path("<int:pk>/upphav/", views.revoke, name="revoke"),
    # The municipality's goals (issue 16).
    path("mal/", goal_views.goal_list, name="goals"),
    path("mal/nytt/", goal_views.goal_create, name="goal_create"),
    path("mal/<int:pk>/", goal_views.goal_detail, name="goal_detail"),
    path("mal/<int:pk>/andra/", goal_views.goal_edit, name="goal_edit"),
    path("mal/<int:pk>/ta-bort/", goal_views.goal_delete, name="goal_delete"),
]
