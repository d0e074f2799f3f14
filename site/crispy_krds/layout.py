"""Layout objects for the KRDS pack, used with core crispy's Layout, Div and Field.

Core crispy's `Fieldset` and `Submit` compile their legend and value as
Django templates, with the page's context. Ours hand the text to a fixed
template file as a value (escaped there), so a legend or a button label can
never run template code, whatever ends up in it
(tests/requests/test_form_rendering.py renders "{{ 7|add:7 }}" as itself).
"""

from __future__ import annotations

from crispy_forms.layout import BaseInput, LayoutObject
from crispy_forms.utils import TEMPLATE_PACK, flatatt
from django.template.loader import render_to_string

HEADINGS = ("h2", "h3", "h4")


class Fieldset(LayoutObject):
    """A group of fields under a legend, e.g. one section of a request form.

    `heading="h2"` puts the legend's text in a heading, so a screen reader's
    list of headings shows the form's sections.
    """

    template = "%s/layout/fieldset.html"

    def __init__(self, legend, *fields, heading=None, css_class=None, css_id=None, template=None, **kwargs):
        if heading is not None and heading not in HEADINGS:
            raise ValueError(f"heading must be one of {HEADINGS}, not {heading!r}")
        self.legend = legend
        self.fields = list(fields)
        self.heading = heading
        self.css_class = css_class
        self.css_id = css_id
        self.template = template or self.template
        self.flat_attrs = flatatt(kwargs)

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        return render_to_string(self.get_template_name(template_pack), {
            "fieldset": self, "legend": str(self.legend or ""), "heading": self.heading, "fields": fields,
        })


class Submit(BaseInput):
    """The form's main button: `<button type="submit" class="krds-btn primary medium">`."""

    template = "%s/layout/button.html"
    input_type = "submit"
    field_classes = "krds-btn primary medium"

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return render_to_string(self.get_template_name(template_pack), {"input": self})
