"""The privacy notices shown on the public application forms.

개인정보 보호법 제15조 (수집·이용 동의) asks us to tell people, before they
agree, the purpose, the items collected, how long we keep them, and that they
may refuse and what happens if they do. 제23조 asks for a SEPARATE consent for
sensitive information (here: whether the person needing care has a
disability). Each submitted request stores `NOTICE_VERSION` and the times of
consent (ServiceRequest.consent_notice_version / consented_at /
sensitive_consented_at), so change the version whenever a text below changes.

Retention: the agency's documents give no retention period for applications.
"신청 처리가 끝난 날부터 3년" is OUR DEFAULT, to be confirmed (or replaced)
by the agency's privacy officer; it is written once here and shown in every
notice.
"""

from dataclasses import dataclass

# Change whenever any text in this module changes (year-month of the change).
NOTICE_VERSION = "2026-11"

RETENTION_YEARS = 3  # used by `manage.py purge_expired_requests`
RETENTION = f"신청 처리가 끝난 날부터 {RETENTION_YEARS}년 (보관 기간이 지나면 지체 없이 파기합니다)"


@dataclass(frozen=True)
class Notice:
    title: str
    purpose: str
    items: str
    retention: str
    refusal: str

    def rows(self) -> list[tuple[str, str]]:
        """(heading, text) pairs in the order the law lists them."""
        return [
            ("수집·이용 목적", self.purpose),
            ("수집하는 항목", self.items),
            ("보유·이용 기간", self.retention),
            ("동의를 거부할 권리와 거부할 때의 불이익", self.refusal),
        ]


_REFUSAL = (
    "동의를 거부할 권리가 있습니다. 다만 동의하지 않으면 누리집에서 신청할 수 없으며, "
    "이 경우 전화나 방문으로 신청하실 수 있습니다."
)

# 제15조 notices, one per kind of request (keys: services.models.RequestKind values).
PRIVACY_NOTICES = {
    "emergency_care": Notice(
        title="개인정보 수집·이용 동의 (필수)",
        purpose="긴급돌봄 신청 접수, 지원 대상 확인, 돌봄 인력 연계, 처리 상황과 결과 안내",
        items=(
            "신청하시는 분의 이름, 전화번호, 전자우편(선택), 돌봄이 필요한 분과의 관계 / "
            "돌봄이 필요한 분이 사는 자치구, 연령대, 출생연도(선택), 돌봄이 필요한 상황, "
            "필요한 돌봄, 희망 시작일, 더 알려 주신 내용(선택)"
        ),
        retention=RETENTION,
        refusal=_REFUSAL,
    ),
    "consulting": Notice(
        title="개인정보 수집·이용 동의 (필수)",
        purpose="상담·컨설팅 신청 접수, 일정 조율, 상담·컨설팅 진행과 결과 안내",
        items=(
            "담당자 이름, 전화번호, 전자우편(선택) / 기관명, 사업자등록번호, 기관 유형, "
            "기관 소재지 자치구, 상담 주제, 희망 일정(선택), 상담받고 싶은 내용, 첨부파일(선택)"
        ),
        retention=RETENTION,
        refusal=_REFUSAL,
    ),
}

# 제23조: a separate consent, needed only when sensitive information is given.
SENSITIVE_NOTICE = Notice(
    title="민감정보(건강·장애 정보) 처리 동의",
    purpose="돌봄이 필요한 분에게 알맞은 돌봄 인력과 서비스를 연계",
    items="돌봄이 필요한 분의 장애 여부",
    retention=RETENTION,
    refusal=(
        "동의를 거부할 권리가 있습니다. 장애가 있다고 답한 경우 동의하지 않으면 누리집에서 "
        "신청할 수 없으며, 이 경우 전화나 방문으로 신청하실 수 있습니다. 장애가 없다고 "
        "답했다면 동의하지 않아도 됩니다."
    ),
)

SENSITIVE_CONSENT_REQUIRED = (
    "장애가 있다고 답한 경우 민감정보(건강·장애 정보) 처리에 동의해야 누리집에서 신청할 수 "
    "있습니다. 동의하지 않으려면 전화나 방문으로 신청해 주세요."
)
