"""How a person is named on every page, list and notice."""


def person_label(user, *, nobody: str = "") -> str:
    """A person's full name, or their user name when it is missing; `nobody` for no one."""
    if not user:
        return nobody
    return user.get_full_name() or user.get_username()
