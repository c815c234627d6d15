"""The OpenAPI description of the API, as schemathesis checks it (tests/test_api_schema.py).

Every operation can answer an error, and every error has the one shape of errors.py: each
operation documents it as its `default` response, so a 400, 403, 404 or 500 is described too.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ErrorSerializer(serializers.Serializer):
    """{"error": {"code", "message", "fields"}}: what every refused or failed request answers."""

    error = ErrorDetailSerializer()


class ShuhiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response" and "default" not in responses:
            responses["default"] = self._get_response_for_code(ErrorSerializer, "default", ["application/json"])
            responses["default"]["description"] = "Error"
        return responses
