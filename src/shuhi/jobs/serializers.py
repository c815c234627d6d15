from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from shuhi.jobs.models import Job
from shuhi.jobs.permissions import can_read_error_detail


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = Job
        fields = ["id", "kind", "title", "status", "done", "total", "percent", "message", "result",
                  "error_detail", "created_at", "started_at", "finished_at"]
        extra_kwargs = {"error_detail": {"help_text": _(
            "The traceback of a failed job; present for administrators only.")}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not can_read_error_detail(request.user):
            data.pop("error_detail", None)
        return data
