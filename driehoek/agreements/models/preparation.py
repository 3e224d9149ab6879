"""Preparation: the cycle, woonvisie, interests and the bod."""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from driehoek.core.models import TimeStampedModel, user_ref
from driehoek.core.versioning import version_field
from driehoek.organisations.models import Organisation

from ..legal import add_months


class Theme(models.TextChoices):
    AVAILABILITY = "beschikbaarheid", _("Availability")
    AFFORDABILITY = "betaalbaarheid", _("Affordability")
    QUALITY = "kwaliteit_duurzaamheid", _("Quality and sustainability")
    SPECIAL_GROUPS = "bijzondere_doelgroepen", _("Special target groups")
    CARE = "wonen_welzijn_zorg", _("Housing, welfare and care")
    LIVEABILITY = "leefbaarheid", _("Liveability")
    COOPERATION = "samenwerking", _("Cooperation and process")
    SOCIAL_REAL_ESTATE = "maatschappelijk_vastgoed", _("Social real estate")
    MID_RENT = "middenhuur", _("Mid-rent")


class Cycle(TimeStampedModel):
    """One year of the cycle for one gemeente. Each cycle keeps its own dates: the law changes."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    participants = models.ManyToManyField(
        Organisation,
        verbose_name=_("housing associations and tenant organisations"),
        related_name="cycles_participating",
        blank=True,
    )
    ibw_due = models.DateField(_("financial indication (IBW) before"))
    bod_due = models.DateField(_("bod available on"))
    talks_started_on = models.DateField(_("talks started on"), null=True, blank=True)
    submission_due = models.DateField(_("submission before"))
    dispute_after_months = models.PositiveSmallIntegerField(
        _("dispute possible after (months of talks)"), default=6
    )
    dispute_filing_weeks = models.PositiveSmallIntegerField(
        _("dispute to be filed within (weeks)"), default=4
    )

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-year", "gemeente__name"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "year"], name="cycle_unique_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.gemeente} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:cycle_detail", kwargs={"cycle_id": self.uuid})

    @property
    def dispute_possible_from(self) -> date | None:
        """Talks without agreements this long: any party may start a dispute (Ww art. 44(4))."""
        if not self.talks_started_on:
            return None
        return add_months(self.talks_started_on, self.dispute_after_months)


class Woonvisie(TimeStampedModel):
    """The gemeente's housing policy (Woningwet art. 42)."""

    version = version_field()
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="woonvisies",
    )
    title = models.CharField(_("title"), max_length=200)
    adopted_on = models.DateField(_("adopted on"))
    period_start = models.PositiveSmallIntegerField(_("valid from (year)"))
    period_end = models.PositiveSmallIntegerField(_("valid until (year)"))
    document = models.FileField(_("document"), upload_to="woonvisies/", blank=True)
    url = models.URLField(_("link to the document"), blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("woonvisie")
        verbose_name_plural = _("woonvisies")
        ordering = ["-adopted_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:woonvisie_detail", kwargs={"woonvisie_id": self.uuid})


class WoonvisieGoal(models.Model):
    woonvisie = models.ForeignKey(
        Woonvisie, verbose_name=_("woonvisie"), on_delete=models.CASCADE, related_name="goals"
    )
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    text = models.TextField(_("goal"))

    class Meta:
        verbose_name = _("woonvisie goal")
        verbose_name_plural = _("woonvisie goals")
        ordering = ["theme", "pk"]

    def __str__(self) -> str:
        return f"{self.get_theme_display()}: {self.text[:80]}"


class Interest(TimeStampedModel):
    """A party's priority on a theme before the talks start."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="interests"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        choices=[(1, _("High")), (2, _("Medium")), (3, _("Low"))],
        default=2,
    )
    text = models.TextField(_("what we want"))
    set_with_members = models.BooleanField(
        _("set together with our members"),
        default=False,
        help_text=_("For tenant organisations: the members helped choose these priorities."),
    )

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["organisation__name", "priority", "theme"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organisation", "theme"], name="interest_unique_theme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_theme_display()}"


class BodStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


class Bod(TimeStampedModel):
    """The corporatie's overview of intended activities (Ww art. 43, BTIV art. 39)."""

    version = version_field()
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="bods"
    )
    title = models.CharField(_("title"), max_length=200)
    corporaties = models.ManyToManyField(
        Organisation, verbose_name=_("housing associations"), related_name="bods"
    )
    tenant_bodies = models.ManyToManyField(
        Organisation,
        verbose_name=_("tenant organisations"),
        related_name="bods_received",
        blank=True,
    )
    introduction = models.TextField(_("introduction"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BodStatus.choices, default=BodStatus.DRAFT
    )
    consulted_on = models.DateField(_("tenants consulted on"), null=True, blank=True)
    consultation_note = models.TextField(_("outcome of the tenant consultation"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = user_ref(_("sent by"), blank=True)
    # Recorded afterwards ("vastgelegd achteraf"): who entered a past date and when.
    sent_recorded_by = user_ref(_("recorded afterwards by"), blank=True)
    sent_recorded_at = models.DateTimeField(_("recorded afterwards at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bod")
        verbose_name_plural = _("bods")
        ordering = ["-cycle__year", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:bod_detail", kwargs={"bod_id": self.uuid})

    @property
    def is_sent(self) -> bool:
        return self.status == BodStatus.SENT

    @property
    def is_late(self) -> bool:
        from django.utils import timezone

        if self.sent_at:
            return timezone.localdate(self.sent_at) > self.cycle.bod_due
        return timezone.localdate() > self.cycle.bod_due


class BodSection(models.Model):
    """The bod's explanation for one theme of BTIV art. 39."""

    bod = models.ForeignKey(
        Bod, verbose_name=_("bod"), on_delete=models.CASCADE, related_name="sections"
    )
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    text = models.TextField(_("explanation"))

    class Meta:
        verbose_name = _("bod section")
        verbose_name_plural = _("bod sections")
        ordering = ["theme"]
        constraints = [
            models.UniqueConstraint(fields=["bod", "theme"], name="bodsection_unique_theme")
        ]

    def __str__(self) -> str:
        return self.get_theme_display()


class BodLine(models.Model):
    """One concrete proposed activity in a bod."""

    bod = models.ForeignKey(
        Bod, verbose_name=_("bod"), on_delete=models.CASCADE, related_name="lines"
    )
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    description = models.TextField(_("activity"))
    quantity = models.DecimalField(
        _("number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    estimated_investment = models.DecimalField(
        _("estimated investment (euro)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("bod activity")
        verbose_name_plural = _("bod activities")
        ordering = ["theme", "year", "pk"]

    def __str__(self) -> str:
        return self.description[:80]
