"""Admin: editors keep the search's synonym list under 스니펫."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymGroup


@register_snippet
class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = "검색 동의어"
    list_display = ["__str__", "note"]
    search_fields = ["terms"]
