import hashlib
import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from driehoek.core import ratelimit
from driehoek.core.clientip import client_ip
from driehoek.core.formflow import handle_form
from driehoek.core.permissions import require
from driehoek.organisations.selectors import memberships_of_user

from . import selectors, twofactor
from .forms import LoginForm, ProfileForm, TwoFactorCodeForm

GET_POST = require_http_methods(["GET", "HEAD", "POST"])
# Wrong second-step codes per pending sign-in (on top of django-otp's own throttling).
CODE_LIMIT = 5
CODE_WINDOW = 15 * 60


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not twofactor.has_device(user):
            return super().form_valid(form)
        # Password right; the code comes next. Not logged in until the code is checked.
        session = self.request.session
        session.cycle_key()
        session[twofactor.PENDING_USER] = user.pk
        session[twofactor.PENDING_BACKEND] = user.backend
        session[twofactor.PENDING_NEXT] = self.get_success_url()
        return redirect("accounts:two_factor_verify")


def locked_out(request, original_response=None, credentials=None):
    """django-axes lockout page: Dutch, in our layout, 429, says when to try again."""
    cool_off = get_cool_off(request)
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else None
    until = timezone.localtime(timezone.now() + cool_off) if cool_off else None
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "until": until},
        status=429,
    )


@never_cache
@GET_POST
def two_factor_verify(request):
    user = selectors.active_user(request.session.get(twofactor.PENDING_USER))
    if user is None:
        return redirect("accounts:login")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            if ratelimit.hit(f"2fa:{user.pk}", limit=CODE_LIMIT, window=CODE_WINDOW):
                form.add_error(
                    "code",
                    _("You entered a wrong code too often. Please try again in 15 minutes."),
                )
            else:
                device = twofactor.match(user, form.cleaned_data["code"])
                if device is None:
                    form.add_error(
                        "code",
                        _("This code is not right. Check your app and type the new code."),
                    )
                else:
                    next_url = request.session.get(twofactor.PENDING_NEXT)
                    backend = request.session.get(twofactor.PENDING_BACKEND)
                    for key in (twofactor.PENDING_USER, twofactor.PENDING_BACKEND):
                        request.session.pop(key, None)
                    request.session.pop(twofactor.PENDING_NEXT, None)
                    auth_login(request, user, backend=backend)
                    otp_login(request, device)
                    if not url_has_allowed_host_and_scheme(
                        next_url, {request.get_host()}, require_https=request.is_secure()
                    ):
                        next_url = reverse(settings.LOGIN_REDIRECT_URL)
                    return redirect(next_url)
        return render(request, "accounts/two_factor_verify.html", {"form": form}, status=400)
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@never_cache
@login_required
@GET_POST
def two_factor_setup(request):
    if twofactor.has_device(request.user):
        messages.info(request, _("Two-step sign-in is already on for your account."))
        return redirect("accounts:profile")
    require(request.user, "accounts.set_up_two_factor")
    device = twofactor.pending_totp(request.user)
    form = TwoFactorCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        codes = twofactor.confirm(device, form.data.get("code", "")) if form.is_valid() else None
        if codes is not None:
            otp_login(request, device)
            request.session[twofactor.SESSION_FLAG] = "device"
            request.session[twofactor.NEW_CODES] = codes
            return redirect("accounts:two_factor_codes")
        if form.is_valid():
            form.add_error(
                "code", _("This code is not right. Check your app and type the new code.")
            )
        status = 400
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": twofactor.qr_svg(device),
            "secret": twofactor.secret_text(device),
            "required": twofactor.must_use(request.user),
        },
        status=status,
    )


@never_cache
@login_required
@GET_POST
def two_factor_codes(request):
    codes = request.session.pop(twofactor.NEW_CODES, None)
    if not codes:
        return redirect("accounts:profile")
    return render(request, "accounts/two_factor_codes.html", {"codes": codes})


@never_cache
@login_required
@GET_POST
def two_factor_disable(request):
    if not twofactor.has_device(request.user):
        return redirect("accounts:profile")
    require(request.user, "accounts.turn_off_two_factor")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            if twofactor.match(request.user, form.cleaned_data["code"]) is not None:
                twofactor.turn_off(request.user)
                request.session[twofactor.SESSION_FLAG] = "none"
                messages.success(request, _("Two-step sign-in is now off for your account."))
                return redirect("accounts:profile")
            form.add_error(
                "code", _("This code is not right. Check your app and type the new code.")
            )
        return render(request, "accounts/two_factor_disable.html", {"form": form}, status=400)
    return render(request, "accounts/two_factor_disable.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        """At most a few mails per client address and per e-mail address an hour. The message
        is the same whether or not the account exists."""
        email = form.cleaned_data["email"].strip().lower()
        window = settings.PASSWORD_RESET_LIMIT_WINDOW
        email_key = hashlib.sha256(email.encode()).hexdigest()
        too_many = ratelimit.hit(
            f"reset:email:{email_key}", limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL, window=window
        )
        ip = client_ip(self.request)
        if ip:
            too_many = (
                ratelimit.hit(
                    f"reset:ip:{ip}", limit=settings.PASSWORD_RESET_LIMIT_PER_IP, window=window
                )
                or too_many
            )
        if too_many:
            form.add_error(
                "email",
                _("You asked for a new password too often. Please try again in an hour."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    outcome = handle_form(
        request,
        form,
        lambda data: form.save(),
        success=_("Your profile has been saved."),
        redirect_to="accounts:profile",
    )
    if outcome.response:
        return outcome.response
    memberships = memberships_of_user(request.user)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": memberships,
            "two_factor_on": twofactor.has_device(request.user),
        },
    )
