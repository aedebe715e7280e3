/* ptscribe pages: evidence highlighting, autosave that never loses text, timers, focus care.
   Everything here is progressive: without it the forms still post and the pages still work. */
(function () {
  "use strict";
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };

  /* Evidence: a fact with the pointer or focus lights up the words it came from. */
  function light(fact, on) {
    var key = fact.getAttribute("data-fact");
    var first = null;
    $$("mark[data-facts]").forEach(function (m) {
      var hit = (" " + m.getAttribute("data-facts") + " ").indexOf(" " + key + " ") >= 0;
      m.classList.toggle("hot", on && hit);
      if (on && hit && !first) { first = m; }
    });
    fact.classList.toggle("hot", on);
    var box = $("#source");
    if (first && box) {
      var top = first.offsetTop - box.offsetTop;
      if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - 30) { box.scrollTop = Math.max(0, top - 40); }
    }
  }
  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      var fact = e.target.closest && e.target.closest(".fact[data-fact]");
      if (fact) { light(fact, true); }
    });
  });
  ["mouseout", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      var fact = e.target.closest && e.target.closest(".fact[data-fact]");
      if (fact) { light(fact, false); }
    });
  });

  /* A finding's link moves the focus to the field itself, not just the scroll position. */
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a.goto[data-goto]");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("data-goto"));
    if (!target) { return; }
    e.preventDefault();
    if (!target.matches("input, select, textarea, button, [tabindex]")) { target.setAttribute("tabindex", "-1"); }
    target.scrollIntoView({ block: "center" });
    target.focus();
    target.classList.add("targeted");
    setTimeout(function () { target.classList.remove("targeted"); }, 2500);
  });

  /* The review form: autosave, a clear message on every failure, the sign button held while
     there are unsaved edits. The text areas are never replaced by a response. */
  var form = $("#note-form");
  var edits = 0, sent = 0, timer = null, retry = null;
  function status(text, level) {
    var box = $("#save-status");
    if (!box) { return; }
    box.className = "status " + (level || "info");
    box.textContent = text;
  }
  function signHold() {
    var button = $("#sign-button"), reason = $("#sign-reason");
    if (!button) { return; }
    var dirty = edits !== sent || (form && form.getAttribute("data-dirty") === "yes");
    if (dirty) {
      button.disabled = true;
      if (reason) { reason.className = "status warning"; reason.textContent = "\u26a0 Cannot sign yet: save your changes first (they save by themselves in a moment)."; }
    } else if (button.getAttribute("data-ready") === "yes") {
      button.disabled = false;
    }
  }
  function markDirty() {
    if (!form) { return; }
    form.setAttribute("data-dirty", "yes");
    var flag = $("#dirty");
    if (flag) { flag.textContent = "Unsaved changes"; }
    signHold();
  }
  function markClean() {
    form.setAttribute("data-dirty", "no");
    var flag = $("#dirty");
    if (flag) { flag.textContent = ""; }
  }
  if (form) {
    var delay = parseInt(form.getAttribute("data-autosave-ms") || "2500", 10);
    form.addEventListener("input", function () {
      edits += 1;
      markDirty();
      clearTimeout(timer);
      timer = setTimeout(function () { if (window.htmx) { window.htmx.trigger(form, "autosave"); } }, delay);
    });
    form.addEventListener("htmx:beforeRequest", function (e) {
      if (e.detail.elt !== form) { return; }
      clearTimeout(timer);
      clearTimeout(retry);
      form.setAttribute("data-sending", String(edits));
      status("Saving\u2026", "info");
    });
    form.addEventListener("htmx:afterRequest", function (e) {
      if (e.detail.elt !== form) { return; }
      var xhr = e.detail.xhr, code = xhr ? xhr.status : 0;
      var at = parseInt(form.getAttribute("data-sending") || "0", 10);
      if (code >= 200 && code < 300) {
        sent = at;
        if (edits === at) { markClean(); }
      } else if (code === 0 || code >= 500) {
        status("\u2716 Not saved: " + (code ? "the server answered " + code : "the server could not be reached") +
          ". Your text is still here; trying again in 10 seconds.", "error");
        retry = setTimeout(function () { window.htmx.trigger(form, "autosave"); }, 10000);
      }
      signHold();
    });
  }
  document.addEventListener("htmx:sendError", function (e) {
    if (e.detail.elt === form) { return; }
    status("\u2716 Not sent: the server could not be reached. Nothing was lost; try again.", "error");
  });
  document.addEventListener("htmx:responseError", function (e) {
    if (e.detail.elt === form) { return; }
    var xhr = e.detail.xhr;
    if (xhr && xhr.status >= 500) { status("\u2716 The server failed (" + xhr.status + "). Nothing was lost; try again.", "error"); }
  });

  /* A stale revision: keep mine saves the typed text over the newer revision, on request. */
  document.addEventListener("click", function (e) {
    var keep = e.target.closest && e.target.closest("[data-keep-mine]");
    if (!keep || !form) { return; }
    var rev = $("#revision", form);
    if (rev) { rev.value = keep.getAttribute("data-keep-mine"); }
    form.requestSubmit();
  });

  /* After a panel is replaced, the keyboard user keeps a sensible place. */
  var focusKey = null;
  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    focusKey = active && active.getAttribute ? (active.getAttribute("data-focus-key") || active.id || null) : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    signHold();
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) { return; }
    var next = (focusKey && (document.getElementById(focusKey) || $('[data-focus-key="' + focusKey + '"]'))) ||
      $("#findings .ack button") || ($("#sign-button") && !$("#sign-button").disabled && $("#sign-button")) ||
      $("#conflict-h") || $("#findings-h");
    if (next) { next.focus(); }
  });

  /* New session: a start/stop timer per code and provider; each run becomes a segment. */
  var toggle = $("#timer-toggle");
  if (toggle) {
    var hidden = $("#timers"), body = $("#timer-table tbody"), clock = $("#timer-clock");
    var segments = [];
    try { segments = hidden.value ? JSON.parse(hidden.value) : []; } catch (err) { segments = []; }
    var running = null, tick = null;
    var hhmm = function (iso) { var d = new Date(iso); return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }); };
    var render = function () {
      hidden.value = segments.length ? JSON.stringify(segments) : "";
      body.textContent = "";
      segments.forEach(function (s, i) {
        var tr = document.createElement("tr");
        var mins = Math.round((new Date(s.end) - new Date(s.start)) / 60000);
        [s.code, s.provider, hhmm(s.start), hhmm(s.end), String(mins)].forEach(function (v) {
          var td = document.createElement("td"); td.textContent = v; tr.appendChild(td);
        });
        var td = document.createElement("td"), b = document.createElement("button");
        b.type = "button"; b.textContent = "Remove"; b.setAttribute("aria-label", "Remove segment " + (i + 1) + " (" + s.code + ")");
        b.addEventListener("click", function () { segments.splice(i, 1); render(); $("#timer-status").textContent = "Segment removed."; toggle.focus(); });
        td.appendChild(b); tr.appendChild(td); body.appendChild(tr);
      });
    };
    render();
    toggle.addEventListener("click", function () {
      if (!running) {
        running = { code: $("#timer-code").value, provider: $("#timer-provider").value, start: new Date().toISOString() };
        toggle.textContent = "Stop timer"; toggle.classList.add("running");
        $("#timer-status").textContent = "Timer running for " + running.code + ".";
        var t0 = Date.now();
        tick = setInterval(function () { var s = Math.floor((Date.now() - t0) / 1000); clock.textContent = Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2); }, 1000);
      } else {
        running.end = new Date().toISOString();
        segments.push(running);
        $("#timer-status").textContent = "Recorded " + running.code + " segment.";
        running = null; clearInterval(tick); clock.textContent = "0:00";
        toggle.textContent = "Start timer"; toggle.classList.remove("running");
        render();
      }
    });
  }
  var sessionForm = $("#session-form");
  if (sessionForm) {
    sessionForm.addEventListener("submit", function () {
      var b = $("#draft-button");
      setTimeout(function () { b.disabled = true; }, 0);
      $("#draft-busy").textContent = "Drafting\u2026";
    });
  }
})();
