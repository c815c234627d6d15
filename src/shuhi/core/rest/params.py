"""Query parameters of the API, parsed in one place.

A query string is the attacker's to write: `?run=30804287335638572728320` overflowed the
database driver, `?run=²` passed `str.isdigit()` and then failed `int()`. Every integer parameter
goes through `int_param`, which accepts plain ASCII digits within the range of a database id
and answers anything else with the API's 400 error.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

# Every primary key is a BigAutoField: a signed 64-bit integer on SQLite and PostgreSQL alike.
MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_int(value: Any, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """`value` as an int within [minimum, maximum], or None when it is not one."""
    text = str(value)
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def int_param(request: Any, name: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """The integer query parameter `name`; None when absent; 400 when it is not a whole number
    within [minimum, maximum] (an empty `?run=` too: the schema says integer)."""
    if name not in request.query_params:
        return None
    raw = request.query_params[name]
    number = parse_int(raw, minimum=minimum, maximum=maximum)
    if number is None:
        raise ValidationError({name: [_("Enter a whole number from %(minimum)s to %(maximum)s.")
                                      % {"minimum": minimum, "maximum": maximum}]})
    return number


def choice_param(request: Any, name: str, choices: list[str] | tuple[str, ...],
                 default: str | None = None) -> str | None:
    """The query parameter `name` if it is one of `choices`; `default` when absent; 400 otherwise."""
    if name not in request.query_params:
        return default
    raw = request.query_params[name]
    if raw not in choices:
        raise ValidationError({name: [_("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)}]})
    return raw


def id_parameter(name: str, description: str = "") -> OpenApiParameter:
    """The schema of an id query parameter, with the bounds `int_param` enforces."""
    return OpenApiParameter(name, {"type": "integer", "minimum": 1, "maximum": MAX_ID}, description=description)
