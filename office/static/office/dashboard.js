/* The dashboard's charts: Chart.js (vendored) draws what the tables beside them already say. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  // Colour-blind-safe (Okabe–Ito), one per status in workflow order.
  var PALETTE = ["#0072B2", "#56B4E9", "#009E73", "#F0E442", "#117733", "#D55E00", "#999999"];
  ready(function () {
    var source = document.getElementById("chart-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var Chart = window.Chart;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = "#1b1b1b";
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;

    var weekly = document.getElementById("chart-weekly");
    if (weekly) {
      new Chart(weekly, {
        type: "bar",
        data: {
          labels: data.weekly.labels,
          datasets: data.weekly.series.map(function (series, index) {
            return { label: series.label, data: series.data, backgroundColor: PALETTE[index % PALETTE.length] };
          })
        },
        options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }
      });
    }
    var skills = document.getElementById("chart-skills");
    if (skills) {
      skills.parentNode.style.height = Math.max(240, data.skills.labels.length * 44 + 80) + "px";
      new Chart(skills, {
        type: "bar",
        data: {
          labels: data.skills.labels,
          datasets: [
            { label: skills.dataset.positions || "Open positions", data: data.skills.open_positions, backgroundColor: "#D55E00" },
            { label: skills.dataset.verified || "Verified seekers", data: data.skills.seekers_verified, backgroundColor: "#0072B2" }
          ]
        },
        options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
    }
    var trainings = document.getElementById("chart-trainings");
    if (trainings) {
      new Chart(trainings, {
        type: "bar",
        data: {
          labels: data.trainings.labels,
          datasets: [
            { label: trainings.dataset.graduates || "Graduates", data: data.trainings.graduates, backgroundColor: "#56B4E9" },
            { label: trainings.dataset.applied || "Applied", data: data.trainings.applied, backgroundColor: "#0072B2" },
            { label: trainings.dataset.accepted || "Accepted", data: data.trainings.accepted, backgroundColor: "#009E73" }
          ]
        },
        options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
    }
    document.documentElement.classList.add("charts-drawn");
  });
})();
