"""The two online application forms, placed under /services/, and the
"신청하기" buttons on the matching service pages.

Facts used (seed 000, 2023 업무보고): 긴급돌봄 is run by the agency's
긴급돌봄지원단 (사업지원팀) with the regional 종합재가센터; support for private
providers (재무·회계·법무·노무 상담과 경영 컨설팅) is run by 사업지원팀. No
phone numbers, names or processing times: the documents give none usable.
The sentences are ours.

`load(home, report)` is idempotent: existing form pages (by slug) are kept
as editors left them, and a service page's `apply_page` is set only when
it is empty.
"""

from dataclasses import dataclass

from home.seed_content import ensure_page
from services.models import RequestFormPage, RequestKind, ServiceIndexPage, ServicePage


@dataclass(frozen=True)
class FormPage:
    kind: str
    slug: str
    title: str
    intro: str
    form_help: str
    check_help: str
    what_happens_next: str
    service_slug: str  # the ServicePage whose "신청하기" button leads here


_CHECK_HELP = (
    "<p>보낸 뒤에는 누리집에서 내용을 고칠 수 없습니다. 고칠 내용이 생기면 접수번호와 함께 "
    "담당 팀에 알려 주십시오.</p>"
)

FORM_PAGES = [
    FormPage(
        kind=RequestKind.EMERGENCY_CARE,
        slug="emergency-care-application",
        title="긴급돌봄 신청",
        intro=(
            "기존 돌봄이 갑자기 끊기거나 당장 돌봄이 필요한 아동·장애인·노인을 위해 긴급돌봄을 "
            "신청합니다. 본인, 가족, 관계기관 담당자 누구나 신청할 수 있습니다."
        ),
        form_help=(
            "<p>신청하기 전에 다음을 확인해 주십시오.</p>"
            "<ul><li>연락받을 전화번호</li><li>돌봄이 필요한 분이 사는 자치구</li>"
            "<li>언제부터 어떤 도움이 필요한지</li></ul>"
            "<p>주민등록번호는 묻지 않습니다.</p>"
        ),
        check_help=_CHECK_HELP,
        what_happens_next=(
            "<ol>"
            "<li>돌봄이 필요한 분이 사는 자치구를 맡은 종합재가센터 또는 사회서비스원 긴급돌봄지원단이 "
            "신청 내용을 확인합니다.</li>"
            "<li>담당자가 신청서에 적은 전화번호로 연락해 상황을 여쭙고, 지원할 수 있는지 알려 드립니다.</li>"
            "<li>지원이 정해지면 긴급돌봄 인력이 찾아가 돌봄을 제공합니다.</li>"
            "</ol>"
        ),
        service_slug="emergency-care",
    ),
    FormPage(
        kind=RequestKind.CONSULTING,
        slug="consulting-application",
        title="민간기관 상담·컨설팅 신청",
        intro=(
            "민간 사회서비스 제공기관이 재무·회계, 법무, 노무 등에 관한 상담과 경영 컨설팅을 "
            "신청합니다."
        ),
        form_help=(
            "<p>신청하기 전에 다음을 준비해 주십시오.</p>"
            "<ul><li>기관의 사업자등록번호</li><li>상담받고 싶은 주제와 내용</li>"
            "<li>상담에 필요한 자료가 있으면 그 파일 (3개까지, 파일 하나에 10MB까지)</li></ul>"
        ),
        check_help=_CHECK_HELP,
        what_happens_next=(
            "<ol>"
            "<li>사회서비스원 본부 사업지원팀이 신청 내용을 확인합니다.</li>"
            "<li>담당자가 신청서에 적은 전화번호로 연락해 상담 일정과 방법을 정합니다.</li>"
            "<li>정한 일정에 상담이나 컨설팅을 진행합니다.</li>"
            "</ol>"
        ),
        service_slug="provider-support",
    ),
]


# The booking form for trainings lives under the training index
# (/trainings/booking/); each session's "신청하기" links to it with ?session=<id>.
TRAINING_FORM = FormPage(
    kind=RequestKind.TRAINING,
    slug="booking",
    title="교육 신청",
    intro="사회서비스원이 여는 교육에 참석을 신청합니다. 한 사람이 한 회차에 한 자리를 신청합니다.",
    form_help=(
        "<p>신청하기 전에 다음을 확인해 주십시오.</p>"
        "<ul><li>기관의 사업자등록번호</li><li>참석하시는 분의 전화번호와 전자우편 주소 "
        "(확정 안내와 일정 파일을 전자우편으로 보냅니다)</li></ul>"
        "<p>정원이 차면 대기자로 신청됩니다. 앞선 분이 취소하면 순서대로 자리가 확정되고 "
        "전자우편으로 알려 드립니다.</p>"
    ),
    check_help=(
        "<p>보내는 순간 자리가 정해집니다. 자리가 남아 있으면 바로 확정(승인이 필요한 교육은 "
        "승인 대기)되고, 정원이 찼으면 대기 순번을 알려 드립니다.</p>"
    ),
    what_happens_next=(
        "<ol><li>확정 안내와 일정 파일(.ics)을 전자우편으로 보냅니다.</li>"
        "<li>교육 며칠 전에 다시 알려 드립니다.</li>"
        "<li>참석할 수 없게 되면 전자우편의 링크에서 신청을 취소해 주십시오. 대기하시는 분께 "
        "자리가 돌아갑니다.</li></ol>"
    ),
    service_slug="provider-support",
)


def load_training_form(training_index, report) -> RequestFormPage:
    spec = TRAINING_FORM
    return ensure_page(
        training_index, RequestFormPage, spec.slug, report,
        title=spec.title, kind=spec.kind, intro=spec.intro, form_help=spec.form_help,
        check_help=spec.check_help, what_happens_next=spec.what_happens_next, show_in_menus=False,
    )


def load(home, report) -> dict[str, RequestFormPage]:
    """Create the form pages under the services index and link the service
    pages to them. Returns {kind: form page}."""
    index = ServiceIndexPage.objects.child_of(home).first()
    if index is None:
        return {}
    pages = {}
    for spec in FORM_PAGES:
        page = ensure_page(
            index, RequestFormPage, spec.slug, report,
            title=spec.title, kind=spec.kind, intro=spec.intro, form_help=spec.form_help,
            check_help=spec.check_help, what_happens_next=spec.what_happens_next,
            show_in_menus=False,
        )
        pages[spec.kind] = page
        _link_service(index, spec.service_slug, page)
    return pages


def _link_service(index, slug, form_page):
    """Point the service page's "신청하기" button at the form, unless an editor chose one."""
    service = ServicePage.objects.child_of(index).filter(slug=slug).first()
    if service is None or service.apply_page_id:
        return
    if service.has_unpublished_changes:
        # Leave the editor's draft alone; the live page gets the button.
        ServicePage.objects.filter(pk=service.pk).update(apply_page=form_page)
        return
    service.apply_page = form_page
    service.save_revision().publish()
