"""The request kinds the requests package itself owns (called from the
services app config; other kinds register from their own packages)."""

from services.models import ConsultingDetails, EmergencyCareDetails, RequestKind
from services.requests import consent, kinds
from services.requests.forms import ConsultingForm, EmergencyCareForm
from services.requests.staff.request_summary import summary_fields


def register() -> None:
    # Both keep the default details builder: the form's `details_fields`, as cleaned.
    kinds.register(kinds.Kind(
        kind=RequestKind.EMERGENCY_CARE, form_class=EmergencyCareForm, details_model=EmergencyCareDetails,
        reference_prefix="EC", privacy_notice=consent.PRIVACY_NOTICES["emergency_care"],
        # Who needs care, why, what help and from when: the top of the staff page.
        staff_summary=summary_fields("situation", "services_needed", "desired_start", "age_group",
                                     "applicant_relation", "description"),
    ))
    kinds.register(kinds.Kind(
        kind=RequestKind.CONSULTING, form_class=ConsultingForm, details_model=ConsultingDetails,
        reference_prefix="CN", privacy_notice=consent.PRIVACY_NOTICES["consulting"],
        staff_summary=summary_fields("organisation_name", "provider_type", "topics", "preferred_dates",
                                     "description"),
    ))
