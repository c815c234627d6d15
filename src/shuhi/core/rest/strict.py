"""JSON bodies are taken at their word: a value of the wrong JSON type is refused, not coerced.

DRF reads `{"name": 0}` as the string "0", `{"is_active": 0}` as false and `{"tier": "7"}` as the
id 7. The schema says string, boolean and integer, so those bodies are wrong, and a client that
sends them has a bug it should hear about (schemathesis' negative_data_rejection check found
them). Form bodies (file uploads) carry only strings and are left to DRF's own parsing.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import relations, serializers


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _type_problem(field: serializers.Field, value: Any) -> Any:
    """Why `value` is of the wrong JSON type for `field` (for a list, per item), or None when it is right."""
    if value is None:
        return None  # allow_null is DRF's to decide
    if isinstance(field, relations.ManyRelatedField):
        if not isinstance(value, list):
            return _("Must be a list.")
        return next((_("Must be a list of ids.") for item in value if not _is_int(item)), None)
    if isinstance(field, relations.PrimaryKeyRelatedField):
        return None if _is_int(value) else _("Must be an id (a whole number).")
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else _("Must be true or false.")
    if isinstance(field, serializers.IntegerField):
        return None if _is_int(value) else _("Must be a whole number.")
    if isinstance(field, serializers.FloatField):
        return None if _is_int(value) or isinstance(value, float) else _("Must be a number.")
    if isinstance(field, serializers.ChoiceField):
        # MultipleChoiceField is a ChoiceField too: its value is a list of choices.
        values = value if isinstance(field, serializers.MultipleChoiceField) and isinstance(value, list) else [value]
        return next((_("Must be a string.") for item in values if not isinstance(item, str)), None)
    if isinstance(field, (serializers.CharField, serializers.DateField, serializers.DateTimeField,
                          serializers.TimeField)):
        return None if isinstance(value, str) else _("Must be a string.")
    if isinstance(field, serializers.ListField):
        if not isinstance(value, list):
            return _("Must be a list.")
        items = {index: [problem] for index, item in enumerate(value) if (problem := _type_problem(field.child, item))}
        return items or None
    if isinstance(field, serializers.Serializer):
        return None if isinstance(value, dict) else _("Must be an object.")
    return None


class StrictJSONMixin:
    """Mix into a Serializer: a JSON body's values must have the JSON types its fields document."""

    def to_internal_value(self, data):
        problems = {}
        if isinstance(data, dict) and not isinstance(data, QueryDict):
            for name, field in self.fields.items():
                if field.read_only or field.source == "*" or name not in data:
                    continue
                problem = _type_problem(field, data[name])
                if problem:
                    problems[name] = problem if isinstance(problem, dict) else [problem]
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            # The other fields' problems too, so that one answer lists everything to fix.
            raise serializers.ValidationError({**exc.detail, **problems}) from exc
        if problems:
            raise serializers.ValidationError(problems)
        return value


class BoundedCharField(serializers.CharField):
    """A CharField whose max_length counts the text as sent, as the schema's maxLength does.

    DRF trims surrounding whitespace before it checks the length, so a value one character too
    long that starts with a space (or a form feed) would be accepted against the documented limit."""

    def to_internal_value(self, data):
        if self.max_length is not None and isinstance(data, str) and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)
