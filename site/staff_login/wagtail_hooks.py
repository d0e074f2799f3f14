from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from agency_site.staff_login import admin_views, audit, views

urlpatterns = [
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("enrol/", views.EnrolView.as_view(), name="enrol"),
    path("recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("", views.ManageView.as_view(), name="manage"),
    path("lockouts/", admin_views.LockoutsView.as_view(), name="lockouts"),
    path("users/<int:user_id>/reset/", admin_views.ResetView.as_view(), name="reset"),
]


@hooks.register("register_admin_urls")
def register_staff_login_urls():
    return [path("staff-login/", include((urlpatterns, "staff_login"), namespace="staff_login"))]


@hooks.register("register_log_actions")
def register_staff_login_log_actions(actions):
    audit.register(actions)


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return SuperuserMenuItem(admin_views.LOCKOUTS_TITLE, reverse("staff_login:lockouts"),
                             name="staff-login-lockouts", icon_name="lock", order=610)


@hooks.register("register_account_menu_item")
def register_second_factor_account_item(request):
    return {
        "url": reverse("staff_login:manage"),
        "label": views.MANAGE_TITLE,
        "help_text": "인증 앱 등록이나 다시 등록(새 휴대전화), 복구 코드 새로 만들기.",
    }


@hooks.register("register_user_listing_buttons")
def register_reset_button(user, request_user):
    if not request_user.is_superuser:
        return []
    return [Button("2단계 인증 초기화", reverse("staff_login:reset", args=[user.pk]), icon_name="key",
                   priority=60)]
