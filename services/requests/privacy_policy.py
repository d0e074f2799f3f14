"""What the 개인정보처리방침 says about the online services, built from the code
they run on, so that the policy and the forms cannot drift.

`facts()` is handed to the policy page (home.models.legal.PrivacyPolicyPage)
when the app starts (services/apps.py) and called each time the page is
rendered. It reads, for every registered kind of request
(services.requests.kinds):

- the consent notice people agree to (purpose, items, retention; 제15조),
  and any further consent the form asks for (민감정보, 제23조);
- the form's own questions, by section, with whether each must be answered:
  what is really asked, whatever the notice says;
- the reference prefix people see on their confirmation;

and, for the whole system, the retention the purge really applies
(services.requests.retention), how long unsent answers and uploads live
(SESSION_COOKIE_AGE, services.requests.attachments), what staff access is
logged (services.requests.audit), the login protection and the transport
security the settings switch on, and who processes data for the agency
(outsourcing, 제26조): the mail server when it is another party's. The site
sends no text messages (there is no SMS setting or code); a sender added
later belongs in `processors()`.

Nothing here renders HTML: the page's template lays the facts out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from services.models import RequestKind
from services.requests import attachments, audit, kinds, retention
from services.requests.consent import Notice

LOCAL_MAIL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@dataclass(frozen=True)
class Question:
    label: str
    required: bool


@dataclass(frozen=True)
class FormSection:
    title: str
    questions: list[Question]


@dataclass(frozen=True)
class Service:
    """One kind of request, as the policy describes it."""

    kind: str
    name: str
    reference_prefix: str
    notice: Notice  # the 제15조 consent on its form
    sections: list[FormSection]  # what the form asks
    further_consents: list[Notice]  # e.g. 민감정보 (제23조)
    takes_files: bool


@dataclass(frozen=True)
class Processor:
    """Someone who processes personal data on the agency's behalf (제26조)."""

    task: str
    trustee: str  # an editor's name for them, else what the settings say
    items: str


@dataclass(frozen=True)
class PolicyFacts:
    services: list[Service]
    retention_years: int  # what purge_expired_requests applies
    session_hours: float  # how long unsent answers live (the session)
    upload_hours: float  # how long an unsent upload may wait before it is removed
    logged_actions: list[str]  # staff actions written to the access log
    login_failure_limit: int
    login_cooldown_minutes: int
    encrypted_transport: bool
    mail_leaves_the_system: bool
    mail_host: str
    sms_provider: str = ""  # who delivers 문자, when they leave the system

    @property
    def sensitive(self) -> list[tuple[Service, Notice]]:
        return [(service, notice) for service in self.services for notice in service.further_consents]

    def processors(self, mail_processor_name: str = "") -> list[Processor]:
        """The outsourced processing the settings show. `mail_processor_name`:
        the company's name as the editors know it (the settings know only a host)."""
        found = []
        if self.mail_leaves_the_system:
            found.append(Processor(
                task="신청 접수·처리 상황·교육 일정 안내 전자우편 발송",
                trustee=mail_processor_name or f"전자우편 발송 서버({self.mail_host}) 운영자",
                items="받는 분의 전자우편 주소, 이름, 접수번호와 안내 내용",
            ))
        if self.sms_provider:
            found.append(Processor(
                task="신청 접수·처리 상황 안내 문자(SMS·LMS) 발송",
                trustee=self.sms_provider,
                items="받는 분의 휴대전화 번호, 접수번호와 안내 내용 (이름과 신청 내용은 보내지 않습니다)",
            ))
        return found


def facts() -> PolicyFacts:
    return PolicyFacts(
        services=[_service(kind) for kind in kinds.registered()],
        retention_years=retention.RETENTION_YEARS,
        session_hours=_hours(settings.SESSION_COOKIE_AGE),
        upload_hours=_hours(attachments.stale_age().total_seconds()),
        logged_actions=list(audit.LABELS.values()),
        login_failure_limit=settings.AXES_FAILURE_LIMIT,
        login_cooldown_minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        encrypted_transport=bool(getattr(settings, "SECURE_SSL_REDIRECT", False)
                                 or getattr(settings, "SECURE_HSTS_SECONDS", 0)),
        mail_leaves_the_system=_mail_leaves_the_system(),
        mail_host=settings.EMAIL_HOST,
        sms_provider=SMS_PROVIDERS.get(settings.SMS_BACKEND, ""),
    )


# SMS backends that hand numbers to another company (console, memory and
# file backends send nothing anywhere).
SMS_PROVIDERS = {"services.requests.sms.solapi.SmsBackend": "문자 발송 대행사 (SOLAPI)"}


def _service(kind: kinds.Kind) -> Service:
    # An unbound form, as the page shows it first: its labels (with the
    # kind's overrides) and which answers it requires.
    form = kind.form_class()
    notices = form.consent_notices()
    sections = [
        FormSection(title, [Question(form.plain_labels[name], form.fields[name].required) for name in names])
        for title, names in form.sections
    ]
    further = [notice for name, notice in notices.items() if name != "privacy_consent"]
    return Service(
        kind=kind.kind,
        name=_kind_name(kind.kind),
        reference_prefix=kind.reference_prefix,
        notice=notices.get("privacy_consent", kind.privacy_notice),
        sections=sections,
        further_consents=further,
        takes_files=bool(form.file_field),
    )


def _kind_name(value: str) -> str:
    try:
        return RequestKind(value).label
    except ValueError:
        return value


def _mail_leaves_the_system() -> bool:
    """Mail goes through another party only with the SMTP backend and a mail
    server that is not this machine (console, file and memory backends in
    development and tests send nothing anywhere)."""
    host = settings.EMAIL_HOST.strip().lower()
    return settings.EMAIL_BACKEND == SMTP_BACKEND and host not in LOCAL_MAIL_HOSTS


def _hours(seconds: float) -> float:
    hours = seconds / 3600
    return int(hours) if hours == int(hours) else round(hours, 1)
