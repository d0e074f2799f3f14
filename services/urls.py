"""Public request URLs, included from the site's urls under `requests/`."""

from django.urls import path

from services.requests import lookup
from services.requests.sms import links as sms_links
from services.training import survey as surveys

app_name = "request_status"

urlpatterns = [
    path("status/", lookup.lookup, name="lookup"),
    path("status/view/", lookup.detail, name="detail"),
    path("status/withdraw/", lookup.withdraw, name="withdraw"),
    path("status/end/", lookup.end, name="end"),
    # The link in an SMS: the lookup with the reference filled in (services.requests.sms.links).
    path("s/<str:code>/", sms_links.open_short_link, name="short"),
    path("status/reply/", lookup.reply, name="reply"),
    # The survey after a training (services.training.survey); "thanks" and "answer" are never
    # tokens (no ":").
    path("survey/thanks/", surveys.thanks, name="survey_thanks"),
    path("survey/answer/", surveys.answer, name="survey_answer"),
    path("survey/<str:token>/", surveys.survey, name="survey"),
    # Last: a signed token never equals one of the words above (it contains ":").
    path("status/<str:token>/", lookup.signed, name="signed"),
]
