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
