/* Small enhancements; every page works without this file. */
(function () {
  "use strict";
  // "Near me": the browser asks for the location only when she taps the button.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-near-me]");
    if (!button || !navigator.geolocation) return;
    event.preventDefault();
    var form = document.getElementById(button.getAttribute("data-near-me"));
    var status = document.getElementById("near-me-status");
    if (status) status.textContent = button.getAttribute("data-asking");
    navigator.geolocation.getCurrentPosition(function (position) {
      form.elements.near.value = position.coords.latitude.toFixed(4) + "," +
        position.coords.longitude.toFixed(4);
      if (form.elements.radius_km && !form.elements.radius_km.value) form.elements.radius_km.value = "5";
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }, function () {
      if (status) status.textContent = button.getAttribute("data-failed");
    }, { timeout: 15000, maximumAge: 600000 });
  });
  document.addEventListener("DOMContentLoaded", function () {
    if (!navigator.geolocation) return;
    document.querySelectorAll("[data-near-me]").forEach(function (b) { b.hidden = false; });
  });
})();
