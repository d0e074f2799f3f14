"""The training kind of request, registered with the request pipeline.

Everything the pipeline, the form flow, notifications, the status lookup and
retention do differently for a training booking is named here; none of them
imports services.training.
"""

from services.models import RequestKind, Status, TrainingBooking, serving
from services.requests import kinds
from services.requests.consent import RETENTION, Notice
from services.training import booking_page, notices, pages, seats
from services.training import survey as surveys
from services.training.booking_form import TrainingBookingForm, build_booking

# What the booking form asks consent to (개인정보 보호법 제15조).
PRIVACY_NOTICE = Notice(
    title="개인정보 수집·이용 동의 (필수)",
    purpose=(
        "교육 신청 접수, 자리 확정·대기 안내, 교육 일정과 접속 정보 안내, 출석 확인, "
        "교육 만족도 조사"
    ),
    items=(
        "참석자 이름, 직위·직무, 전화번호, 전자우편 / 기관명, 사업자등록번호, 기관 유형, "
        "기관 소재지 자치구, 신청한 교육 회차"
    ),
    retention=RETENTION,
    refusal=(
        "동의를 거부할 권리가 있습니다. 다만 동의하지 않으면 누리집에서 교육을 신청할 수 없으며, "
        "이 경우 교육 담당 부서에 전화로 신청하실 수 있습니다."
    ),
)

# A booking closed with one of these gives up its seat (seats.release).
SEAT_RELEASING = frozenset({Status.WITHDRAWN, Status.REJECTED})


def _on_status_change(locked_request, to_status):
    if to_status in SEAT_RELEASING:
        seats.release(locked_request, to_status)


def _withdraw(service_request):
    """The applicant cancels on the status page: the seat goes to the next person waiting."""
    seats.cancel(service_request.training_booking)


def _staff_summary(booking) -> list[tuple[str, str]]:
    """The top of the booking's page in 민원 큐: which session, the seat, who comes from where."""
    session = booking.session
    return [
        ("교육", session.page.title), ("회차", session.when), ("자리", booking.get_seat_display()),
        ("기관명", booking.organisation_name), ("직위·직무", booking.role),
    ]


def _holds_trace(key, value, traces) -> bool:
    """A survey proof in a visitor's session naming a purged booking."""
    if key != surveys.SESSION_KEY or not isinstance(value, dict):
        return False
    return value.get("b") in traces.deleted.get(TrainingBooking, ())


def register():
    kinds.register(kinds.Kind(
        kind=RequestKind.TRAINING,
        form_class=TrainingBookingForm,
        details_model=TrainingBooking,
        reference_prefix="TR",
        privacy_notice=PRIVACY_NOTICE,
        build_details=build_booking,
        on_status_change=_on_status_change,
        withdraw=_withdraw,
        email_extras=notices.email_extras,
        page_context=booking_page.page_context,
        events=notices.EVENTS,
        sms_events=notices.SMS_EVENTS,
        holds_trace=_holds_trace,
        staff_summary=_staff_summary,
    ))
    serving.provide("training_pages", pages)
