"""Two-factor enforcement: staff must have it, nobody with a device skips it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import twofactor

# What a staff user without two-factor sign-in may still open.
ALLOWED_WITHOUT_DEVICE = (
    "accounts:two_factor_setup",
    "accounts:two_factor_codes",
    "accounts:logout",
)


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The admin has its own login form, which would skip the code: use ours.
        admin_login = reverse("admin:login")
        if request.path == admin_login:
            query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
            return redirect(f"{reverse('accounts:login')}?{query}")
        user = request.user
        if not user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        if user.is_verified():
            return self.get_response(request)
        flag = request.session.get(twofactor.SESSION_FLAG)
        if flag is None or flag == "device":
            if twofactor.has_device(user):
                # Logged in without giving a code (e.g. a session from before): start again.
                logout(request)
                return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
            request.session[twofactor.SESSION_FLAG] = "none"
        if twofactor.must_use(user):
            allowed = {reverse(name) for name in ALLOWED_WITHOUT_DEVICE}
            if request.path not in allowed:
                return redirect("accounts:two_factor_setup")
        return self.get_response(request)
