/* RhinOcc – la carte des lieux (/lieux/carte/), une amélioration de la liste.
   Nothing is drawn and no tile is requested until the visitor presses « Afficher la carte ».
   Settings come from the data-* attributes of [data-places-map]; no inline script (CSP). */
(function () {
  "use strict";

  var OCCITANIE = [[42.33, -0.33], [45.05, 4.85]];

  function text(tag, content) {
    var element = document.createElement(tag);
    element.textContent = content;
    return element;
  }

  function prefersStill() {
    return Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  function popupContent(properties, placeUrl) {
    var box = document.createElement("div");
    var title = document.createElement("p");
    title.appendChild(text("strong", properties.nom || "Lieu sans nom"));
    box.appendChild(title);
    if (properties.commune) box.appendChild(text("p", [properties.code_postal, properties.commune].join(" ").trim()));
    if (properties.slug) {
      var link = text("a", "Voir la fiche du lieu");
      link.href = placeUrl.replace("{slug}", encodeURIComponent(properties.slug));
      var more = document.createElement("p");
      more.appendChild(link);
      box.appendChild(more);
    }
    return box;
  }

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    // Leaflet makes the icon a focusable role="button": its text is its name.
    return L.divIcon({
      html: "<div><span>" + count + '<span class="visually-hidden"> lieux : zoomer sur ce groupe</span></span></div>',
      className: "marker-cluster marker-cluster-" + size,
      iconSize: L.point(40, 40)
    });
  }

  function frenchPopupClose(event) {
    var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) {
      close.setAttribute("aria-label", "Fermer");
      close.title = "Fermer";
    }
  }

  function drawMap(root, canvas) {
    canvas.hidden = false;
    var still = prefersStill();
    var map = L.map(canvas, {
      zoomControl: false,
      keyboard: true,
      zoomAnimation: !still,
      fadeAnimation: !still,
      markerZoomAnimation: !still
    });
    L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    map.fitBounds(OCCITANIE);
    L.tileLayer(root.dataset.tileUrl, {
      attribution: root.dataset.attribution,
      maxZoom: 19,
      // The tile server learns which site asks (its usage policy wants it), never which page.
      referrerPolicy: "strict-origin"
    }).addTo(map);
    map.on("popupopen", frenchPopupClose);
    return map;
  }

  function markerIcon(root) {
    // Leaflet finds its default icon next to leaflet.css by name, which hashed static names defeat:
    // the addresses come from the page, with Leaflet's default sizes.
    return L.icon({
      iconUrl: root.dataset.iconUrl,
      iconRetinaUrl: root.dataset.iconRetinaUrl,
      shadowUrl: root.dataset.shadowUrl,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      tooltipAnchor: [16, -28],
      shadowSize: [41, 41]
    });
  }

  function addPlaces(root, map, data) {
    var markers = [];
    var icon = markerIcon(root);
    var features = data.features || [];
    features.forEach(function (feature) {
      if (!feature.geometry || feature.geometry.type !== "Point") return;
      var properties = feature.properties || {};
      var coordinates = feature.geometry.coordinates;
      var name = (properties.nom || "Lieu") + (properties.commune ? ", " + properties.commune : "");
      var marker = L.marker([coordinates[1], coordinates[0]], { icon: icon, title: name, alt: name, keyboard: true });
      marker.bindPopup(popupContent(properties, root.dataset.placeUrl));
      markers.push(marker);
    });
    var clusters = L.markerClusterGroup({
      iconCreateFunction: clusterIcon,
      showCoverageOnHover: false,
      animate: !prefersStill()
    });
    clusters.addLayers(markers);
    map.addLayer(clusters);
    if (markers.length) map.fitBounds(clusters.getBounds(), { maxZoom: 14, padding: [20, 20] });
    var message = markers.length + (markers.length > 1 ? " lieux affichés sur la carte." : " lieu affiché sur la carte.");
    if (features.length > markers.length) {
      message += " " + (features.length - markers.length) + " sans coordonnées figurent seulement dans la liste.";
    }
    return message;
  }

  function show(root, button, status) {
    var canvas = root.querySelector("[data-places-map-canvas]");
    if (root.placesMapLoading) return;
    root.placesMapLoading = true;
    status.textContent = "Chargement de la carte…";
    var map = root.placesMap || (root.placesMap = drawMap(root, canvas));
    fetch(root.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        status.textContent = addPlaces(root, map, data);
        button.hidden = true;
        canvas.focus();
      })
      .catch(function () {
        status.textContent = "Les lieux n'ont pas pu être chargés. Réessayez plus tard ou consultez la liste.";
        root.placesMapLoading = false;
      });
  }

  function init() {
    var root = document.querySelector("[data-places-map]");
    if (!root || typeof L === "undefined" || !L.markerClusterGroup || !window.fetch) return;
    var button = root.querySelector("[data-places-map-show]");
    var status = root.querySelector("[data-places-map-status]");
    button.hidden = false;
    root.querySelector("[data-places-map-fallback]").hidden = true;
    button.addEventListener("click", function () {
      show(root, button, status);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
