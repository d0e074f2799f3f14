"""Forms render with the GOV.UK pattern in Korean: an error summary that links
to each field, labels, hints and error messages tied to their inputs, and
everything the person typed kept."""

from bs4 import BeautifulSoup
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.template import Context, Template


class ContactForm(forms.Form):
    name = forms.CharField(
        label="이름", help_text="실명을 적어 주세요.",
        error_messages={"required": "이름을 입력해 주세요."},
    )
    email = forms.EmailField(
        label="전자우편", required=False,
        error_messages={"invalid": "전자우편 주소를 name@example.com 처럼 입력해 주세요."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("name", "email", Submit("submit", "보내기"))


def render(form):
    template = Template(
        "{% load crispy_forms_tags crispy_forms_gds %}{% error_summary form %}{% crispy form %}"
    )
    return BeautifulSoup(template.render(Context({"form": form})), "html.parser")


def test_fields_have_labels_and_hints_tied_to_the_input():
    html = render(ContactForm())
    name = html.find("input", attrs={"name": "name"})
    assert html.find("label", attrs={"for": name["id"]}).get_text(strip=True) == "이름"
    hint = html.find(id=name["aria-describedby"])
    assert hint.get_text(strip=True) == "실명을 적어 주세요."
    assert html.find(class_="govuk-error-summary") is None


def test_errors_are_summarised_in_korean_and_linked_to_their_fields():
    html = render(ContactForm(data={"name": "", "email": "not-an-address"}))

    summary = html.find(class_="govuk-error-summary")
    assert summary.find("h2").get_text(strip=True) == "입력한 내용을 확인해 주세요"
    links = {a["href"]: a.get_text(strip=True) for a in summary.find_all("a")}
    assert links == {
        "#id_name": "이름을 입력해 주세요.",
        "#id_email": "전자우편 주소를 name@example.com 처럼 입력해 주세요.",
    }

    name = html.find("input", attrs={"name": "name"})
    described_by = name["aria-describedby"].split()
    messages = [html.find(id=i).get_text(" ", strip=True) for i in described_by]
    assert messages == ["실명을 적어 주세요.", "오류: 이름을 입력해 주세요."]
    # What was typed stays in the form.
    assert html.find("input", attrs={"name": "email"})["value"] == "not-an-address"
