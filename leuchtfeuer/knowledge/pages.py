"""What the pages of the knowledge part share: the towns a user works for and the status of a
page that shows a form."""

from __future__ import annotations

from django.db.models import QuerySet

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.accounts.roles import roles_by_municipality
from leuchtfeuer.places.models import Municipality


def status_of(request, form) -> int:
    """422 for a refused POST, else 200."""
    return 422 if request.method == "POST" and form.errors else 200


def my_municipalities(user, roles=(Role.KOORDINATION, Role.TEAM)) -> QuerySet[Municipality]:
    """The towns in which ``user`` holds one of ``roles``, by name."""
    ids = [mid for mid, rs in roles_by_municipality(user).items() if set(rs) & set(roles)]
    return Municipality.objects.filter(pk__in=ids).select_related("region").order_by("display_name")
