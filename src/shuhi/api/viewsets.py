"""Base viewsets: every queryset comes from the permission gate."""

from __future__ import annotations

from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied

from shuhi.api.permissions import CanChangeObject, IsVerifiedUser


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    model: type
    permission_classes = [IsVerifiedUser, CanChangeObject]

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


class ScopedViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedReadOnlyViewSet):
    """Reads through the gate; writes through the app's services (see perform_create/update)."""

    create_roles: frozenset[str] = frozenset()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def check_create_allowed(self) -> None:
        user = self.request.user
        if user.is_supplier or user.role not in self.create_roles:
            raise PermissionDenied()
