"""GET /api/v1/leaderboard/: every agency's row for a period, in one response."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import roles_of
from agencies.models import Platform
from complaints.api import CanSeeComplaints
from rankings.contract import MAX_PERIOD_DAYS, Filters, Period
from rankings.leaderboard import RULE, as_api_row, leaderboard
from rankings.rollups import MEASURED


class LeaderboardQuery(serializers.Serializer):
    start = serializers.DateField(input_formats=["%Y-%m-%d"])
    end = serializers.DateField(input_formats=["%Y-%m-%d"])
    platform = serializers.ChoiceField(choices=Platform.choices, required=False, default="")
    category = serializers.ChoiceField(choices=[(c, c) for c in MEASURED], required=False, default="")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        start: date = data["start"]
        end: date = data["end"]
        if start > end:
            raise ValidationError({"end": _("The end date is before the start date.")})
        if (end - start).days + 1 > MAX_PERIOD_DAYS:
            raise ValidationError({"end": _("A period can be at most 3 years long.")})
        return data


class LeaderboardRowSerializer(serializers.Serializer):
    agency = serializers.SlugField()
    agency_name = serializers.CharField()
    received = serializers.IntegerField()
    responded = serializers.IntegerField()
    responded_within_target = serializers.IntegerField()
    within_target_share = serializers.FloatField(allow_null=True)
    median_first_response_minutes = serializers.FloatField(allow_null=True, help_text="Working minutes.")
    p90_first_response_minutes = serializers.IntegerField(allow_null=True, help_text="Working minutes, nearest rank.")
    median_head_ack_minutes = serializers.FloatField(allow_null=True, help_text="Working minutes.")
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()
    resolved = serializers.IntegerField()
    rank = serializers.IntegerField(allow_null=True)
    score = serializers.FloatField(allow_null=True)


class LeaderboardSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    platform = serializers.CharField()
    category = serializers.CharField()
    rule = serializers.CharField()
    region_median_first_response_minutes = serializers.FloatField(allow_null=True)
    rows = LeaderboardRowSerializer(many=True)


class LeaderboardView(APIView):
    """The mayor's office and the communications office see every agency; an agency's people
    see their own row(s) and the region's median."""

    permission_classes = [CanSeeComplaints]

    @extend_schema(
        parameters=[
            OpenApiParameter("start", date, required=True, description="First WIB day, YYYY-MM-DD."),
            OpenApiParameter("end", date, required=True, description="Last WIB day (inclusive), YYYY-MM-DD."),
            OpenApiParameter("platform", str, enum=[p for p, _ in Platform.choices]),
            OpenApiParameter("category", str, enum=list(MEASURED)),
        ],
        responses=LeaderboardSerializer,
    )
    def get(self, request: Request) -> Response:
        query = LeaderboardQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        board = leaderboard(Period(data["start"], data["end"]),
                            Filters(platform=data["platform"], category=data["category"]))
        roles = roles_of(request.user)
        rows = board.rows
        if not roles.region_wide:
            rows = [r for r in rows if r.agency_id in roles.agency_ids]
        return Response({
            "start": data["start"], "end": data["end"], "platform": data["platform"], "category": data["category"],
            "rule": RULE, "region_median_first_response_minutes": board.region_median_first_response_minutes,
            "rows": [as_api_row(r) for r in rows],
        })
