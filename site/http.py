"""HTTP responses the site's views share."""

from django.http import HttpResponseRedirect


class SeeOther(HttpResponseRedirect):
    """303: after a POST, the browser GETs the next step (no resubmission on reload)."""

    status_code = 303
