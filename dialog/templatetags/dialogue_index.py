"""The dialogue page's index of its sections (issue 14).

`{% dialogue_index %}…{% enddialogue_index %}` renders the page's sections first, then puts the
index ("dialog/detail/_index.html") before them, listing exactly the panels that were rendered
(a step's panel shows only when it has something or the user may fill it in) by their own
headings, so the index never names a section the page does not have.
"""

from html.parser import HTMLParser

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


_VOID = frozenset({"br", "img", "hr", "wbr", "input", "meta", "link", "source"})


class _Sections(HTMLParser):
    """The top-level <section class="panel …"> elements: (id, the heading's text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[dict] = []
        self._depth = 0  # nesting of <section> elements
        self._heading_id = ""
        self._reading = 0  # nesting inside the heading being read, 0 when not reading
        self._hidden_at = 0  # the nesting where a visually hidden part of the heading opened
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self._depth += 1
            classes = (attrs.get("class") or "").split()
            if self._depth == 1 and "panel" in classes and attrs.get("id"):
                self.found.append({"id": attrs["id"], "label": ""})
                self._heading_id = attrs.get("aria-labelledby") or ""
            return
        if tag in _VOID:
            return
        if self._reading:
            self._reading += 1
            if not self._hidden_at and "visually-hidden" in (attrs.get("class") or "").split():
                self._hidden_at = self._reading
        elif self._heading_id and attrs.get("id") == self._heading_id:
            self._reading = 1
            self._text = []

    def handle_endtag(self, tag):
        if tag == "section":
            self._depth = max(0, self._depth - 1)
            return
        if tag in _VOID or not self._reading:
            return
        if self._reading == self._hidden_at:
            self._hidden_at = 0
        self._reading -= 1
        if not self._reading:
            self.found[-1]["label"] = " ".join("".join(self._text).split())
            self._heading_id = ""

    def handle_data(self, data):
        if self._reading and not self._hidden_at:
            self._text.append(data)


def sections_of(html: str) -> list[dict]:
    parser = _Sections()
    parser.feed(html)
    parser.close()
    return [s for s in parser.found if s["label"]]


class DialogueIndexNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        body = self.nodelist.render(context)
        status = context.get("section_status") or {}
        entries = [{**s, "status": status.get(s["id"], "")} for s in sections_of(body)]
        index_template = context.template.engine.get_template("dialog/detail/_index.html")
        with context.push(index_entries=entries):
            index = index_template.render(context)
        return mark_safe(index + body)  # noqa: S308 - both rendered by our templates


@register.tag
def dialogue_index(parser, token):
    nodelist = parser.parse(("enddialogue_index",))
    parser.delete_first_token()
    return DialogueIndexNode(nodelist)
