// Starts Redoc on /api/redoc/ (a file, not an inline script: the CSP allows scripts of ours
// only). Redoc's styles (styled-components) are <style> elements: they carry the nonce the
// page received with this response, which its CSP lists in style-src.
(function () {
  "use strict";
  var el = document.getElementById("redoc-container");
  window.__webpack_nonce__ = el.dataset.nonce;
  Redoc.init(el.dataset.specUrl, { nonce: el.dataset.nonce }, el);
})();
