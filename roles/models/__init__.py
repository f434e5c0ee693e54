"""The roles app's models: bodies and memberships (`bodies`), meetings and who attended them
(`meetings`). Re-exported here so that `from roles.models import X` keeps working."""

from .absence import *  # noqa: F403  (filled by the delegation work)
from .bodies import Body, Membership, MembershipQuerySet
from .meetings import *  # noqa: F403  (filled by the meetings work)

__all__ = ["Body", "Membership", "MembershipQuerySet"]
