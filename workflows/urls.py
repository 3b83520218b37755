from django.urls import path

from workflows import views

app_name = "workflows"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("review/<int:task_pk>/", views.review_task, name="review_task"),
    path("delegations/", views.delegations, name="delegations"),
    path("delegations/<int:pk>/revoke/", views.delegation_revoke, name="delegation_revoke"),
    path("reminders/", views.reminder_settings, name="reminder_settings"),
]
