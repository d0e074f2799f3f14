"""보완요청 as a conversation: staff must say what they need; the applicant
reads it on the status page and answers there (text and files, checked as on
the forms); the request goes back to where it was, its deadline runs again,
the people working it are told, and both sides see the answer in the history."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from services.models import Queue, RequestAttachment, RequestKind, RequestUpdate, ServiceRequest, Status
from services.requests import lookup, notifications, pipeline, ratelimit, replies
from tests.staff import login, make_staff
from tests.upload_samples import pdf_bytes

pytestmark = pytest.mark.django_db

DETAIL_URL = "/requests/status/view/"
REPLY_URL = "/requests/status/reply/"
NORTHWEST = "서북권 종합재가센터"
QUEUE = "긴급돌봄 서북권"
ASKED = "건강보험증 사본과 보호자 연락처를 보내 주세요."
ANSWER = "보호자는 딸 김영희입니다. 건강보험증 사본을 붙입니다."


def inspect_url(service_request):
    return f"/admin/service-requests/inspect/{service_request.pk}/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def main_text(response):
    return soup(response).find("main").get_text(" ", strip=True)


def submit(phone="010-2345-6789", email="hong@example.com"):
    return pipeline.submit(
        RequestKind.EMERGENCY_CARE,
        "마포구",
        pipeline.Applicant(name="홍길동", phone=phone, email=email),
        pipeline.Consent(notice_version="2026-11", given_at=timezone.now()),
    )


@pytest.fixture
def worker(site_content):
    user = make_staff("nw-kim", NORTHWEST, first_name="김서북")
    user.email = "nw-kim@example.org"
    user.save()
    return user


@pytest.fixture
def service_request(site_content):
    return submit()


def act(client, service_request, action, **fields):
    data = {"action": action, **{f"{action}-{name}": value for name, value in fields.items()}}
    return client.post(inspect_url(service_request), data, follow=True)


def staff_messages(response):
    return [li.get_text(" ", strip=True) for li in soup(response).select(".messages li")]


def ask_for_more(service_request, worker, text=ASKED):
    pipeline.change_status(service_request, Status.WAITING, worker, text=text)


def verified_client(service_request):
    client = Client(enforce_csrf_checks=True)
    token = notifications.status_token(service_request)
    assert client.get(f"/requests/status/{token}/").status_code == 303
    return client


def csrf_token(client):
    page = soup(client.get(DETAIL_URL))
    return page.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]


def send_reply(client, text=ANSWER, files=(), **extra):
    data = {"text": text, "csrfmiddlewaretoken": csrf_token(client), **extra}
    if files:
        data["files"] = list(files)
    return client.post(REPLY_URL, data)


def a_pdf(name="건강보험증.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def stored_files(private_root):
    folder = private_root / "requests"
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


# --- staff must say what they need --------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Status.WAITING, "보완요청에는 신청인에게 무엇이 더 필요한지 적어 주세요."),
        (Status.REJECTED, "반려할 때는 신청인에게 그 까닭을 적어 주세요."),
    ],
)
def test_staff_cannot_ask_for_more_or_reject_without_a_word_to_the_applicant(
    worker, service_request, status, message
):
    pipeline.change_status(service_request, Status.TRIAGED, worker)
    client = login(worker)
    refused = act(client, service_request, "status", to_status=status, text="   ")
    service_request.refresh_from_db()
    assert service_request.status == Status.TRIAGED
    assert any(message in shown for shown in staff_messages(refused))

    act(client, service_request, "status", to_status=status, text=ASKED)
    service_request.refresh_from_db()
    assert service_request.status == status
    entry = service_request.updates.filter(kind=RequestUpdate.Kind.STATUS).latest("created_at")
    assert (entry.text, entry.is_public) == (ASKED, True)


def test_other_status_changes_still_need_no_text(worker, service_request):
    act(login(worker), service_request, "status", to_status=Status.TRIAGED, text="")
    service_request.refresh_from_db()
    assert service_request.status == Status.TRIAGED


# --- the applicant reads it and answers ------------------------------------------------


def test_the_applicant_sees_what_was_asked_and_a_form_to_answer(worker, service_request):
    pipeline.change_status(service_request, Status.TRIAGED, worker)
    act(login(worker), service_request, "status", to_status=Status.WAITING, text=ASKED)

    page = soup(verified_client(service_request).get(DETAIL_URL))
    assert page.find(id="current-status").get_text(strip=True) == "보완요청"
    assert ASKED in page.find(id="waiting-text").get_text()
    form = page.find("form", id="reply-form")
    assert form["action"] == REPLY_URL and form["enctype"] == "multipart/form-data"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    text_box = form.find("textarea", attrs={"name": "text"})
    assert page.find("label", attrs={"for": text_box["id"]}).get_text(strip=True) == "답변"
    file_box = form.find("input", attrs={"type": "file", "name": "files"})
    assert file_box.has_attr("multiple") and ".pdf" in file_box["accept"]
    assert form.find("button", string="답변 보내기")


def test_no_answer_form_when_nothing_is_asked(worker, service_request):
    pipeline.change_status(service_request, Status.TRIAGED, worker, text="검토하고 있습니다.")
    page = soup(verified_client(service_request).get(DETAIL_URL))
    assert page.find("form", id="reply-form") is None and page.find(id="waiting-text") is None


@pytest.mark.parametrize("before", [Status.TRIAGED, Status.ASSIGNED, Status.IN_PROGRESS])
def test_answering_with_text_and_a_file(
    worker, service_request, private_root, django_capture_on_commit_callbacks, before
):
    pipeline.change_status(service_request, Status.TRIAGED, worker)
    if before != Status.TRIAGED:
        pipeline.assign(service_request, worker, worker)
    if before == Status.IN_PROGRESS:
        pipeline.change_status(service_request, Status.IN_PROGRESS, worker)
    ask_for_more(service_request, worker)
    client = verified_client(service_request)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = send_reply(client, files=[a_pdf()])
    assert response.status_code == 302 and response["Location"] == DETAIL_URL

    service_request.refresh_from_db()
    assert service_request.status == before  # back where it was before 보완요청
    answer = service_request.updates.get(kind=RequestUpdate.Kind.REPLY)
    assert (answer.text, answer.actor, answer.is_public) == (ANSWER, None, True)
    [attachment] = RequestAttachment.objects.filter(request=service_request)
    assert (attachment.update, attachment.original_name, attachment.detected_type) == (
        answer,
        "건강보험증.pdf",
        "PDF",
    )
    assert len(stored_files(private_root)) == 1

    # The applicant: told it went, their answer and the file's name in the history, no form any more.
    page = client.get(DETAIL_URL)
    assert replies_sent_banner(page)
    timeline = soup(page).find(id="timeline").get_text(" ", strip=True)
    assert "보내신 답변" in timeline and ANSWER in timeline and "건강보험증.pdf" in timeline
    assert not soup(page).find("a", href=attachment.get_download_url())
    assert soup(page).find("form", id="reply-form") is None

    # Staff: an e-mail to the person the request is assigned to (else the queue), without the answer.
    assigned = before != Status.TRIAGED
    expected = [worker.email] if assigned else Queue.objects.get(name=QUEUE).recipients
    staff_mail = [m for m in mail.outbox if "답변했습니다" in m.subject]
    if expected:
        [message] = staff_mail
        assert message.to == expected
        assert service_request.reference in message.body and inspect_url(service_request) in message.body
        assert ANSWER not in message.body and "홍길동" not in message.body
    else:
        assert not staff_mail

    # Staff see the answer and can download its file on the request page.
    staff_page = soup(login(worker).get(inspect_url(service_request)))
    history = staff_page.find(id="request-history") or staff_page
    assert ANSWER in history.get_text()
    assert history.find("a", href=attachment.get_download_url())


def replies_sent_banner(response):
    return lookup_flash(response) == lookup.REPLY_SENT


def lookup_flash(response):
    banner = soup(response).find(class_="agency-banner--success")
    return banner.find(class_="agency-banner__heading").get_text(strip=True) if banner else ""


def test_an_answer_tells_the_queue_when_nobody_is_assigned(
    worker, service_request, django_capture_on_commit_callbacks
):
    Queue.objects.filter(name=QUEUE).update(notify_emails="seobuk@example.org\n")
    pipeline.change_status(service_request, Status.TRIAGED, worker)
    ask_for_more(service_request, worker)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_reply(verified_client(service_request))
    [message] = [m for m in mail.outbox if "답변했습니다" in m.subject]
    assert message.to == ["seobuk@example.org"]
    assert service_request.reference in message.subject


def test_the_deadline_stands_still_while_waiting_and_runs_again_after_the_answer(worker, service_request):
    pipeline.change_status(service_request, Status.TRIAGED, worker)
    ask_for_more(service_request, worker)
    service_request.refresh_from_db()
    assert service_request.paused_at is not None
    # The wait began two hours ago (HOURS queues give the time back on the clock).
    Queue.objects.filter(pk=service_request.queue_id).update(sla_unit=Queue.SlaUnit.HOURS)
    began = timezone.now() - datetime.timedelta(hours=2)
    ServiceRequest.objects.filter(pk=service_request.pk).update(paused_at=began)
    due_before = service_request.due_at

    send_reply(verified_client(service_request))
    service_request.refresh_from_db()
    assert service_request.paused_at is None
    moved = service_request.due_at - due_before
    assert datetime.timedelta(hours=2) <= moved < datetime.timedelta(hours=2, minutes=1)


# --- what is refused ---------------------------------------------------------------------


def test_an_unacceptable_file_is_refused_in_korean_and_nothing_is_kept(worker, service_request, private_root):
    pipeline.change_status(service_request, Status.TRIAGED, worker)
    ask_for_more(service_request, worker)
    client = verified_client(service_request)
    fake = SimpleUploadedFile("보험증.pdf", b"this is not a pdf at all", content_type="application/pdf")

    response = send_reply(client, files=[a_pdf("좋은파일.pdf"), fake])
    assert response.status_code == 200
    summary = soup(response).find(class_="agency-error-summary").get_text(" ", strip=True)
    assert "보험증.pdf:" in summary and "형식의 파일만 올릴 수 있습니다" in summary
    assert replies.BAD_FILES_NOT_SENT in summary
    assert soup(response).find("textarea", attrs={"name": "text"}).get_text().strip() == ANSWER

    service_request.refresh_from_db()
    assert service_request.status == Status.WAITING
    assert not service_request.updates.filter(kind=RequestUpdate.Kind.REPLY).exists()
    assert not RequestAttachment.objects.filter(request=service_request).exists()
    assert stored_files(private_root) == []


def test_a_missing_answer_keeps_nothing_and_says_to_choose_the_files_again(
    worker, service_request, private_root
):
    pipeline.change_status(service_request, Status.TRIAGED, worker)
    ask_for_more(service_request, worker)
    response = send_reply(verified_client(service_request), text="  ", files=[a_pdf()])
    summary = soup(response).find(class_="agency-error-summary").get_text(" ", strip=True)
    assert "담당자에게 보낼 답변을 적어 주세요." in summary
    assert "건강보험증.pdf" in summary and "파일을 다시 골라 주세요" in summary
    assert stored_files(private_root) == []
    assert not RequestAttachment.objects.filter(request=service_request).exists()


def test_too_long_an_answer_is_refused_and_kept(worker, service_request):
    pipeline.change_status(service_request, Status.TRIAGED, worker)
    ask_for_more(service_request, worker)
    long_answer = "가" * 2001
    response = send_reply(verified_client(service_request), text=long_answer)
    assert "2000자 이내로 줄여 주세요" in soup(response).find(class_="agency-error-summary").get_text()
    assert soup(response).find("textarea", attrs={"name": "text"}).get_text().strip() == long_answer


def test_an_answer_after_the_wait_ended_is_refused_kindly_and_the_text_shown(worker, service_request):
    pipeline.change_status(service_request, Status.TRIAGED, worker)
    ask_for_more(service_request, worker)
    client = verified_client(service_request)
    token = csrf_token(client)
    pipeline.change_status(service_request, Status.IN_PROGRESS, worker)  # staff moved on meanwhile

    response = client.post(REPLY_URL, {"text": ANSWER, "csrfmiddlewaretoken": token})
    assert response.status_code == 409
    summary = soup(response).find(class_="agency-error-summary")
    assert summary.find("h2").get_text(strip=True) == "답변을 보낼 수 없습니다"
    assert "전화해 주세요" in summary.get_text()
    assert ANSWER in soup(response).find(id="unsent-reply").get_text()
    assert not service_request.updates.filter(kind=RequestUpdate.Kind.REPLY).exists()
    service_request.refresh_from_db()
    assert service_request.status == Status.IN_PROGRESS


def test_a_second_answer_to_the_same_request_is_refused(worker, service_request):
    pipeline.change_status(service_request, Status.TRIAGED, worker)
    ask_for_more(service_request, worker)
    client = verified_client(service_request)
    assert send_reply(client).status_code == 302
    assert send_reply(client, text="하나 더").status_code == 409
    assert service_request.updates.filter(kind=RequestUpdate.Kind.REPLY).count() == 1


def test_only_the_verified_request_can_be_answered(worker, service_request):
    other = submit(phone="010-5555-6666", email="other@example.com")
    for each in (service_request, other):
        pipeline.change_status(each, Status.TRIAGED, worker)
        ask_for_more(each, worker)

    # Someone who has not looked their request up is sent to the lookup.
    stranger = Client()
    assert stranger.post(REPLY_URL, {"text": ANSWER})["Location"] == "/requests/status/"

    # The other applicant's session answers its own request, whatever it names.
    client = verified_client(other)
    send_reply(client, pk=service_request.pk, reference=service_request.reference)
    assert not service_request.updates.filter(kind=RequestUpdate.Kind.REPLY).exists()
    assert other.updates.filter(kind=RequestUpdate.Kind.REPLY).exists()


def test_answers_need_the_csrf_token(worker, service_request):
    pipeline.change_status(service_request, Status.TRIAGED, worker)
    ask_for_more(service_request, worker)
    client = verified_client(service_request)
    assert client.post(REPLY_URL, {"text": ANSWER}).status_code == 403
    assert not service_request.updates.filter(kind=RequestUpdate.Kind.REPLY).exists()


def test_answers_are_rate_limited(worker, service_request):
    pipeline.change_status(service_request, Status.TRIAGED, worker)
    ask_for_more(service_request, worker)
    client = verified_client(service_request)
    token = csrf_token(client)
    for _ in range(ratelimit.LOOKUP.max_requests):
        assert client.post(REPLY_URL, {"text": "", "csrfmiddlewaretoken": token}).status_code == 200
    blocked = client.post(REPLY_URL, {"text": ANSWER, "csrfmiddlewaretoken": token})
    assert blocked.status_code == 429 and ratelimit.MESSAGE in blocked.content.decode()
    assert not service_request.updates.filter(kind=RequestUpdate.Kind.REPLY).exists()


def test_a_get_goes_back_to_the_status_page(worker, service_request):
    client = verified_client(service_request)
    assert client.get(REPLY_URL)["Location"] == DETAIL_URL


def test_a_disk_that_fails_midway_keeps_nothing_and_says_so(
    worker, service_request, private_root, monkeypatch
):
    from services.requests import attachments

    pipeline.change_status(service_request, Status.TRIAGED, worker)
    ask_for_more(service_request, worker)
    real, calls = attachments.attach_upload, []

    def second_write_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(attachments, "attach_upload", second_write_fails)
    response = send_reply(verified_client(service_request), files=[a_pdf("하나.pdf"), a_pdf("둘.pdf")])
    assert response.status_code == 503
    assert lookup.REPLY_NOT_STORED in soup(response).find(class_="agency-error-summary").get_text()
    assert soup(response).find("textarea", attrs={"name": "text"}).get_text().strip() == ANSWER
    assert stored_files(private_root) == []  # the first file, written, was removed again
    assert not service_request.updates.filter(kind=RequestUpdate.Kind.REPLY).exists()
    service_request.refresh_from_db()
    assert service_request.status == Status.WAITING
