"""Closed requests are destroyed when their retention period ends; open ones never."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from services import pipeline
from services.consent import RETENTION_YEARS
from services.models import RequestKind, RequestUpdate, ServiceRequest, Status

pytestmark = pytest.mark.django_db


def make(status, closed_days_ago):
    request = pipeline.submit(
        RequestKind.CONSULTING, "마포구",
        pipeline.Applicant(name="박보관", phone="010-5555-6666"),
        pipeline.Consent(notice_version="2026-11", given_at=timezone.now()),
    )
    ServiceRequest.objects.filter(pk=request.pk).update(
        status=status, updated_at=timezone.now() - datetime.timedelta(days=closed_days_ago)
    )
    return request.pk


def test_only_closed_requests_past_retention_are_destroyed(site_content):
    limit = 365 * RETENTION_YEARS
    old_done = make(Status.RESOLVED, limit + 1)
    old_withdrawn = make(Status.WITHDRAWN, limit + 30)
    recent_done = make(Status.RESOLVED, limit - 1)
    old_but_open = make(Status.IN_PROGRESS, limit + 400)

    call_command("purge_expired_requests", "--dry-run")
    assert ServiceRequest.objects.filter(pk=old_done).exists()

    call_command("purge_expired_requests")
    remaining = set(ServiceRequest.objects.filter(
        pk__in=[old_done, old_withdrawn, recent_done, old_but_open]).values_list("pk", flat=True))
    assert remaining == {recent_done, old_but_open}
    assert not RequestUpdate.objects.filter(request_id__in=[old_done, old_withdrawn]).exists()
