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
/* Her profile: "use my location" (asked only on tap) and ticking a suggested skill. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-locate]");
    if (!button || !navigator.geolocation) return;
    var form = button.form;
    var status = document.getElementById("locate-status");
    status.textContent = button.getAttribute("data-asking");
    navigator.geolocation.getCurrentPosition(function (position) {
      form.elements.latitude.value = position.coords.latitude.toFixed(5);
      form.elements.longitude.value = position.coords.longitude.toFixed(5);
      status.textContent = button.getAttribute("data-done");
    }, function () {
      status.textContent = button.getAttribute("data-failed");
    }, { timeout: 15000, maximumAge: 600000 });
  });
  // A ticked suggestion joins her skills, so the next search does not take it away.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-pick-skill]") || !box.checked) return;
    var chosen = document.getElementById("chosen-skills");
    var empty = document.getElementById("no-skills");
    if (!chosen) return;
    if (empty) empty.remove();
    var label = box.closest("label");
    var also = label.querySelector(".also");
    if (also) also.remove();
    box.removeAttribute("data-pick-skill");
    box.id = "skill-" + box.value;
    label.setAttribute("for", box.id);
    var group = label.closest("#skill-suggestions fieldset");
    chosen.appendChild(label);
    if (group && !group.querySelector("[data-pick-skill]")) group.remove();
    box.focus();
  });
  document.addEventListener("DOMContentLoaded", function () {
    if (!navigator.geolocation) return;
    document.querySelectorAll("[data-locate-box]").forEach(function (b) { b.hidden = false; });
  });
})();
