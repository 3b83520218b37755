from django.urls import path

from config.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("unexpected")


urlpatterns = [*urlpatterns, path("boom/", boom)]
