"""Filters for the staff request listing (민원 큐) in the Wagtail admin.

Every choice a staff member is offered comes from what they may see: the
queue filter lists only their teams' queues, the assignee filter only the
people of those teams. The listing's queryset is already limited by
`services.requests.access.requests_visible_to`, so a hand-made URL naming another
team's queue matches nothing rather than revealing anything.
"""

import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.utils import get_user_display_name

from agency_site.districts import DISTRICT_CHOICES
from services.models import OPEN_STATUSES, RequestKind, ServiceRequest, Status
from services.requests.access import queues_visible_to

YES, NO = "yes", "no"
OPEN, CLOSED = "open", "closed"
TODAY = "today"


def colleagues_of(user):
    """People who work the queues `user` sees (and `user`): the assignee choices."""
    queues = queues_visible_to(user)
    return (
        get_user_model()
        .objects.filter(
            Q(groups__request_queues__in=queues) | Q(assigned_requests__queue__in=queues) | Q(pk=user.pk)
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# What the dashboard counts and the listing filters by, defined once so that
# a number on the dashboard is always the length of the listing it links to.
# A paused request (보완요청: waiting for the applicant) has no running
# deadline, so it is neither due today nor overdue.


def new_q():
    return Q(status=Status.SUBMITTED)


def unassigned_q():
    return Q(status__in=OPEN_STATUSES, assignee__isnull=True)


def overdue_q(now=None):
    return Q(status__in=OPEN_STATUSES, paused_at__isnull=True, due_at__lt=now or timezone.now())


def due_today_q(now=None):
    """Due before midnight tonight (Seoul) and not yet late: what can still be done in time today."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    return Q(status__in=OPEN_STATUSES, paused_at__isnull=True, due_at__gte=now, due_at__lt=midnight)


def needs_attention_q(now=None):
    """What the menu counts: new, without anyone in charge, or late."""
    return new_q() | unassigned_q() | overdue_q(now)


class UserChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return get_user_display_name(obj)


class UserFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


class ServiceRequestFilterSet(WagtailFilterSet):
    queue = django_filters.ModelChoiceFilter(
        label="큐",
        queryset=lambda request: queues_visible_to(request.user).order_by("name"),
        empty_label="모든 큐",
    )
    status = django_filters.MultipleChoiceFilter(
        label="상태",
        choices=Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    state = django_filters.ChoiceFilter(
        label="처리 단계",
        choices=[(OPEN, "처리 중"), (CLOSED, "종료")],
        method="filter_state",
        empty_label="전체",
        widget=forms.RadioSelect,
    )
    overdue = django_filters.ChoiceFilter(
        label="기한 지남",
        choices=[(YES, "예 (기한 지남)"), (NO, "아니요")],
        method="filter_overdue",
        empty_label="전체",
        widget=forms.RadioSelect,
    )
    due = django_filters.ChoiceFilter(
        label="처리 기한",
        choices=[(TODAY, "오늘 마감 (아직 기한 전)")],
        method="filter_due",
        empty_label="전체",
        widget=forms.RadioSelect,
    )
    kind = django_filters.ChoiceFilter(
        label="종류",
        choices=RequestKind.choices,
        empty_label="전체",
        widget=forms.RadioSelect,
    )
    district = django_filters.ChoiceFilter(
        label="자치구",
        choices=DISTRICT_CHOICES,
        empty_label="모든 자치구",
    )
    assignee = UserFilter(
        label="담당자",
        queryset=lambda request: colleagues_of(request.user),
        empty_label="모든 담당자",
        null_label="담당자 없음",
    )

    class Meta:
        model = ServiceRequest
        fields = ["queue", "status", "state", "overdue", "due", "kind", "district", "assignee"]

    def filter_state(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        if value == CLOSED:
            return queryset.exclude(status__in=OPEN_STATUSES)
        return queryset

    def filter_overdue(self, queryset, name, value):
        if value == YES:
            return queryset.filter(overdue_q())
        if value == NO:
            return queryset.exclude(overdue_q())
        return queryset

    def filter_due(self, queryset, name, value):
        return queryset.filter(due_today_q()) if value == TODAY else queryset
