"""What staff login protection writes to Wagtail's audit log.

Every failed password, every lockout, every wrong or throttled code, each
enrolment, recovery-code use and regeneration, unlock and reset. Entries
for an account are filed under the account (its history, and admin →
보고서 → 사이트 기록); a username that belongs to no one, and an unlocked
address, under a `LoginIdentifier`. The password tried is never stored:
the data holds the username, the client address and the counts.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from wagtail.log_actions import LogFormatter, log

from agency_site.staff_login import lockout, policy
from agency_site.staff_login.models import LoginIdentifier

FAILED = "staff_login.failed"
LOCKED_OUT = "staff_login.locked_out"
UNLOCKED = "staff_login.unlocked"
CODE_FAILED = "staff_login.code_failed"
ENROLLED = "staff_login.enrolled"
RECOVERY_CODE_USED = "staff_login.recovery_code_used"
RECOVERY_CODES_REGENERATED = "staff_login.recovery_codes_regenerated"
SECOND_FACTOR_RESET = "staff_login.second_factor_reset"

LABELS = {
    FAILED: "로그인 실패",
    LOCKED_OUT: "로그인 잠김",
    UNLOCKED: "로그인 잠금 해제",
    CODE_FAILED: "2단계 인증 코드 오류",
    ENROLLED: "2단계 인증 등록",
    RECOVERY_CODE_USED: "복구 코드 사용",
    RECOVERY_CODES_REGENERATED: "복구 코드 새로 발급",
    SECOND_FACTOR_RESET: "2단계 인증 초기화",
}

CODE_KINDS = {"totp": "인증 앱 코드", "recovery": "복구 코드", "enrolment": "등록 확인 코드"}


def _address(data) -> str:
    return data.get("ip_address") or "알 수 없음"


def _message(action, data) -> str:
    if action == FAILED:
        locked = " (잠긴 상태)" if data.get("locked_out") else ""
        return f"로그인 실패: 주소 {_address(data)}{locked}"
    if action == LOCKED_OUT:
        return (f"로그인 잠김: 주소 {_address(data)}, 사용자 이름 실패 {data.get('username_failures', 0)}회, "
                f"주소 실패 {data.get('address_failures', 0)}회")
    if action == CODE_FAILED:
        throttled = " (잠시 입력 제한 중)" if data.get("throttled") else ""
        return f"틀린 {CODE_KINDS.get(data.get('kind'), '코드')}: 주소 {_address(data)}{throttled}"
    if action == RECOVERY_CODE_USED:
        return f"복구 코드로 로그인 (남은 코드 {data.get('remaining', 0)}개)"
    if action == UNLOCKED:
        return f"로그인 잠금 해제: {data.get('value', '')}"
    return LABELS[action]


def register(actions):
    """The register_log_actions hook."""
    for action, label in LABELS.items():
        formatter = type("StaffLoginLogFormatter", (LogFormatter,), {
            "label": label,
            "format_message": lambda self, entry, action=action: _message(action, entry.data),
        })
        actions.register_action(action)(formatter)


def subject_for_username(username):
    """The account with this username, or the LoginIdentifier of a username
    that belongs to no one."""
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        return user
    identifier, _ = LoginIdentifier.objects.get_or_create(
        kind=LoginIdentifier.Kind.USERNAME, value=(username or "")[:255]
    )
    return identifier


def subject_for_address(address):
    identifier, _ = LoginIdentifier.objects.get_or_create(kind=LoginIdentifier.Kind.ADDRESS, value=address)
    return identifier


def record(subject, action, request=None, user=None, **data):
    if request is not None:
        data.setdefault("ip_address", lockout.axes_client_ip(request))
    return log(instance=policy.real_user(subject), action=action,
               user=policy.real_user(user) if user is not None else None, data=data)


def record_code_failure(request, kind, throttled=False):
    return record(request.user, CODE_FAILED, request=request, kind=kind, throttled=throttled)


def _login_failed(sender, credentials, request=None, **kwargs):
    """After axes has counted the failure: one entry per failure, and one
    more when this failure is the one that locked the username or address."""
    username = (credentials or {}).get("username") or ""
    subject = subject_for_username(username)
    if request is None:
        record(subject, FAILED, username=username)
        return
    address = lockout.axes_client_ip(request)
    username_failures = lockout.failures_counted(lockout.USERNAME, username or None)
    address_failures = lockout.failures_counted(lockout.ADDRESS, address)
    locked_out = bool(getattr(request, "axes_locked_out", False))
    record(subject, FAILED, request=request, username=username, locked_out=locked_out,
           username_failures=username_failures, address_failures=address_failures)
    limit = settings.AXES_FAILURE_LIMIT
    if locked_out and limit in (username_failures, address_failures):
        record(subject, LOCKED_OUT, request=request, username=username,
               username_failures=username_failures, address_failures=address_failures)


def connect():
    user_login_failed.connect(_login_failed, dispatch_uid="staff_login_failed")

