"""iCalendar (.ics) files of training sessions: the feed of upcoming
sessions and one session's file, for people to put in their calendars.

Times are local to Seoul with TZID=Asia/Seoul and the VTIMEZONE that
defines it, so calendar programs in any time zone show the right hour. An
event's UID names the session and never changes, so a file downloaded again
(or the feed refreshed) updates the same entry instead of adding another.
LOCATION is the place in words: the online address is sent to confirmed
attendees only and is never put in a public file. The producer (PRODID)
names the agency as the site setting has it (home.identity).
"""

import datetime
from urllib.parse import urlsplit

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from home import identity


def prodid(name: str) -> str:
    """The calendar's producer (RFC 5545 PRODID): the agency and the product."""
    return f"-//{name}//교육 안내//KO"


def domain(url: str) -> str:
    return urlsplit(url).hostname or "localhost"


def session_uid(session, domain: str) -> str:
    return f"training-session-{session.pk}@{domain}"


def session_event(session, page_url: str, stamp: datetime.datetime) -> Event:
    page = session.page
    event = Event.new(
        uid=session_uid(session, domain(page_url)),
        summary=page.title,
        start=session.starts_at,
        end=session.ends_at,
        location=session.place,
        url=page_url,
        description=page.summary,
        stamp=stamp,
    )
    if page.is_cancelled or session.is_cancelled:
        # Whoever saved the session earlier sees it marked cancelled.
        event.add("STATUS", "CANCELLED")
    return event


def build(name: str, uid: str, sessions_with_urls, stamp=None, request=None) -> Calendar:
    """A calendar of (session, page URL) pairs, with the time zone they use.
    `request` picks the site whose agency it is (else the default site's)."""
    stamp = stamp or timezone.now()
    agency = identity.current(request).name
    calendar = Calendar.new(prodid=prodid(agency), name=name, organization=agency, uid=uid)
    calendar.add("X-WR-TIMEZONE", timezone.get_current_timezone_name())
    earliest = None
    for session, url in sessions_with_urls:
        calendar.add_component(session_event(session, url, stamp))
        earliest = min(earliest or session.date, session.date)
    if earliest is not None:
        # Only the rules in force from the first session on (Korea has had no summer time since 1988).
        calendar.add_missing_timezones(first_date=earliest - datetime.timedelta(days=366))
    return calendar


def response(calendar: Calendar, filename: str) -> HttpResponse:
    """The calendar as a download; `filename` must be ASCII."""
    result = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    return result
