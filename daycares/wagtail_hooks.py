"""Admin: the childcare programmes are snippets editors manage under 스니펫."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ChildcareProgramme


@register_snippet
class ChildcareProgrammeViewSet(SnippetViewSet):
    model = ChildcareProgramme
    icon = "group"
    menu_label = "보육 프로그램"
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    ordering = ["-kind", "name"]
