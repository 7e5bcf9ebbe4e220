/* Map of a sector's measuring points (Leaflet). The page lists the same data without JavaScript. */
(function () {
  "use strict";
  function text(tag, value) {
    var el = document.createElement(tag);
    el.textContent = value;
    return el;
  }
  function popup(props) {
    var box = document.createElement("div");
    box.appendChild(text("strong", props.name));
    var list = document.createElement("ul");
    (props.datastreams || []).forEach(function (ds) {
      var value = ds.result === null || ds.result === undefined ? "–" : String(ds.result).replace(".", ",");
      var when = ds.time ? new Date(ds.time).toLocaleString("de-DE", { dateStyle: "short", timeStyle: "short" }) : "";
      list.appendChild(text("li", ds.name + ": " + value + " " + (ds.unit || "") + (when ? " (" + when + ")" : "")));
    });
    box.appendChild(list);
    return box;
  }
  function init() {
    var el = document.getElementById("sensor-map");
    if (!el || typeof window.L === "undefined" || !window.fetch) { return; }
    el.hidden = false;
    var map = window.L.map(el, { scrollWheelZoom: false }).setView([51.3757, 7.695], 13);
    window.L.tileLayer(el.dataset.tiles, {
      maxZoom: 19,
      attribution: "&copy; OpenStreetMap-Mitwirkende"
    }).addTo(map);
    fetch(el.dataset.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var layer = window.L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            var name = feature.properties.name || "Messstelle";
            return window.L.marker(latlng, { alt: "Messstelle " + name, title: name });
          },
          onEachFeature: function (feature, lyr) {
            lyr.bindPopup(popup(feature.properties));
            lyr.bindTooltip(feature.properties.name);
          }
        }).addTo(map);
        if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 15 }); }
      })
      .catch(function () { el.hidden = true; });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
