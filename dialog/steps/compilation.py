"""Step 6, the compilation: themes, every input within the purpose tagged to one, a summary."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dialog import selectors_counts
from dialog.forms import CompilationSummaryForm, ThemeForm
from dialog.models import CompilationSummary, State, Theme

from .base import Editing, ItemKind, RecordForm, StepContent, blank, record_of


def untagged_count(dialogue) -> int:
    """Inputs within the purpose tagged to no theme: a stored count, not a scan of the inputs."""
    return selectors_counts.totals(dialogue).untagged


def missing(dialogue) -> list[str]:
    """What presenting the results needs: a summary, at least one theme, and every input within
    the purpose tagged to a theme."""
    missing = []
    summary = getattr(dialogue, "compilation_summary", None)
    if summary is None or blank(summary.summary):
        missing.append(_("a summary of the results"))
    if not dialogue.themes.exists():
        missing.append(_("at least one theme"))
    untagged = untagged_count(dialogue)
    if untagged:
        missing.append(
            ngettext(
                "%(count)s input within the purpose is not tagged to a theme",
                "%(count)s inputs within the purpose are not tagged to a theme",
                untagged,
            )
            % {"count": untagged}
        )
    return missing


CONTENT = StepContent(
    name="compilation",
    editing=Editing(
        permission="dialog.edit_compilation",
        states=(State.COMPILATION,),
        refused=gettext_lazy(
            "Only the responsible official or the officials working on the dialogue can compile "
            "the results, and only while the dialogue is at the compilation step."
        ),
    ),
    missing=missing,
    panel="dialog/steps/_compilation.html",
    records=(
        RecordForm(
            name="compilation",
            title=gettext_lazy("Write the summary of the results"),
            form_class=CompilationSummaryForm,
            service="update_compilation_summary",
            permission="dialog.edit_compilation",
            instance=record_of(CompilationSummary),
        ),
    ),
    items=(
        ItemKind(
            name="theme",
            model=Theme,
            form_class=ThemeForm,
            save="save_theme",
            delete="delete_theme",
            permission="dialog.edit_compilation",
            add_title=gettext_lazy("Add a theme"),
            edit_title=gettext_lazy("Edit the theme"),
            anchor="compilation",
        ),
    ),
)
