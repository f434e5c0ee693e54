"""Template helpers for the panels that show a dialogue's input counts; the reads are
`dialog.selectors_counts`' (stored counts, one small query each)."""

from django import template

from dialog import selectors_counts

register = template.Library()


@register.simple_tag
def input_totals(dialogue) -> selectors_counts.Totals:
    """The dialogue's inputs in all, within its purpose, off-topic and untagged."""
    return selectors_counts.totals(dialogue)


@register.simple_tag
def compilation_table(dialogue) -> selectors_counts.CompilationCounts:
    """The compilation panel's counts per theme and per group."""
    return selectors_counts.compilation_counts(dialogue)
