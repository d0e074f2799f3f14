"""The second step of logging in, enrolment, recovery codes, and each
person's own 2단계 인증 page (admin → 계정 → 2단계 인증).

The verify and enrol pages look like Wagtail's login page (they extend its
template); the middleware sends people here until they are verified.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from agency_site.staff_login import audit, devices, policy
from agency_site.staff_login.forms import CodeForm
from agency_site.staff_login.middleware import with_next

CODES_SESSION_KEY = "staff_login_recovery_codes"
MANAGE_TITLE = "2단계 인증"


def next_url(request) -> str:
    """Where to go once done: the page first asked for, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def show_recovery_codes(request, codes):
    """Keep the new codes for the one page that shows them, then go there."""
    request.session[CODES_SESSION_KEY] = codes
    return redirect(with_next(reverse("staff_login:recovery_codes"), next_url(request)))


@method_decorator(never_cache, name="dispatch")
class VerifyView(View):
    """인증 코드 입력: a 6-digit code from the authenticator, or a recovery code."""

    template_name = "staff_login/verify.html"
    help_text = "인증 앱에 보이는 6자리 숫자, 또는 복구 코드 하나(예: abcd-efgh)를 입력해 주세요."

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_verified():
            return redirect(next_url(request))
        if not policy.has_second_factor(user):
            if policy.must_use_second_factor(user):
                return redirect(with_next(reverse("staff_login:enrol"), next_url(request)))
            return redirect(next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, status=200):
        return render(self.request, self.template_name,
                      {"form": form, "next": next_url(self.request), "action": self.request.path},
                      status=status)

    def get(self, request):
        return self.render(CodeForm(help_text=self.help_text))

    def post(self, request):
        form = CodeForm(request.POST, help_text=self.help_text)
        if form.is_valid():
            outcome = devices.check_login_code(request, form.cleaned_data["code"])
            if outcome.device is not None:
                devices.mark_verified(request, outcome.device)
                return redirect(next_url(request))
            form.add_error("code", outcome.error)
        return self.render(form)


@method_decorator(never_cache, name="dispatch")
class EnrolView(View):
    """2단계 인증 등록: QR code and the key in groups, confirmed with a first code."""

    template_name = "staff_login/enrol.html"
    help_text = "인증 앱에 나타난 6자리 숫자를 입력해 주세요."

    def dispatch(self, request, *args, **kwargs):
        # Someone who has an authenticator proves it before replacing it;
        # otherwise a stolen password alone could enrol a new one.
        if policy.has_second_factor(request.user) and not request.user.is_verified():
            return redirect(with_next(reverse("staff_login:verify"), next_url(request)))
        return super().dispatch(request, *args, **kwargs)

    def render(self, form):
        device = devices.pending_authenticator(self.request.user)
        return render(self.request, self.template_name, {
            "form": form, "next": next_url(self.request), "action": self.request.path,
            "qr_svg": devices.qr_svg(device), "secret": devices.secret_in_groups(device),
            "replacing": policy.has_second_factor(self.request.user),
        })

    def get(self, request):
        return self.render(CodeForm(help_text=self.help_text))

    def post(self, request):
        form = CodeForm(request.POST, help_text=self.help_text)
        if form.is_valid():
            device = devices.pending_authenticator(request.user)
            outcome = devices.check_enrolment_code(request, device, form.cleaned_data["code"])
            if outcome.device is not None:
                codes = devices.finish_enrolment(request, outcome.device)
                return show_recovery_codes(request, codes)
            form.add_error("code", outcome.error)
        return self.render(form)


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesView(View):
    """The new recovery codes, shown once: taken out of the session as shown."""

    def get(self, request):
        codes = request.session.pop(CODES_SESSION_KEY, None)
        return render(request, "staff_login/recovery_codes.html", {
            "codes": codes, "next": next_url(request), "manage_url": reverse("staff_login:manage"),
        })


@method_decorator(never_cache, name="dispatch")
class ManageView(WagtailAdminTemplateMixin, TemplateView):
    """The person's own second factor: status, new recovery codes, a new
    authenticator (e.g. a new phone)."""

    template_name = "staff_login/manage.html"
    page_title = MANAGE_TITLE
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_account"), "label": "계정"},
            {"url": "", "label": MANAGE_TITLE},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            device=policy.authenticator(user), required=policy.must_use_second_factor(user),
            remaining=devices.remaining_recovery_codes(user), enrol_url=reverse("staff_login:enrol"),
        )
        return context

    def post(self, request):
        if request.POST.get("action") != "regenerate" or not policy.has_second_factor(request.user):
            messages.error(request, "먼저 2단계 인증을 등록해 주세요.")
            return redirect("staff_login:manage")
        codes = devices.new_recovery_codes(request.user)
        audit.record(request.user, audit.RECOVERY_CODES_REGENERATED, request=request, user=request.user)
        return show_recovery_codes(request, codes)
