"""REST shapes of training. A quiz is shown without its marks and explanations to anyone who does
not manage the modules: those come after answering, in the attempt."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shuhi.core.rest.strict import StrictJSONMixin
from shuhi.people.models import Person
from shuhi.training import permissions as can
from shuhi.training.models import Assignment, Attempt, Module, ModuleVersion


class QuizChoiceSerializer(serializers.Serializer):
    text = serializers.CharField()
    correct = serializers.BooleanField(required=False, help_text="Only for those who manage the modules.")


class QuizQuestionSerializer(serializers.Serializer):
    text = serializers.CharField()
    multiple = serializers.BooleanField(help_text="More than one choice is correct.")
    choices = QuizChoiceSerializer(many=True)
    explanation = serializers.CharField(required=False, help_text="Only for those who manage the modules.")


class ModuleSectionSerializer(serializers.Serializer):
    heading = serializers.CharField(allow_blank=True)
    body = serializers.CharField(allow_blank=True)


class ModuleVersionSerializer(serializers.ModelSerializer):
    sections = ModuleSectionSerializer(many=True, read_only=True)
    questions = serializers.SerializerMethodField()

    class Meta:
        model = ModuleVersion
        fields = ["id", "version", "title", "summary", "sections", "questions", "created_at"]
        read_only_fields = fields

    @extend_schema_field(QuizQuestionSerializer(many=True))
    def get_questions(self, version) -> list[dict]:
        request = self.context.get("request")
        full = request is not None and can.can_manage_modules(request.user, version.module)
        shown = []
        for question in version.questions:
            correct = sum(1 for c in question["choices"] if c.get("correct"))
            item = {"text": question["text"], "multiple": correct > 1,
                    "choices": [{"text": c["text"], **({"correct": bool(c.get("correct"))} if full else {})}
                                for c in question["choices"]]}
            if full:
                item["explanation"] = question.get("explanation", "")
            shown.append(item)
        return shown


class ModuleSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField()

    class Meta:
        model = Module
        fields = ["id", "code", "kind", "title", "pass_mark", "due_days", "is_active", "current", "created_at"]
        read_only_fields = fields

    @extend_schema_field(ModuleVersionSerializer(allow_null=True))
    def get_current(self, module) -> dict | None:
        version = module.current
        return ModuleVersionSerializer(version, context=self.context).data if version else None


class AssignmentSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    employee_number = serializers.CharField(source="person.employee_number", read_only=True)
    module_title = serializers.CharField(source="module.title", read_only=True)
    passed_version_number = serializers.IntegerField(source="passed_version.version", read_only=True,
                                                     allow_null=True)

    class Meta:
        model = Assignment
        fields = ["id", "person", "person_name", "employee_number", "module", "module_title", "status",
                  "assigned_on", "due_on", "passed_version", "passed_version_number", "passed_at", "score",
                  "reminders_sent", "cancel_reason", "created_at"]
        read_only_fields = fields


class AssignmentCreateSerializer(StrictJSONMixin, serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    module = serializers.PrimaryKeyRelatedField(queryset=Module.objects.all())
    due_on = serializers.DateField(required=False, allow_null=True)


class AttemptSerializer(serializers.ModelSerializer):
    version_number = serializers.IntegerField(source="version.version", read_only=True)

    class Meta:
        model = Attempt
        fields = ["id", "assignment", "version", "version_number", "mode", "answers", "correct", "total", "score",
                  "passed", "taken_on", "note", "created_at"]
        read_only_fields = fields


class QuizAnswersSerializer(StrictJSONMixin, serializers.Serializer):
    version = serializers.IntegerField(help_text="The id of the version read (the module's current one).")
    answers = serializers.DictField(child=serializers.ListField(child=serializers.IntegerField(min_value=0),
                                                                max_length=10),
                                    help_text='For each question by position ("0", "1", …), the choices ticked.')
