"""A bound field as the KRDS pack shows it: label, hint, errors, control.

The ids are worked out here once, so the field's template, its control's
`aria-describedby` and the error summary's links always agree:

- the control: the widget's own id (`id_<name>`); for radios and checkboxes
  each option is `id_<name>_1`, `id_<name>_2` … and the field's target (what
  the error summary and the check page's "변경" links point at) is the first;
- the hint: `<base>_hint`; each error: `<base>_<n>_error`.

Nothing here builds markup from text: messages, labels and option labels go
to the templates as values, where they are escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.forms.boundfield import BoundField

# The KRDS class each kind of control starts with; a widget's own classes
# (e.g. a width, `agency-width-20`) follow it.
CONTROL_CLASSES = {
    "input": "krds-input",
    "textarea": "krds-input",
    "select": "krds-form-select",
    "file": "krds-input agency-file-input",
    "checkbox": "",
    "multi": "krds-input",
}


def kind_of(bound_field: BoundField) -> str:
    """What the template draws: "hidden", "checkbox" (a single box),
    "radios", "checkboxes", "select", "textarea", "file", "multi" or "input"."""
    widget = bound_field.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.MultiWidget):
        return "multi"
    return "input"


def base_id(bound_field: BoundField) -> str:
    """`id_<name>` as Django makes it, whatever the form's bound field class
    says its auto_id is (services' FirstOptionBoundField gives the first option's)."""
    auto_id = bound_field.form.auto_id
    if auto_id and "%s" in str(auto_id):
        return str(auto_id) % bound_field.html_name
    return bound_field.html_name if auto_id else ""


def option_id(base: str, position: int) -> str:
    """The id of the option at `position` (from 1) of a radio or checkbox group."""
    return f"{base}_{position}"


@dataclass
class Option:
    id: str
    value: str
    label: str
    checked: bool


@dataclass
class FieldParts:
    field: BoundField
    kind: str
    control_id: str  # the label's `for`; the summary's link target
    hint_id: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)  # (id, message)
    options: list[Option] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        """Several controls under one question: a fieldset with a legend."""
        return self.kind in ("radios", "checkboxes", "multi")

    @property
    def input_type(self) -> str:
        return "checkbox" if self.kind == "checkboxes" else "radio"

    @property
    def invalid(self) -> bool:
        return bool(self.errors)

    @property
    def describedby(self) -> str:
        ids = [self.hint_id] + [error_id for error_id, _message in self.errors]
        return " ".join(i for i in ids if i)


def parts(bound_field: BoundField, show_errors: bool = True) -> FieldParts:
    kind = kind_of(bound_field)
    base = base_id(bound_field)
    is_group = kind in ("radios", "checkboxes")
    control_id = option_id(base, 1) if is_group and base else (bound_field.id_for_label or base)
    own = control_id if not is_group and kind != "multi" else base
    result = FieldParts(field=bound_field, kind=kind, control_id=control_id)
    if own and bound_field.help_text:
        result.hint_id = f"{own}_hint"
    if show_errors:
        result.errors = [
            (f"{own}_{number}_error" if own else "", str(message))
            for number, message in enumerate(bound_field.errors, start=1)
        ]
    if is_group:
        result.options = [
            Option(
                id=option_id(base, position) if base else "",
                value=str(widget.data["value"]),
                label=str(widget.data["label"]),
                checked=bool(widget.data["selected"]),
            )
            for position, widget in enumerate(bound_field.subwidgets, start=1)
        ]
    return result


def render_control(field_parts: FieldParts):
    """The widget's HTML with its KRDS class and the accessibility ties.

    The attributes are passed to `as_widget` rather than set on the widget,
    so a form rendered twice (or its field shown again) starts clean.
    """
    bound_field = field_parts.field
    widget = bound_field.field.widget
    classes = CONTROL_CLASSES.get(field_parts.kind, "").split() + widget.attrs.get("class", "").split()
    attrs = {}
    if classes:
        attrs["class"] = " ".join(dict.fromkeys(classes))
    described = [widget.attrs.get("aria-describedby", ""), field_parts.describedby]
    described = " ".join(part for part in described if part)
    # Radios and checkboxes are described by their fieldset; a multi-part widget gets the ids too,
    # for the text boxes among its parts (e.g. a date box under its radios).
    if described and (not field_parts.is_group or field_parts.kind == "multi"):
        attrs["aria-describedby"] = described
    if field_parts.invalid:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


def summary_items(form) -> list[tuple[str, str]]:
    """(message, link) for every error, in the order of the page: errors
    about the whole form first (linked to its first field)."""
    visible = form.visible_fields()
    first = parts(visible[0], show_errors=False).control_id if visible else ""
    targets = [(first, message) for message in form.non_field_errors()]
    for hidden in form.hidden_fields():  # a tampered hidden value: nothing to fix on screen
        targets += [(first, message) for message in hidden.errors]
    for bound_field in visible:
        target = parts(bound_field, show_errors=False).control_id
        targets += [(target, message) for message in bound_field.errors]
    return [(str(message), f"#{target}" if target else "") for target, message in targets]
