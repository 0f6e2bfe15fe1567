def site(request):
    """Site-wide template values; the staff check reuses the memberships cached on the user."""
    from leuchtfeuer.accounts.roles import has_staff_role

    user = getattr(request, "user", None)
    return {
        "SITE_NAME": "Leuchtfeuer",
        "show_internal_nav": bool(user is not None and has_staff_role(user)),
    }
