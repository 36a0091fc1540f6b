/* Autosave for the application form (progressive enhancement: without JavaScript the form
 * saves when its button is pressed).
 *
 * - Saves in the background after a pause in typing, with the CSRF token and the page's
 *   version; announces "Saved at 12:03" in the form's aria-live region.
 * - Keeps a copy of what is typed in localStorage until the server confirms it, so a closed
 *   tab, a network error or an expired session loses nothing: the copy is put back in the
 *   form on the next visit, with a notice.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("autosave-status");
  var key = "autosave:" + window.location.pathname;
  var lang = document.documentElement.lang || "en";
  var fr = lang.indexOf("fr") === 0;
  var text = {
    restored: fr ? "Nous avons remis ce que vous aviez tapé et qui n'était pas encore enregistré. Vérifiez, puis enregistrez."
                 : "We put back what you typed that was not saved yet. Check it, then save.",
    saving: fr ? "Enregistrement…" : "Saving…",
    offline: fr ? "Pas de connexion : ce que vous tapez est gardé sur cet appareil et sera enregistré plus tard."
                : "No connection: what you type is kept on this device and will be saved later.",
    expired: fr ? "Votre session a expiré. Reconnectez-vous : ce que vous avez tapé est gardé sur cet appareil."
                : "Your session has expired. Sign in again: what you typed is kept on this device.",
    failed: fr ? "Pas enregistré : " : "Not saved: "
  };
  var timer = null;
  var stopped = false;

  function say(message) { if (status) { status.textContent = message; } }

  function values() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "version") { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        data[el.name] = data[el.name] || [];
        if (el.checked) { data[el.name].push(el.value); }
      } else { data[el.name] = el.value; }
    });
    return data;
  }

  function restore(data) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data)) { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = data[el.name].indexOf(el.value) !== -1;
      } else { el.value = data[el.name]; }
    });
  }

  function keep() {
    try { window.localStorage.setItem(key, JSON.stringify(values())); } catch (e) { /* full or private mode */ }
  }

  function forget() { try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ } }

  function save() {
    var body = new FormData(form);
    say(text.saving);
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Autosave": "1", "Accept": "application/json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.redirected || type.indexOf("application/json") === -1) {
        say(text.expired);
        return null;
      }
      return response.json().then(function (payload) {
        if (response.ok) {
          form.elements.version.value = payload.version;
          forget();
          say(payload.saved);
        } else {
          // A conflict with another tab: stop saving in the background so nothing is
          // overwritten; "Save and continue" shows both versions side by side.
          if (payload.current) { stopped = true; }
          say(text.failed + payload.detail);
        }
      });
    }).catch(function () { say(text.offline); });
  }

  try {
    var stored = window.localStorage.getItem(key);
    if (stored) {
      var data = JSON.parse(stored);
      if (JSON.stringify(data) !== JSON.stringify(values())) {
        restore(data);
        say(text.restored);
      } else { forget(); }
    }
  } catch (e) { forget(); }

  form.addEventListener("input", function () {
    keep();
    window.clearTimeout(timer);
    if (!stopped) { timer = window.setTimeout(save, 1500); }
  });
  form.addEventListener("change", keep);
  form.addEventListener("submit", keep);
})();
