"""schema.org descriptions (JSON-LD) of the agency and its places."""

from home.models.settings import ContactSettings

FOUNDING_DATE = "2019-02-28"  # seed 000: 설립일 2019. 2. 28.


def postal_address(street: str) -> dict:
    return {
        "@type": "PostalAddress",
        "streetAddress": street,
        "addressLocality": "서울특별시",
        "addressCountry": "KR",
    }


def organisation(page, request=None) -> dict:
    # for_request: the same object the footer reads, one query for both.
    contact = ContactSettings.for_request(request) if request else ContactSettings.for_site(page.get_site())
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": contact.organisation_name,
        "url": page.get_full_url(request),
        "foundingDate": FOUNDING_DATE,
        "slogan": "언제든, 어디서든, 믿음직한 동반자",
    }
    if contact.address:
        data["address"] = postal_address(contact.address)
    if contact.phone:
        data["telephone"] = contact.phone
    if contact.email:
        data["email"] = contact.email
    return data


def place(page, schema_type: str, request=None, **extra) -> dict:
    """A centre or a daycare: a place run by the agency."""
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "name": page.title,
        "url": page.get_full_url(request),
        "parentOrganization": {"@type": "GovernmentOrganization", "name": "서울특별시 사회서비스원"},
    }
    if getattr(page, "address", ""):
        data["address"] = postal_address(page.address)
    if getattr(page, "phone", ""):
        data["telephone"] = page.phone
    data.update({key: value for key, value in extra.items() if value not in (None, "")})
    return data
