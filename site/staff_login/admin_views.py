"""Superusers' screens: 설정 → 로그인 보호 (who is locked out, recent
failures, 잠금 해제) and resetting another person's second factor (from
설정 → 사용자, the user's "2단계 인증 초기화" button)."""

from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_ipv46_address
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from agency_site.staff_login import audit, devices, lockout, policy

LOCKOUTS_TITLE = "로그인 보호"
RECENT_FAILURES = 50


class SuperuserOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class LockoutsView(SuperuserOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "staff_login/admin/lockouts.html"
    page_title = LOCKOUTS_TITLE
    header_icon = "lock"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": LOCKOUTS_TITLE}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            locked_usernames=lockout.locked(lockout.USERNAME),
            locked_addresses=lockout.locked(lockout.ADDRESS),
            failures=AccessFailureLog.objects.order_by("-attempt_time")[:RECENT_FAILURES],
            limit=settings.AXES_FAILURE_LIMIT, cool_off=lockout.cool_off_minutes(),
            users_url=reverse("wagtailusers_users:index"),
        )
        return context

    def post(self, request):
        parameter, value = request.POST.get("parameter"), (request.POST.get("value") or "").strip()
        if parameter not in (lockout.USERNAME, lockout.ADDRESS) or not value:
            messages.error(request, "해제할 계정이나 주소를 찾지 못했습니다. 목록에서 다시 골라 주세요.")
            return redirect("staff_login:lockouts")
        if parameter == lockout.ADDRESS:
            try:
                validate_ipv46_address(value)
            except ValidationError:
                messages.error(request, "접속 주소가 올바르지 않습니다. 목록에서 다시 골라 주세요.")
                return redirect("staff_login:lockouts")
        removed = lockout.unlock(parameter, value)
        subject = (audit.subject_for_username(value) if parameter == lockout.USERNAME
                   else audit.subject_for_address(value))
        audit.record(subject, audit.UNLOCKED, user=request.user, parameter=parameter, value=value,
                     attempts_removed=removed)
        messages.success(request, f"{value}의 로그인 잠금을 해제했습니다.")
        return redirect("staff_login:lockouts")


@method_decorator(never_cache, name="dispatch")
class ResetView(SuperuserOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "staff_login/admin/reset_confirm.html"
    header_icon = "key"

    @cached_property
    def target(self):
        return get_object_or_404(get_user_model(), pk=self.kwargs["user_id"])

    def get_page_title(self):
        return f"2단계 인증 초기화: {self.target.get_username()}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailusers_users:index"), "label": "사용자"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(target=self.target, device=policy.authenticator(self.target),
                       remaining=devices.remaining_recovery_codes(self.target),
                       required=policy.must_use_second_factor(self.target),
                       users_url=reverse("wagtailusers_users:index"))
        return context

    def post(self, request, user_id):
        if devices.reset(self.target, by=request.user):
            messages.success(request, f"{self.target.get_username()}의 2단계 인증을 초기화했습니다. "
                                      f"다음 로그인 때 다시 등록하게 됩니다.")
        else:
            messages.info(request, f"{self.target.get_username()}에게는 등록된 2단계 인증이 없습니다.")
        return redirect("wagtailusers_users:index")
