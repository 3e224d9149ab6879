from __future__ import annotations


class ServiceError(Exception):
    """A business rule said no. ``message`` is user-facing (translated); ``field`` names the
    form field it belongs to, or None for the whole form. Nothing was changed."""

    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code

    def add_to_form(self, form) -> None:
        form.add_error(
            self.field if self.field in getattr(form, "fields", {}) else None, self.message
        )
