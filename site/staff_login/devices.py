"""The second factor: an authenticator app (TOTP, django-otp's otp_totp) and
ten one-time recovery codes (otp_static).

Codes are checked by django-otp inside a transaction with the device row
locked, so a recovery code works once even when sent twice at the same
moment, and wrong codes are throttled by django-otp (each failure doubles
the wait before the next try: 1, 2, 4, 8 … seconds). Wrong and throttled
codes are written to the audit log.
"""

from __future__ import annotations

import re
from base64 import b32encode
from dataclasses import dataclass

import django_otp
import segno
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agency_site.staff_login import audit, policy

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "인증 앱"
RECOVERY_NAME = "복구 코드"
TOTP_CODE = re.compile(r"\d{6}")

WRONG_CODE = "코드가 맞지 않습니다. 인증 앱에 지금 보이는 6자리 숫자나 복구 코드를 다시 입력해 주세요."


def throttled_message(seconds: int) -> str:
    return f"틀린 코드를 여러 번 입력했습니다. {max(seconds, 1)}초 뒤에 다시 입력해 주세요."


# ---------------------------------------------------------------------------
# Enrolment
# ---------------------------------------------------------------------------


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being enrolled (not confirmed yet), made once and
    kept, so reloading the page does not change the QR code already scanned."""
    device = policy.authenticator(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, made on the server
    (nothing is sent anywhere). Only segno's drawing is in it, never text."""
    qr = segno.make(device.config_url, error="l")  # the least dense that phones read well
    return mark_safe(qr.svg_inline(scale=5, border=2, dark="#000", light="#fff"))  # noqa: S308


def secret_in_groups(device: TOTPDevice) -> str:
    """The key for typing into an app by hand: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with ten new ones; returns them (the
    only time they are shown)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = set()
        while len(codes) < RECOVERY_CODE_COUNT:
            codes.add(StaticToken.random_token())
        codes = sorted(codes)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [display(code) for code in codes]


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def finish_enrolment(request, device: TOTPDevice) -> list[str]:
    """The first code was right: the new authenticator replaces any old one,
    the session counts as verified, and new recovery codes are made."""
    user = request.user
    with transaction.atomic():
        device.confirmed = True
        device.save()
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = new_recovery_codes(user)
    mark_verified(request, device)
    audit.record(user, audit.ENROLLED, request=request, user=user)
    return codes


def reset(user, by) -> bool:
    """Remove the user's second factor (authenticator and recovery codes);
    they enrol again at their next login if it is required. `by`: the
    superuser doing it (None: `manage.py reset_second_factor`). Returns
    whether there was anything to remove."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
    audit.record(user, audit.SECOND_FACTOR_RESET, user=by,
                 by=by.get_username() if by is not None else "manage.py", removed=bool(removed))
    return bool(removed)


# ---------------------------------------------------------------------------
# Checking a code
# ---------------------------------------------------------------------------


def normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


@dataclass
class Outcome:
    device: object = None
    error: str = ""


def _check(request, device, code, kind) -> Outcome:
    allowed, why = device.verify_is_allowed()
    if not allowed:
        audit.record_code_failure(request, kind, throttled=True)
        locked_until = (why or {}).get("locked_until")
        seconds = int((locked_until - timezone.now()).total_seconds()) + 1 if locked_until else 1
        return Outcome(error=throttled_message(seconds))
    verified = django_otp.verify_token(request.user, device.persistent_id, code)
    if verified is None:
        audit.record_code_failure(request, kind)
        return Outcome(error=WRONG_CODE)
    return Outcome(device=verified)


def check_login_code(request, code: str) -> Outcome:
    """A 6-digit code from the authenticator, or a recovery code."""
    code = normalise(code)
    user = request.user
    if TOTP_CODE.fullmatch(code):
        device, kind = policy.authenticator(user), "totp"
    else:
        device, kind = StaticDevice.objects.filter(user=user, confirmed=True).first(), "recovery"
    if device is None:
        audit.record_code_failure(request, kind)
        return Outcome(error=WRONG_CODE)
    outcome = _check(request, device, code, kind)
    if outcome.device is not None and kind == "recovery":
        audit.record(user, audit.RECOVERY_CODE_USED, request=request, user=user,
                     remaining=remaining_recovery_codes(user))
    return outcome


def check_enrolment_code(request, device: TOTPDevice, code: str) -> Outcome:
    code = normalise(code)
    if not TOTP_CODE.fullmatch(code):
        audit.record_code_failure(request, "enrolment")
        return Outcome(error="인증 앱에 보이는 6자리 숫자를 입력해 주세요.")
    return _check(request, device, code, "enrolment")


def mark_verified(request, device) -> None:
    """A new session key at the moment the login is complete, as at the
    password step (no fixation), and the session counts as verified."""
    request.session.cycle_key()
    django_otp.login(request, device)
