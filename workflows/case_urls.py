"""The case forms whose consequences the lifecycle orchestration writes (workflows.case_views).
Mounted under /cases/ and /mentors/ beside the apps' own pages, with the paths they had."""

from django.urls import path

from workflows import case_views

app_name = "lifecycle"
urlpatterns = [
    path("cases/<int:pk>/transition/<slug:name>/", case_views.case_transition, name="transition"),
    path("cases/<int:pk>/assign/", case_views.assign, name="assign"),
    path("mentors/handover/", case_views.handover, name="handover"),
    path("cases/<int:pk>/ket-thuc-theo-thoi-han/", case_views.end_by_clock, name="end_by_clock"),
]
