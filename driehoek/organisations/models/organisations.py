"""Organisations, their work areas and tenant representation, and regions."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from driehoek.core.models import TimeStampedModel
from driehoek.core.versioning import version_field


class Province(models.TextChoices):
    GRONINGEN = "Groningen", "Groningen"
    FRYSLAN = "Fryslân", "Fryslân"
    DRENTHE = "Drenthe", "Drenthe"
    OVERIJSSEL = "Overijssel", "Overijssel"
    FLEVOLAND = "Flevoland", "Flevoland"
    GELDERLAND = "Gelderland", "Gelderland"
    UTRECHT = "Utrecht", "Utrecht"
    NOORD_HOLLAND = "Noord-Holland", "Noord-Holland"
    ZUID_HOLLAND = "Zuid-Holland", "Zuid-Holland"
    ZEELAND = "Zeeland", "Zeeland"
    NOORD_BRABANT = "Noord-Brabant", "Noord-Brabant"
    LIMBURG = "Limburg", "Limburg"


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", _("Municipality")
    CORPORATIE = "woningcorporatie", _("Housing association")
    HUURDERS = "huurdersorganisatie", _("Tenant organisation")
    BEWONERSCOMMISSIE = "bewonerscommissie", _("Residents' committee")
    OTHER = "other", _("Other organisation")


TENANT_KINDS = (OrganisationKind.HUURDERS, OrganisationKind.BEWONERSCOMMISSIE)


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PENDING = "pending", _("Waiting for approval")
    REJECTED = "rejected", _("Rejected")


class OrganisationQuerySet(models.QuerySet):
    def current(self) -> OrganisationQuerySet:
        """Organisations that exist today: historic gemeenten are left out."""
        return self.filter(is_current=True)

    def active(self) -> OrganisationQuerySet:
        return self.filter(status=OrganisationStatus.ACTIVE)

    def gemeenten(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.GEMEENTE)

    def corporaties(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.CORPORATIE)

    def tenant_bodies(self) -> OrganisationQuerySet:
        return self.filter(kind__in=TENANT_KINDS)

    def search(self, text: str) -> OrganisationQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(code__iexact=text))


class Organisation(TimeStampedModel):
    """A party in the driehoek, or another organisation that takes part."""

    version = version_field()
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    code = models.CharField(
        _("code"),
        max_length=20,
        blank=True,
        help_text=_("CBS code for a municipality (e.g. 0363), L-number for a housing association."),
    )
    province = models.CharField(_("province"), max_length=20, choices=Province.choices, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.ACTIVE,
    )
    is_current = models.BooleanField(
        _("exists today"),
        default=True,
        help_text=_("Municipalities that merged are kept as historic, with their successor."),
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True)
    work_area = models.ManyToManyField(
        "self",
        verbose_name=_("work area"),
        through="WorkArea",
        through_fields=("organisation", "gemeente"),
        symmetrical=False,
        related_name="active_organisations",
        blank=True,
    )
    represents = models.ManyToManyField(
        "self",
        verbose_name=_("represents tenants of"),
        through="TenantRepresentation",
        through_fields=("tenant_body", "corporatie"),
        symmetrical=False,
        related_name="tenant_bodies",
        blank=True,
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"],
                condition=~Q(code=""),
                name="organisation_unique_code_per_kind",
            ),
            # Names are not unique in the reference data (two corporaties may share one name);
            # services refuse new duplicates of a current name instead.
        ]
        indexes = [
            models.Index(fields=["kind", "is_current", "name"]),
            # The open-data API's sorts that start with a name: /organisations (name, pk), and
            # /agreements and /commitments (their gemeente's name first). With it, PostgreSQL
            # walks gemeenten in name order and stops after a page, also from a cursor's
            # WHERE name >= …: 1 ms at national scale instead of a sort of every commitment.
            models.Index(fields=["name", "id"], name="organisation_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def is_gemeente(self) -> bool:
        return self.kind == OrganisationKind.GEMEENTE

    @property
    def is_corporatie(self) -> bool:
        return self.kind == OrganisationKind.CORPORATIE

    @property
    def is_tenant_body(self) -> bool:
        return self.kind in TENANT_KINDS

    @property
    def current_successor(self) -> Organisation | None:
        """Follow the successor chain to the organisation that exists today."""
        seen = set()
        org = self
        while not org.is_current and org.successor_id and org.pk not in seen:
            seen.add(org.pk)
            org = org.successor
        return org if org is not self else None


class WorkArea(models.Model):
    """A gemeente where an organisation (usually a corporatie) is actually active."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    gemeente = models.ForeignKey(
        Organisation, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+"
    )
    homes = models.PositiveIntegerField(_("number of homes"), null=True, blank=True)

    class Meta:
        verbose_name = _("work area")
        verbose_name_plural = _("work areas")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "gemeente"], name="workarea_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.gemeente}"


class TenantRepresentation(models.Model):
    """A tenant body represents (part of) the tenants of a corporatie."""

    tenant_body = models.ForeignKey(
        Organisation, verbose_name=_("tenant body"), on_delete=models.CASCADE, related_name="+"
    )
    corporatie = models.ForeignKey(
        Organisation,
        verbose_name=_("housing association"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tenant representation")
        verbose_name_plural = _("tenant representations")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant_body", "corporatie"], name="tenantrepresentation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tenant_body} – {self.corporatie}"


class RegionKind(models.TextChoices):
    WONINGMARKTREGIO = "woningmarktregio", _("Housing market region (2016)")
    COOPERATION = "cooperation", _("Regional cooperation")


class Region(TimeStampedModel):
    """A woningmarktregio or any other regional cooperation of gemeenten."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=RegionKind.choices, default=RegionKind.COOPERATION
    )
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    expected_gemeenten = models.PositiveSmallIntegerField(
        _("number of municipalities (published)"), null=True, blank=True
    )
    corporaties_count = models.PositiveSmallIntegerField(
        _("number of housing associations (published)"), null=True, blank=True
    )
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    members = models.ManyToManyField(
        Organisation,
        verbose_name=_("member municipalities"),
        related_name="regions",
        blank=True,
        limit_choices_to={"kind": OrganisationKind.GEMEENTE},
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["kind", "number", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="region_unique_name_per_kind")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:region", kwargs={"slug": self.slug})
