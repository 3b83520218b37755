"""/api/v1/: every name is "api:<noun>-<verb>" (the authorisation matrix lists them)."""

from django.urls import path, re_path
from django.views.generic import RedirectView

from api import views

app_name = "api"

urlpatterns = [
    # the description and its viewers live at /api/schema/, /api/docs/, /api/redoc/ (api.doc_urls)
    path("schema/", RedirectView.as_view(pattern_name="apidocs:schema", permanent=True, query_string=True), name="schema"),
    path("docs/", RedirectView.as_view(pattern_name="apidocs:docs", permanent=True), name="docs"),
    path("redoc/", RedirectView.as_view(pattern_name="apidocs:redoc", permanent=True), name="redoc"),
    path("me/", views.MeView.as_view(), name="me"),
    path("places/provinces/", views.ProvinceList.as_view(), name="province-list"),
    path("places/communes/", views.CommuneList.as_view(), name="commune-list"),
    path("places/areas/", views.AreaList.as_view(), name="area-list"),
    path("cases/", views.CaseList.as_view(), name="case-list"),
    path("cases/<int:pk>/", views.CaseDetail.as_view(), name="case-detail"),
    path("cases/<int:pk>/timeline/", views.CaseTimeline.as_view(), name="case-timeline"),
    path("cases/<int:pk>/access-reason/", views.CaseAccessReason.as_view(), name="case-access-reason"),
    path("cases/<int:pk>/transitions/<slug:name>/", views.CaseTransition.as_view(), name="case-transition"),
    path("cases/<int:pk>/assignment/", views.CaseAssignment.as_view(), name="case-assignment"),
    path("cases/<int:pk>/visits/", views.CaseVisits.as_view(), name="case-visits"),
    path("cases/<int:pk>/reviews/", views.CaseReviews.as_view(), name="case-reviews"),
    path("cases/<int:pk>/referrals/", views.CaseReferrals.as_view(), name="case-referrals"),
    path("reviews/<int:pk>/", views.ReviewDetail.as_view(), name="review-detail"),
    path("reviews/<int:pk>/draft/", views.ReviewDraft.as_view(), name="review-draft"),
    path("reviews/<int:pk>/decision/", views.ReviewDecision.as_view(), name="review-decision"),
    path("referrals/", views.OfficeReferralList.as_view(), name="referral-list"),
    path("referrals/<int:pk>/", views.ReferralDetail.as_view(), name="referral-detail"),
    path("referrals/<int:pk>/send/", views.ReferralSend.as_view(), name="referral-send"),
    path("referrals/<int:pk>/withdraw/", views.ReferralWithdraw.as_view(), name="referral-withdraw"),
    path("referrals/<int:pk>/accept/", views.ReferralAccept.as_view(), name="referral-accept"),
    path("referrals/<int:pk>/decline/", views.ReferralDecline.as_view(), name="referral-decline"),
    path("referrals/<int:pk>/outcome/", views.ReferralOutcome.as_view(), name="referral-outcome"),
    path("referrals/<int:pk>/follow-up/", views.ReferralFollowUp.as_view(), name="referral-follow-up"),
    path("referrals/<int:pk>/close/", views.ReferralClose.as_view(), name="referral-close"),
    path("notifications/", views.NotificationList.as_view(), name="notification-list"),
    path("notifications/<int:pk>/read/", views.NotificationRead.as_view(), name="notification-read"),
    path("reports/<slug:level>/<str:code>/", views.PlaceReport.as_view(), name="report-place"),
    # any other address under /api/v1/, newlines included (`.` alone stops at one): a JSON 404
    re_path(r"^[\s\S]*$", views.NotFoundView.as_view(), name="not-found"),
]
