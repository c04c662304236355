from __future__ import annotations

from typing import Any

import django_filters
from auditlog.context import set_actor
from auditlog.middleware import AuditlogMiddleware
from django.db.models import Q, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.request import Request

from accounts.roles import roles_of
from agencies import selectors
from agencies.models import Agency, AgencyKind, OfficialAccount, Platform


class PortalMember(permissions.BasePermission):
    """Reads: anyone with a role (outsiders get 404, not 403). Writes: the communications
    office (others with a role get 403)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        roles = roles_of(request.user)
        if not roles.has_any:
            raise Http404
        if request.method in permissions.SAFE_METHODS:
            return True
        return roles.registrar


class OfficialAccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = OfficialAccount
        fields = ["platform", "handle", "external_id", "display_name", "profile_url",
                  "is_platform_verified", "status", "is_active"]
        read_only_fields = fields


class HeadHandleSerializer(serializers.Serializer):
    platform = serializers.CharField()
    handle = serializers.CharField()


class HeadSerializer(serializers.Serializer):
    name = serializers.CharField()
    position_title = serializers.CharField()
    since = serializers.DateTimeField()
    email = serializers.EmailField(required=False, help_text="Only for leaders, the communications office and the agency itself.")
    phone = serializers.CharField(required=False, help_text="Only for leaders, the communications office and the agency itself.")
    handles = HeadHandleSerializer(many=True)


class AgencySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="slug", queryset=Agency.objects.all(), allow_null=True, required=False
    )
    expected_platforms = serializers.ListField(
        child=serializers.ChoiceField(choices=Platform.choices), required=False
    )
    head = serializers.SerializerMethodField()
    accounts = OfficialAccountSerializer(many=True, read_only=True)

    class Meta:
        model = Agency
        fields = ["slug", "name", "short_name", "kind", "parent", "phone", "whatsapp", "website",
                  "expected_platforms", "calendar", "is_active", "head", "accounts"]

    @extend_schema_field(HeadSerializer(allow_null=True))
    def get_head(self, agency: Agency) -> dict[str, Any] | None:
        membership = selectors.agency_head(agency)
        if membership is None:
            return None
        user = membership.user
        data: dict[str, Any] = {
            "name": user.full_name,
            "position_title": membership.position_title,
            "since": membership.started_at,
            "handles": [{"platform": h.platform, "handle": h.handle} for h in user.handles.all()],
        }
        request = self.context.get("request")
        if request is not None and selectors.can_see_contacts(roles_of(request.user), agency):
            data["email"] = user.email
            data["phone"] = user.phone
        return data

    def validate_parent(self, parent: Agency | None) -> Agency | None:
        node = parent
        while node is not None and self.instance is not None:
            if node.pk == self.instance.pk:
                raise serializers.ValidationError("An agency cannot be its own ancestor.")
            node = node.parent
        return parent


class AgencyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices)
    parent = django_filters.CharFilter(field_name="parent__slug")
    q = django_filters.CharFilter(method="search", label="Search name, short name or slug")

    class Meta:
        model = Agency
        fields = ["kind", "parent", "is_active"]

    def search(self, qs: QuerySet[Agency], name: str, value: str) -> QuerySet[Agency]:
        return qs.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(slug__icontains=value))


@extend_schema_view(
    list=extend_schema(summary="List agencies"),
    retrieve=extend_schema(summary="One agency, with its head and official accounts"),
    create=extend_schema(summary="Register an agency (communications office)"),
    update=extend_schema(summary="Change an agency (communications office)"),
    partial_update=extend_schema(summary="Change an agency (communications office)"),
)
class AgencyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    mixins.UpdateModelMixin, viewsets.GenericViewSet,
):
    """Agencies are never deleted through the API: set `is_active` to false instead."""

    serializer_class = AgencySerializer
    # Token first: its `WWW-Authenticate` header turns "not signed in" into 401 (with session
    # auth first, DRF answers 403, which reads as "signed in but not allowed").
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [PortalMember]
    filterset_class = AgencyFilter
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Agency]:
        return selectors.agency_list(include_inactive=roles_of(self.request.user).region_wide)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        with _audit_as(self.request):
            serializer.save()

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        with _audit_as(self.request):
            serializer.save()


def _audit_as(request: Request) -> Any:
    """AuditlogMiddleware reads the user before DRF authenticates a token, so API writes
    would be logged without an actor: name it here."""
    return set_actor(
        request.user,
        remote_addr=AuditlogMiddleware._get_remote_addr(request),
        remote_port=AuditlogMiddleware._get_remote_port(request),
    )
