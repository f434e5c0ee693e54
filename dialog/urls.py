from django.urls import path

# result_views adds steps 6-9 to the registries (STEP_FORMS, ITEM_KINDS) the routes below are
# built from, so it is imported first.
from . import result_views, step_views, views  # isort: skip

app_name = "dialog"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dialoger/", views.dialogue_list, name="list"),
    path("dialoger/ny/", views.dialogue_create, name="create"),
    path("dialoger/<int:pk>/", views.dialogue_detail, name="detail"),
    path("dialoger/<int:pk>/ansvar/", views.edit_responsibility, name="edit_responsibility"),
    path("dialoger/<int:pk>/diariefor/", views.register_case, name="register"),
    path("dialoger/<int:pk>/styrdokument/", views.link_documents, name="link_documents"),
    path("dialoger/<int:pk>/atgard/<slug:name>/", views.dialogue_action, name="action"),
    path("dialoger/<int:pk>/synpunkter/", step_views.input_register, name="inputs"),
    path("dialoger/<int:pk>/synpunkter/importera/", step_views.import_inputs, name="import_inputs"),
    *result_views.urlpatterns(),
    # The list-type content of the steps: `add_activity`, `edit_activity`, `delete_activity`, ...
    *(
        route
        for kind, spec in step_views.ITEM_KINDS.items()
        for route in (
            path(
                f"dialoger/<int:pk>/{spec.slug}/ny/",
                step_views.item_form,
                {"kind": kind},
                name=f"add_{kind}",
            ),
            path(
                f"dialoger/<int:pk>/{spec.slug}/<int:item_pk>/",
                step_views.item_form,
                {"kind": kind},
                name=f"edit_{kind}",
            ),
            path(
                f"dialoger/<int:pk>/{spec.slug}/<int:item_pk>/ta-bort/",
                step_views.item_delete,
                {"kind": kind},
                name=f"delete_{kind}",
            ),
        )
    ),
    # One page per step's content, from the registry: `edit_initiative`, `edit_mandate`, ...
    *(
        path(
            f"dialoger/<int:pk>/{spec.slug}/",
            views.edit_step,
            {"step": step},
            name=f"edit_{step}",
        )
        for step, spec in views.STEP_FORMS.items()
    ),
]
