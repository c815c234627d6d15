"""REST routes of the disclosure register; shuhi/api_urls.py registers `routes`.

The same gate and the same services as the pages: lists come from the app's selectors, every
change is an action check (`require_action`) followed by a service, and a refused rule of the
policy or the workflow answers 400 with its messages. Stamped files are listed here and
downloaded from their page, which counts and records each supplier download.
"""

from __future__ import annotations

from django.db.models import Count, Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from shuhi.core.permissions import require_action
from shuhi.core.rest.params import choice_param, id_parameter, int_param
from shuhi.core.rest.viewsets import ScopedReadOnlyViewSet, ScopedViewSet
from shuhi.disclosures import permissions as can
from shuhi.disclosures import selectors, services, services_leak
from shuhi.disclosures import serializers as s
from shuhi.disclosures.models import DisclosedFile, Disclosure, LeakNotice, LeakResponse, Nda
from shuhi.ledger.models import InformationAsset

DISCLOSURE_STATUSES = [*selectors.STATUS_FILTERS, *Disclosure.Status.values]


def _text(value) -> str:
    return "" if value is None else str(value)


class NdaViewSet(ScopedViewSet):
    """NDAs (秘密保持契約). Filters: supplier (id: the supplier's or its sub-supplier's NDAs), state."""

    model = Nda
    serializer_class = s.NdaSerializer
    create_check = can.can_manage_ndas
    update_check = can.can_manage_ndas

    @extend_schema(parameters=[id_parameter("supplier", "supplier or sub-supplier id"),
                               OpenApiParameter("state", str, enum=list(Nda.STATES))])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        request = self.request
        if self.action != "list":
            return super().get_queryset()
        return selectors.ndas(request.user, supplier=_text(int_param(request, "supplier")),
                              state=choice_param(request, "state", list(Nda.STATES), default="") or "")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.nda_create(
            actor=self.request.user, organisation=self.request.user.organisation, supplier=data.pop("supplier"),
            sub_supplier=data.pop("sub_supplier", None), assets=data.pop("scope_assets", ()),
            projects=data.pop("scope_projects", ()), activate=data.pop("activate", False), **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        # The parties are fixed once the NDA exists; a new party needs a new NDA.
        for name in ("supplier", "sub_supplier", "activate"):
            data.pop(name, None)
        if "starts_on" in data or "ends_on" in data:
            # Both dates as dates: the service compares the new term with the stored one.
            data.setdefault("starts_on", serializer.instance.starts_on)
            data.setdefault("ends_on", serializer.instance.ends_on)
        serializer.instance = services.nda_update(
            actor=self.request.user, nda=serializer.instance, assets=data.pop("scope_assets", None),
            projects=data.pop("scope_projects", None), **data)


class DisclosureViewSet(ScopedViewSet):
    """Disclosures: which assets went to which supplier, under which NDA, until when.

    POST requests a disclosure to a first-tier supplier (checked against the policy); the actions
    move it along: approve or reject, hand over, confirm receipt, certify return or destruction.
    Filters: status (open, held, ended or a status), supplier (id), asset (id), q (number, purpose).
    """

    model = Disclosure
    serializer_class = s.DisclosureSerializer
    create_check = can.can_request_disclosure
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=DISCLOSURE_STATUSES),
                               id_parameter("supplier", "supplier or sub-supplier id"),
                               id_parameter("asset", "asset id"), OpenApiParameter("q", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        request = self.request
        if self.action != "list":
            return super().get_queryset()
        return selectors.disclosures(
            request.user, status=choice_param(request, "status", DISCLOSURE_STATUSES, default="") or "",
            supplier=_text(int_param(request, "supplier")), asset=_text(int_param(request, "asset")),
            q=request.query_params.get("q", "")).prefetch_related("assets", "files")

    def get_serializer_class(self):
        return s.DisclosureRequestSerializer if self.action == "create" else s.DisclosureSerializer

    def _answer(self, disclosure: Disclosure, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.DisclosureSerializer(disclosure, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=s.DisclosureRequestSerializer, responses={201: s.DisclosureSerializer})
    def create(self, request, *args, **kwargs):
        require_action(can.can_request_disclosure, request.user)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        disclosure = services.disclosure_request(actor=request.user, organisation=request.user.organisation,
                                                 **body.validated_data)
        return self._answer(disclosure, status.HTTP_201_CREATED)

    def _body(self, serializer_class, request) -> dict:
        body = serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data

    @extend_schema(request=s.DecisionSerializer, responses={200: s.DisclosureSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve a request; the policy is checked again, with the executive's exception if one is given."""
        disclosure = self.get_object()
        require_action(can.can_decide_disclosure, request.user, disclosure)
        data = self._body(s.DecisionSerializer, request)
        return self._answer(services.disclosure_decide(actor=request.user, disclosure=disclosure, approve=True,
                                                       **data))

    @extend_schema(request=s.RejectionSerializer, responses={200: s.DisclosureSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        disclosure = self.get_object()
        require_action(can.can_decide_disclosure, request.user, disclosure)
        data = self._body(s.RejectionSerializer, request)
        return self._answer(services.disclosure_decide(actor=request.user, disclosure=disclosure, approve=False,
                                                       reason=data["reason"]))

    @extend_schema(request=s.HandOverSerializer, responses={200: s.DisclosureSerializer})
    @action(detail=True, methods=["post"], url_path="hand-over")
    def hand_over(self, request, pk=None):
        """The secrets leave: for a portal or e-mail disclosure the stamped files must be attached."""
        disclosure = self.get_object()
        require_action(can.can_hand_over, request.user, disclosure)
        data = self._body(s.HandOverSerializer, request)
        return self._answer(services.disclosure_hand_over(actor=request.user, disclosure=disclosure, on=data["on"]))

    @extend_schema(request=None, responses={200: s.DisclosureSerializer})
    @action(detail=True, methods=["post"], url_path="confirm-receipt")
    def confirm_receipt(self, request, pk=None):
        disclosure = self.get_object()
        require_action(can.can_confirm_receipt, request.user, disclosure)
        return self._answer(services.disclosure_confirm_receipt(actor=request.user, disclosure=disclosure))

    @extend_schema(request=s.CertifyEndSerializer, responses={200: s.DisclosureSerializer})
    @action(detail=True, methods=["post"], url_path="certify-end")
    def certify_end(self, request, pk=None):
        """The holder certifies that every copy was returned or destroyed."""
        disclosure = self.get_object()
        require_action(can.can_certify_end, request.user, disclosure)
        data = self._body(s.CertifyEndSerializer, request)
        return self._answer(services.disclosure_certify_end(actor=request.user, disclosure=disclosure, **data))


class DisclosedFileViewSet(ScopedReadOnlyViewSet):
    """Stamped files handed over in disclosures, with their hashes and fingerprints. The file itself is
    downloaded from `download_url`, which records a supplier's download."""

    model = DisclosedFile
    serializer_class = s.DisclosedFileSerializer

    @extend_schema(parameters=[id_parameter("disclosure", "disclosure id")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        rows = super().get_queryset()
        disclosure = int_param(self.request, "disclosure") if self.action == "list" else None
        return rows if disclosure is None else rows.filter(disclosure_id=disclosure)


class AssetHoldersViewSet(ScopedReadOnlyViewSet):
    """Who holds an asset now, across the chain: suppliers and, through them, sub-suppliers.

    The list gives the assets someone holds, with the number of holders; an asset's page gives each
    holder with its disclosures, since when, copies and NDA. For those who may read holders only.
    """

    model = InformationAsset
    lookup_value_regex = "[0-9]+"

    def get_serializer_class(self):
        return s.AssetHoldersDetailSerializer if self.action == "retrieve" else s.AssetHoldersSerializer

    def get_queryset(self):
        rows = super().get_queryset()
        if self.action == "list" and not can.can_read_holders(self.request.user):
            return rows.none()
        held = Q(disclosures__status__in=Disclosure.HELD)
        rows = rows.annotate(holder_count=Count("disclosures__recipient", filter=held, distinct=True))
        return rows.filter(holder_count__gt=0).order_by("code", "pk") if self.action == "list" else rows

    def retrieve(self, request, *args, **kwargs):
        asset = self.get_object()  # out of reach: 404 first
        require_action(can.can_read_holders, request.user, asset)
        return Response(self.get_serializer(asset).data)


class LeakResponseViewSet(ScopedReadOnlyViewSet):
    """Leak responses (the outsourcer's own): the asset, the trace, the steps, holders notified and
    acknowledged, and the timeline. Filter: status (open, closed)."""

    model = LeakResponse
    serializer_class = s.LeakResponseSerializer

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=LeakResponse.Status.values)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        state = choice_param(self.request, "status", LeakResponse.Status.values, default="") \
            if self.action == "list" else ""
        return (selectors.leak_responses(self.request.user, status=state or "").prefetch_related("events")
                .order_by("-opened_at", "-pk"))


class LeakNoticeViewSet(ScopedReadOnlyViewSet):
    """What each holder was told in a leak response; `answer` acknowledges it and reports what was done."""

    model = LeakNotice
    serializer_class = s.LeakNoticeSerializer
    parser_classes = [JSONParser]

    def get_queryset(self):
        return selectors.leak_notices(self.request.user).prefetch_related("disclosures")

    @extend_schema(request=s.NoticeAnswerSerializer, responses={200: s.LeakNoticeSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        notice = self.get_object()
        require_action(can.can_answer_leak_notice, request.user, notice)
        body = s.NoticeAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        notice = services_leak.leak_notice_answer(actor=request.user, notice=notice, **body.validated_data)
        return Response(s.LeakNoticeSerializer(notice, context=self.get_serializer_context()).data)


routes = [
    ("ndas", NdaViewSet),
    ("disclosures", DisclosureViewSet),
    ("disclosed-files", DisclosedFileViewSet),
    ("asset-holders", AssetHoldersViewSet),
    ("leak-responses", LeakResponseViewSet),
    ("leak-notices", LeakNoticeViewSet),
]
