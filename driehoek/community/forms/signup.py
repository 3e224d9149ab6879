"""Forms for people who sign up: alone or as a team, changing a sign-up, the link again and
searching the knowledge base."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from driehoek.organisations.models import Organisation, OrganisationKind, Province
from driehoek.organisations.selectors import kinds_for_party

from ..models import (
    Community,
    Meeting,
    Party,
    Question,
)
from ..selectors_signup import (
    organisation_chosen,
    organisation_exact,
    organisation_suggestions,
    signup_meetings,
)

HONEYPOT = "website"


SERIES = "series"
SOME = "some"


class MeetingChoiceField(forms.ModelMultipleChoiceField):
    """Meetings to tick. With ``mark_full`` (sign-up forms) a full meeting says so next to
    its name: signing up for it puts you on the waiting list."""

    def __init__(self, *args, mark_full: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.mark_full = mark_full

    def label_from_instance(self, obj: Meeting) -> str:
        start = timezone.localtime(obj.starts_at)
        label = f"{obj.title} – {start:%d-%m-%Y %H:%M}"
        confirmed = getattr(obj, "confirmed_count", None)
        if self.mark_full and confirmed is not None and confirmed >= obj.capacity:
            full = _("full – waiting list")
            label += f" ({full})"
        return label


class QuestionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Question) -> str:
        return obj.text


def _series_field():
    return forms.ChoiceField(
        label=_("Which meetings do you come to?"),
        choices=[
            (SERIES, _("The whole series (recommended)")),
            (SOME, _("Only the meetings I choose below")),
        ],
        initial=SERIES,
        widget=forms.RadioSelect,
    )


def _meetings_field(community: Community, *, mark_full: bool = False):
    return MeetingChoiceField(
        label=_("Meetings"),
        queryset=signup_meetings(community),
        mark_full=mark_full,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only needed if you do not come to the whole series."),
    )


KEEP_TYPED = "typed"
DID_YOU_MEAN_LIMIT = 5


def suggestion_label(organisation: Organisation) -> str:
    values = {"name": organisation.name, "kind": organisation.get_kind_display()}
    if not organisation.is_current:
        return _("%(name)s (%(kind)s, no longer exists)") % values
    return _("%(name)s (%(kind)s)") % values


def did_you_mean_field(suggestions: list[Organisation], typed: str) -> forms.ChoiceField:
    """Without the script: after sending, the organisations that look like what was typed,
    and keeping what was typed."""
    keep = _("No, keep what I typed: “%(name)s”") % {"name": typed.strip()}
    return forms.ChoiceField(
        label=_("Did you mean:"),
        choices=[(str(o.pk), suggestion_label(o)) for o in suggestions] + [(KEEP_TYPED, keep)],
        widget=forms.RadioSelect,
        help_text=_(
            "We found organisations with a name like the one you typed. Choose yours, or keep "
            "what you typed."
        ),
        error_messages={
            "required": _("Choose one of the organisations, or keep what you typed."),
            "invalid_choice": _("Choose one of the organisations, or keep what you typed."),
        },
    )


class SeriesMixin:
    def clean(self):
        data = super().clean()
        if data.get("series") == SOME and not data.get("meetings"):
            self.add_error(
                "meetings", _("Choose at least one meeting, or sign up for the whole series.")
            )
        return data


class SignupForm(SeriesMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send a link to confirm your sign-up to this address."),
    )
    party = forms.ChoiceField(
        label=_("You take part as"), choices=Party.choices, widget=forms.RadioSelect
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_(
            "Type the name of your organisation. We show names from our list that look like it; "
            "you can also keep your own."
        ),
    )
    # The organisation chosen from the suggestions (its id), set by the script as you type.
    organisation = forms.CharField(required=False, widget=forms.HiddenInput)
    function = forms.CharField(label=_("Function"), max_length=150, required=False)
    province = forms.ChoiceField(
        label=_("Province"), choices=[("", "—")] + list(Province.choices), required=False
    )
    series = _series_field()
    questions = QuestionChoiceField(
        label=_("Which of these questions do you bring?"),
        queryset=Question.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    own_question = forms.CharField(
        label=_("Or your own question"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    needs = forms.CharField(
        label=_("Accessibility or dietary needs"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("For example wheelchair access, an induction loop or vegetarian food."),
    )
    consent = forms.BooleanField(
        label=_("I agree to the privacy statement of this community."),
        error_messages={
            "required": _("You can only sign up if you agree to the privacy statement.")
        },
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        name = self.fields["organisation_name"]
        name.widget.attrs.update(
            {
                "autocomplete": "organization",
                "data-dh-org-search": reverse(
                    "community:signup_organisations", kwargs={"slug": community.slug}
                ),
                "data-dh-org-target": self["organisation"].auto_id,
                "data-dh-org-party": self.add_prefix("party"),
                "data-dh-org-label": _("Suggested organisations"),
            }
        )
        self.chosen, self.suggestions = self._resolve_organisation()
        if self.suggestions:
            self.fields["organisation_choice"] = did_you_mean_field(
                self.suggestions, (self.data.get(self.add_prefix("organisation_name")) or "")
            )
        self.fields["meetings"] = _meetings_field(community, mark_full=True)
        self.fields["questions"].queryset = community.questions.filter(is_agenda=True).order_by(
            "position", "pk"
        )
        if not self.fields["questions"].queryset.exists():
            del self.fields["questions"]
        order = list(self.fields)
        order.remove("meetings")
        order.insert(order.index("series") + 1, "meetings")
        if self.suggestions:
            order.remove("organisation_choice")
            order.insert(order.index("organisation_name") + 1, "organisation_choice")
        self.order_fields(order)

    def _resolve_organisation(self) -> tuple[Organisation | None, list[Organisation]]:
        """What the submitted data says about the organisation: the one chosen from the
        suggestions or named exactly, or else the organisations whose names look like what
        was typed (shown as "Did you mean:"). Nothing before the form is sent."""
        if not self.is_bound:
            return None, []
        party = self.data.get(self.add_prefix("party")) or ""
        chosen = organisation_chosen(self.data.get(self.add_prefix("organisation")) or "")
        if chosen is not None:
            return chosen, []
        typed = (self.data.get(self.add_prefix("organisation_name")) or "").strip()
        if not typed:
            return None, []
        exact = organisation_exact(typed, party=party)
        if exact is not None:
            return exact, []
        return None, organisation_suggestions(typed, party=party, limit=DID_YOU_MEAN_LIMIT)

    def clean(self):
        data = super().clean()
        organisation = self.chosen
        choice = data.get("organisation_choice")
        if organisation is None and choice and choice != KEEP_TYPED:
            organisation = next((o for o in self.suggestions if str(o.pk) == choice), None)
        data["organisation"] = organisation
        if organisation is None and not (data.get("organisation_name") or "").strip():
            self.add_error("organisation_name", _("Type the name of your organisation."))
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "email": d["email"],
            "organisation": d.get("organisation"),
            "organisation_name": d.get("organisation_name", ""),
            "party": d["party"],
            "function": d.get("function", ""),
            "province": d.get("province", ""),
            "whole_series": d["series"] == SERIES,
            "meetings": list(d.get("meetings") or []),
            "questions": list(d.get("questions") or []),
            "own_question": d.get("own_question", ""),
            "needs": d.get("needs", ""),
            "consent": d.get("consent", False),
        }


TEAM_MEMBERS = [
    ("gemeente", Party.GEMEENTE, OrganisationKind.GEMEENTE, _("Municipality")),
    ("corporatie", Party.CORPORATIE, OrganisationKind.CORPORATIE, _("Housing association")),
    ("huurders", Party.HUURDERS, OrganisationKind.HUURDERS, _("Tenant organisation")),
]


class TeamSignupForm(SeriesMixin, forms.Form):
    place = forms.CharField(label=_("Place or region you work for together"), max_length=200)

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        self.member_fields = []
        for key, party, _kind, label in TEAM_MEMBERS:
            names = []
            for suffix, field in (
                (
                    "name",
                    forms.CharField(label=_("%(party)s: name") % {"party": label}, max_length=150),
                ),
                (
                    "email",
                    forms.EmailField(label=_("%(party)s: e-mail address") % {"party": label}),
                ),
                (
                    "organisation_name",
                    forms.CharField(
                        label=_("%(party)s: organisation") % {"party": label},
                        max_length=200,
                        required=False,
                        help_text=_(
                            "Type the name. We show names from our list that look like it; "
                            "you can also keep your own."
                        ),
                    ),
                ),
                # The organisation chosen from the suggestions (its id), set by the script.
                ("organisation", forms.CharField(required=False, widget=forms.HiddenInput)),
                (
                    "function",
                    forms.CharField(
                        label=_("%(party)s: function") % {"party": label},
                        max_length=150,
                        required=False,
                    ),
                ),
            ):
                self.fields[f"{key}_{suffix}"] = field
                names.append(f"{key}_{suffix}")
            self.member_fields.append(names)
            search = reverse("community:signup_organisations", kwargs={"slug": community.slug})
            self.fields[f"{key}_organisation_name"].widget.attrs.update(
                {
                    "autocomplete": "organization",
                    "data-dh-org-search": f"{search}?party={party}",
                    "data-dh-org-target": self[f"{key}_organisation"].auto_id,
                    "data-dh-org-label": _("Suggested organisations"),
                }
            )
        self.fields["series"] = _series_field()
        self.fields["meetings"] = _meetings_field(self.community, mark_full=True)
        self.fields["consent"] = forms.BooleanField(
            label=_(
                "All three of us agree to the privacy statement. Each of us confirms by e-mail."
            ),
            error_messages={
                "required": _("You can only sign up if you agree to the privacy statement.")
            },
        )

    def clean(self):
        data = super().clean()
        for key, party, _kind, _label in TEAM_MEMBERS:
            typed = (data.get(f"{key}_organisation_name") or "").strip()
            # The suggestion chosen with the script (its id, of this party's kind), else the
            # one organisation whose name is exactly what was typed, else the typed name.
            chosen = organisation_chosen(data.get(f"{key}_organisation") or "")
            if chosen is not None and chosen.kind not in kinds_for_party(party):
                chosen = None
            if chosen is None and typed:
                chosen = organisation_exact(typed, party=party)
            data[f"{key}_organisation"] = chosen
            if chosen is None and not typed:
                self.add_error(
                    f"{key}_organisation_name",
                    _("Choose your organisation from the list or type its name."),
                )
        return data

    def members(self) -> list[dict]:
        d = self.cleaned_data
        return [
            {
                "name": d[f"{key}_name"],
                "email": d[f"{key}_email"],
                "organisation": d.get(f"{key}_organisation"),
                "organisation_name": d.get(f"{key}_organisation_name", ""),
                "function": d.get(f"{key}_function", ""),
                "party": party,
            }
            for key, party, _kind, _label in TEAM_MEMBERS
        ]

    def shared_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "whole_series": d["series"] == SERIES,
            "meetings": list(d.get("meetings") or []),
            "consent": d.get("consent", False),
        }


class RegistrationEditForm(SeriesMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    function = forms.CharField(label=_("Function"), max_length=150, required=False)
    province = forms.ChoiceField(
        label=_("Province"), choices=[("", "—")] + list(Province.choices), required=False
    )
    needs = forms.CharField(
        label=_("Accessibility or dietary needs"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    series = _series_field()

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meetings"] = _meetings_field(registration.community)


class ResendLinkForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))


class KnowledgeSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes"))] + [(t, t) for t in themes]
