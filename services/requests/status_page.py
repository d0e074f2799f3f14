"""What the confirmation and status pages tell the applicant about where
their request stands, for every kind alike: what the status means, when we
promise to be in touch (from the queue's own deadline:
services.requests.deadlines) and what happens next, step by step.

A kind may say it differently (services.requests.kinds.page_context: e.g. a
training booking, whose seat is the fact that matters); its values replace
these, so the two never contradict each other on one page.
"""

from __future__ import annotations

from services.models import RequestUpdate, ServiceRequest, Status
from services.requests import deadlines, status_texts

# What happens next, in order, from where the request stands now. People
# who may phone rather than read should know that a call is coming, and when.
NEXT_STEPS = {
    Status.SUBMITTED: (
        "담당자가 신청 내용을 확인합니다.",
        "담당자가 신청서에 적은 전화번호로 연락드립니다.",
        "필요한 도움과 일정을 함께 정합니다.",
    ),
    Status.TRIAGED: (
        "담당자가 신청 내용을 검토합니다.",
        "담당자가 신청서에 적은 전화번호로 연락드립니다.",
        "필요한 도움과 일정을 함께 정합니다.",
    ),
    Status.ASSIGNED: (
        "담당자가 신청서에 적은 전화번호로 연락드립니다.",
        "필요한 도움과 일정을 함께 정합니다.",
        "일이 시작되면 처리 상태가 ‘진행중’으로 바뀝니다.",
    ),
    Status.IN_PROGRESS: (
        "담당자가 신청하신 일을 진행합니다.",
        "처리가 끝나면 처리 상태가 ‘완료’로 바뀝니다.",
    ),
    Status.WAITING: (
        "‘담당자가 요청한 내용’을 읽고 이 화면에서 답변을 보내 주세요. 파일도 함께 보낼 수 있습니다.",
        "답변을 보내면 담당자에게 바로 알려지고, 멈춰 있던 처리가 다시 이어집니다.",
        "누리집으로 보내기 어려우면 아래 번호로 전화해 주세요.",
    ),
}


def explanation(status: str) -> str:
    """What the status means for the applicant, in one line."""
    return status_texts.explanation(status)


def promise(service_request: ServiceRequest) -> dict | None:
    """When we will be in touch ("sentence", "due_text", "paused"); None once
    closed, and once staff have been in touch (the promise is kept; "…까지
    연락드립니다" would then read as if nobody had called) unless the deadline
    waits for the applicant's answer."""
    found = deadlines.promise(service_request)
    if found and found.get("contacted") and not found.get("paused"):
        return None
    return found


def next_steps(service_request: ServiceRequest) -> list[str]:
    return list(NEXT_STEPS.get(Status(service_request.status), ()))


def waiting_request(service_request: ServiceRequest) -> RequestUpdate | None:
    """The entry that asked the applicant for more (its `text` says what), while the request waits."""
    if service_request.status != Status.WAITING:
        return None
    return (
        service_request.updates.filter(kind=RequestUpdate.Kind.STATUS, to_status=Status.WAITING)
        .order_by("-created_at", "-pk")
        .first()
    )


def context(service_request: ServiceRequest) -> dict:
    return {
        "status_label": service_request.get_status_display(),
        "explanation": explanation(service_request.status),
        "promise": promise(service_request),
        "next_steps": next_steps(service_request),
        "contact_team": service_request.contact_team,
    }
