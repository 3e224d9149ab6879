"""The whole demo of `make run` shows the triangle's rules at work (issue 11): a tenant
organisation that signed as a full party, one that declined while the others signed and
published, an agreement recorded afterwards, and a merger whose successor still has to sign."""

import io

import pytest
from django.core.management import call_command

from driehoek.agreements.models import Agreement, Decision, Signature
from driehoek.organisations.models import OrganisationKind
from driehoek.publication.models import Publication, PublicationConsent

pytestmark = pytest.mark.django_db


def test_the_demo_shows_every_kind_of_signing_decision():
    call_command("load_demo", stdout=io.StringIO())

    framework = Agreement.objects.get(title="Kaderafspraken Demodorp 2027–2030")
    assert framework.concluded_with_tenant_refusal
    # The signers published it; the tenants who declined were not asked.
    assert Publication.objects.filter(agreement=framework).exists()
    consenting = set(
        PublicationConsent.objects.filter(agreement=framework).values_list(
            "organisation__kind", flat=True
        )
    )
    assert OrganisationKind.HUURDERS not in consenting
    assert {OrganisationKind.GEMEENTE, OrganisationKind.CORPORATIE} <= consenting

    tenant_signed = Signature.objects.filter(
        decision=Decision.SIGNED,
        organisation__kind=OrganisationKind.HUURDERS,
        version__agreement__concluded_with_tenant_refusal=False,
    )
    assert tenant_signed.filter(recorded_by__isnull=True).exists()
    assert tenant_signed.filter(recorded_by__isnull=False).exists()  # recorded afterwards

    merged = Agreement.objects.get(title="Prestatieafspraken Demodorp-Noord 2027")
    assert merged.parties.filter(organisation__successor__isnull=False).exists()
