/* Lan Tỏa — the results dashboard's charts, drawn with Apache ECharts (vendored, see vendor/echarts/VERSION).
 * Loaded as a file: the console's Content-Security-Policy runs no inline script. The figures come from
 * the page (a JSON script element); each chart has the same figures as a table beside it.
 */
(function () {
  "use strict";

  var COLOURS = { actual: "#005a9c", target: "#b0b7c3", met: "#0b6b3a", short: "#b3261e" };

  function number(value) {
    return value === null || value === undefined ? "—" : Number(value).toLocaleString(document.documentElement.lang || "vi");
  }

  function chart(id) {
    var node = document.getElementById(id);
    if (!node || !window.echarts) {
      return null;
    }
    var instance = window.echarts.init(node, null, { renderer: "svg" });
    window.addEventListener("resize", function () { instance.resize(); });
    return instance;
  }

  function targets(data) {
    var c = chart("lt-rp-targets");
    if (!c) { return; }
    var rows = data.targets.filter(function (r) { return r.achieved !== null; });
    c.setOption({
      animation: false,
      grid: { left: 70, right: 30, top: 30, bottom: 40 },
      tooltip: {
        trigger: "axis",
        formatter: function (items) {
          var r = rows[items[0].dataIndex];
          return r.code + " · " + r.name + "<br>" + data.labels.actual + ": " + number(r.actual) + " " + r.unit +
            "<br>" + data.labels.target + ": " + number(r.target) + "<br>" + data.labels.achieved + ": " + number(r.achieved) + " %";
        }
      },
      xAxis: { type: "category", data: rows.map(function (r) { return r.code; }) },
      yAxis: { type: "value", name: data.labels.achieved, axisLabel: { formatter: "{value} %" } },
      series: [{
        type: "bar",
        data: rows.map(function (r) {
          return { value: r.achieved, itemStyle: { color: r.achieved >= 100 ? COLOURS.met : COLOURS.short } };
        }),
        label: { show: true, position: "top", formatter: function (p) { return number(p.value) + " %"; } },
        markLine: { symbol: "none", data: [{ yAxis: 100 }], lineStyle: { color: "#262626", type: "dashed" } }
      }]
    });
  }

  function trend(data) {
    var c = chart("lt-rp-trend");
    var pick = document.getElementById("lt-rp-trend-pick");
    if (!c || !pick) { return; }
    function draw() {
      var code = pick.value;
      var row = data.targets.filter(function (r) { return r.code === code; })[0] || {};
      c.setOption({
        animation: false,
        grid: { left: 70, right: 30, top: 30, bottom: 40 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: data.periods },
        yAxis: { type: "value", name: row.unit || "" },
        series: [{ type: "line", name: code, data: data.trend[code] || [], connectNulls: false, symbolSize: 8,
                   itemStyle: { color: COLOURS.actual }, label: { show: true, formatter: function (p) { return number(p.value); } } }]
      }, true);
      units(data, code);
    }
    pick.addEventListener("change", draw);
    draw();
  }

  var unitChart = null;
  function units(data, code) {
    if (!data.units.length) { return; }
    unitChart = unitChart || chart("lt-rp-units");
    if (!unitChart) { return; }
    var rows = data.units.map(function (u) { return { name: u.name, value: u.values[code] }; })
      .filter(function (r) { return r.value !== null && r.value !== undefined; })
      .sort(function (a, b) { return b.value - a.value; })
      .slice(0, 30);
    unitChart.setOption({
      animation: false,
      grid: { left: 200, right: 40, top: 10, bottom: 30 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }) },
      series: [{ type: "bar", name: code, data: rows.map(function (r) { return r.value; }), itemStyle: { color: COLOURS.actual } }]
    }, true);
  }

  function grid(data) {
    if (!data.grid) { return; }
    var c = chart("lt-rp-grid");
    if (!c) { return; }
    var colours = { "4": "#7cc59a", "3": "#f2c14e", "2": "#9cc3ea", "1": "#c98bd1", "0": "#e0675f", "-1": "#efefef", "-2": "#fafafa" };
    var labels = {};
    data.grid.statuses.forEach(function (s) { labels[s.value] = s.label; });
    c.getDom().style.height = Math.max(240, data.grid.units.length * 18 + 80) + "px";
    c.resize();
    c.setOption({
      animation: false,
      grid: { left: 200, right: 20, top: 40, bottom: 30 },
      tooltip: {
        formatter: function (p) {
          return data.grid.units[p.value[1]] + " · " + data.grid.periods[p.value[0]] + "<br>" + labels[p.value[2]];
        }
      },
      xAxis: { type: "category", data: data.grid.periods, position: "top", splitArea: { show: true } },
      yAxis: { type: "category", data: data.grid.units, inverse: true, axisLabel: { fontSize: 11 } },
      visualMap: {
        type: "piecewise", orient: "horizontal", bottom: 0, left: "center", show: false,
        pieces: data.grid.statuses.map(function (s) { return { value: s.value, label: s.label, color: colours[String(s.value)] }; })
      },
      series: [{ type: "heatmap", data: data.grid.cells, itemStyle: { borderColor: "#fff", borderWidth: 1 } }]
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("lt-rp-chart-data");
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    targets(data);
    trend(data);
    grid(data);
  });
})();
