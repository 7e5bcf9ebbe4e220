/* German labels for Leaflet's own controls; load right after leaflet.js and before any map script. */
(function () {
  "use strict";
  var L = window.L;
  if (!L) { return; }
  L.Control.Zoom.prototype.options.zoomInTitle = "Karte vergrößern";
  L.Control.Zoom.prototype.options.zoomOutTitle = "Karte verkleinern";
  L.Control.Attribution.prototype.options.prefix =
    '<a href="https://leafletjs.com" title="Eine JavaScript-Bibliothek für interaktive Karten" lang="en">Leaflet</a>';
  // A marker without its own name still gets a German one; map scripts name each marker after its place.
  L.Marker.prototype.options.alt = "Markierung";
})();
