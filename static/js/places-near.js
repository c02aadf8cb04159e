/* « Autour de moi » on the places list: on a button press only, asks the browser for the position,
   then reloads the list sorted by distance (?autour=lat,lon rounded to two decimals, about 1 km).
   Without JavaScript or geolocation the button stays hidden: the commune search does the job. */
(function () {
  "use strict";
  var box = document.querySelector("[data-places-near]");
  if (!box || !("geolocation" in navigator)) {
    return;
  }
  var button = box.querySelector("[data-places-near-button]");
  var status = box.querySelector("[data-places-near-status]");
  box.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = "Recherche de votre position…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var params = new URLSearchParams(window.location.search);
        params.delete("page");
        params.set("autour", position.coords.latitude.toFixed(2) + "," + position.coords.longitude.toFixed(2));
        window.location.search = params.toString();
      },
      function () {
        button.disabled = false;
        status.textContent = "Votre position n'est pas disponible : cherchez plutôt votre commune ou votre code postal ci-dessus.";
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
    );
  });
})();
