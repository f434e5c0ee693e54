"""The residents' side's data, one module a sub-domain: the public pages, views given online,
and the addresses residents leave for the feedback."""

from .online import *  # noqa: F403
from .pages import *  # noqa: F403
from .subscriptions import *  # noqa: F403
