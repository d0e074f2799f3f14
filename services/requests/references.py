"""Reference numbers (접수번호) people can read aloud over the phone.

EC-3972-0518-4461: the kind's two-letter prefix, then twelve digits in three
groups of four. Digits, because Latin letters are hard to read aloud and to
hear in Korean ("비" or "브이"?), while "삼구칠이 공오일팔 사사육일" is how
people already read phone and card numbers.

Eleven digits are drawn with `secrets`; the twelfth is a Damm check digit,
which catches every single wrong digit and every swap of two neighbouring
digits. So a mistyped or misheard reference is told apart from an unknown one
before any database query ("숫자 하나가 틀린 것 같습니다"), and a wrong
digit can never lead to somebody else's request.

Why eleven random digits (10^11) and not more: the letters used before gave
29^8 ≈ 5.0 × 10^11, five times as many, yet a reference alone opens nothing.
The status lookup also needs the phone number given with the request, and it
is rate-limited per client (RATE_LIMIT_LOOKUPS_PER_15_MINUTES, 20 by default:
1,920 tries a day). Someone who knows a person's phone number and tries
references from one address for a whole year finds that person's request with
a chance of about 7 in a million (1.4 in a million before); with a thousand
addresses, 0.7 %. A fourth group of digits would make that 10,000 times
smaller and every reference a third longer to read out and to type, which is
what people do with it every day. Should the lookup ever lose its limits or
its second factor, raise `GROUPS` (and keep accepting three groups).

What people type is forgiven (`normalise`): full-width digits and letters
(NFKC), lower case, spaces, hyphens, dots and dashes anywhere, the prefix
typed with the keyboard in Korean mode ("ㄷㅊ" for EC, "추" for CN), and the
prefix left out altogether: a reference of digits only is looked up under
every registered prefix (`resolve`), since the digits alone are as hard to
guess and the prefix is what a caller is least likely to read out.

References made before (EC-BXFS-SQZA: eight characters of `ALPHABET`, no
check digit) are never changed; they normalise to their stored form and are
found as before (with their prefix: their letters are typed anyway).

Uniqueness is guaranteed by the database (a unique column);
`create_with_reference` retries on the rare collision.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

from django.db import IntegrityError, transaction

from services.requests import kinds

GROUPS = 3  # of four digits; the last digit is the check digit
DIGITS = 4 * GROUPS
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # references made before: no 0/O, 1/I/L, U/V
ATTEMPTS = 5

# How stored references look (a guard wherever one becomes a path, e.g. retention).
STORED_FORMAT = re.compile(
    rf"[A-Z]{{2}}-(?:\d{{4}}(?:-\d{{4}}){{{GROUPS - 1}}}|[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}})"
)
_NEW = re.compile(rf"([A-Z]{{2}})?(\d{{{DIGITS}}})")
_OLD = re.compile(rf"([A-Z]{{2}})([{ALPHABET}]{{8}})")
_PREFIX_TYPED_IN_KOREAN = re.compile(r"(\D+)(\d+)")

EXAMPLE_DIGITS = "12345678901"
TYPO_MESSAGE = "접수번호의 숫자 하나가 틀린 것 같습니다. 다시 확인해 주세요."

# Damm's quasigroup of order 10 (weakly totally anti-symmetric): running the
# digits through it ends in 0 exactly when the check digit is right.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def _damm(digits: str) -> int:
    interim = 0
    for digit in digits:
        interim = _DAMM[interim][int(digit)]
    return interim


def check_digit(digits: str) -> str:
    """The digit that makes `digits` + it pass the Damm check."""
    return str(_damm(digits))


def _grouped(prefix: str, digits: str) -> str:
    groups = "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    return f"{prefix}-{groups}" if prefix else groups


def new_reference(kind: str) -> str:
    body = "".join(secrets.choice("0123456789") for _ in range(DIGITS - 1))
    return _grouped(kinds.get(kind).reference_prefix, body + check_digit(body))


EXAMPLE = _grouped("EC", EXAMPLE_DIGITS + check_digit(EXAMPLE_DIGITS))  # for hints: a valid one
FORMAT_MESSAGE = f"접수번호는 {EXAMPLE} 처럼 입력해 주세요."


# The 2-beolsik (두벌식) keyboard: which Latin key types each jamo, so that a
# prefix typed with the keyboard left in Korean mode ("ㄷㅊ", "추") is read as
# the letters meant (EC, CN). Initials, medials and finals, in Unicode order.
_LEADS = "r R s e E f a q Q t T d w W c z x v g"
_VOWELS = "k o i O j p u P h hk ho hl y n nj np nl b m ml l"
_TAILS = "r R rt s sw sg e f fr fa fq ft fx fv fg a q qt t T d w c z x v g"
_KEYS = {
    chr(first + i): key
    for first, keys in ((0x1100, _LEADS), (0x1161, _VOWELS), (0x11A8, _TAILS))
    for i, key in enumerate(keys.split())
}


def _as_typed_in_latin(hangul: str) -> str:
    # NFD splits syllables (추 → ᄎ ᅮ); NFKC already made compatibility jamo conjoining ones.
    return "".join(_KEYS.get(jamo, jamo) for jamo in unicodedata.normalize("NFD", hangul)).upper()


def _format(compact: str) -> str | None:
    if match := _NEW.fullmatch(compact):
        return _grouped(match[1] or "", match[2])
    if match := _OLD.fullmatch(compact):
        return _grouped(match[1], match[2])
    return None


def normalise(text: str) -> str:
    """What a person typed → the stored form ("ec 3972 0518 4461" → "EC-3972-0518-4461";
    digits only → "3972-0518-4461", see `resolve`). Anything else comes back as
    its letters and digits, upper case (for searches)."""
    compact = "".join(ch for ch in unicodedata.normalize("NFKC", str(text)).upper() if ch.isalnum())
    formatted = _format(compact)
    if formatted is None and (typed := _PREFIX_TYPED_IN_KOREAN.fullmatch(compact)) and not typed[1].isascii():
        formatted = _format(_as_typed_in_latin(typed[1]) + typed[2])
    return formatted or compact


def is_well_formed(reference: str) -> bool:
    """Shaped like a reference of ours (check digit not checked), prefix or not."""
    return _format(normalise(reference).replace("-", "")) is not None


def is_valid(reference: str) -> bool:
    """Well formed, and the check digit is right (references made before have none)."""
    compact = normalise(reference).replace("-", "")
    if match := _NEW.fullmatch(compact):
        return _damm(match[2]) == 0
    return _OLD.fullmatch(compact) is not None


def candidates(reference: str) -> list[str]:
    """The stored references a normalised one may be: itself, or, without its
    prefix, the digits under every registered kind's prefix."""
    if _NEW.fullmatch(reference.replace("-", "")) and not reference[:1].isalpha():
        return [f"{kind.reference_prefix}-{reference}" for kind in kinds.registered()]
    return [reference]


def resolve(reference: str, queryset) -> str:
    """The stored form of a normalised reference: for digits without a prefix,
    the one of `queryset` (e.g. ServiceRequest.objects) that has them (one
    indexed query), else the first candidate, which finds nothing."""
    found = candidates(reference)
    if len(found) > 1:
        return queryset.filter(reference__in=found).values_list("reference", flat=True).first() or found[0]
    return found[0] if found else reference


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
