"""/api/: the OpenAPI description (OpenAPI 3.1) and its two viewers, served by the project
(drf-spectacular-sidecar: no CDN) under the site's strict CSP, with no inline script:

- Swagger UI starts from drf-spectacular's split view: the page loads its start-up script as
  a file from the same address (`?script`), so `script-src 'self'` is enough;
- Redoc (styled-components) writes its styles as <style> elements: they carry the request's
  CSP nonce (Redoc's `nonce` attribute), which only this page adds to `style-src`; its search
  runs in a worker made from a blob (`worker-src blob:` on this page only).

The same under /api/v1/ (schema/, docs/, redoc/) redirects here (api.urls)."""

from csp.constants import NONCE
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

app_name = "apidocs"


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "Đồng Hành API · Swagger UI"


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"
    title = "Đồng Hành API · Redoc"


# Two <style> elements Redoc's bundle writes before it reads the nonce option: an empty one and
# a fixed one; allowed by their hashes (their content cannot change without changing the hash).
REDOC_STYLE_HASHES = ["'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='", "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='"]
REDOC_CSP = csp_update({"style-src": [NONCE, *REDOC_STYLE_HASHES], "worker-src": ["blob:"]})

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="apidocs:schema"), name="docs"),
    path("redoc/", REDOC_CSP(RedocView.as_view(url_name="apidocs:schema")), name="redoc"),
]
