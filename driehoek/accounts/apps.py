from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "driehoek.accounts"
    label = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import twofactor

        def remember_device_state(sender, request, user, **kwargs):
            # Only records whether a code is owed; it never marks a session as verified.
            if request is not None and hasattr(request, "session"):
                state = "device" if twofactor.has_device(user) else "none"
                request.session[twofactor.SESSION_FLAG] = state

        user_logged_in.connect(
            remember_device_state, weak=False, dispatch_uid="accounts.two_factor_state"
        )
