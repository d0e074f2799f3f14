from .legal import LegalPage, PrivacyPolicyPage, PrivacyPolicyRevision
from .notices import NoticeIndexPage, NoticePage
from .pages import ContentPage, HomePage, HomePageQuickLink
from .settings import ContactSettings

__all__ = [
    "ContactSettings", "ContentPage", "HomePage", "HomePageQuickLink", "LegalPage", "NoticeIndexPage",
    "NoticePage", "PrivacyPolicyPage", "PrivacyPolicyRevision",
]
