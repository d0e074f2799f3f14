"""schema.org descriptions (JSON-LD) of the agency and its places."""

from home import identity

FOUNDING_DATE = "2019-02-28"  # seed 000: 설립일 2019. 2. 28.


def postal_address(street: str) -> dict:
    return {
        "@type": "PostalAddress",
        "streetAddress": street,
        "addressLocality": "서울특별시",
        "addressCountry": "KR",
    }


def organisation(page, request=None) -> dict:
    # With the request: the same object the footer reads, one query for both.
    contact = identity.current(request)
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": contact.organisation_name,
        "url": page.get_full_url(request),
        "foundingDate": FOUNDING_DATE,
    }
    if contact.slogan:
        data["slogan"] = contact.slogan
    if contact.logo:
        data["logo"] = _absolute(contact.logo.get_rendition("max-600x600").url, request)
    if contact.address:
        data["address"] = postal_address(contact.address)
    if contact.phone:
        data["telephone"] = contact.phone
    if contact.email:
        data["email"] = contact.email
    return data


def _absolute(url: str, request=None) -> str:
    return request.build_absolute_uri(url) if request is not None else url


def publisher(request=None) -> dict:
    """The agency as the one that runs a place or publishes an article."""
    return {"@type": "GovernmentOrganization", "name": identity.current(request).name}


def place(page, schema_type: str, request=None, **extra) -> dict:
    """A centre or a daycare: a place run by the agency."""
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "name": page.title,
        "url": page.get_full_url(request),
        "parentOrganization": publisher(request),
    }
    if getattr(page, "address", ""):
        data["address"] = postal_address(page.address)
    if getattr(page, "phone", ""):
        data["telephone"] = page.phone
    data.update({key: value for key, value in extra.items() if value not in (None, "")})
    return data
