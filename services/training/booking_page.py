"""What a training booking's confirmation and status pages say (the kind's
`page_context`, services.requests.kinds).

For a booking the seat is the fact that matters: 확정, 승인 대기 or 대기.
While the seat is held or waited for, it is the page's headline and its
explanation, next steps and promise replace the request's generic ones
(services.requests.status_page), so the page never says "접수 — 곧
확인합니다" under a confirmed seat. Once staff ask for more (보완요청) or the
booking is closed, the request's status leads again and the seat is a line
below it.
"""

from services.models import Status
from services.models.request_details import Seat
from services.training import seats

STATUS_ROWS = "services/includes/training_booking_status_rows.html"
CONFIRMATION_BODY = "services/includes/training_booking_confirmation.html"

# The request statuses under which the seat speaks for the booking.
SEAT_LEADS = frozenset({Status.SUBMITTED, Status.TRIAGED, Status.ASSIGNED, Status.IN_PROGRESS})

HEADLINES = {
    Seat.CONFIRMED: "교육 자리가 확정되었습니다",
    Seat.PENDING: "교육 신청을 받았습니다",
    Seat.WAITLISTED: "대기자로 등록되었습니다",
}
EXPLANATIONS = {
    Seat.CONFIRMED: "자리가 확정되었습니다. 교육 날짜에 맞춰 오시면 됩니다.",
    Seat.PENDING: "담당자가 신청을 확인한 뒤 자리를 확정합니다. 확정되면 전자우편으로 알려 드립니다.",
    Seat.WAITLISTED: (
        "정원이 차서 대기자로 등록되었습니다. 앞선 분이 취소하면 순서대로 자리가 확정되고, "
        "그때 전자우편으로 알려 드립니다."
    ),
}
CANCEL_STEP = (
    "참석할 수 없게 되면 진행 상황 화면에서 신청을 취소해 주세요. 대기하시는 분께 자리가 돌아갑니다."
)
NEXT_STEPS = {
    Seat.CONFIRMED: (
        "확정 안내와 일정 파일(.ics)을 전자우편으로 보냅니다.",
        "교육 며칠 전에 다시 알려 드립니다.",
        CANCEL_STEP,
    ),
    Seat.PENDING: (
        "담당자가 신청 내용을 확인합니다.",
        "자리가 확정되면 전자우편으로 알려 드립니다.",
        CANCEL_STEP,
    ),
    Seat.WAITLISTED: (
        "앞선 분이 취소하면 대기 순번대로 자리가 확정됩니다.",
        "자리가 확정되면 전자우편으로 알려 드립니다.",
        "더 기다리지 않으려면 진행 상황 화면에서 신청을 취소해 주세요.",
    ),
}


def page_context(service_request) -> dict:
    booking = seats.booking_of(service_request)
    if booking is None:  # e.g. taken by phone without a session
        return {"booking": None}
    context = {
        "booking": booking,
        "status_rows": STATUS_ROWS,
        "confirmation_body": CONFIRMATION_BODY,
        "seat_headline": HEADLINES.get(booking.seat, "신청서가 접수되었습니다"),
        "seat_is_headline": False,
    }
    if booking.seat in EXPLANATIONS and service_request.status in SEAT_LEADS:
        context.update(
            seat_is_headline=True,
            explanation=EXPLANATIONS[booking.seat],
            next_steps=list(NEXT_STEPS[booking.seat]),
        )
        if booking.seat != Seat.PENDING:  # nobody needs to call about a seat already decided
            context["promise"] = None
    return context
