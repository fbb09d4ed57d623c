// Draws every dashboard chart: <canvas data-chart="ID"> reads its configuration from the JSON in
// <script type="application/json" id="ID"> (Django's json_script), so the page needs no inline script.
// A configuration may carry "links": per bar (or per dataset, per bar) the list of the rows behind it,
// or {"pattern": a URL (or one per dataset) with "{}" where the bar's key goes, "keys": one per bar}
// (agency/core/dashboards.py: chart), so a chart of 500 bars does not carry 1,500 URLs.
(function () {
  "use strict";
  function linkOf(links, element) {
    if (links.pattern) {
      var pattern = Array.isArray(links.pattern) ? links.pattern[element.datasetIndex] : links.pattern;
      var key = links.keys[element.index];
      return pattern && key !== undefined ? pattern.replace("{}", encodeURIComponent(key)) : null;
    }
    var row = Array.isArray(links[0]) ? links[element.datasetIndex] : links;
    return row ? row[element.index] : null;
  }
  function draw() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      if (!source || canvas.dataset.drawn) {
        return;
      }
      canvas.dataset.drawn = "1";
      var config = JSON.parse(source.textContent);
      var links = config.links;
      delete config.links;
      if (links) {
        config.options.onClick = function (event, elements) {
          var url = elements.length ? linkOf(links, elements[0]) : null;
          if (url) {
            window.location.assign(url);
          }
        };
        config.options.onHover = function (event, elements) {
          canvas.style.cursor = elements.length ? "pointer" : "";
        };
      }
      new window.Chart(canvas, config);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
