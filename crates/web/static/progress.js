// Trappe: long work's progress (an import, a round's analysis), kept up to date without
// reloading the page. Every two seconds the page is fetched again and its state
// (#import-state) put in place, until the work has finished; when the address answers
// another page instead (the report a round's analysis was for), that page is shown.
// Without JavaScript the page has a link to reload it.
(function () {
  "use strict";
  var state = document.getElementById("import-state");
  if (!state || !window.fetch || !window.DOMParser) return;
  var reload = document.getElementById("import-reload-link");
  if (reload) reload.hidden = true;
  function tick() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (res) { return res.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var next = page.getElementById("import-state");
        if (!next) {
          window.location.reload();
          return;
        }
        state.innerHTML = next.innerHTML;
        var link = document.getElementById("import-reload-link");
        if (link) link.hidden = true;
        document.title = page.title;
        if (page.getElementById("import-progress")) window.setTimeout(tick, 2000);
      })
      .catch(function () { window.setTimeout(tick, 5000); });
  }
  window.setTimeout(tick, 2000);
})();
