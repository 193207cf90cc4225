"""Site-level pages that belong to no single app."""

from django.shortcuts import render


def home(request):
    """The landing page after login: the user's scope, and where to go from here."""
    user = request.user
    return render(
        request,
        "home.html",
        {"province": user.province, "district": user.district, "role": user.get_role_display()},
    )
