from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from config.urls import *  # noqa: F403
from config.urls import urlpatterns as app_urlpatterns


@login_required
def bare(request):
    """The same middleware (session, auth, CSP, axes, logging…), no query of ours, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *app_urlpatterns]
