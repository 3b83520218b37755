from django.urls import path

from reports import submission_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    # Before the generic <level>/<code>/ patterns.
    path("gui-bao-cao/<str:code>/", submission_views.submit, name="submit"),
    path("theo-doi/<str:code>/", submission_views.follow, name="follow"),
    path("da-gui/<int:pk>/", submission_views.detail, name="submission"),
    path("xuat/<int:pk>/", views.job_detail, name="job"),
    path("tinh-lai/<slug:level>/<str:code>/", views.place_refresh, name="refresh"),
    path("<slug:level>/<str:code>/", views.place_dashboard, name="place"),
    path("<slug:level>/<str:code>/export.<slug:fmt>", views.place_export, name="export"),
]
