"""Tags of the KRDS form pack (agency_site.crispy_krds).

    {% load krds %}
    {% error_summary form %}   the box at the top of a page whose form has errors

`krds_parts` and `krds_control` are for the pack's own templates
(site/templates/krds/).
"""

from django import template

from agency_site.crispy_krds import fields

register = template.Library()

SUMMARY_TITLE = "입력한 내용을 확인해 주세요"


@register.inclusion_tag("krds/layout/error_summary.html")
def error_summary(form):
    """Every error of `form`, each a link to its field; nothing when there are none.

    site.js moves the focus to the box when the page loads (`data-error-summary`),
    so a screen reader reads it first.
    """
    helper = getattr(form, "helper", None)
    if not form.errors or (helper is not None and not helper.form_show_errors):
        return {"items": []}
    return {"title": SUMMARY_TITLE, "items": fields.summary_items(form)}


@register.simple_tag(takes_context=True)
def krds_parts(context, field):
    """The field's ids, errors and options; errors unless the helper hides them."""
    return fields.parts(field, show_errors=context.get("form_show_errors", True) is not False)


@register.simple_tag
def krds_control(field_parts):
    return fields.render_control(field_parts)
