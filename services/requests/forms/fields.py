"""Fields and widgets the public forms share (also the training survey's).

Answers travel between the steps in the session as form data (strings and
lists of strings, see `to_data`), so the same form class validates them
again when they are finally submitted.
"""

from __future__ import annotations

import datetime
import unicodedata

from django import forms
from django.forms.boundfield import BoundField

DESCRIPTION_MAX = 2000


class PlainTextField(forms.CharField):
    """Text as people mean it: Unicode NFC, control characters dropped (they
    come from copy and paste, never from typing), line breaks kept only in
    multi-line boxes."""

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        value = unicodedata.normalize("NFC", value)
        keep = "\n"
        if self.multiline:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        else:
            keep = ""
        value = "".join(ch for ch in value if ch in keep or unicodedata.category(ch) != "Cc")
        return value.strip()


class FirstOptionBoundField(BoundField):
    """For radios and checkboxes, the id of the FIRST option.

    The KRDS form pack (agency_site.crispy_krds) writes the options' ids as
    id_<name>_1, id_<name>_2 …, so the check page's "변경" link (#<auto_id>)
    lands on the first option, as the error summary's link does.
    """

    @property
    def auto_id(self):
        base = super().auto_id
        if base and isinstance(self.field.widget, forms.RadioSelect):  # CheckboxSelectMultiple too
            return f"{base}_1"
        return base


def text_input(width=None, **attrs):
    """A text box about `width` characters wide (class agency-width-<width>,
    site.css), so its size hints at the answer's length."""
    if width:
        attrs["class"] = f"agency-width-{width}"
    return forms.TextInput(attrs=attrs)


def textarea(rows=5):
    return forms.Textarea(attrs={"rows": rows})


def to_data(value):
    """A cleaned value as the form data that would produce it again (JSON-safe)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):  # a model choice (e.g. a training session)
        return str(value.pk)
    return str(value)


YES_NO = [("True", "예"), ("False", "아니요")]


def yes_no(value):
    """The `coerce` for a YES_NO choice."""
    return value == "True"
