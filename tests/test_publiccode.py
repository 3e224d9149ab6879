"""publiccode.yml follows the Standard for Public Code, publiccode.yml v0.4.

The maintained validator (publiccode-parser, written in Go) cannot be installed here, so this test
holds the standard's rules for the keys we use as a JSON schema: required keys, the fixed
vocabularies and the length limits. It also checks the file agrees with the project itself.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

# From the v0.4 standard (https://yml.publiccode.tools/schema.core.html, categories-list.html).
CATEGORIES = [
    "accounting",
    "agile-project-management",
    "applicant-tracking",
    "application-development",
    "appointment-scheduling",
    "backup",
    "billing-and-invoicing",
    "blog",
    "budgeting",
    "business-intelligence",
    "business-process-management",
    "cad",
    "call-center-management",
    "cloud-management",
    "collaboration",
    "communications",
    "compliance-management",
    "contact-management",
    "content-management",
    "crm",
    "customer-service-and-support",
    "data-analytics",
    "data-collection",
    "data-visualization",
    "digital-asset-management",
    "digital-citizenship",
    "document-management",
    "donor-management",
    "e-commerce",
    "e-signature",
    "email-management",
    "email-marketing",
    "employee-management",
    "enterprise-project-management",
    "enterprise-social-networking",
    "erp",
    "event-management",
    "facility-management",
    "feedback-and-reviews-management",
    "financial-reporting",
    "fleet-management",
    "fund-accounting",
    "gamification",
    "geographic-information-systems",
    "grant-management",
    "graphic-design",
    "help-desk",
    "hr",
    "ide",
    "identity-management",
    "instant-messaging",
    "inventory-management",
    "it-asset-management",
    "it-development",
    "it-management",
    "it-security",
    "it-service-management",
    "knowledge-management",
    "learning-management-system",
    "marketing",
    "mind-mapping",
    "mobile-marketing",
    "mobile-payment",
    "network-management",
    "office",
    "online-booking",
    "online-community",
    "payment-gateway",
    "payroll",
    "predictive-analysis",
    "procurement",
    "productivity-suite",
    "project-collaboration",
    "project-management",
    "property-management",
    "real-estate-management",
    "remote-support",
    "resource-management",
    "sales-management",
    "seo",
    "service-desk-management",
    "social-media-management",
    "survey",
    "talent-management",
    "task-management",
    "taxes-management",
    "test-management",
    "time-management",
    "time-tracking",
    "translation",
    "video-conferencing",
    "video-editing",
    "visitor-management",
    "voip",
    "warehouse-management",
    "web-collaboration",
    "web-conferencing",
    "website-builder",
    "whistleblowing",
    "workflow-management",
]

DESCRIPTION = {
    "type": "object",
    "required": ["shortDescription", "longDescription", "features"],
    "properties": {
        "localisedName": {"type": "string"},
        "genericName": {"type": "string", "maxLength": 35},
        "shortDescription": {"type": "string", "maxLength": 150},
        "longDescription": {"type": "string", "minLength": 150, "maxLength": 10000},
        "features": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "maxLength": 100},
        },
    },
}
DEPENDENCY = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string"},
        "versionMin": {"type": "string"},
        "versionMax": {"type": "string"},
        "version": {"type": "string"},
        "optional": {"type": "boolean"},
    },
    "additionalProperties": False,
}
SCHEMA = {
    "type": "object",
    "required": [
        "publiccodeYmlVersion",
        "name",
        "url",
        "platforms",
        "categories",
        "developmentStatus",
        "softwareType",
        "description",
        "legal",
        "maintenance",
        "localisation",
    ],
    "properties": {
        "publiccodeYmlVersion": {"const": "0.4"},
        "name": {"type": "string", "minLength": 1},
        "url": {"type": "string", "pattern": r"^https?://"},
        "landingURL": {"type": "string", "pattern": r"^https?://"},
        "softwareVersion": {"type": "string"},
        "releaseDate": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "platforms": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "categories": {"type": "array", "minItems": 1, "items": {"enum": CATEGORIES}},
        "developmentStatus": {"enum": ["concept", "development", "beta", "stable", "obsolete"]},
        "softwareType": {
            "enum": [
                "standalone/mobile",
                "standalone/iot",
                "standalone/desktop",
                "standalone/web",
                "standalone/backend",
                "standalone/other",
                "addon",
                "library",
                "configurationFiles",
            ]
        },
        "description": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$"},
            "additionalProperties": DESCRIPTION,
        },
        "legal": {
            "type": "object",
            "required": ["license"],
            "properties": {"license": {"type": "string"}, "mainCopyrightOwner": {"type": "string"}},
        },
        "maintenance": {
            "type": "object",
            "required": ["type"],
            "properties": {
                "type": {"enum": ["internal", "contract", "community", "none"]},
                "contacts": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["name"],
                        "properties": {"name": {"type": "string"}, "email": {"type": "string"}},
                    },
                },
            },
            # internal or community maintenance must name its contacts.
            "if": {"properties": {"type": {"enum": ["internal", "community"]}}},
            "then": {"required": ["contacts"], "properties": {"contacts": {"minItems": 1}}},
        },
        "localisation": {
            "type": "object",
            "required": ["localisationReady", "availableLanguages"],
            "properties": {
                "localisationReady": {"type": "boolean"},
                "availableLanguages": {"type": "array", "minItems": 1},
            },
        },
        "dependsOn": {
            "type": "object",
            "properties": {
                kind: {"type": "array", "items": DEPENDENCY}
                for kind in ("open", "proprietary", "hardware")
            },
            "additionalProperties": False,
        },
    },
}


@pytest.fixture(scope="module")
def publiccode():
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def test_publiccode_yml_follows_the_standard(publiccode):
    jsonschema.validate(publiccode, SCHEMA)


def test_the_schema_catches_what_the_standard_refuses(publiccode):
    bad = dict(publiccode, developmentStatus="finished", categories=["housing"])
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(bad))
    assert {e.path[0] for e in errors} == {"developmentStatus", "categories"}
    short = dict(publiccode["description"]["nl"], longDescription="Te kort.")
    bad = dict(publiccode, description={"nl": short})
    with pytest.raises(jsonschema.ValidationError, match="is too short"):
        jsonschema.validate(bad, SCHEMA)


def test_publiccode_yml_agrees_with_the_project(publiccode):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert publiccode["softwareVersion"] == project["version"]
    assert publiccode["legal"]["license"] == "EUPL-1.2"
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert set(publiccode["description"]) == set(publiccode["localisation"]["availableLanguages"])
    assert set(publiccode["localisation"]["availableLanguages"]) == {"nl", "en"}
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(
        rf"^## \[{re.escape(project['version'])}\] - {publiccode['releaseDate']}$",
        changelog,
        re.MULTILINE,
    )
