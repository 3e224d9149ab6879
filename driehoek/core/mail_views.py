"""The outbox page for staff: which e-mails wait or failed, why, and "retry now".

Platform staff only (rule ``core.manage_mail``). Retrying acts for no party: it sends again what an
app already asked to send."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from . import selectors, tasks
from .decorators import rule_required
from .models import MailStatus

PAGE_SIZE = 50


class MailFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("open", gettext_lazy("Not sent yet")),
            ("failed", gettext_lazy("Failed")),
            ("queued", gettext_lazy("Waiting")),
            ("sent", gettext_lazy("Sent")),
            ("all", gettext_lazy("All")),
        ],
    )
    q = forms.CharField(label=gettext_lazy("Subject or address"), required=False, max_length=200)


@rule_required("core.manage_mail")
@require_safe
def mail_queue(request):
    form = MailFilterForm(request.GET or None)
    status, search = "open", ""
    if form.is_valid():
        status = form.cleaned_data["status"] or "open"
        search = form.cleaned_data["q"].strip()
    page = Paginator(selectors.outgoing_mails(status=status, search=search), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "core/mail_queue.html",
        {
            "form": form,
            "page_obj": page,
            "mails": page.object_list,
            "counts": selectors.outgoing_mail_counts(),
        },
    )


@rule_required("core.manage_mail")
@require_POST
def mail_retry(request, pk: int):
    mail = selectors.outgoing_mail_get(pk)
    if mail.status == MailStatus.SENT:
        messages.info(request, _("This e-mail has already been sent."))
    else:
        tasks.retry_now(mail)
        messages.success(request, _("The e-mail will be sent again now."))
    return redirect("core:mail_queue")
