from django.urls import path

from cases import audit_views, duplicate_views, list_export, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("export.xlsx", list_export.case_list_export, name="list_export"),
    path("duplicates/", duplicate_views.duplicate_list, name="duplicates"),
    path("duplicates/merge/", duplicate_views.duplicate_merge, name="duplicate_merge"),
    path("escalations/", audit_views.escalation_inbox, name="escalations"),
    path("notifications/", audit_views.notification_list, name="notifications"),
    path("notifications/<int:pk>/read/", audit_views.notification_read, name="notification_read"),
    path("lookup/", audit_views.case_lookup, name="lookup"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/timeline/", audit_views.case_timeline, name="timeline"),
    path("<int:pk>/print/", audit_views.case_print, name="print"),
    path("<int:pk>/export.pdf", audit_views.case_export_pdf, name="export_pdf"),
    path("<int:pk>/reason/", audit_views.access_reason, name="access_reason"),
    path("<int:pk>/access/", audit_views.case_access_list, name="access_log"),
    path("<int:pk>/subject/", views.subject_edit, name="subject_edit"),
    path("<int:pk>/concern/", audit_views.flag_concern, name="concern"),
]
