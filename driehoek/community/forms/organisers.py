"""Organisers' forms: the community, its meetings, agenda items, materials, questions,
knowledge items, a message to participants and the check-in search."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from driehoek.core import uploads
from driehoek.core.permissions import may
from driehoek.core.versioning import VersionedFormMixin

from ..models import (
    AgendaItem,
    Community,
    KnowledgeItem,
    Material,
    Meeting,
    Question,
)
from ..selectors_signup import next_edition_choices

RESERVED_SLUGS = {"nieuw", "aanmelding"}  # first path segments of other community URLs

MAX_FILE_BYTES = 20 * 1024 * 1024  # materials and knowledge files (core.uploads checks them)
FILE_HELP = _("PDF, document, presentation, spreadsheet or image; at most 20 MB.")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CommunityForm(forms.ModelForm):
    class Meta:
        model = Community
        fields = [
            "title",
            "slug",
            "description",
            "audience",
            "contact_name",
            "contact_phone",
            "contact_email",
            "privacy_statement",
            "is_published",
            "signup_deadline",
            "retention_days",
            "reminder_days",
            "reserved_party",
            "reserved_percent",
            "reserved_until",
            "next_edition",
            "organisers",
        ]
        widgets = {
            "signup_deadline": DateTimeLocalInput(),
            "reserved_until": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "privacy_statement": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_edition"].queryset = next_edition_choices(self.instance)
        if may(user, "community.choose_organisers"):
            self.fields["organisers"].queryset = (
                get_user_model().objects.filter(is_active=True).order_by("full_name", "email")
            )
            self.fields["organisers"].required = False
        else:
            # Only staff may see the list of all users (it is personal data).
            del self.fields["organisers"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                _("This web address is taken by the site itself. Choose another.")
            )
        return slug

    def clean_reserved_percent(self):
        value = self.cleaned_data["reserved_percent"]
        if value > 100:
            raise forms.ValidationError(_("A share is at most 100 percent."))
        return value


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "place", "online_url", "capacity", "description"]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"starts_at": _("Dutch time (Europe/Amsterdam).")}

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Fill in a place or an online link."))
        return data


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        # The field's own name is shared with an agreement's "position" (standpunt).
        labels = {"position": _("Order on the agenda")}


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["title", "file", "url"]
        help_texts = {"file": FILE_HELP}

    def clean_file(self):
        return uploads.clean_upload(
            self.cleaned_data.get("file"), extensions=uploads.MATERIALS, max_bytes=MAX_FILE_BYTES
        )

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            self.add_error("url", _("Add a file or a link."))
        return data


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "text",
            "group",
            "theme",
            "meeting",
            "outcome",
            "is_agenda",
            "is_published",
            "position",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"position": _("Order in the list")}

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = community.meetings.order_by("starts_at", "pk")


class KnowledgeItemForm(forms.ModelForm):
    class Meta:
        model = KnowledgeItem
        fields = ["kind", "title", "theme", "body", "file", "url", "visibility"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"file": FILE_HELP}

    def clean_file(self):
        return uploads.clean_upload(
            self.cleaned_data.get("file"), extensions=uploads.MATERIALS, max_bytes=MAX_FILE_BYTES
        )


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}))
    include_waiting = forms.BooleanField(label=_("Also send to the waiting list"), required=False)


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a participant"), required=False, max_length=100)
    presence = forms.ChoiceField(
        label=_("Present"),
        required=False,
        choices=[
            ("", _("Everyone with a place")),
            ("present", _("Present")),
            ("absent", _("Not yet present")),
        ],
    )
