// Consultation map: shows the places of published comments (each marker named after its comment) and,
// when the comment form is on the page, lets the resident mark a place (fills the latitude/longitude
// fields). The page works without this script: comments are listed and the coordinate fields stay.
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("consultation-map");
    if (!el || typeof L === "undefined") { return; }
    el.classList.add("report-map-active");
    var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
    if (isNaN(lat) || isNaN(lon)) { lat = 51.3759; lon = 7.6949; }
    var map = L.map(el).setView([lat, lon], 13);
    L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: "&copy; OpenStreetMap-Mitwirkende"
    }).addTo(map);
    var source = document.getElementById("consultation-places");
    if (source) {
      JSON.parse(source.textContent).forEach(function (p) {
        var label = (el.dataset.commentLabel || "Beitrag %s").replace("%s", p.n);
        var marker = L.marker([p.lat, p.lon], { alt: label, title: label });
        var link = document.createElement("a");
        link.href = "#beitrag-" + p.n;
        link.textContent = label + ": " + p.text;
        marker.bindPopup(link).addTo(map);
      });
    }
    var latInput = document.getElementById("id_lat"), lonInput = document.getElementById("id_lon");
    if (!latInput || !lonInput) { return; }
    var pin = null, status = document.getElementById("consultation-map-status");
    var pinLabel = el.dataset.pinLabel || "Gewählter Ort";
    function place(ll) {
      if (pin) { pin.setLatLng(ll); } else { pin = L.marker(ll, { alt: pinLabel, title: pinLabel }).addTo(map); }
    }
    if (latInput.value && lonInput.value) { place([parseFloat(latInput.value), parseFloat(lonInput.value)]); }
    map.on("click", function (e) {
      place(e.latlng);
      latInput.value = e.latlng.lat.toFixed(6);
      lonInput.value = e.latlng.lng.toFixed(6);
      if (status) { status.textContent = el.dataset.chosen || "Ort in der Karte markiert."; }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
