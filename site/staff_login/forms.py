from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from agency_site.staff_login import lockout


class LoginForm(WagtailLoginForm):
    """Wagtail's login form (WAGTAILADMIN_USER_LOGIN_FORM) that says, in
    Wagtail's own error area, when axes has locked the login: how long, and
    whom to ask. The same words whether or not the username exists."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail declares the field without a label, so Django would show
        # the field's name, "Password", in English.
        self.fields["password"].label = gettext_lazy("Password")

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(lockout.message(), code="locked_out") from None
            raise


class CodeForm(forms.Form):
    code = forms.CharField(
        label="인증 코드",
        max_length=32,
        strip=True,
        error_messages={"required": "인증 코드를 입력해 주세요."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": "", "spellcheck": "false",
                                      "autocapitalize": "off"}),
    )

    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text
