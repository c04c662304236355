from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.roles import roles_of
from agencies.models import Agency, Platform
from complaints import responses, selectors, tagging
from complaints.models import Category, Complaint, Dispatch, Status
from complaints.services import TransitionRefused


class CanSeeComplaints(permissions.BasePermission):
    """Signed in with a role; outsiders get 404 like on the pages."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if not roles_of(request.user).has_any:
            raise Http404
        return True


class AuthorSerializer(serializers.Serializer):
    name = serializers.CharField()
    handle = serializers.CharField()


class ComplaintSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    author = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "number", "platform", "external_id", "author", "text", "category", "agency",
            "routing_reason", "status", "received_at", "first_response_at",
            "first_response_working_minutes", "first_response_calendar_minutes", "within_target",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(AuthorSerializer)
    def get_author(self, complaint: Complaint) -> dict[str, str]:
        return {"name": complaint.author_name, "handle": complaint.author_handle}


def _moment(value: str, *, end_of_day: bool) -> datetime:
    """An ISO date (a whole day in the region's time zone) or datetime; both ends inclusive."""
    zone = ZoneInfo(settings.TIME_ZONE)
    try:
        day = parse_date(value)  # a bare date is a whole day (parse_datetime would take midnight)
        parsed = None if day else parse_datetime(value)
    except ValueError:
        day = parsed = None
    if parsed is not None:
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
    if day is None:
        raise ValidationError(f"{value!r} is not an ISO 8601 date or datetime.")
    if end_of_day:
        return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone) - timedelta(microseconds=1)
    return datetime.combine(day, time.min, tzinfo=zone)


class MomentFilter(django_filters.CharFilter):
    def __init__(self, *args: Any, end_of_day: bool = False, **kwargs: Any) -> None:
        self.end_of_day = end_of_day
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        try:
            moment = _moment(value, end_of_day=self.end_of_day)
        except ValidationError as exc:
            raise serializers.ValidationError({self.field_name: exc.messages}) from exc
        lookup = "lte" if self.end_of_day else "gte"
        return qs.filter(**{f"received_at__{lookup}": moment})


class ComplaintFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(field_name="agency__slug")
    status = django_filters.ChoiceFilter(choices=Status.choices)
    category = django_filters.ChoiceFilter(choices=Category.choices)
    platform = django_filters.ChoiceFilter(choices=Platform.choices)
    received_after = MomentFilter(
        field_name="received_after", help_text="ISO 8601 date (a whole WIB day) or datetime; inclusive."
    )
    received_before = MomentFilter(
        field_name="received_before", end_of_day=True,
        help_text="ISO 8601 date (a whole WIB day) or datetime; inclusive.",
    )

    class Meta:
        model = Complaint
        fields = ["agency", "status", "category", "platform"]


@extend_schema_view(
    list=extend_schema(summary="Complaints the caller may see, newest first"),
    retrieve=extend_schema(summary="One complaint by its number (SGP-2026-000123)"),
)
class ComplaintViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ComplaintSerializer
    permission_classes = [CanSeeComplaints]
    filterset_class = ComplaintFilter
    lookup_field = "number"
    lookup_value_regex = r"SGP-\d{4}-\d{6}"

    def get_queryset(self) -> QuerySet[Complaint]:
        return selectors.complaint_list_for_user(self.request.user).order_by("-received_at", "-pk")


class ReplyRequestSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The reply, as the citizen will read it.", trim_whitespace=True)


class DispatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dispatch
        fields = ["id", "purpose", "channel", "status", "text", "external_id", "sent_at", "error"]
        read_only_fields = fields


class HandOffSerializer(serializers.Serializer):
    agency = serializers.SlugRelatedField(slug_field="slug", queryset=Agency.objects.filter(is_active=True))
    reason = serializers.CharField(max_length=300)


class NotOursSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


def _complaint_for_action(request: Request, number: str) -> Complaint:
    return selectors.complaint_get_for_user(request.user, number)


def _require_member(request: Request, complaint: Complaint) -> None:
    roles = roles_of(request.user)
    if complaint.agency_id is None or not roles.member_of(complaint.agency_id):
        raise PermissionDenied("Hanya staf dan kepala OPD yang memegang aduan ini yang bisa melakukannya.")


class ComplaintActionViewSet(viewsets.ViewSet):
    """What people do to a complaint through the API (the workspace pages call the same
    services)."""

    permission_classes = [CanSeeComplaints]
    lookup_field = "number"
    lookup_value_regex = r"SGP-\d{4}-\d{6}"

    @extend_schema(
        summary="Reply to the citizen from the agency's account (posted through the platform's API)",
        request=ReplyRequestSerializer, responses={202: DispatchSerializer},
        description="Idempotent with an `Idempotency-Key` header: the same key posts once. A platform that "
                    "refuses turns the reply into a manual task (status `manual`).",
    )
    @action(detail=True, methods=["post"])
    def replies(self, request: Request, number: str) -> Response:
        complaint = _complaint_for_action(request, number)
        _require_member(request, complaint)
        body = ReplyRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key") or f"{request.user.pk}:{body.validated_data['text']}"
        try:
            dispatch = tagging.reply_request(complaint=complaint, user=request.user,
                                             text=body.validated_data["text"], key=key)
        except tagging.ReplyRefused as exc:
            raise ApiValidationError({"text": [str(exc)]}) from exc
        dispatch.refresh_from_db()
        return Response(DispatchSerializer(dispatch).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(summary="Hand the complaint to another agency (leader, comms)", request=HandOffSerializer,
                   responses={200: ComplaintSerializer})
    @action(detail=True, methods=["post"], url_path="handoff")
    def handoff(self, request: Request, number: str) -> Response:
        complaint = _complaint_for_action(request, number)
        roles = roles_of(request.user)
        if not (roles.leader or roles.comms or roles.superuser):
            raise PermissionDenied("Hanya pimpinan dan Diskominfo yang bisa menyerahkan aduan ke OPD lain.")
        body = HandOffSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        via = "leader" if roles.leader else "comms"
        try:
            responses.complaint_hand_off(complaint=complaint, agency=body.validated_data["agency"],
                                         actor=request.user, reason=body.validated_data["reason"], via=via)
        except TransitionRefused as exc:
            raise ApiValidationError({"agency": [f"Tidak bisa diserahkan: {exc}"]}) from exc
        complaint.refresh_from_db()
        return Response(ComplaintSerializer(complaint).data)

    @extend_schema(summary="Not our remit: back to the communications office's triage", request=NotOursSerializer,
                   responses={200: ComplaintSerializer})
    @action(detail=True, methods=["post"], url_path="not-ours")
    def not_ours(self, request: Request, number: str) -> Response:
        complaint = _complaint_for_action(request, number)
        _require_member(request, complaint)
        body = NotOursSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            responses.complaint_to_triage(complaint=complaint, actor=request.user,
                                          reason=body.validated_data["reason"])
        except TransitionRefused as exc:
            raise ApiValidationError({"reason": [f"Tidak bisa: {exc}"]}) from exc
        complaint.refresh_from_db()
        return Response(ComplaintSerializer(complaint).data)
