from django.urls import path
from rest_framework.routers import DefaultRouter

from agencies.api import AgencyViewSet
from complaints.api import ComplaintActionViewSet, ComplaintViewSet
from rankings.api import LeaderboardView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("agencies", AgencyViewSet, basename="agency")
router.register("complaints", ComplaintViewSet, basename="complaint")
router.register("complaints", ComplaintActionViewSet, basename="complaint-action")

urlpatterns = [
    path("leaderboard/", LeaderboardView.as_view(), name="api-leaderboard"),
    *router.urls,
]
