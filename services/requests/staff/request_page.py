"""One request's page in 민원 큐: its fields, the kind's own details, the
attachments and the history, with the action forms (배정, 상태 변경, 내부
메모, 신청인에게 메시지, 알림 실패 확인). The forms POST back to the same page
and call services.requests.pipeline.

Opening the page writes a "개인정보 열람" entry to Wagtail's audit log
(services.requests.audit). A request another team works is not found (404),
whatever the URL.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from wagtail.admin import messages
from wagtail.admin.views.generic import InspectView

from services.models import RequestUpdate, ServiceRequest, Status
from services.requests import audit, failed_notifications, notifications, pipeline
from services.requests.access import requests_visible_to
from services.requests.staff import request_summary
from services.requests.staff.common import STAFF_CSS, display_name, form_problems, inspect_url
from services.requests.staff.request_summary import as_text, describe_details  # noqa: F401

# ---------------------------------------------------------------------------
# The action forms
# ---------------------------------------------------------------------------


class RequestActionForm(forms.Form):
    """An action on the page: built for the request and the user acting, as
    failed_notifications.ResolveForm is."""

    def __init__(self, service_request, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.service_request = service_request
        self.user = user


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


def team_members(service_request):
    return (
        get_user_model().objects.filter(groups=service_request.queue.team_id, is_active=True)
        .order_by("last_name", "first_name", "username")
    )


class AssignForm(RequestActionForm):
    assignee = UserChoiceField(
        label="배정할 직원", queryset=get_user_model().objects.none(), empty_label="직원을 고르세요",
        error_messages={
            "required": "배정할 직원을 고르세요.",
            "invalid_choice": "이 큐를 맡은 팀의 직원에게만 배정할 수 있습니다.",
        },
    )

    def __init__(self, service_request, user, *args, **kwargs):
        super().__init__(service_request, user, *args, **kwargs)
        members = team_members(service_request)
        if user.is_superuser:  # a superuser may take a request themselves (the pipeline allows it)
            members = get_user_model().objects.filter(Q(pk__in=members.values("pk")) | Q(pk=user.pk))
        self.fields["assignee"].queryset = members

    def clean(self):
        if not self.service_request.is_open:
            raise ValidationError("종료된 요청은 담당자를 바꿀 수 없습니다.")
        return super().clean()


class StatusForm(RequestActionForm):
    # The applicant must be told what to do or why: a 보완요청 without its
    # request left them looking for a message that was never written.
    TEXT_REQUIRED = {
        Status.WAITING: "보완요청에는 신청인에게 무엇이 더 필요한지 적어 주세요.",
        Status.REJECTED: "반려할 때는 신청인에게 그 까닭을 적어 주세요.",
    }

    to_status = forms.ChoiceField(
        label="바꿀 상태",
        error_messages={"required": "바꿀 상태를 고르세요."},
    )
    text = forms.CharField(
        label="신청인에게 보일 안내", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "상태 변경과 함께 신청인에게 보입니다. 보완요청에는 무엇이 더 필요한지, "
            "반려에는 그 까닭을 꼭 적어 주세요 (다른 상태는 비워 두어도 됩니다)."
        ),
    )

    def __init__(self, service_request, user, *args, **kwargs):
        super().__init__(service_request, user, *args, **kwargs)
        self.fields["to_status"].choices = [("", "상태를 고르세요")] + [
            (value, Status(value).label) for value in service_request.allowed_statuses()
        ]
        self.fields["to_status"].error_messages["invalid_choice"] = (
            f"지금 상태(‘{service_request.get_status_display()}’)에서는 고른 상태로 바꿀 수 없습니다."
        )

    def clean(self):
        cleaned = super().clean()
        required = self.TEXT_REQUIRED.get(cleaned.get("to_status"))
        if required and not (cleaned.get("text") or "").strip():
            self.add_error("text", required)
        return cleaned


class NoteForm(RequestActionForm):
    text = forms.CharField(
        label="내부 메모", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="직원만 봅니다. 신청인에게는 보이지 않습니다.",
        error_messages={"required": "메모 내용을 입력해 주세요."},
    )


class MessageForm(RequestActionForm):
    text = forms.CharField(
        label="신청인에게 보낼 메시지", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="신청인에게 보이는 처리 기록으로 남습니다.",
        error_messages={"required": "메시지 내용을 입력해 주세요."},
    )


# ---------------------------------------------------------------------------
# What the page describes
# ---------------------------------------------------------------------------


def file_size(size: int) -> str:
    return f"{size / 1024:,.0f}KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f}MB"


def describe_attachment(attachment) -> dict:
    """The link is the checked download (services.requests.attachments), never the file's own URL."""
    return {
        "name": attachment.original_name,
        "url": attachment.get_download_url(),
        "facts": ", ".join(fact for fact in (attachment.detected_type, file_size(attachment.size)) if fact),
        "with_reply": attachment.update_id is not None,  # sent later, with an answer to a 보완요청
    }


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------


class RequestInspectView(InspectView):
    template_name = "services/admin/request_inspect.html"
    page_title = "요청 처리"
    request_fields = [
        "reference", "kind", "status", "queue", "unroutable", "assignee", "district", "channel",
        "submitted_at", "updated_at", "due_at",
    ]  # the applicant and their contact lead the page (request_summary); consent is its own panel
    form_classes = {"assign": AssignForm, "status": StatusForm, "note": NoteForm, "message": MessageForm,
                    "notice": failed_notifications.ResolveForm}

    def get_object(self, queryset=None):
        # Another team's request does not exist for this user: 404.
        try:
            return requests_visible_to(self.request.user).select_related("queue", "assignee").get(pk=self.pk)
        except ServiceRequest.DoesNotExist as missing:
            raise Http404("요청을 찾을 수 없습니다.") from missing

    def get_fields(self):
        return list(self.request_fields)

    def get_page_subtitle(self):
        # The reference alone (the kind leads the page): the header's breadcrumb
        # then fits a 360 px phone.
        return self.object.reference

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name)
        if field_name == "assignee":
            return display_name(value) or "미배정"
        if field.choices:
            return getattr(self.object, f"get_{field_name}_display")()
        return as_text(value)

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
            messages.error(request, "처리하지 못했습니다. " + form_problems(form))
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
    def get_context_data(self, bound_forms=None, **kwargs):
        context = super().get_context_data(**kwargs)
        bound_forms = bound_forms or {}
        user = self.request.user
        service_request = self.object
        forms_by_action = {
            action: bound_forms.get(action) or self.build_form(action) for action in self.form_classes
        }
        context.update(
            service_request=service_request,
            assignee_name=display_name(service_request.assignee) or "미배정",
            # Who needs care, why, how urgent, how to reach them first; the record and consent lower.
            summary=request_summary.summary(service_request),
            kind_details=request_summary.kind_details(service_request),
            consent_rows=request_summary.consent_rows(service_request),
            attachments=[describe_attachment(attachment) for attachment in service_request.attachments.all()],
            # With the files the applicant sent with each answer to a 보완요청.
            history=service_request.updates.select_related("actor").prefetch_related("attachments"),
            assign_form=forms_by_action["assign"],
            status_form=forms_by_action["status"],
            note_form=forms_by_action["note"],
            message_form=forms_by_action["message"],
            # Whoever sees the page works the queue (get_object): any of them may take an open request.
            can_take=service_request.is_open and service_request.assignee_id != user.pk,
            media=STAFF_CSS,
            update_kinds=RequestUpdate.Kind,
            notification_failures=failed_notifications.for_page(service_request),
        )
        return context
