from django.urls import path

from cases import legal_views

app_name = "legal"
urlpatterns = [
    path("<int:pk>/rut-ngan-thu-thach/", legal_views.propose_shortening, name="propose_shortening"),
    path("rut-ngan-thu-thach/<int:pk>/quyet-dinh/", legal_views.court_decision, name="court_decision"),
    path("<int:pk>/xac-minh-noi-cu-tru/", legal_views.address_check, name="address_check"),
    path("viec-theo-quy-dinh/<int:pk>/", legal_views.task, name="task"),
    path("sap-het-thoi-han/", legal_views.ending_soon, name="ending_soon"),
]
