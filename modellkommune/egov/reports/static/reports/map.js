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
        // Not by colour alone (WCAG 1.4.1): open reports are filled circles, closed ones hollow and dashed.
        var marker = L.circleMarker([p.lat, p.lon], p.closed
          ? { radius: 8, color: "#1d6b1d", weight: 3, fillOpacity: 0, dashArray: "3 3" }
          : { radius: 8, color: "#b35900", weight: 2, fillColor: "#b35900", fillOpacity: 0.8 });
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
      var addressInput = document.getElementById("id_address");
      var status = document.getElementById("place-status");
      var autoAddress = "";
      function say(text) { if (status) { status.textContent = text; } }
      function choose(ll, label) {
        place(ll);
        map.setView(ll, Math.max(map.getZoom(), 17));
        showNearby(L.latLng(ll));
        if (latInput && lonInput) {
          latInput.value = Number(ll[0] !== undefined ? ll[0] : ll.lat).toFixed(6);
          lonInput.value = Number(ll[1] !== undefined ? ll[1] : ll.lng).toFixed(6);
        }
        if (label && addressInput && (!addressInput.value || addressInput.value === autoAddress)) {
          addressInput.value = autoAddress = label;
        }
      }
      function nameOf(ll) {
        if (!el.dataset.placeAt) { return; }
        var url = el.dataset.placeAt + "?lat=" + ll.lat.toFixed(6) + "&lon=" + ll.lng.toFixed(6);
        fetch(url, { headers: { Accept: "application/json" } }).then(function (r) { return r.json(); }).then(function (data) {
          if (data.label && addressInput && (!addressInput.value || addressInput.value === autoAddress)) {
            addressInput.value = autoAddress = data.label;
          }
          say(data.label ? el.dataset.chosen.replace("%s", data.label) : el.dataset.chosenNoName);
        }).catch(function () { say(el.dataset.chosenNoName); });
      }
      map.on("click", function (e) {
        choose(e.latlng);
        nameOf(e.latlng);
      });
      if (addressInput && el.dataset.places) {
        var list = document.createElement("datalist"), found = {}, timer = null;
        list.id = "address-suggestions";
        addressInput.parentNode.appendChild(list);
        addressInput.setAttribute("list", list.id);
        addressInput.setAttribute("autocomplete", "off");
        addressInput.addEventListener("input", function () {
          var value = addressInput.value.trim();
          if (found[value]) { choose([found[value].lat, found[value].lon]); say(el.dataset.chosen.replace("%s", value)); return; }
          clearTimeout(timer);
          if (value.length < 2) { return; }
          timer = setTimeout(function () {
            fetch(el.dataset.places + "?q=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
              .then(function (r) { return r.json(); })
              .then(function (data) {
                list.textContent = "";
                found = {};
                (data.places || []).forEach(function (p) {
                  var option = document.createElement("option");
                  option.value = p.label;
                  list.appendChild(option);
                  found[p.label] = p;
                });
                say((data.places || []).length ? el.dataset.suggestions.replace("%s", data.places.length) : "");
              }).catch(function () { /* the server geocodes the address on submit */ });
          }, 250);
        });
      }
      var locate = document.getElementById("locate-me");
      if (locate && navigator.geolocation) {
        locate.hidden = false;
        locate.addEventListener("click", function () {
          say(el.dataset.locating);
          navigator.geolocation.getCurrentPosition(function (pos) {
            var ll = L.latLng(pos.coords.latitude, pos.coords.longitude);
            choose(ll);
            nameOf(ll);
          }, function () { say(el.dataset.locateFailed); }, { enableHighAccuracy: true, timeout: 15000 });
        });
      }
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
