from django.urls import path

from support import views

app_name = "support"
urlpatterns = [
    path("support/", views.inbox, name="inbox"),
    path("support/referrals/", views.followed, name="followed"),
    path("support/referrals/<int:pk>/", views.detail, name="detail"),
    path("support/referrals/<int:pk>/accept/", views.accept, name="accept"),
    path("support/referrals/<int:pk>/decline/", views.decline, name="decline"),
    path("support/referrals/<int:pk>/outcome/", views.outcome, name="outcome"),
    path("support/referrals/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("support/referrals/<int:pk>/close/", views.close, name="close"),
    path("support/referrals/<int:pk>/link/", views.partner_link, name="link"),
    path("support/partners/new/", views.partner_create, name="partner_create"),
    path("support/cases/<int:pk>/refer/", views.create, name="create"),
    path("support/referrals/<int:pk>/edit/", views.edit, name="edit"),
    path("support/referrals/<int:pk>/send/", views.send, name="send"),
    path("support/referrals/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("p/<str:token>/", views.partner_confirm, name="partner_confirm"),
]
