// Mängelmelder map: shows published reports, or lets the reporter pick a spot (fills lat/lon fields).
// The page works without this script: the list and the coordinate/address fields are always there.
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("report-map");
    if (!el || typeof L === "undefined") { return; }
    el.classList.add("report-map-active");
    var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
    if (isNaN(lat) || isNaN(lon)) { lat = 51.3759; lon = 7.6949; }
    var map = L.map(el).setView([lat, lon], parseInt(el.dataset.zoom || "13", 10));
    L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: "&copy; OpenStreetMap-Mitwirkende"
    }).addTo(map);
    var source = el.dataset.points && document.getElementById(el.dataset.points);
    if (source) {
      JSON.parse(source.textContent).forEach(function (p) {
        var marker = L.circleMarker([p.lat, p.lon], { radius: 8, color: p.closed ? "#1d6b1d" : "#b35900" });
        var link = document.createElement("a");
        link.href = p.url;
        link.textContent = "Nr. " + p.id + ": " + p.category + " – " + p.status;
        marker.bindPopup(link).addTo(map);
      });
    }
    if (el.dataset.pick) {
      var latInput = document.getElementById("id_lat"), lonInput = document.getElementById("id_lon");
      var pin = null;
      function place(ll) {
        if (pin) { pin.setLatLng(ll); } else { pin = L.marker(ll, { alt: el.dataset.pinLabel || "Gewählter Ort", title: el.dataset.pinLabel || "Gewählter Ort" }).addTo(map); }
      }
      if (latInput && lonInput && latInput.value && lonInput.value) {
        place([parseFloat(latInput.value), parseFloat(lonInput.value)]);
      }
      var box = document.getElementById("nearby");
      function showNearby(ll) {
        if (!box || !el.dataset.nearby) { return; }
        var url = el.dataset.nearby + "?lat=" + ll.lat.toFixed(6) + "&lon=" + ll.lng.toFixed(6);
        fetch(url, { headers: { Accept: "application/json" } }).then(function (r) { return r.json(); }).then(function (data) {
          box.textContent = "";
          if (!data.reports || !data.reports.length) { return; }
          var h = document.createElement("h2");
          h.textContent = box.dataset.heading;
          var ul = document.createElement("ul");
          data.reports.forEach(function (r) {
            var li = document.createElement("li"), a = document.createElement("a");
            a.href = r.url;
            a.textContent = "Nr. " + r.id + ": " + r.category + " – " + r.status + ", " + r.distance_m + " " + box.dataset.away;
            li.appendChild(a);
            ul.appendChild(li);
          });
          box.appendChild(h);
          box.appendChild(ul);
        }).catch(function () { /* the server checks again on submit */ });
      }
      map.on("click", function (e) {
        place(e.latlng);
        showNearby(e.latlng);
        if (latInput && lonInput) {
          latInput.value = e.latlng.lat.toFixed(6);
          lonInput.value = e.latlng.lng.toFixed(6);
        }
      });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
