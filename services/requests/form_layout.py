"""Layout pieces for the request forms that crispy-forms does not have.

crispy's `HTML()` compiles its text as a Django template with the page's
context. Text that contains anything a person supplied (an uploaded file's
name, say) must never go there: `{{ messages.storages.0.signer.key }}.pdf`
would print the SECRET_KEY. `FixedTemplate` renders a template FILE from the
project with the values in its context instead, so the values are only ever
escaped text. Use it for every block of markup in a form's layout.
"""

from django.template.loader import render_to_string


class FixedTemplate:
    """A crispy layout object: `template_name` rendered with `context` only."""

    def __init__(self, template_name: str, **context):
        self.template_name = template_name
        self.context = context

    def render(self, form, context=None, template_pack=None, **kwargs):
        return render_to_string(self.template_name, self.context)
