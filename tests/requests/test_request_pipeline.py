"""The one request pipeline: routing, references, status changes, history."""

import datetime
import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from agency_site.districts import DISTRICTS
from services.models import Queue, RequestKind, RequestUpdate, RoutingRule, ServiceRequest, Status
from services.requests import pipeline, references
from services.requests.routing import NoQueueConfigured, route
from tests.staff import log_in_verified

pytestmark = pytest.mark.django_db

REGION_QUEUES = {
    "긴급돌봄 서북권": {"서대문구", "은평구", "마포구"},
    "긴급돌봄 서남권": {"양천구", "강서구", "영등포구"},
    "긴급돌봄 동북권": {"도봉구", "노원구", "중랑구"},
    "긴급돌봄 동남권": {"송파구", "강동구", "성동구"},
}


def applicant():
    return pipeline.Applicant(name="홍길동", phone="010-1234-5678", email="hong@example.com")


def consent():
    return pipeline.Consent(notice_version="2026-11", given_at=timezone.now())


def staff(username, *teams):
    user = get_user_model().objects.create_user(username, password="x" * 16)
    for team in teams:
        user.groups.add(Group.objects.get(name=team))
    return user


@pytest.mark.parametrize("district", DISTRICTS)
def test_emergency_care_is_routed_by_district(site_content, district):
    expected = next((q for q, ds in REGION_QUEUES.items() if district in ds), "긴급돌봄지원단")
    destination = route(RequestKind.EMERGENCY_CARE, district)
    assert (destination.queue.name, destination.unroutable) == (expected, False)


def test_consulting_goes_to_provider_support_from_any_district(site_content):
    assert {route(RequestKind.CONSULTING, d).queue.name for d in DISTRICTS} == {"민간기관지원"}


def test_the_most_specific_rule_wins(site_content):
    special = Queue.objects.create(name="마포 컨설팅", team=Group.objects.get(name="사업지원팀"))
    RoutingRule.objects.create(kind=RequestKind.CONSULTING, district="마포구", queue=special)
    assert route(RequestKind.CONSULTING, "마포구").queue == special
    assert route(RequestKind.CONSULTING, "은평구").queue.name == "민간기관지원"


def test_an_unroutable_request_lands_in_the_fallback_queue_flagged(site_content):
    RoutingRule.objects.filter(kind=RequestKind.EMERGENCY_CARE).delete()
    request = pipeline.submit(RequestKind.EMERGENCY_CARE, "마포구", applicant(), consent())
    assert (request.queue.name, request.unroutable) == ("미분류", True)


def test_an_inactive_queue_is_skipped(site_content):
    Queue.objects.filter(name="긴급돌봄 서북권").update(is_active=False)
    assert route(RequestKind.EMERGENCY_CARE, "마포구").queue.name == "긴급돌봄지원단"


def test_without_any_queue_the_admin_is_told(site_content):
    RoutingRule.objects.all().delete()
    Queue.objects.filter(is_fallback=True).update(is_fallback=False)
    with pytest.raises(NoQueueConfigured):
        route(RequestKind.CONSULTING, "마포구")


def test_submission_records_reference_deadline_consent_and_history(site_content):
    request = pipeline.submit(RequestKind.EMERGENCY_CARE, "노원구", applicant(), consent())
    assert re.fullmatch(r"EC-\d{4}-\d{4}-\d{4}", request.reference)
    assert references.is_valid(request.reference)
    assert request.status == Status.SUBMITTED and request.queue.name == "긴급돌봄 동북권"
    assert request.due_at - request.submitted_at == datetime.timedelta(hours=24)
    assert request.consent_notice_version == "2026-11"
    [created] = request.updates.all()
    assert (created.kind, created.is_public, created.text) == ("created", True, "누리집으로 접수")


def test_business_day_deadlines_skip_weekends(site_content):
    """민간기관지원 promises 5 business days: from a Friday, the next Friday at closing time."""
    queue = Queue.objects.get(name="민간기관지원")
    friday = timezone.make_aware(datetime.datetime(2026, 11, 20, 15, 0))
    assert queue.due_from(friday) == timezone.make_aware(datetime.datetime(2026, 11, 27, 18, 0))


def test_business_days_are_counted_on_seouls_calendar(site_content):
    """Friday 08:00 in Seoul is still Thursday in UTC: one business day later
    is Monday at closing time in Seoul, not Friday (Thursday's next day)."""
    queue = Queue(name="하루", sla_unit=Queue.SlaUnit.BUSINESS_DAYS, sla_value=1)
    friday_morning = datetime.datetime(2026, 11, 26, 23, 0, tzinfo=datetime.UTC)  # Fri 08:00 KST
    due = timezone.localtime(queue.due_from(friday_morning))
    assert (due.date(), due.hour, due.minute) == (datetime.date(2026, 11, 30), 18, 0)
    assert due.strftime("%A") == "Monday"


def test_a_consulting_request_is_due_on_the_queues_calendar(site_content):
    """The deadline stored at submission is the queue's own: closing time of a working day."""
    request = pipeline.submit(RequestKind.CONSULTING, "마포구", applicant(), consent())
    due = timezone.localtime(request.due_at)
    assert (due.hour, due.minute) == (18, 0)
    assert request.due_at == request.queue.due_from(request.submitted_at)
    assert request.queue.calendar.is_working_day(due.date())


def test_staff_work_a_request_through_the_allowed_statuses(site_content):
    worker = staff("kim", "동북권 종합재가센터")
    request = pipeline.submit(RequestKind.EMERGENCY_CARE, "도봉구", applicant(), consent())
    pipeline.change_status(request, Status.TRIAGED, worker)
    pipeline.assign(request, worker, worker)
    assert request.status == Status.ASSIGNED and request.assignee == worker
    pipeline.change_status(request, Status.IN_PROGRESS, worker)
    pipeline.add_note(request, "보호자와 통화함", worker)
    pipeline.message_applicant(request, "내일 오전에 방문합니다.", worker)
    pipeline.change_status(request, Status.RESOLVED, worker, text="서비스 연계 완료")

    request.refresh_from_db()
    assert request.status == Status.RESOLVED and not request.is_open
    history = [(u.kind, u.to_status, u.is_public) for u in request.updates.all()]
    assert history == [
        ("created", "submitted", True), ("status", "triaged", True), ("status", "assigned", True),
        ("assignment", "", False), ("status", "in_progress", True), ("note", "", False),
        ("message", "", True), ("status", "resolved", True),
    ]
    assert all(u.actor == worker for u in request.updates.all()[1:])


@pytest.mark.parametrize(("start", "target"), [
    (Status.SUBMITTED, Status.RESOLVED), (Status.SUBMITTED, Status.IN_PROGRESS),
    (Status.RESOLVED, Status.IN_PROGRESS), (Status.WITHDRAWN, Status.SUBMITTED),
    (Status.REJECTED, Status.TRIAGED),
])
def test_a_status_change_outside_the_table_is_refused(site_content, start, target):
    request = pipeline.submit(RequestKind.CONSULTING, "마포구", applicant(), consent())
    ServiceRequest.objects.filter(pk=request.pk).update(status=start)
    request.refresh_from_db()
    with pytest.raises(ValidationError, match="바꿀 수 없습니다"):
        pipeline.change_status(request, target, None)
    request.refresh_from_db()
    assert request.status == start
    assert request.updates.filter(kind=RequestUpdate.Kind.STATUS).count() == 0


def test_only_members_of_the_queues_team_can_be_assigned(site_content):
    outsider = staff("lee", "서남권 종합재가센터")
    request = pipeline.submit(RequestKind.EMERGENCY_CARE, "도봉구", applicant(), consent())
    with pytest.raises(ValidationError, match="팀의 직원에게만"):
        pipeline.assign(request, outsider, outsider)
    request.refresh_from_db()
    assert request.assignee is None


def test_the_applicant_may_withdraw_until_work_starts(site_content):
    request = pipeline.submit(RequestKind.EMERGENCY_CARE, "마포구", applicant(), consent())
    pipeline.withdraw(request)
    assert ServiceRequest.objects.get(pk=request.pk).status == Status.WITHDRAWN

    started = pipeline.submit(RequestKind.EMERGENCY_CARE, "마포구", applicant(), consent())
    ServiceRequest.objects.filter(pk=started.pk).update(status=Status.IN_PROGRESS)
    started.refresh_from_db()
    with pytest.raises(PermissionDenied):
        pipeline.withdraw(started)


def test_references_are_read_back_whatever_the_case_and_dashes():
    assert references.normalise(" ec 3972 0518-4461 ") == "EC-3972-0518-4461"
    assert references.normalise(" ec 7k4m-2qxd ") == "EC-7K4M-2QXD"  # one made before


def test_a_reference_collision_is_retried(site_content, monkeypatch):
    first = pipeline.submit(RequestKind.CONSULTING, "마포구", applicant(), consent())
    fresh = references.new_reference
    drawn = iter([first.reference])
    monkeypatch.setattr(references, "new_reference", lambda kind: next(drawn, None) or fresh(kind))
    second = pipeline.submit(RequestKind.CONSULTING, "마포구", applicant(), consent())
    assert second.reference != first.reference


def test_references_stay_unique_under_concurrent_submissions(site_content):
    """Threads have their own database connections and commit for real."""
    made, errors = [], []

    def submit_many():
        try:
            for _ in range(10):
                request = pipeline.submit(RequestKind.EMERGENCY_CARE, "강서구", applicant(), consent())
                made.append(request.reference)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit_many) for _ in range(8)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert len(made) == len(set(made)) == 80
    finally:
        def clean_up():
            ServiceRequest.objects.filter(reference__in=made).delete()
            connection.close()

        cleaner = threading.Thread(target=clean_up)
        cleaner.start()
        cleaner.join()


def test_administrators_change_routing_in_the_admin(admin_client, site_content):
    listing = admin_client.get("/admin/routingrule/")
    assert listing.status_code == 200
    assert "긴급돌봄 서북권" in listing.content.decode()

    rule = RoutingRule.objects.get(kind=RequestKind.EMERGENCY_CARE, district="마포구")
    central = Queue.objects.get(name="긴급돌봄지원단")
    response = admin_client.post(f"/admin/routingrule/edit/{rule.pk}/", {
        "kind": RequestKind.EMERGENCY_CARE, "district": "마포구", "queue": central.pk,
    })
    assert response.status_code == 302
    assert route(RequestKind.EMERGENCY_CARE, "마포구").queue == central


def test_staff_without_rights_cannot_change_routing(client, site_content):
    user = staff("park", "서북권 종합재가센터")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    log_in_verified(client, user)
    assert client.get("/admin/routingrule/").status_code in (302, 403)
    assert client.get("/admin/queue/").status_code in (302, 403)
