// The KCC agent page, keyboard first: results as you type, arrow keys through them, tabs with arrow keys.
// Without this script the page still works (the form submits, the tabs show as sections).
(function () {
  "use strict";

  function zoekpagina() {
    var formulier = document.querySelector(".kcc-zoekformulier");
    if (!formulier) return;
    var veld = formulier.querySelector("input[name=q]");
    var keuze = formulier.querySelector("select[name=soort]");
    var sessie = formulier.querySelector("input[name=sessie]").value;
    var doel = document.getElementById("kcc-resultaten");
    var adres = formulier.getAttribute("data-resultaten");
    var titel = formulier.getAttribute("data-titel") || document.title;
    var wachten = null;
    var lopend = null;
    var laatst = veld.value + "|" + (keuze ? keuze.value : "");

    function links() {
      return Array.prototype.slice.call(doel.querySelectorAll(".kcc-treffer__link"));
    }

    function parameters(q) {
      var p = { q: q, sessie: sessie };
      if (keuze && keuze.value) p.soort = keuze.value;
      return new URLSearchParams(p).toString();
    }

    function zoek() {
      var q = veld.value;
      if (q + "|" + (keuze ? keuze.value : "") === laatst) return;
      laatst = q + "|" + (keuze ? keuze.value : "");
      if (lopend) lopend.abort();
      lopend = new AbortController();
      // posted, not in the address: what the citizen said never stands in a request line (servers and proxies log those)
      var velden = new URLSearchParams(new FormData(formulier));
      velden.set("q", q);
      fetch(adres, {
        method: "POST",
        body: velden,
        signal: lopend.signal,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          if (veld.value !== q) return; // typed on meanwhile
          doel.innerHTML = html;
          doel.setAttribute("data-klaar", q);
          // the address (and so the browser's history) gets the query without personal data, as the server scrubbed it
          var status = doel.querySelector("[data-q-veilig]");
          history.replaceState(null, "", formulier.action + "?" + parameters(status ? status.getAttribute("data-q-veilig") : ""));
          document.title = (status && status.getAttribute("data-q-veilig") ? status.getAttribute("data-q-veilig") + " – " : "") + titel;
        })
        .catch(function () {});
    }

    veld.addEventListener("input", function () {
      clearTimeout(wachten);
      wachten = setTimeout(zoek, 180);
    });
    if (keuze) {
      keuze.addEventListener("change", function () {
        clearTimeout(wachten);
        zoek();
      });
    }
    formulier.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(wachten);
      laatst = null;
      zoek();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var lijst = links();
      if (!lijst.length) return;
      var i = lijst.indexOf(document.activeElement);
      if (document.activeElement === veld) i = -1;
      else if (i === -1) return;
      e.preventDefault();
      if (e.key === "ArrowDown") {
        lijst[Math.min(i + 1, lijst.length - 1)].focus();
      } else if (i <= 0) {
        veld.focus();
      } else {
        lijst[i - 1].focus();
      }
    });
    document.addEventListener("keydown", function (e) {
      // Typing anywhere on the page goes to the search box; Escape empties it.
      if (e.key === "Escape" && document.activeElement === veld) {
        veld.value = "";
        veld.dispatchEvent(new Event("input"));
      } else if (e.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
        e.preventDefault();
        veld.focus();
        veld.select();
      }
    });
  }

  function tabs() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-tabs]"), function (groep) {
      var knoppen = Array.prototype.slice.call(groep.querySelectorAll("[role=tab]"));
      var sectieVelden = document.querySelectorAll("[data-gekozen-sectie]");
      function kies(knop, focus) {
        knoppen.forEach(function (k) {
          var gekozen = k === knop;
          k.setAttribute("aria-selected", gekozen ? "true" : "false");
          k.tabIndex = gekozen ? 0 : -1;
          document.getElementById(k.getAttribute("aria-controls")).hidden = !gekozen;
        });
        Array.prototype.forEach.call(sectieVelden, function (veld) {
          veld.value = knop.id.replace(/^tab-/, "");
        });
        if (focus) knop.focus();
      }
      // the server sends every section visible and the buttons hidden (for a browser without this script)
      groep.querySelector("[role=tablist]").hidden = false;
      kies(knoppen.filter(function (k) { return k.getAttribute("aria-selected") === "true"; })[0] || knoppen[0], false);
      knoppen.forEach(function (knop, i) {
        knop.addEventListener("click", function () { kies(knop, false); });
        knop.addEventListener("keydown", function (e) {
          var doel = null;
          if (e.key === "ArrowRight") doel = knoppen[(i + 1) % knoppen.length];
          else if (e.key === "ArrowLeft") doel = knoppen[(i - 1 + knoppen.length) % knoppen.length];
          else if (e.key === "Home") doel = knoppen[0];
          else if (e.key === "End") doel = knoppen[knoppen.length - 1];
          if (doel) { e.preventDefault(); kies(doel, true); }
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    zoekpagina();
    tabs();
  });
})();
