from django.urls import path

from accounts import security_views

# Included in accounts/urls.py (namespace "accounts").
urlpatterns = [
    path("security/", security_views.security_inbox, name="security_inbox"),
    path("security/lockouts/<int:pk>/unlock/", security_views.unlock_login, name="unlock_login"),
    path("security/memberships/<int:pk>/approve/", security_views.approve_membership, name="approve_membership"),
]
