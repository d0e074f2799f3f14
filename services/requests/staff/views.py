"""The staff side of the request pipeline in the Wagtail admin (민원 큐).

- `RequestIndexView`: the listing (and its CSV/XLSX export), always
  limited to `services.access.requests_visible_to(user)`; every page,
  search and export is one entry in Wagtail's audit log (services.audit).
- `RequestInspectView`: one request with its details, attachments and
  history, and the action forms (배정, 상태 변경, 내부 메모, 신청인에게
  메시지), which POST back to the same page and call services.pipeline.
  Opening it writes a "개인정보 열람" entry to Wagtail's audit log.
- `StaffSubmitView`: a request taken by phone or in person.
- `RequestQueuePanel`: the counts on the admin dashboard.

A request another team works is not found (404) here, whatever the URL.
"""

import contextlib
import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.forms import Media
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic import IndexView, InspectView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from services import audit, failed_notifications, notifications, pipeline, references
from services.access import can_see, requests_visible_to
from services.consent import NOTICE_VERSION
from services.districts import DISTRICT_CHOICES
from services.filters import OPEN, YES
from services.models import OPEN_STATUSES, RequestKind, RequestUpdate, ServiceRequest, Status
from services.routing import NoQueueConfigured
from services.validators import KoreanPhoneField, normalise_korean_phone

VIEWED_ACTION = audit.REQUEST_VIEWED
VIEWED_LABEL = audit.LABELS[audit.REQUEST_VIEWED]

# Requests taken by phone or in person: the staff member reads the same
# collection-and-use notice (개인정보 보호법 제15조) aloud and records that
# the applicant agreed. This names the read-aloud version of that notice.
ORAL_CONSENT_NOTICE_VERSION = f"{NOTICE_VERSION}-구두"  # the same notice, read aloud

# Where the forms engineer serves a request's attachments to staff.
ATTACHMENT_DOWNLOAD_URL = "/requests/attachments/{pk}/"

STAFF_CSS_FILE = "services/admin/staff-queues.css"
STAFF_CSS = Media(css={"all": [STAFF_CSS_FILE]})
DATETIME_FORMAT = "%Y-%m-%d %H:%M"
NOT_RECORDED = "—"


# ---------------------------------------------------------------------------
# Links
# ---------------------------------------------------------------------------


def listing_url(**params) -> str:
    url = reverse("service_requests:index")
    return f"{url}?{urlencode(params)}" if params else url


def mine_url(user) -> str:
    return listing_url(assignee=user.pk, state=OPEN)


def overdue_url() -> str:
    return listing_url(overdue=YES)


def inspect_url(service_request) -> str:
    return reverse("service_requests:inspect", args=[service_request.pk])


def local_text(value) -> str:
    return timezone.localtime(value).strftime(DATETIME_FORMAT) if value else ""


def display_name(user) -> str:
    return get_user_display_name(user) if user else ""


# ---------------------------------------------------------------------------
# Listing
# ---------------------------------------------------------------------------


class StatusColumn(Column):
    """상태 as a labelled tag (the colour only repeats what the words say)."""

    cell_template_name = "services/admin/cells/status_cell.html"

    class Media:
        css = {"all": [STAFF_CSS_FILE]}

    def get_value(self, instance):
        return instance.get_status_display()


class DueColumn(Column):
    """처리 기한, with the words "기한 지남" when an open request is late."""

    cell_template_name = "services/admin/cells/due_cell.html"


class DateTimeColumn(Column):
    cell_template_name = "services/admin/cells/datetime_cell.html"


class AssigneeColumn(Column):
    def get_value(self, instance):
        return display_name(instance.assignee) or "미배정"


def _label(choices):
    labels = dict(choices)
    return lambda value: str(labels.get(value, value or ""))


def _naive_local(value):
    return timezone.make_naive(value) if value else None


class ExcelReadableCsv:
    """For Wagtail's spreadsheet exports: a byte order mark, so that Excel
    reads the Korean text of a CSV as UTF-8."""

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class RequestIndexView(ExcelReadableCsv, IndexView):
    results_template_name = "services/admin/request_index_results.html"

    # The listing shows, searches and exports only what the user may see.
    def get_base_queryset(self):
        # has_failed_notification: the "알림 발송 실패" flag in the status column.
        return failed_notifications.flag_open_failures(
            requests_visible_to(self.request.user).select_related("queue", "assignee")
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        matches = Q(reference=references.normalise(query)) | Q(reference__icontains=query)
        matches |= Q(applicant_name__icontains=query)
        with contextlib.suppress(ValidationError):  # a caller's whole number, however typed
            matches |= Q(phone=normalise_korean_phone(query))
        return queryset.filter(matches)

    def render_to_response(self, context, **response_kwargs):
        # Every page, results fragment and export shows or hands out names:
        # one audit entry each (services.audit), before the response is built.
        audit.record_listing(
            self.request, filterset=self.filters, query=self.search_query or "",
            rows=len(context["object_list"]), total=context.get("items_count"),
            export_format=self.request.GET.get("export") if self.is_export else None,
            page=self.request.GET.get(self.page_kwarg),
        )
        return super().render_to_response(context, **response_kwargs)

    @cached_property
    def add_item_label(self):
        return "전화·방문 접수 등록"

    def get_page_subtitle(self):
        if self.filters and self.filters.is_valid():
            queue = self.filters.form.cleaned_data.get("queue")
            if queue:
                return queue.name
        return super().get_page_subtitle()

    # -- export --------------------------------------------------------------
    custom_field_preprocess = {
        "kind": dict.fromkeys(("csv", "xlsx"), _label(RequestKind.choices)),
        "status": dict.fromkeys(("csv", "xlsx"), _label(Status.choices)),
        "queue": dict.fromkeys(("csv", "xlsx"), lambda queue: queue.name if queue else ""),
        "assignee": dict.fromkeys(("csv", "xlsx"), display_name),
        "is_overdue": dict.fromkeys(("csv", "xlsx"), lambda late: "예" if late else "아니요"),
        "submitted_at": {"csv": local_text, "xlsx": _naive_local},
        "due_at": {"csv": local_text, "xlsx": _naive_local},
    }

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y%m%d}"



# ---------------------------------------------------------------------------
# Action forms on the request page
# ---------------------------------------------------------------------------


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


def team_members(service_request):
    return (
        get_user_model().objects.filter(groups=service_request.queue.team_id, is_active=True)
        .order_by("last_name", "first_name", "username")
    )


class AssignForm(forms.Form):
    assignee = UserChoiceField(
        label="배정할 직원", queryset=get_user_model().objects.none(), empty_label="직원을 고르세요",
        error_messages={
            "required": "배정할 직원을 고르세요.",
            "invalid_choice": "이 큐를 맡은 팀의 직원에게만 배정할 수 있습니다.",
        },
    )

    def __init__(self, service_request, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.service_request = service_request
        members = team_members(service_request)
        if user.is_superuser:  # a superuser may take a request themselves (the pipeline allows it)
            members = get_user_model().objects.filter(Q(pk__in=members.values("pk")) | Q(pk=user.pk))
        self.fields["assignee"].queryset = members

    def clean(self):
        if not self.service_request.is_open:
            raise ValidationError("종료된 요청은 담당자를 바꿀 수 없습니다.")
        return super().clean()


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label="바꿀 상태",
        error_messages={"required": "바꿀 상태를 고르세요."},
    )
    text = forms.CharField(
        label="신청인에게 보일 안내 (선택)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="상태 변경과 함께 신청인에게 보입니다.",
    )

    def __init__(self, service_request, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.service_request = service_request
        allowed = service_request.allowed_statuses()
        self.fields["to_status"].choices = [("", "상태를 고르세요")] + [
            (value, Status(value).label) for value in allowed
        ]
        self.fields["to_status"].error_messages["invalid_choice"] = (
            f"지금 상태(‘{service_request.get_status_display()}’)에서는 고른 상태로 바꿀 수 없습니다."
        )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="내부 메모", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="직원만 봅니다. 신청인에게는 보이지 않습니다.",
        error_messages={"required": "메모 내용을 입력해 주세요."},
    )

    def __init__(self, service_request, user, *args, **kwargs):
        super().__init__(*args, **kwargs)


class MessageForm(forms.Form):
    text = forms.CharField(
        label="신청인에게 보낼 메시지", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="신청인에게 보이는 처리 기록으로 남습니다.",
        error_messages={"required": "메시지 내용을 입력해 주세요."},
    )

    def __init__(self, service_request, user, *args, **kwargs):
        super().__init__(*args, **kwargs)


# ---------------------------------------------------------------------------
# The request page
# ---------------------------------------------------------------------------


def describe_details(details) -> list[tuple[str, str]]:
    """(label, value) rows for a kind's details object, whatever its fields."""
    rows = []
    for field in details._meta.concrete_fields:
        is_link_to_request = field.is_relation and field.related_model is ServiceRequest
        if field.primary_key or not field.editable or is_link_to_request:
            continue
        value = getattr(details, field.name)
        item_field = getattr(field, "base_field", None)  # a list of choices (ArrayField)
        if field.choices:
            value = getattr(details, f"get_{field.name}_display")()
        elif item_field is not None and item_field.choices and isinstance(value, list):
            labels = dict(item_field.flatchoices)
            value = [labels.get(item, item) for item in value]
        rows.append((capfirst(str(field.verbose_name)), _as_text(value)))
    for field in details._meta.many_to_many:
        related = getattr(details, field.name).all()
        text = ", ".join(str(item) for item in related) or NOT_RECORDED
        rows.append((capfirst(str(field.verbose_name)), text))
    return rows


def _as_text(value) -> str:
    if value is None or value == "":
        return NOT_RECORDED
    if isinstance(value, bool):
        return "예" if value else "아니요"
    if isinstance(value, datetime.datetime):
        return local_text(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or NOT_RECORDED
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file: its name, never a public link
        return value.name.rsplit("/", 1)[-1] if value.name else NOT_RECORDED
    return str(value)


def attachment_name(attachment) -> str:
    for attribute in ("original_name", "original_filename", "filename", "name"):
        value = getattr(attachment, attribute, None)
        if isinstance(value, str) and value:
            return value
    return str(attachment)


def attachment_url(attachment) -> str:
    if hasattr(attachment, "get_download_url"):
        return attachment.get_download_url()
    return ATTACHMENT_DOWNLOAD_URL.format(pk=attachment.pk)


def attachment_facts(attachment) -> str:
    facts = [getattr(attachment, "detected_type", "")]
    size = getattr(attachment, "size", None)
    if isinstance(size, int):
        facts.append(f"{size / 1024:,.0f}KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f}MB")
    return ", ".join(fact for fact in facts if fact)


class RequestInspectView(InspectView):
    template_name = "services/admin/request_inspect.html"
    page_title = "요청 처리"
    request_fields = [
        "reference", "kind", "status", "queue", "unroutable", "assignee", "district", "channel",
        "applicant_name", "phone", "email", "submitted_at", "updated_at", "due_at",
        "consent_notice_version", "consented_at", "sensitive_consented_at",
    ]
    form_classes = {"assign": AssignForm, "status": StatusForm, "note": NoteForm, "message": MessageForm,
                    "notice": failed_notifications.ResolveForm}

    def get_object(self, queryset=None):
        # Another team's request does not exist for this user: 404.
        try:
            return requests_visible_to(self.request.user).select_related("queue", "assignee").get(pk=self.pk)
        except (ServiceRequest.DoesNotExist, ValueError) as missing:
            raise Http404("요청을 찾을 수 없습니다.") from missing

    def get_fields(self):
        return list(self.request_fields)

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name)
        if field_name == "assignee":
            return display_name(value) or "미배정"
        if field is not None and field.choices:
            return getattr(self.object, f"get_{field_name}_display")()
        return _as_text(value)

    def get(self, request, *args, **kwargs):
        audit.record(request, audit.REQUEST_VIEWED, self.object)
        return super().get(request, *args, **kwargs)

    # -- actions -------------------------------------------------------------
    def build_form(self, action, data=None):
        return self.form_classes[action](self.object, self.request.user, data=data, prefix=action)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        if action not in self.form_classes:
            messages.error(request, "알 수 없는 처리 요청입니다. 다시 시도해 주세요.")
            return redirect(inspect_url(self.object))
        form = self.build_form(action, data=request.POST)
        if form.is_valid():
            try:
                success = getattr(self, f"do_{action}")(form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                self.object = self.get_object()  # someone else may have changed it meanwhile
                form = self.build_form(action, data=request.POST)
            else:
                messages.success(request, success)
                return redirect(inspect_url(self.object))
        else:
            problems = [message for errors in form.errors.values() for message in errors]
            messages.error(request, "처리하지 못했습니다. " + " ".join(problems))
        return self.render_to_response(self.get_context_data(bound_forms={action: form}))

    def do_assign(self, data):
        assignee = data["assignee"]
        pipeline.assign(self.object, assignee, actor=self.request.user)
        if assignee == self.request.user:
            return f"{self.object.reference} 요청을 나에게 배정했습니다."
        return f"{self.object.reference} 요청을 {display_name(assignee)} 님에게 배정했습니다."

    def do_status(self, data):
        pipeline.change_status(self.object, data["to_status"], actor=self.request.user, text=data["text"],
                               public=True)
        label = Status(data["to_status"]).label
        return f"상태를 ‘{label}’{notifications.direction_particle(label)} 바꿨습니다."

    def do_note(self, data):
        pipeline.add_note(self.object, data["text"], actor=self.request.user)
        return "내부 메모를 남겼습니다."

    def do_notice(self, data):
        failure = data["failure"]
        failed_notifications.resolve(failure, self.request.user)
        return "신청인에게 알렸다고 기록했습니다." if failure.to_applicant else "확인했다고 기록했습니다."

    def do_message(self, data):
        pipeline.message_applicant(self.object, data["text"], actor=self.request.user)
        return "신청인에게 메시지를 남겼습니다."

    # -- page ----------------------------------------------------------------
    def kind_details(self):
        """(heading, rows) for the kind's own details (`request.emergency_care`,
        `request.consulting`, …) if that model exists and this request has them."""
        details = getattr(self.object, self.object.kind, None)
        if details is None or not hasattr(details, "_meta"):
            return None
        return capfirst(str(details._meta.verbose_name)), describe_details(details)

    def attachments(self):
        if not hasattr(self.object, "attachments"):
            return None
        return [
            {"name": attachment_name(attachment), "url": attachment_url(attachment),
             "facts": attachment_facts(attachment)}
            for attachment in self.object.attachments.all()
        ]

    def get_context_data(self, bound_forms=None, **kwargs):
        context = super().get_context_data(**kwargs)
        bound_forms = bound_forms or {}
        user = self.request.user
        service_request = self.object
        forms_by_action = {
            action: bound_forms.get(action) or self.build_form(action) for action in self.form_classes
        }
        is_member = user.is_superuser or user.groups.filter(pk=service_request.queue.team_id).exists()
        context.update(
            service_request=service_request,
            assignee_name=display_name(service_request.assignee) or "미배정",
            kind_details=self.kind_details(),
            attachments=self.attachments(),
            history=service_request.updates.select_related("actor"),
            assign_form=forms_by_action["assign"],
            status_form=forms_by_action["status"],
            note_form=forms_by_action["note"],
            message_form=forms_by_action["message"],
            can_take=service_request.is_open and is_member and service_request.assignee_id != user.pk,
            media=STAFF_CSS,
            update_kinds=RequestUpdate.Kind,
            notification_failures=failed_notifications.for_page(service_request),
        )
        return context


# ---------------------------------------------------------------------------
# 전화·방문 접수 등록
# ---------------------------------------------------------------------------


class StaffSubmitForm(forms.Form):
    channel = forms.ChoiceField(
        label="접수 경로", widget=forms.RadioSelect,
        choices=[(ServiceRequest.Channel.PHONE, "전화"), (ServiceRequest.Channel.VISIT, "방문")],
        error_messages={"required": "전화로 받았는지 방문으로 받았는지 고르세요."},
    )
    kind = forms.ChoiceField(
        label="요청 종류", widget=forms.RadioSelect, choices=RequestKind.choices,
        error_messages={"required": "요청 종류를 고르세요."},
    )
    applicant_name = forms.CharField(
        label="신청인 이름", max_length=50,
        error_messages={"required": "신청인 이름을 입력해 주세요.",
                        "max_length": "이름은 50자 이내로 입력해 주세요."},
    )
    phone = KoreanPhoneField(label="연락처", help_text="010-1234-5678 처럼 입력합니다.")
    email = forms.EmailField(
        label="전자우편 (선택)", required=False,
        error_messages={"invalid": "전자우편 주소를 name@example.com 처럼 입력해 주세요."},
    )
    district = forms.ChoiceField(
        label="자치구", choices=[("", "자치구를 고르세요")] + DISTRICT_CHOICES,
        help_text="도움이 필요한 곳의 자치구입니다. 이 구와 요청 종류로 담당 큐가 정해집니다.",
        error_messages={"required": "자치구를 고르세요."},
    )
    note = forms.CharField(
        label="상담 내용 메모 (선택)", required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="내부 메모로 남고 신청인에게는 보이지 않습니다. 주민등록번호는 적지 마세요. "
                  "건강·장애 정보는 신청인이 민감정보 처리에 따로 동의한 경우에만 적습니다.",
    )
    consent = forms.BooleanField(
        label="개인정보 수집·이용 안내(목적, 항목, 보유 기간, 동의를 거부할 권리와 그 결과)를 "
              "읽어 주었고 신청인이 말로 동의했습니다.",
        error_messages={"required": "신청인의 개인정보 수집·이용 동의를 받아야 접수할 수 있습니다."},
    )
    sensitive_consent = forms.BooleanField(
        label="신청인이 건강·장애 정보(민감정보) 처리에도 따로 동의했습니다. (선택)", required=False,
        help_text="개인정보 보호법 제23조. 동의하지 않았다면 건강·장애 정보를 적지 마세요.",
    )


class StaffSubmitView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    model = ServiceRequest
    permission_required = "add"
    form_class = StaffSubmitForm
    template_name = "services/admin/staff_submit.html"
    page_title = "전화·방문 접수 등록"
    header_icon = "plus"
    index_url_name = "service_requests:index"
    inspect_url_name = "service_requests:inspect"
    add_url_name = "service_requests:add"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name),
             "label": capfirst(ServiceRequest._meta.verbose_name_plural)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(action_url=reverse(self.add_url_name), submit_button_label="접수하기",
                       submit_button_active_label="접수하는 중…")
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        now = timezone.now()
        user = self.request.user
        try:
            with transaction.atomic():
                service_request = pipeline.submit(
                    data["kind"], data["district"],
                    pipeline.Applicant(name=data["applicant_name"], phone=data["phone"], email=data["email"]),
                    pipeline.Consent(
                        notice_version=ORAL_CONSENT_NOTICE_VERSION, given_at=now,
                        sensitive_given_at=now if data["sensitive_consent"] else None,
                    ),
                    channel=data["channel"], actor=user,
                )
                if data["note"]:
                    pipeline.add_note(service_request, data["note"], actor=user)
        except NoQueueConfigured:
            form.add_error(
                None, "이 요청을 받을 큐가 설정되어 있지 않아 접수하지 못했습니다. 관리자에게 알려 주세요."
            )
            return self.form_invalid(form)

        queue = service_request.queue
        routed = f"‘{queue.name}’ 큐로 배정되었습니다."
        if service_request.unroutable:
            routed = f"맞는 배정 규칙이 없어 ‘{queue.name}’ 큐로 보냈습니다."
        if can_see(user, service_request):
            messages.success(
                self.request,
                f"접수했습니다. 접수번호 {service_request.reference}를 신청인에게 알려 주세요. {routed}",
            )
            return redirect(inspect_url(service_request))
        messages.warning(
            self.request,
            f"접수했습니다. 접수번호 {service_request.reference}를 신청인에게 알려 주세요. {routed} "
            "이 큐는 다른 팀이 처리하므로 이 요청은 내 목록에 보이지 않습니다.",
        )
        return redirect(reverse(self.index_url_name))

    def form_invalid(self, form):
        messages.error(self.request, "접수하지 못했습니다. 표시된 항목을 확인해 주세요.")
        return super().form_invalid(form)


# ---------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------


class RequestQueuePanel(Component):
    name = "service_requests"
    order = 50
    template_name = "services/admin/dashboard_panel.html"

    class Media:
        css = {"all": [STAFF_CSS_FILE]}

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        counts = requests_visible_to(self.user).filter(status__in=OPEN_STATUSES).aggregate(
            mine=Count("pk", filter=Q(assignee=self.user)),
            overdue=Count("pk", filter=Q(due_at__lt=timezone.now())),
        )
        return {
            "mine": counts["mine"],
            "overdue": counts["overdue"],
            "mine_url": mine_url(self.user),
            "overdue_url": overdue_url(),
            "listing_url": listing_url(),
        }
