from .casebooks import CasebookCase, CasebookIndexPage, CasebookPage, CasebookPageTag
from .catalogue import CareService
from .centres import CentreIndexPage, CentrePage
from .contacts import Team
from .feedback import TrainingFeedback
from .jobs import PeriodicJobRun
from .notification_failures import FailedNotification, NotificationChannel, NotificationEvent
from .request_details import ConsultingDetails, EmergencyCareDetails, RequestAttachment, TrainingBooking
from .request_forms import RequestFormPage
from .requests import (
    OPEN_STATUSES,
    TRANSITIONS,
    Queue,
    RequestKind,
    RequestUpdate,
    RoutingRule,
    ServiceRequest,
    Status,
)
from .service_pages import ServiceIndexPage, ServicePage
from .trainings import TrainingIndexPage, TrainingPage, TrainingSession

__all__ = [
    "OPEN_STATUSES", "TRANSITIONS",
    "CareService", "CasebookCase", "CasebookIndexPage", "CasebookPage", "CasebookPageTag",
    "CentreIndexPage", "CentrePage", "Queue", "RequestKind", "RequestUpdate", "RoutingRule",
    "ConsultingDetails", "EmergencyCareDetails", "FailedNotification", "NotificationChannel",
    "NotificationEvent",
    "PeriodicJobRun", "RequestAttachment", "RequestFormPage",
    "ServiceIndexPage", "ServicePage", "ServiceRequest", "Status", "Team",
    "TrainingBooking", "TrainingFeedback", "TrainingIndexPage", "TrainingPage", "TrainingSession",
]
