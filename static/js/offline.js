/* Working without a signal (issue 17). Loaded on every page; no library, no network of its own
   beyond this site.

   1. Registers the service worker (/sw.js), which keeps the app shell and the mentor's pages
      (the case cards, the visit forms) for reading offline.
   2. The outbox: a visit form (form[data-offline-queue]) submitted while the phone is offline
      is kept in IndexedDB (per user) with its idempotency key, and sent when the signal
      returns (the "online" event, each page load, every 30 s). The server answers in JSON
      (mentors.views, header X-DH-Outbox) "saved" or "refused" with the reason; a resend of a
      visit already saved answers "saved" with the same visit, so nothing is ever doubled.
      The header shows how many wait ("2 chờ gửi"); the mentor's home lists each one.
   3. Every POST form takes the current CSRF token from the cookie when it is submitted, so a
      page kept on the phone (or a tab opened before a new login) still submits.
   4. On the login page, the pages kept for the previous user are deleted (a shared phone). */
(function () {
  "use strict";
  var meta = document.querySelector("meta[name=dh-user]");
  var user = meta ? meta.getAttribute("content") : "";
  var OUTBOX = "dh-outbox:" + user;
  var store = null;
  try { store = window.localStorage; } catch (e) { store = null; }

  // --- 1. the service worker ---------------------------------------------------------------
  if ("serviceWorker" in navigator) {
    if (window.location.pathname.indexOf("/accounts/login") === 0) {
      navigator.serviceWorker.getRegistrations().then(function (regs) {
        regs.forEach(function (reg) { if (reg.active) { reg.active.postMessage({ type: "clear-pages" }); } });
      });
    } else if (user) {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* not over http(s) */ });
    }
  }
  document.querySelectorAll("form.inline[action$='/logout/']").forEach(function (form) {
    form.addEventListener("submit", function () {
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "clear-pages" });
      }
    });
  });

  // --- 3. a fresh CSRF token on every POST form -------------------------------------------
  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  document.addEventListener("submit", function (e) {
    var field = e.target.querySelector && e.target.querySelector("input[name=csrfmiddlewaretoken]");
    var token = csrf();
    if (field && token) { field.value = token; }
  }, true);

  if (!user) { return; }

  // --- 2. the outbox ------------------------------------------------------------------------
  // Each waiting visit is one IndexedDB record (database "dh-offline", store "outbox", keyed by
  // its idempotency key, indexed by user), so two tabs never overwrite each other's visits.
  // The page works on a copy in memory (items), read at start, before each send and when
  // another tab says it changed something (BroadcastChannel). Where IndexedDB cannot be opened
  // (an old browser, a locked-down profile) the same list is kept in localStorage instead.
  // Visits queued in localStorage by an earlier version are moved into IndexedDB once.
  var items = [];
  var db = null;
  var channel = null;
  try { channel = new window.BroadcastChannel("dh-outbox"); } catch (e) { channel = null; }

  function request(r) {
    return new Promise(function (resolve, reject) {
      r.onsuccess = function () { resolve(r.result); };
      r.onerror = function () { reject(r.error); };
    });
  }
  function done(tx) {
    return new Promise(function (resolve, reject) {
      tx.oncomplete = function () { resolve(); };
      tx.onerror = tx.onabort = function () { reject(tx.error); };
    });
  }
  function openDb() {
    if (!window.indexedDB) { return Promise.reject(new Error("no IndexedDB")); }
    var r = window.indexedDB.open("dh-offline", 1);
    r.onupgradeneeded = function () {
      var outbox = r.result.createObjectStore("outbox", { keyPath: "key" });
      outbox.createIndex("user", "user");
    };
    return request(r);
  }
  function legacy() {
    if (!store) { return []; }
    try { return JSON.parse(store.getItem(OUTBOX) || "[]"); } catch (e) { return []; }
  }
  function byQueued(a, b) { return (a.queued_at || "").localeCompare(b.queued_at || ""); }
  function readAll() {
    if (!db) { return Promise.resolve(legacy()); }
    var tx = db.transaction("outbox", "readonly");
    return request(tx.objectStore("outbox").index("user").getAll(user)).then(function (rows) { return rows.sort(byQueued); });
  }
  function write(put, drop) {
    // put: records to add or replace; drop: keys to remove. Resolves once stored on the phone.
    if (!db) {
      var kept = legacy().filter(function (w) { return drop.indexOf(w.key) < 0 && !put.some(function (p) { return p.key === w.key; }); });
      try { store.setItem(OUTBOX, JSON.stringify(kept.concat(put).sort(byQueued))); } catch (e) { return Promise.reject(e); }
      return Promise.resolve();
    }
    var tx = db.transaction("outbox", "readwrite");
    var outbox = tx.objectStore("outbox");
    put.forEach(function (w) { w.user = user; outbox.put(w); });
    drop.forEach(function (key) { outbox.delete(key); });
    return done(tx);
  }
  function changed() { if (channel) { channel.postMessage({ user: user }); } }
  function refresh() { return readAll().then(function (rows) { items = rows; }); }

  function load() { return items.slice(); }
  function keep(next) {
    // replace this user's outbox by next (the list shown and the records kept on the phone)
    var keys = next.map(function (w) { return w.key; });
    var drop = items.filter(function (w) { return keys.indexOf(w.key) < 0; }).map(function (w) { return w.key; });
    items = next.slice().sort(byQueued);
    return write(next, drop).then(changed);
  }
  function update(item) {
    items = items.filter(function (w) { return w.key !== item.key; }).concat([item]).sort(byQueued);
    return write([item], []).then(changed);
  }

  var ready = openDb().then(function (opened) {
    db = opened;
    var old = legacy();
    if (!old.length) { return null; }
    return write(old, []).then(function () { store.removeItem(OUTBOX); });
  }).catch(function () { db = null; }).then(refresh);

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID().replace(/-/g, ""); }
    var out = "";
    for (var i = 0; i < 32; i++) { out += Math.floor(Math.random() * 16).toString(16); }
    return out;
  }

  var counter = document.querySelector("[data-outbox-count]");
  var T = counter ? counter.dataset : {};
  function text(name, fallback) { return T[name] || fallback || ""; }

  function render() {
    var items = load();
    var waiting = items.filter(function (w) { return w.status === "waiting"; }).length;
    if (counter) {
      counter.textContent = text("tCount", "{n}").replace("{n}", waiting);
      counter.hidden = waiting === 0;
    }
    var section = document.getElementById("outbox");
    if (!section) { return; }
    var list = section.querySelector("ul");
    list.textContent = "";
    items.forEach(function (w) {
      var li = document.createElement("li");
      li.className = w.status;
      li.setAttribute("data-key", w.key);
      var head = document.createElement("strong");
      head.textContent = w.label + " · " + w.day;
      var state = document.createElement("span");
      state.className = "outbox-state";
      state.textContent = " — " + text(w.status === "sent" ? "tSent" : w.status === "refused" ? "tRefused" : "tWaiting", w.status);
      li.appendChild(head);
      li.appendChild(state);
      if (w.reason) {
        var reason = document.createElement("p");
        reason.className = "error";
        reason.textContent = w.reason;
        li.appendChild(reason);
      }
      if (w.status !== "waiting") {
        var drop = document.createElement("button");
        drop.type = "button";
        drop.className = "link";
        drop.textContent = text("tDismiss", "×");
        drop.addEventListener("click", function () {
          keep(load().filter(function (x) { return x.key !== w.key; })).then(render, render);
        });
        li.appendChild(drop);
      }
      list.appendChild(li);
    });
    section.hidden = items.length === 0;
  }

  var sending = false;
  function sendOne(item) {
    var body = new FormData();
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    return fetch(item.url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "X-DH-Outbox": "1", "Accept": "application/json" }
    }).then(function (response) {
      return response.json();  // a login page or an error page is not JSON: stays waiting
    }).then(function (data) {
      var w = load().filter(function (x) { return x.key === item.key; })[0];
      if (!w) { return null; }
      if (data.status === "saved") { w.status = "sent"; w.reason = ""; w.visit = data.visit; }
      else if (data.status === "refused") { w.status = "refused"; w.reason = data.reason || ""; }
      else { return null; }
      return update(w);
    }).catch(function () { /* no signal yet: try again later */ });
  }
  function flush() {
    if (sending || !navigator.onLine) { return; }
    sending = true;
    refresh().then(function () {  // what another tab queued or sent meanwhile
      var waiting = load().filter(function (w) { return w.status === "waiting"; });
      if (!waiting.length) { sending = false; render(); return; }
      send(waiting);
    }, function () { sending = false; });
  }
  function send(waiting) {
    waiting.reduce(function (chain, item) {
      return chain.then(function () { return sendOne(item); });
    }, Promise.resolve()).then(function () {
      sending = false;
      var sent = load().some(function (w) { return w.status === "sent" && waiting.some(function (x) { return x.key === w.key; }); });
      // on the cards page, show the cards as the server now has them (last contact, reassigned cases)
      if (sent && document.getElementById("outbox")) { window.location.reload(); return; }
      render();
    });
  }

  // a visit form: a fresh key for each visit typed; kept in the outbox when there is no signal
  var form = document.querySelector("form[data-offline-queue]");
  if (form) {
    var keyField = form.querySelector("input[name=idempotency_key]");
    if (keyField && !form.querySelector(".errors")) { keyField.value = newKey(); }
    form.addEventListener("submit", function (e) {
      if (navigator.onLine) { return; }
      e.preventDefault();
      var fields = [];
      new FormData(form).forEach(function (value, name) {
        if (name !== "csrfmiddlewaretoken") { fields.push([name, String(value)]); }
      });
      var dayField = form.querySelector("input[name=visit_date]");
      var item = {
        key: keyField ? keyField.value : newKey(),
        url: form.getAttribute("action") || window.location.pathname,
        fields: fields,
        label: form.getAttribute("data-offline-label") || "",
        day: dayField ? dayField.value : "",
        status: "waiting",
        queued_at: new Date().toISOString()
      };
      // leave the form only once the visit is stored on the phone; if it cannot be stored, stay
      // on the form (the draft keeps what was typed) and say so
      ready.then(function () { return update(item); }).then(function () {
        if (form.getAttribute("data-draft-key") && store) { store.removeItem("dh-draft:" + form.getAttribute("data-draft-key")); }
        window.location.href = form.getAttribute("data-offline-home") || "/";
      }, function () {
        window.alert(form.getAttribute("data-offline-failed") || "");
      });
    });
  }

  // the mentor's home: keep every visit form of the cards for the next time without a signal
  // (written straight into the service worker's page cache, "dh-pages", keyed by path)
  if (document.getElementById("outbox") && navigator.onLine && window.caches) {
    var paths = [window.location.pathname];
    document.querySelectorAll("a[data-keep-offline]").forEach(function (a) { paths.push(a.getAttribute("href")); });
    window.caches.open("dh-pages").then(function (cache) {
      return Promise.all(paths.map(function (path) {
        return fetch(path, { credentials: "same-origin" }).then(function (response) {
          if (response.ok && !response.redirected) { return cache.put(path, response); }
        }).catch(function () {});
      }));
    }).then(function () { document.documentElement.setAttribute("data-kept-offline", String(paths.length)); });
  }

  ready.then(function () {
    window.dhOutbox = { flush: flush, load: load, keep: keep, render: render };
    window.addEventListener("online", flush);
    window.addEventListener("offline", render);
    if (channel) { channel.onmessage = function () { refresh().then(render); }; }
    render();
    flush();
    window.setInterval(flush, 30000);
  });
})();
