{% load static %}/* Đồng Hành service worker (served from the site root by config.views.service_worker,
   so that its scope is the whole site). No CDN, no library.

   - The app shell (stylesheet, scripts, the offline page) is cached at install.
   - The mentor's pages (the case cards, the visit forms, case pages once opened) are fetched
     from the network first and kept, so that they open without a signal.
   - Nothing is ever posted from here: visits recorded offline wait in the page's outbox
     (static/js/offline.js), which sends them with their idempotency keys.
   - On logout or on the login page the kept pages are deleted (a phone may be shared). */
"use strict";
var SHELL = "dh-shell-{{ version }}";
var PAGES = "dh-pages";
var OFFLINE_URL = "{% url 'offline' %}";
var SHELL_URLS = [
  OFFLINE_URL,
  "{% static 'css/app.css' %}",
  "{% static 'js/menu.js' %}",
  "{% static 'js/visit_draft.js' %}",
  "{% static 'js/offline.js' %}"
];
// Pages kept for reading offline: the cards, the visit form, a case page the mentor opened.
var KEPT = [/^\/mentor\/$/, /^\/mentor\/cases\/\d+\/visit\/$/, /^\/cases\/\d+\/$/];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(SHELL_URLS); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n !== SHELL && n !== PAGES; }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "clear-pages") {
    event.waitUntil(caches.delete(PAGES));
  }
});

function kept(path) {
  return KEPT.some(function (re) { return re.test(path); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("{% get_static_prefix %}") === 0) {
    // static files: the cached copy at once, refreshed in the background
    event.respondWith(caches.open(SHELL).then(function (cache) {
      return cache.match(request).then(function (hit) {
        var fresh = fetch(request).then(function (response) {
          if (response.ok) { cache.put(request, response.clone()); }
          return response;
        });
        return hit || fresh;
      });
    }));
    return;
  }
  var html = request.mode === "navigate" || (request.headers.get("accept") || "").indexOf("text/html") !== -1;
  if (!html) { return; }
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && !response.redirected && kept(url.pathname)) {
        var copy = response.clone();
        caches.open(PAGES).then(function (cache) { cache.put(url.pathname, copy); });
      }
      return response;
    }).catch(function () {
      return caches.open(PAGES).then(function (cache) { return cache.match(url.pathname); }).then(function (hit) {
        return hit || caches.match(OFFLINE_URL);
      });
    })
  );
});
