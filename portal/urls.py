from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from platforms import views as platform_views
from platforms import webhooks
from portal import health, views

# The Django admin signs in through allauth too (so two-factor applies there as well).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Sigap"
admin.site.site_title = "Sigap"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("agencies/", include("agencies.urls")),
    path("agencies/<slug:slug>/posts/", include("platforms.posts.urls")),
    path("agencies/<slug:slug>/settings/", include("agencies.agency_settings.urls")),
    path("calendar-proposals/", include("agencies.agency_settings.review_urls")),
    path("manage/messages/", include("complaints.message_templates")),
    path("manage/", include("accounts.urls")),
    path("notifications/", include("complaints.notifications.urls")),
    path("complaints/", include("complaints.urls")),
    path("leaderboard/", include("rankings.urls")),
    path("evaluations/", include("rankings.evaluation.urls")),
    path("api/v1/", include("portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("coverage/", platform_views.coverage_page, name="coverage"),
    path("connections/", include("platforms.oauth.urls")),
    path("webhooks/x/", webhooks.x_webhook, name="webhook-x"),
    path("webhooks/meta/", webhooks.meta_webhook, name="webhook-meta"),
    path("admin/", admin.site.urls),
]
