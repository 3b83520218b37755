from django.urls import path

from mentors import views

app_name = "mentors"
urlpatterns = [
    path("mentor/", views.mentor_home, name="home"),
    path("mentor/cases/<int:pk>/visit/", views.visit_log, name="visit_log"),
    path("mentor/visits/<int:pk>/correct/", views.visit_correct, name="visit_correct"),
    path("mentors/caseload/", views.caseload, name="caseload"),
    path("mentors/<int:pk>/deactivate/", views.mentor_deactivate, name="deactivate"),
]
