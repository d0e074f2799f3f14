"""전화·방문 접수 등록: a staff member enters a request taken by phone or in
person. It goes through services.requests.pipeline like one sent online, to
the queue the routing rules give; the staff member's notes become an
internal note.
"""

from django import forms
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from agency_site.districts import DISTRICT_CHOICES
from services.models import RequestKind, ServiceRequest
from services.requests import pipeline
from services.requests.access import can_see
from services.requests.consent import NOTICE_VERSION
from services.requests.forms import notify
from services.requests.routing import NoQueueConfigured
from services.requests.staff.common import inspect_url
from services.requests.validators import KoreanPhoneField

# Requests taken by phone or in person: the staff member reads the same
# collection-and-use notice (개인정보 보호법 제15조) aloud and records that
# the applicant agreed. This names the read-aloud version of that notice.
ORAL_CONSENT_NOTICE_VERSION = f"{NOTICE_VERSION}-구두"


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
    notify_by = notify.NotifyField(
        label="진행 상황 알림", initial=None,
        help_text="신청인에게 물어 고르세요. 문자는 휴대전화 번호로만 보낼 수 있습니다. "
                  "고르지 않으면 적은 연락처(휴대전화, 전자우편) 모두로 보냅니다.",
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

    def clean(self):
        cleaned = super().clean()
        notify.check(self, cleaned)  # 문자 needs a mobile number, 전자우편 an address
        return cleaned


class StaffSubmitView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    model = ServiceRequest
    permission_required = "add"
    form_class = StaffSubmitForm
    template_name = "services/admin/staff_submit.html"
    page_title = "전화·방문 접수 등록"
    header_icon = "plus"
    # The viewset (services.requests.staff.viewsets) passes its own URL names.
    index_url_name = "service_requests:index"
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
                    pipeline.Applicant(name=data["applicant_name"], phone=data["phone"], email=data["email"],
                                       **notify.flags(data["notify_by"])),
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
