from .notices import NoticeIndexPage, NoticePage
from .pages import ContentPage, HomePage, HomePageQuickLink
from .settings import ContactSettings

__all__ = ["ContactSettings", "ContentPage", "HomePage", "HomePageQuickLink", "NoticeIndexPage", "NoticePage"]
