"""Decisions taken on a body's behalf: by delegation (kommunallagen 6 kap 37-40 §§) and by the
chair in an urgent matter (ordförandebeslut, 6 kap 39 §). Read by `dialog.rules`.

Placeholders until the delegation work fills them: nobody decides by delegation or urgently yet.
"""

import rules


@rules.predicate
def may_decide_by_delegation(user, dialogue) -> bool:
    return False


@rules.predicate
def may_decide_urgently(user, dialogue) -> bool:
    return False
