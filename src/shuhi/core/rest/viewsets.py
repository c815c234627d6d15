"""Base viewsets: every queryset comes from the read gate, every write from an action check and a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import mixins, relations, viewsets
from rest_framework.parsers import JSONParser

from shuhi.core.permissions import require, require_action
from shuhi.core.rest.params import parse_int
from shuhi.core.rest.permissions import IsVerifiedUser
from shuhi.core.rest.schema import ShuhiAutoSchema


def limit_related_fields(serializer: Any, user: Any) -> None:
    """Offer a serializer's related fields only the rows `user` can see.

    Otherwise a foreign id answers "does not exist" or "invalid" depending on whether the row
    exists elsewhere: an existence oracle.
    """
    for field in serializer.fields.values():
        target = getattr(field, "child_relation", field)
        if isinstance(target, relations.RelatedField) and not target.read_only and target.queryset is not None:
            # Narrowed, not replaced: a serializer may already limit the field further (own organisation).
            visible = target.queryset.model.objects.visible_to(user).values("pk")
            target.queryset = target.queryset.filter(pk__in=visible)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    model: type
    permission_classes = [IsVerifiedUser]
    schema = ShuhiAutoSchema()

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_object(self):
        # An id that is no database id (too large, not a number) names nothing: 404, as for a
        # row out of reach, rather than an overflow in the database driver.
        lookup = self.lookup_url_kwarg or self.lookup_field
        if lookup in self.kwargs and parse_int(self.kwargs[lookup]) is None:
            raise Http404(_("Not found."))
        return super().get_object()

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if not kwargs.get("many") and hasattr(serializer, "fields"):
            limit_related_fields(serializer, self.request.user)
        return serializer


class ScopedViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedReadOnlyViewSet):
    """Reads through the gate; writes only through a named service, after the action check.

    A subclass names `create_check` / `update_check` (an app's `can_<verb>`) and overrides
    `perform_create` / `perform_update` to call its service. The check runs before the request
    body is validated, so a forbidden write answers 403 (or 404 when the object is out of
    reach), never a validation message that would reveal what exists.
    """

    create_check: Callable[..., bool] | None = None
    update_check: Callable[..., bool] | None = None
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Bodies are JSON: a form cannot say null, so a form body could not mean what the schema says.
    # An action that takes a file names its own parsers.
    parser_classes = [JSONParser]

    def create(self, request, *args, **kwargs):
        check = type(self).create_check
        require(check is not None)
        require_action(check, request.user)
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        target = self.get_object()  # out of reach: 404 before anything else
        check = type(self).update_check
        require(check is not None)
        require_action(check, request.user, target)
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer):
        raise NotImplementedError(f"{type(self).__name__} names no service for create")

    def perform_update(self, serializer):
        raise NotImplementedError(f"{type(self).__name__} names no service for update")
