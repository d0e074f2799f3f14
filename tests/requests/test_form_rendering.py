"""Forms render with KRDS markup in Korean (the project's crispy pack, "krds"):
an error summary that links to each field, labels, hints and error messages
tied to their controls, and everything the person typed kept."""

from bs4 import BeautifulSoup
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.template.loader import render_to_string

from agency_site.crispy_krds.layout import Fieldset, Submit

SUMMARY = ".agency-error-summary"
TEMPLATE = engines["django"].from_string(
    "{% load crispy_forms_tags krds %}{% error_summary form %}{% crispy form %}"
)


class ContactForm(forms.Form):
    name = forms.CharField(
        label="이름", help_text="실명을 적어 주세요.",
        error_messages={"required": "이름을 입력해 주세요."},
        widget=forms.TextInput(attrs={"class": "agency-width-20"}),
    )
    email = forms.EmailField(
        label="전자우편 (선택)", required=False,
        error_messages={"invalid": "전자우편 주소를 name@example.com 처럼 입력해 주세요."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("name", "email", Submit("submit", "보내기"))


class ChoicesForm(forms.Form):
    relation = forms.ChoiceField(
        label="어떤 관계입니까?", choices=[("self", "본인"), ("family", "가족")], widget=forms.RadioSelect,
        error_messages={"required": "관계를 골라 주세요."},
    )
    needs = forms.MultipleChoiceField(
        label="어떤 도움이 필요합니까?", choices=[("care", "재가서비스"), ("outing", "외부활동·동행")],
        widget=forms.CheckboxSelectMultiple, help_text="해당하는 것을 모두 고르세요.",
        error_messages={"required": "필요한 도움을 하나 이상 골라 주세요."},
    )
    district = forms.ChoiceField(label="자치구", choices=[("", "자치구를 고르세요"), ("마포구", "마포구")])
    note = forms.CharField(
        label="더 알려 주실 내용 (선택)", required=False, widget=forms.Textarea(attrs={"rows": 5}),
    )
    document = forms.FileField(label="첨부파일 (선택)", required=False)
    agree = forms.BooleanField(label="동의합니다.", error_messages={"required": "동의해 주세요."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset("신청 내용", "relation", "needs", "district", "note", "document", heading="h2"),
            Field("agree"),
            Submit("submit", "계속"),
        )


def render(form):
    return BeautifulSoup(TEMPLATE.render({"form": form}), "html.parser")


def described_texts(html, element):
    return [html.find(id=i).get_text(" ", strip=True) for i in element["aria-describedby"].split()]


def test_fields_have_labels_and_hints_tied_to_the_input():
    html = render(ContactForm())
    name = html.find("input", attrs={"name": "name"})
    assert html.find("label", attrs={"for": name["id"]}).get_text(strip=True) == "이름"
    assert described_texts(html, name) == ["실명을 적어 주세요."]
    assert html.find(id=name["aria-describedby"])["class"] == ["form-hint"]
    # KRDS classes; the width the form asked for stays on the box.
    assert name["class"] == ["krds-input", "agency-width-20"]
    assert name.find_parent(class_="form-conts").find_parent(class_="form-group") is not None
    assert "aria-invalid" not in name.attrs
    assert html.find(class_="is-error") is None
    assert html.select_one(SUMMARY) is None
    assert html.find("button", attrs={"type": "submit"})["class"] == ["krds-btn", "primary", "medium"]


def test_errors_are_summarised_in_korean_and_linked_to_their_fields():
    html = render(ContactForm(data={"name": "", "email": "not-an-address"}))

    summary = html.select_one(SUMMARY)
    assert (summary["role"], summary["tabindex"]) == ("alert", "-1")
    assert summary.has_attr("data-error-summary")  # site.js moves the focus here
    assert summary.find("h2").get_text(strip=True) == "입력한 내용을 확인해 주세요"
    links = {a["href"]: a.get_text(strip=True) for a in summary.find_all("a")}
    assert links == {
        "#id_name": "이름을 입력해 주세요.",
        "#id_email": "전자우편 주소를 name@example.com 처럼 입력해 주세요.",
    }

    name = html.find("input", attrs={"name": "name"})
    assert described_texts(html, name) == ["실명을 적어 주세요.", "오류: 이름을 입력해 주세요."]
    assert name["aria-invalid"] == "true"
    conts = name.find_parent(class_="form-conts")
    assert "is-error" in conts["class"]
    # The message stands above the box, in KRDS's error style, with a hidden "오류:".
    message = conts.find(class_="form-hint-invalid")
    assert message.find_next("input") is name
    assert message.find(class_="sr-only").get_text(strip=True) == "오류:"
    # What was typed stays in the form.
    assert html.find("input", attrs={"name": "email"})["value"] == "not-an-address"


def test_radios_and_checkboxes_are_a_fieldset_with_a_legend():
    html = render(ChoicesForm(data={"district": "마포구"}))
    for name, question, hint in (
        ("relation", "어떤 관계입니까?", None),
        ("needs", "어떤 도움이 필요합니까?", "해당하는 것을 모두 고르세요."),
    ):
        options = html.find_all("input", attrs={"name": name})
        assert [o["id"] for o in options] == [f"id_{name}_1", f"id_{name}_2"]
        group = options[0].find_parent("fieldset")
        assert group.find("legend").get_text(strip=True) == question
        assert all(o.find_parent("fieldset") is group for o in options)
        texts = described_texts(html, group)
        assert texts[-1].startswith("오류:")
        assert texts[:-1] == ([hint] if hint else [])
        assert all(o["aria-invalid"] == "true" for o in options)
        for option in options:
            assert option.find_parent(class_="krds-form-check").find("label", attrs={"for": option["id"]})
    # The summary links to the first option.
    links = {a["href"] for a in html.select_one(SUMMARY).find_all("a")}
    assert {"#id_relation_1", "#id_needs_1", "#id_agree"} == links


def test_each_kind_of_control_gets_its_krds_markup():
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4")
    html = render(ChoicesForm(data={"relation": "family", "needs": ["outing"], "district": "마포구",
                                    "note": "메모", "agree": "on"}, files={"document": upload}))
    assert html.select_one(SUMMARY) is None
    assert html.find("input", attrs={"name": "relation", "value": "family"}).has_attr("checked")
    assert html.find("input", attrs={"name": "needs", "value": "outing"}).has_attr("checked")
    assert html.find("select", attrs={"name": "district"})["class"] == ["krds-form-select"]
    note = html.find("textarea", attrs={"name": "note"})
    assert note["class"] == ["krds-input"] and note.find_parent(class_="textarea-wrap")
    assert "krds-input" in html.find("input", attrs={"type": "file"})["class"]
    agree = html.find("input", attrs={"name": "agree"})
    assert agree.find_parent(class_="krds-form-check").find("label", attrs={"for": "id_agree"})
    assert html.find("form")["enctype"] == "multipart/form-data"
    section = html.find("fieldset", class_="agency-form-section")
    assert section.legend.h2.get_text(strip=True) == "신청 내용"


def test_a_single_box_in_error_is_tied_to_its_message():
    html = render(ChoicesForm(data={}))
    agree = html.find("input", attrs={"name": "agree"})
    assert agree["aria-invalid"] == "true"
    assert described_texts(html, agree) == ["오류: 동의해 주세요."]


def test_legends_and_button_labels_are_shown_as_typed_never_evaluated():
    class Odd(forms.Form):
        note = forms.CharField(label="{{ 7|add:7 }}", required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = FormHelper()
            self.helper.layout = Layout(Fieldset("{{ 7|add:7 }} 구역", "note"), Submit("go", "{{ 7|add:7 }}"))

    html = render(Odd())
    text = html.get_text(" ", strip=True)
    assert text.count("{{ 7|add:7 }}") == 3 and "14" not in text


def test_a_form_without_errors_shown_gets_no_summary():
    form = ContactForm(data={"name": ""})
    form.helper.form_show_errors = False
    html = render(form)
    assert html.select_one(SUMMARY) is None and html.find(class_="form-hint-invalid") is None


def test_pages_with_their_own_errors_use_the_same_summary():
    """The check page (errors found when sending) and the status page (a withdrawal
    refused) show their errors in the same focused box."""
    links = BeautifulSoup(render_to_string("krds/layout/error_summary.html", {
        "title": "신청서를 보내지 못했습니다",
        "items": [("전화번호를 다시 확인해 주세요.", "/form/#id_phone")],
    }), "html.parser").select_one(SUMMARY)
    assert links.has_attr("data-error-summary")
    assert links.h2.get_text(strip=True) == "신청서를 보내지 못했습니다"
    assert [(a.get_text(strip=True), a["href"]) for a in links.find_all("a")] == [
        ("전화번호를 다시 확인해 주세요.", "/form/#id_phone"),
    ]
    one = BeautifulSoup(render_to_string("krds/layout/error_summary.html", {
        "title": "신청을 취소할 수 없습니다", "message": "이미 취소된 신청입니다.",
    }), "html.parser").select_one(SUMMARY)
    assert one["role"] == "alert" and "이미 취소된 신청입니다." in one.get_text()
    assert render_to_string("krds/layout/error_summary.html", {"title": "x"}).strip() == ""
