"""What people type into a report, read the way they mean it: figures and evidence links.

Pure functions, no database: used by the services, the import and the console's form.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.utils.translation import gettext as _

MAX_VALUE = Decimal("1e15")  # a figure is below a million billion

_VI_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567,5
_EN_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234,567.5


def _parse_decimal(raw: Any) -> Decimal:
    if isinstance(raw, Decimal):
        number = raw
    elif isinstance(raw, int | float):
        number = Decimal(str(raw))
    else:
        text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
        if _VI_GROUPED.match(text):
            text = text.replace(".", "").replace(",", ".")
        elif _EN_GROUPED.match(text):
            text = text.replace(",", "")
        elif text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # 12,5: a decimal comma
        number = Decimal(text)
    if not number.is_finite() or abs(number) >= MAX_VALUE:
        raise InvalidOperation
    if number != number.quantize(Decimal("0.01")):
        raise InvalidOperation
    return number.quantize(Decimal("0.01"))


def parse_number(raw: Any) -> Decimal | None:
    """A figure as people type it ("1.234,5" or "1234,5" the Vietnamese way, "1,234.5" or "1234.5" the
    English way, "12"); None for an empty cell. "1.234" is one thousand two hundred and thirty-four,
    as Vietnamese write it (no figure here has three decimals).

    ValueError with a message in the user's language for anything else.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        return _parse_decimal(raw)
    except (InvalidOperation, ValueError):
        raise ValueError(
            _("“%(value)s” is not a number (at most two decimals).") % {"value": str(raw)[:40]}
        ) from None


def url_key(url: str) -> str:
    """A link as compared between units: scheme and host in lower case, no fragment, no tracking
    parameters, no trailing slash; so that "https://Baomoi.com/a/?utm_source=zalo#x" and
    "https://baomoi.com/a" are the same evidence."""
    parts = urlsplit(url.strip())
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith("utm_") and k.lower() not in {"fbclid", "gclid", "zarsrc"}
        )
    )
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    return urlunsplit(
        (
            "https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower(),
            host,
            path,
            query,
            "",
        )
    )
