"""Reference numbers (접수번호) people can read aloud over the phone.

EC-7K4M-2QXD: a prefix for the kind and eight characters drawn at random
from an alphabet without look-alikes (no 0/O, 1/I/L, U/V). 29^8 ≈ 5.0 × 10^11
possibilities, so a reference cannot be guessed; uniqueness is guaranteed by
the database (a unique column), and `create_with_reference` retries on the
rare collision.
"""

import secrets

from django.db import IntegrityError, transaction

from services.requests import kinds

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
ATTEMPTS = 5


def new_reference(kind: str) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{kinds.get(kind).reference_prefix}-{body[:4]}-{body[4:]}"


def normalise(reference: str) -> str:
    """What a person typed → the stored form: case, spaces and dashes forgiven."""
    cleaned = "".join(ch for ch in reference.upper() if ch.isalnum())
    if len(cleaned) != 10:
        return cleaned
    return f"{cleaned[:2]}-{cleaned[2:6]}-{cleaned[6:]}"


def create_with_reference(model, kind: str, **fields):
    """Save a new `model` row with a fresh reference, retrying on a collision."""
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():  # a savepoint: a collision leaves the outer transaction usable
                return model.objects.create(reference=new_reference(kind), kind=kind, **fields)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
