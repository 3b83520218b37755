from django.urls import path

from areas import views

app_name = "areas"
urlpatterns = [
    path("search/", views.place_search, name="search"),
]
