"""The public application forms (긴급돌봄 신청, 민간기관 상담·컨설팅 신청).

Every kind shares `RequestForm` (base.py): the contact fields, the district
that routes the request, the consent block, the honeypot, the KRDS layout
and the "check your answers" summary (summary.py). A kind's form declares only
what differs (emergency_care.py, consulting.py); its package registers it
with services.requests.kinds, and the page
(services.models.request_forms.RequestFormPage) runs the same flow for every
kind. Other packages' forms (e.g. the training booking form) build on these
names and live in their own package.
"""

from services.requests.forms.base import HONEYPOT, REMOVE_FILES, RequestForm
from services.requests.forms.consulting import ConsultingForm, ProviderFields
from services.requests.forms.emergency_care import EmergencyCareForm
from services.requests.forms.fields import (
    DESCRIPTION_MAX,
    YES_NO,
    FirstOptionBoundField,
    PlainTextField,
    text_input,
    textarea,
    to_data,
    yes_no,
)
from services.requests.forms.summary import SummaryRow, SummarySection

__all__ = [
    "DESCRIPTION_MAX",
    "HONEYPOT",
    "REMOVE_FILES",
    "YES_NO",
    "ConsultingForm",
    "EmergencyCareForm",
    "FirstOptionBoundField",
    "PlainTextField",
    "ProviderFields",
    "RequestForm",
    "SummaryRow",
    "SummarySection",
    "text_input",
    "textarea",
    "to_data",
    "yes_no",
]
