"""What each status means for the applicant, said once and used everywhere:
the status page, the e-mail and the SMS. And how the applicant will be told
of news, as they chose it on the form (문자, 전자우편, both or neither).

Only promises the service keeps: a person calls once someone is assigned
(staff have the applicant's number and the request page tells them to);
a status change or a message from staff is sent by the channels chosen.
"""

from __future__ import annotations

from services.models import Status

EXPLANATIONS = {
    Status.SUBMITTED: "신청이 접수되었습니다. 담당 부서에서 곧 신청 내용을 확인합니다.",
    Status.TRIAGED: "담당 부서에서 신청 내용을 검토하고 있습니다.",
    Status.ASSIGNED: "담당자가 정해졌습니다. 담당자가 신청하신 전화번호로 연락드립니다.",
    Status.IN_PROGRESS: "담당자가 신청하신 일을 진행하고 있습니다.",
    Status.WAITING: (
        "처리에 필요한 내용이 더 있습니다. 진행 상황 화면에서 담당자의 요청을 확인하고 답변해 주세요."
    ),
    Status.RESOLVED: "신청하신 일의 처리가 끝났습니다.",
    Status.REJECTED: (
        "신청을 처리할 수 없게 되었습니다. 자세한 내용은 진행 상황 화면에서 확인하거나 "
        "담당 부서로 문의해 주세요."
    ),
    Status.WITHDRAWN: "신청인의 요청으로 신청이 취소되었습니다.",
}


def explanation(status) -> str:
    """The one plain sentence or two for `status` (a Status or its value)."""
    return EXPLANATIONS[Status(status)]


# --- how news reaches the applicant ------------------------------------------

SMS = "sms"
EMAIL = "email"
BOTH = "both"
NONE = "none"


def channel_words(notify_sms: bool, notify_email: bool) -> str:
    """The channels in words: "문자와 전자우편", "문자", "전자우편" or "" (neither)."""
    return {(True, True): "문자와 전자우편", (True, False): "문자", (False, True): "전자우편"}.get(
        (bool(notify_sms), bool(notify_email)),
        "",
    )


def how_notified(notify_sms: bool, notify_email: bool) -> str:
    """One sentence for the confirmation page and the e-mail."""
    words = channel_words(notify_sms, notify_email)
    if not words:
        return (
            "문자나 전자우편으로는 알려 드리지 않습니다. "
            "진행 상황은 접수번호와 전화번호로 누리집에서 확인해 주세요."
        )
    particle = "로" if words == "문자" else "으로"  # 문자로, 전자우편으로
    return f"처리 상태가 바뀌거나 담당자가 메시지를 보내면 {words}{particle} 알려 드립니다."


def for_request(service_request) -> str:
    return how_notified(service_request.notify_sms, service_request.notify_email and service_request.email)
