from django.urls import path

from mentors import views

app_name = "mentors"
urlpatterns = [
    path("cases/<int:pk>/assign/", views.assign, name="assign"),
]
