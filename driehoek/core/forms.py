from django.forms.renderers import TemplatesSetting


class DriehoekFormRenderer(TemplatesSetting):
    """Every form renders through templates/components/form.html: labels, help text and
    errors tied to their field with aria-describedby, in NL Design System markup."""

    form_template_name = "components/form.html"
    field_template_name = "components/field.html"
