// The plots (ECharts): results over time by specimen, and the LVEF trend against the line below which
// HER2-directed antibodies are not started.
// Below this LVEF the labels of HER2-directed antibodies say not to start (clinical-knowledge.md §4h).
var LVEF_LINE = 50;
var charts = {};

function chart(id) {
  if (!charts[id]) charts[id] = echarts.init($(id));
  return charts[id];
}

// A time axis with a margin either side, so that the first and last results (or a single one) sit inside it.
function timeAxis() {
  var margin = 30 * 864e5;
  return {type: 'time', min: function (v) { return v.min - margin; }, max: function (v) { return v.max + margin; },
    axisLabel: {hideOverlap: true}};
}

function metastaticSince() {
  var dates = patient.conditions.filter(function (c) {
    return factOf(c.code, maps.condition) === 'metastatic-disease';
  }).map(function (c) { return c.onsetDateTime || c.recordedDate; }).filter(Boolean).sort();
  return dates[0] || null;
}

function renderTimeline() {
  var rows = MARKERS.filter(function (m) { return m.id !== 'lvef'; });
  var series = {};
  var previous = {};
  var points = 0;
  patient.observations.filter(function (o) { return !WITHDRAWN[o.status] && dateOf(o); })
    .sort(function (a, b) { return byDateDesc(b, a); })
    .forEach(function (o) {
      var marker = markerOf(o);
      if (!marker || marker.id === 'lvef') return;
      var specimen = specimenLabel(o) || 'specimen not stated';
      var value = valueText(o);
      var differs = previous[marker.id] !== undefined && previous[marker.id] !== value;
      previous[marker.id] = value;
      (series[specimen] = series[specimen] || []).push({
        value: [dateOf(o).slice(0, 10), marker.label, value],
        symbol: differs ? 'diamond' : 'circle',
        symbolSize: differs ? 18 : 12
      });
      points++;
    });
  var since = metastaticSince();
  var list = Object.keys(series).map(function (name, i) {
    return {
      name: name, type: 'scatter', data: series[name],
      label: {show: true, position: 'right', formatter: function (p) { return p.value[2]; }},
      markLine: i === 0 && since ? {symbol: 'none', label: {formatter: 'metastatic disease'},
        data: [{xAxis: since.slice(0, 10)}]} : undefined
    };
  });
  $('timeline-chart').setAttribute('data-points', String(points));
  $('timeline-chart').setAttribute('aria-label', points + ' results plotted');
  chart('timeline-chart').setOption({
    animation: false,
    title: {text: 'Biomarker results', textStyle: {fontSize: 14}},
    tooltip: {formatter: function (p) { return p.seriesName + ': ' + p.value[1] + ' ' + p.value[2] + ' on ' + p.value[0]; }},
    legend: {bottom: 0},
    grid: {left: 80, right: 60},
    xAxis: timeAxis(),
    yAxis: {type: 'category', data: rows.map(function (m) { return m.label; })},
    series: list
  }, true);
}

function renderLvef() {
  var data = patient.observations.filter(function (o) {
    var marker = markerOf(o);
    return marker && marker.id === 'lvef' && !WITHDRAWN[o.status] && o.valueQuantity && dateOf(o);
  }).sort(function (a, b) { return byDateDesc(b, a); })
    .map(function (o) { return [dateOf(o).slice(0, 10), o.valueQuantity.value]; });
  $('lvef-chart').setAttribute('data-points', String(data.length));
  $('lvef-chart').setAttribute('aria-label', data.length + ' LVEF values plotted');
  chart('lvef-chart').setOption({
    animation: false,
    title: {text: 'LVEF (%)', textStyle: {fontSize: 14}},
    tooltip: {trigger: 'axis'},
    xAxis: timeAxis(),
    yAxis: {type: 'value', min: 20, max: 80},
    series: [{
      name: 'LVEF', type: 'line', data: data, symbolSize: 10,
      label: {show: true, formatter: function (p) { return p.value[1] + ' %'; }},
      markLine: {symbol: 'none', lineStyle: {color: '#c0392b', type: 'dashed'},
        label: {position: 'insideStartBottom', formatter: LVEF_LINE + ' %'}, data: [{yAxis: LVEF_LINE}]}
    }]
  }, true);
}
