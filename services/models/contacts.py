"""Who answers the telephone about a service: the agency's teams (a snippet).

Many people who use the site would rather call than read, so every page
that could make someone want to call names the team that can help and its
number (the "문의" block, site/templates/includes/contact.html). A team is
linked from the pages and queues that need one; the functions below find the
right team where a page has none of its own, so that every request form and
every request has a number:

- a request form: its own team, else that of the service page whose
  "신청하기" leads to it, else the team of its kind's queue;
- a kind of request: the team of its live form page, else of its queue;
- a request: the team of the queue it is in (a request moved to another
  queue is answered by that queue's team), else that of its kind.

Only team numbers belong here: never a person's name or extension.
"""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet


@register_snippet
class Team(models.Model):
    """A team of the agency that answers enquiries, e.g. 사업지원팀."""

    name = models.CharField("팀 이름", max_length=60, help_text="예: 사업지원팀")
    slug = models.SlugField(
        "주소용 이름", max_length=60, unique=True,
        help_text="콘텐츠 불러오기가 팀을 찾는 영문 이름 (예: business-support). 바꾸지 마세요.",
    )
    phone = models.CharField(
        "전화번호", max_length=40,
        help_text="팀의 대표 번호 (예: 02-2038-8569). 개인 번호나 직원 개인의 내선은 적지 마세요.",
    )
    email = models.EmailField("전자우편", blank=True, help_text="팀이 함께 보는 주소만 (선택).")
    hours = models.CharField(
        "전화 받는 시간", max_length=100, blank=True, help_text="예: 평일 09:00–18:00 (선택)",
    )
    answers_about = models.CharField(
        "문의 분야", max_length=120, blank=True,
        help_text="첫 화면의 '전화로 문의하기'에 팀 이름과 함께 보입니다. 예: 긴급돌봄, 민간기관 교육·컨설팅",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("phone"), FieldPanel("email"),
              FieldPanel("hours"), FieldPanel("answers_about")]

    class Meta:
        ordering = ["name"]
        verbose_name = "문의 담당 팀"
        verbose_name_plural = "문의 담당 팀"

    def __str__(self):
        return f"{self.name} ({self.phone})" if self.phone else self.name


def contact_team_field(help_text: str):
    """The link from a page or queue to the team that answers about it."""
    return models.ForeignKey(
        Team, verbose_name="문의 담당 팀", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=help_text,
    )


def for_form_page(page) -> Team | None:
    """The team of a request form page (see the module docstring)."""
    if page.contact_team_id:
        return page.contact_team
    from .service_pages import ServicePage

    service = (ServicePage.objects.filter(apply_page=page, contact_team__isnull=False)
               .select_related("contact_team").order_by("path").first())
    if service is not None:
        return service.contact_team
    return _for_queue_of(page.kind)


def for_kind(kind: str) -> Team | None:
    """The team that helps with a kind of request (e.g. in the form's messages)."""
    from .request_forms import RequestFormPage

    page = RequestFormPage.objects.live().filter(kind=kind).order_by("path").first()
    if page is not None:
        return for_form_page(page)
    return _for_queue_of(kind)


def for_request(service_request) -> Team | None:
    """The team to call about one request."""
    queue = service_request.queue
    if queue.contact_team_id:
        return queue.contact_team
    return for_kind(service_request.kind)


def default_team() -> Team | None:
    """The team of the queue that takes requests no rule matches: the one to
    call when it is not yet known which request someone calls about."""
    from .requests import Queue

    queue = Queue.objects.filter(is_fallback=True).select_related("contact_team").first()
    return queue.contact_team if queue is not None else None


def _for_queue_of(kind: str) -> Team | None:
    from .requests import RoutingRule

    rule = (RoutingRule.objects.filter(kind=kind, district="", queue__contact_team__isnull=False)
            .select_related("queue__contact_team").first())
    return rule.queue.contact_team if rule is not None else default_team()
