from django.urls import path

from . import views

app_name = "dialog"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dialoger/", views.dialogue_list, name="list"),
    path("dialoger/ny/", views.dialogue_create, name="create"),
    path("dialoger/<int:pk>/", views.dialogue_detail, name="detail"),
    path("dialoger/<int:pk>/ansvar/", views.edit_responsibility, name="edit_responsibility"),
    path("dialoger/<int:pk>/diariefor/", views.register_case, name="register"),
    path("dialoger/<int:pk>/atgard/<slug:name>/", views.dialogue_action, name="action"),
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
