"""The type of the person acting in a service: a signed-in user or an anonymous visitor.

Services take ``actor: Actor`` (keyword-only) and check permissions with ``actor.has_perm``;
``is_authenticated`` tells the two apart.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from leuchtfeuer.accounts.models import User

Actor: TypeAlias = User | AnonymousUser
