"""The signer for links that act as a key: the status link (which allows
withdrawal) and the survey link, sent by e-mail.

They are checked against the current SECRET_KEY only, never against
SECRET_KEY_FALLBACKS. Rotating the key is how a deployment recovers from a
leaked one; a link signed with the old key must stop working at that moment,
or anyone holding the leaked key could still forge links. Staff sessions do
use the fallbacks (Django's default), so rotating does not log staff out.
"""

from django.core import signing


def signer(salt: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=salt, fallback_keys=[])


def token_for(salt: str, field: str, pk: int) -> str:
    """A tamper-proof, expiring token naming one row by its pk under `field`."""
    return signer(salt).sign_object({field: pk})


def pk_from_token(salt: str, field: str, token: str, max_age) -> int | None:
    """The pk a token names, or None when it is forged, damaged or expired."""
    try:
        value = signer(salt).unsign_object(token, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None
    pk = value.get(field) if isinstance(value, dict) else None
    return pk if isinstance(pk, int) and not isinstance(pk, bool) else None
