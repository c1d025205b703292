// The leaders' dashboard charts. The figures come from the JSON endpoint the page names (the same
// numbers the tests check); the charts are redrawn whenever htmx refreshes the red-light board.
(function () {
  "use strict";

  var palette = ["#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037"];

  function bars(labels, values, name, horizontal) {
    var category = { type: "category", data: labels, inverse: horizontal,
                     axisLabel: { interval: horizontal ? 0 : "auto" } };  // horizontal: the first on top
    var value = { type: "value", minInterval: 1 };
    return {
      color: palette,
      tooltip: { trigger: "axis" },
      grid: { left: horizontal ? 110 : 40, right: 20, top: 20, bottom: 30 },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: [{ name: name, type: "bar", barMaxWidth: 28, data: values }],
    };
  }

  var charts = {
    volume_by_day: function (data, words) {
      return bars(
        data.volume_by_day.map(function (d) { return d.date.slice(5); }),
        data.volume_by_day.map(function (d) { return d.orders; }),
        words.orders
      );
    },
    volume_by_hour: function (data, words) {
      return bars(
        data.volume_by_hour.map(function (h) { return h.hour + ":00"; }),
        data.volume_by_hour.map(function (h) { return h.orders; }),
        words.orders
      );
    },
    type_mix: function (data, words) {
      return {
        color: palette,
        tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
        legend: { bottom: 0, type: "scroll" },
        series: [{
          name: words.orders,
          type: "pie",
          radius: ["35%", "65%"],
          data: data.type_mix.map(function (t) { return { name: t.type, value: t.orders }; }),
        }],
      };
    },
    trends: function (data, words) {
      return {
        color: palette.slice(1),
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; } },
        legend: { bottom: 0 },
        grid: { left: 40, right: 20, top: 20, bottom: 50 },
        xAxis: { type: "category", data: data.trends.map(function (w) { return w.week.slice(5); }) },
        yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        series: [
          { name: words.replied, type: "line", connectNulls: true,
            data: data.trends.map(function (w) { return w.replied_on_time; }) },
          { name: words.satisfaction, type: "line", connectNulls: true,
            data: data.trends.map(function (w) { return w.satisfaction; }) },
        ],
      };
    },
    red_board: function (data, words) {
      var option = bars(
        data.red_board.map(function (d) { return d.department; }),
        data.red_board.map(function (d) { return d.count; }),
        words.overdue,
        true
      );
      option.color = [palette[0]];
      return option;
    },
    ranking: function (data, words) {
      return bars(
        data.ranking.map(function (d) { return d.place + ". " + d.department; }),
        data.ranking.map(function (d) { return d.replied_on_time; }),
        words.replied,
        true
      );
    },
  };

  function draw(root, data) {
    var words = root.dataset;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = echarts.getInstanceByDom(el) || echarts.init(el);
      chart.setOption(charts[el.dataset.chart](data, words), true);
    });
    root.dataset.drawn = (Number(root.dataset.drawn || 0) + 1).toString();
  }

  function load(root) {
    return fetch(root.dataset.source, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) { draw(root, data); })
      .catch(function () { root.classList.add("stale"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("charts");
    if (!root || typeof echarts === "undefined") { return; }
    var first = document.getElementById("dashboard-data");  // the page's own figures: no second query
    if (first) { draw(root, JSON.parse(first.textContent)); } else { load(root); }
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.target.id === "red-board") { load(root); }
    });
    window.addEventListener("resize", function () {
      root.querySelectorAll("[data-chart]").forEach(function (el) {
        var chart = echarts.getInstanceByDom(el);
        if (chart) { chart.resize(); }
      });
    });
  });
})();
