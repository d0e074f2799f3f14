from .casebooks import CasebookCase, CasebookIndexPage, CasebookPage, CasebookPageTag
from .catalogue import CareService
from .centres import CentreIndexPage, CentrePage
from .service_pages import ServiceIndexPage, ServicePage

__all__ = [
    "CareService", "CasebookCase", "CasebookIndexPage", "CasebookPage", "CasebookPageTag",
    "CentreIndexPage", "CentrePage", "ServiceIndexPage", "ServicePage",
]
