"""Reference numbers (접수번호): digits in groups of four after the kind's
prefix, a check digit that catches one wrong digit or two swapped ones,
read back however they are typed, and the ones made before still found."""

import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from services.models import RequestKind, ServiceRequest
from services.requests import kinds, lookup, pipeline, references
from services.requests.sms import links as sms_links
from tests.staff import login, make_staff

LOOKUP_URL = "/requests/status/"
PHONE = "010-2345-6789"
FULL_WIDTH = {c: c + 0xFEE0 for c in range(ord("!"), ord("~") + 1)}  # 1 → １, - → －


def submit(kind=RequestKind.EMERGENCY_CARE, phone=PHONE):
    return pipeline.submit(
        kind,
        "마포구",
        pipeline.Applicant(name="홍길동", phone=phone, email=""),
        pipeline.Consent(notice_version="2026-11", given_at=timezone.now()),
    )


def error_text(response) -> str:
    summary = BeautifulSoup(response.content, "html.parser").find(class_="agency-error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


# --- the format ------------------------------------------------------------------


@pytest.mark.parametrize("kind", [kind.kind for kind in kinds.registered()])
def test_a_new_reference_is_the_prefix_and_three_groups_of_four_digits(kind):
    prefix = kinds.get(kind).reference_prefix
    reference = references.new_reference(kind)
    assert re.fullmatch(rf"{prefix}-\d{{4}}-\d{{4}}-\d{{4}}", reference)
    assert references.STORED_FORMAT.fullmatch(reference)
    assert references.is_valid(reference)


def test_references_are_drawn_at_random():
    drawn = {references.new_reference(RequestKind.CONSULTING) for _ in range(500)}
    assert len(drawn) == 500
    # Every random position takes many values: nothing fixed or counted up.
    digits = [reference.replace("-", "")[2:] for reference in drawn]
    for position in range(references.DIGITS - 1):
        assert len({number[position] for number in digits}) >= 8


def some_references():
    return [references.EXAMPLE, "EC-3972-0518-4461"] + [
        references.new_reference(RequestKind.EMERGENCY_CARE) for _ in range(20)
    ]


def digits_of(reference):
    return reference.replace("-", "")[2:]


def with_digits(prefix, digits):
    return f"{prefix}-{digits[:4]}-{digits[4:8]}-{digits[8:]}"


@pytest.mark.parametrize("reference", some_references())
def test_the_check_digit_catches_every_single_wrong_digit(reference):
    assert references.is_valid(reference)
    digits = digits_of(reference)
    for position, digit in enumerate(digits):
        for other in "0123456789".replace(digit, ""):
            typo = with_digits(reference[:2], digits[:position] + other + digits[position + 1 :])
            assert references.is_well_formed(typo)
            assert not references.is_valid(typo), typo


@pytest.mark.parametrize("reference", some_references())
def test_the_check_digit_catches_every_swap_of_neighbouring_digits(reference):
    digits = digits_of(reference)
    for position in range(len(digits) - 1):
        first, second = digits[position], digits[position + 1]
        if first == second:
            continue
        swapped = digits[:position] + second + first + digits[position + 2 :]
        assert not references.is_valid(with_digits(reference[:2], swapped)), swapped


# --- what people type ---------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "EC-3972-0518-4461",
        " ec 3972 0518 4461 ",
        "ec397205184461",
        "EC.3972.0518.4461",
        "EC–3972—0518-4461",  # en and em dashes (word processors, phones)
        "EC-3972-0518-4461".translate(FULL_WIDTH),  # typed with a Korean input method
        "ｅｃ　３９７２　０５１８　４４６１",  # full-width letters, ideographic spaces
        "ㄷㅊ-3972-0518-4461",  # the keyboard left in Korean mode: E → ㄷ, C → ㅊ
    ],
)
def test_what_people_type_is_read_as_the_stored_form(typed):
    assert references.normalise(typed) == "EC-3972-0518-4461"
    assert references.is_valid(typed)


def test_a_prefix_typed_in_korean_mode_is_read_for_every_kind():
    assert references.normalise("추 3972 0518 4461") == "CN-3972-0518-4461"  # C N → ㅊ ㅜ → 추
    assert references.normalise("ㅅㄱ397205184461") == "TR-3972-0518-4461"
    assert references.normalise("홍길동") == "홍길동"  # a name stays a name (staff search)


def test_digits_without_the_prefix_may_be_any_kinds():
    reference = references.normalise("3972 0518 4461")
    assert reference == "3972-0518-4461"
    assert references.is_valid(reference)
    assert set(references.candidates(reference)) == {
        f"{kind.reference_prefix}-3972-0518-4461" for kind in kinds.registered()
    }
    assert references.candidates("EC-3972-0518-4461") == ["EC-3972-0518-4461"]


@pytest.mark.parametrize(
    "typed",
    ["", "---", "EC-3972-0518", "EC-3972-0518-44611", "EC-BXFS-SQZ", "XYZ-1234"],
)
def test_anything_else_is_not_a_reference(typed):
    assert not references.is_well_formed(typed)
    assert not references.is_valid(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("EC-BXFS-SQZA", "EC-BXFS-SQZA"),
        ("ec bxfs sqza", "EC-BXFS-SQZA"),
        ("CN7K4M2QXD", "CN-7K4M-2QXD"),
        ("ＥＣ－２３４５－６７８９", "EC-2345-6789"),
    ],
)
def test_references_made_before_keep_their_stored_form(typed, stored):
    assert references.normalise(typed) == stored
    assert references.is_valid(typed)  # they have no check digit: their shape is enough
    assert references.STORED_FORMAT.fullmatch(stored)


def test_the_stored_format_is_safe_as_a_folder_name():
    assert not references.STORED_FORMAT.fullmatch("EC-../../etc")
    assert not references.STORED_FORMAT.fullmatch("3972-0518-4461")  # never without its prefix


# --- in the pipeline and the status lookup -----------------------------------------


@pytest.mark.django_db
def test_a_reference_collision_is_retried(site_content, monkeypatch):
    first = submit()
    fresh = references.new_reference
    drawn = iter([first.reference, first.reference])
    monkeypatch.setattr(references, "new_reference", lambda kind: next(drawn, None) or fresh(kind))
    second = submit()
    assert second.reference != first.reference and references.is_valid(second.reference)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        lambda ref: ref.replace("-", " ").lower(),
        lambda ref: ref.translate(FULL_WIDTH),
        lambda ref: ref[3:],  # the digits only, as read aloud
        lambda ref: ref[3:].replace("-", ""),
    ],
)
def test_the_lookup_finds_a_request_however_its_reference_is_typed(client, site_content, typed):
    service_request = submit()
    response = client.post(LOOKUP_URL, {"reference": typed(service_request.reference), "phone": PHONE})
    assert (response.status_code, response["Location"]) == (302, "/requests/status/view/")


@pytest.mark.django_db
def test_the_lookup_without_the_prefix_finds_a_consulting_request_too(client, site_content):
    service_request = submit(kind=RequestKind.CONSULTING)
    assert service_request.reference.startswith("CN-")
    response = client.post(LOOKUP_URL, {"reference": service_request.reference[3:], "phone": PHONE})
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_lookup_finds_a_request_with_an_old_reference(client, site_content):
    service_request = submit()
    ServiceRequest.objects.filter(pk=service_request.pk).update(reference="EC-BXFS-SQZA")
    response = client.post(LOOKUP_URL, {"reference": "ec bxfs-sqza", "phone": PHONE})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_wrong_digit_is_told_without_asking_the_database(client, site_content, django_assert_num_queries):
    service_request = submit()
    digits = digits_of(service_request.reference)
    wrong = "1" if digits[5] != "1" else "2"
    typo = with_digits("EC", digits[:5] + wrong + digits[6:])
    form = lookup.StatusLookupForm({"reference": typo, "phone": PHONE})
    with django_assert_num_queries(0):
        assert not form.is_valid()
    assert form.errors["reference"] == [references.TYPO_MESSAGE]
    assert "접수번호의 숫자 하나가 틀린 것 같습니다" in error_text(
        client.post(LOOKUP_URL, {"reference": typo, "phone": PHONE})
    )


@pytest.mark.django_db
def test_the_lookup_shows_the_new_format_in_its_hint(client, site_content):
    page = BeautifulSoup(client.get(LOOKUP_URL).content, "html.parser")
    box = page.find("input", attrs={"name": "reference"})
    hint = page.find(id=box["aria-describedby"].split()[0]).get_text()
    assert references.EXAMPLE in hint and "숫자만" in hint
    assert references.is_valid(references.EXAMPLE)  # typing the example is a miss, not a typo
    assert "7K4M" not in hint


@pytest.mark.django_db
def test_staff_find_a_request_by_its_digits_read_over_the_phone(site_content):
    service_request = submit()
    other = submit(phone="010-9999-8888")
    staff = login(make_staff("manager", superuser=True))
    spoken = service_request.reference[3:].replace("-", " ")
    listing = BeautifulSoup(staff.get("/admin/service-requests/", {"q": spoken}).content, "html.parser")
    text = listing.find("table", class_="listing").get_text(" ", strip=True)
    assert service_request.reference in text and other.reference not in text


def test_the_sms_short_link_takes_the_new_references():
    assert sms_links.initial_reference({"reference": "EC397205184461"}) == {"reference": "EC-3972-0518-4461"}
    assert sms_links.initial_reference({"reference": "EC-BXFS-SQZA"}) == {"reference": "EC-BXFS-SQZA"}
    assert sms_links.initial_reference({"reference": "../../etc"}) == {}
