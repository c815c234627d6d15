"""Choosing a person: accounts in the order of their reading, with names that repeat told apart.

Japanese names sort by their reading (あいうえお順), not by the code points of their kanji, so a
picker orders accounts by the reading an app knows for them (the people register's kana, for an
account linked to a registered person) and falls back to the name. Two 佐藤 健 in one list are
told apart by their department, and by their e-mail address when that repeats too.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from shuhi.core.registry import REGISTRY


def register_reading(lookup: str) -> None:
    """An app names a lookup from the user to a reading (e.g. the people register's "person__kana")."""
    if lookup not in REGISTRY.readings:
        REGISTRY.readings.append(lookup)


def by_reading(users: QuerySet) -> QuerySet:
    """`users` ordered by reading, then name and e-mail, with the reading as `reading`."""
    readings = [NullIf(F(lookup), Value("")) for lookup in REGISTRY.readings]
    reading = Coalesce(*readings, F("full_name"), output_field=CharField()) if readings else F("full_name")
    return users.annotate(reading=reading).order_by("reading", "full_name", "email", "pk")


def _name(user: Any) -> str:
    return user.full_name or user.email


def distinct_labels(users: list[Any]) -> dict[int, str]:
    """pk → the label that tells each person apart: the name alone, with the department where the
    name repeats, and with the e-mail address where name and department repeat too."""
    names = Counter(_name(u) for u in users)
    with_department = Counter((_name(u), getattr(u.department, "name", "")) for u in users)
    labels = {}
    for user in users:
        name = _name(user)
        department = getattr(user.department, "name", "")
        if names[name] == 1:
            labels[user.pk] = name
        elif department and with_department[(name, department)] == 1:
            labels[user.pk] = f"{name}（{department}）"
        else:
            labels[user.pk] = f"{name}（{user.email}）" if user.full_name else name
    return labels


class UserChoiceField(forms.ModelChoiceField):
    """A person picker ordered by reading, with repeated names told apart."""

    def _set_queryset(self, queryset: QuerySet | None) -> None:
        if queryset is not None:
            queryset = by_reading(queryset.select_related("department"))
        self._labels: dict[int, str] | None = None
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj: Any) -> str:
        if self._labels is None:
            self._labels = distinct_labels(list(self.queryset))
        return self._labels.get(obj.pk) or _name(obj)


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _set_queryset(self, queryset: QuerySet | None) -> None:
        if queryset is not None:
            queryset = by_reading(queryset.select_related("department"))
        self._labels: dict[int, str] | None = None
        super()._set_queryset(queryset)

    queryset = property(forms.ModelMultipleChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj: Any) -> str:
        if self._labels is None:
            self._labels = distinct_labels(list(self.queryset))
        return self._labels.get(obj.pk) or _name(obj)
