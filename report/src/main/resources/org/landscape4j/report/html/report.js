/* landscape4j report page. Everything from the run comes from the JSON data block and reaches the page only
   through textContent (or plotly, with markup characters escaped): no run text is ever parsed as HTML. */
(function () {
  'use strict';
  var errorBox = document.getElementById('l4j-errors');
  function noteError(text) {
    errorBox.textContent += text + '\n';
    document.body.setAttribute('data-l4j-errors', String((Number(document.body.getAttribute('data-l4j-errors')) || 0) + 1));
  }
  window.addEventListener('error', function (e) { noteError('script error: ' + e.message); });
  window.addEventListener('unhandledrejection', function (e) {
    noteError('script error: ' + (e.reason && e.reason.message ? e.reason.message : String(e.reason)));
  });

  var data = JSON.parse(document.getElementById('l4j-data').textContent);
  var app = document.getElementById('app');
  var plots = [];

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function section(title) {
    var s = el('section');
    s.appendChild(el('h2', null, title));
    app.appendChild(s);
    return s;
  }
  function json(value) { return JSON.stringify(value, null, 2); }
  function table(rows) {
    var t = el('table');
    rows.forEach(function (r) {
      if (r[1] === undefined) { return; }
      var tr = el('tr');
      tr.appendChild(el('th', null, r[0]));
      var td = el('td');
      if (r[1] instanceof Node) { td.appendChild(r[1]); } else { td.textContent = r[1] === null ? '—' : String(r[1]); }
      tr.appendChild(td);
      t.appendChild(tr);
    });
    return t;
  }
  function pre(value) { return el('pre', null, typeof value === 'string' ? value : json(value)); }
  /* Text for plotly labels: plotly reads a few HTML-like tags in labels, so markup characters are escaped. */
  function safe(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }
  function plotDiv(parent, wide) {
    var d = el('div', 'l4j-plot' + (wide ? ' wide' : ''));
    d.id = 'plot-' + plots.length;
    parent.appendChild(d);
    return d;
  }
  function addPlot(parent, traces, layout, wide) {
    var div = plotDiv(parent, wide);
    layout.margin = layout.margin || { l: 70, r: 30, t: 50, b: 55 };
    layout.font = { family: 'DejaVu Sans, Arial, sans-serif', size: 12 };
    plots.push({ div: div, traces: traces, layout: layout });
  }
  function logMenu(axis) {
    var lin = {}; lin[axis + '.type'] = 'linear';
    var log = {}; log[axis + '.type'] = 'log';
    return [{ type: 'buttons', direction: 'right', x: 1, xanchor: 'right', y: 1.14, yanchor: 'top', showactive: true,
      buttons: [{ label: 'linear', method: 'relayout', args: [lin] }, { label: 'log', method: 'relayout', args: [log] }] }];
  }
  function line(x, y, name, extra) {
    var t = { x: x, y: y, name: safe(name), type: 'scatter', mode: 'lines', connectgaps: false };
    if (extra) { Object.keys(extra).forEach(function (k) { t[k] = extra[k]; }); }
    return t;
  }
  function marks(x, y, flags, name, color) {
    var mx = [], my = [];
    for (var k = 0; k < x.length; k++) {
      if (flags[k] === true && y[k] !== null) { mx.push(x[k]); my.push(y[k]); }
    }
    return { x: mx, y: my, name: safe(name), type: 'scatter', mode: 'markers',
      marker: { symbol: 'triangle-up', size: 9, color: color } };
  }
  function measured(x, y) {
    var mx = [], my = [];
    for (var k = 0; k < x.length; k++) { if (y[k] !== null) { mx.push(x[k]); my.push(y[k]); } }
    return [mx, my];
  }

  /* ---- the run summary ---- */
  var run = data.run;
  document.title = 'landscape4j report: ' + run.name;
  document.getElementById('l4j-title').textContent = 'landscape4j report: ' + run.name;
  document.getElementById('l4j-subtitle').textContent = data.generator + ', ' + data.generated;

  var summary = section('Run');
  summary.appendChild(table([
    ['directory', run.path], ['run id', run.run_id], ['status', run.status + (run.recorder_alive ? ' (a recorder holds it now)' : '')],
    ['failure', run.failure === null ? undefined : run.failure],
    ['network', run.network_class], ['parameters', run.parameter_count.toLocaleString('en')], ['data type', run.data_type],
    ['updates', run.updates], ['epochs completed', run.epochs_completed],
    ['snapshots', run.snapshots + (run.first_snapshot === null ? '' : ' (iterations ' + run.first_snapshot + '..' + run.last_snapshot + ')')],
    ['metric rows', run.metric_rows], ['curvature rows', run.curvature_rows],
    ['diverged at iteration', run.diverged_at === null ? undefined : run.diverged_at],
    ['started', run.start_time], ['ended', run.end_time],
    ['versions', 'landscape4j ' + run.versions.landscape4j + ', DL4J ' + run.versions.dl4j + ', Java ' + run.versions.java],
    ['format version', run.format_version], ['seeds', pre(run.seeds)], ['listener settings', pre(run.settings)]
  ]));
  run.warnings.forEach(function (w) { summary.appendChild(el('p', 'warn', 'warning: ' + w)); });
  data.problems.forEach(function (p) { summary.appendChild(el('p', 'problem', 'problem: ' + p)); });
  if (run.layout.length > 0) {
    var details = el('details');
    details.appendChild(el('summary', null, 'parameter layout: ' + run.layout.length + ' arrays'));
    var lt = el('table');
    var head = el('tr');
    ['name', 'layer', 'layer type', 'shape', 'offset', 'length', 'role'].forEach(function (h) { head.appendChild(el('th', null, h)); });
    lt.appendChild(head);
    run.layout.forEach(function (a) {
      var tr = el('tr');
      [a.name, a.layer, a.layer_type, '[' + a.shape.join(', ') + ']', a.offset, a.length, a.role].forEach(function (v) {
        tr.appendChild(el('td', null, v));
      });
      lt.appendChild(tr);
    });
    details.appendChild(lt);
    summary.appendChild(details);
  }
  var files = el('details');
  files.appendChild(el('summary', null, 'files: ' + Object.keys(run.files).length));
  files.appendChild(table(Object.keys(run.files).map(function (f) { return [f, run.files[f].toLocaleString('en') + ' bytes']; })));
  summary.appendChild(files);

  /* ---- results and their provenance ---- */
  var results = section('Results and their provenance');
  if (data.results.length === 0) { results.appendChild(el('p', 'note', 'no results yet (run landscape4j surface or pca)')); }
  data.results.forEach(function (r) {
    var p = r.provenance;
    var item = el('details');
    var origin = r.problem ? 'unreadable' : !p ? '' : p.current === false ? 'stale: computed from another run'
      : p.run_id === null ? 'computed from a model file' : 'computed from this run';
    item.appendChild(el('summary', null, r.name + ' (' + r.kind + ', ' + r.rows + ' rows)' + (origin ? ': ' + origin : '')));
    if (r.problem) { item.appendChild(el('p', 'problem', 'unreadable: ' + r.problem)); }
    if (p) {
      item.appendChild(table([
        ['computed from run', p.run_id === null ? 'no run (a model file)' : p.run_id],
        ['snapshot iterations', p.source_iterations.length ? p.source_iterations.join(', ') : 'none'],
        ['objective', Object.keys(p.objective).length ? pre(p.objective) : 'none'],
        ['settings', pre(p.settings)], ['seeds', pre(p.seeds)], ['landscape4j version', p.version]
      ]));
    }
    results.appendChild(item);
  });

  /* ---- training ---- */
  if (data.metrics) {
    var m = data.metrics;
    var training = section('Training');
    var tp = el('div', 'plots');
    training.appendChild(tp);
    addPlot(tp, [line(m.iteration, m.score, 'score')],
      { title: { text: 'score (loss + regularization)' }, xaxis: { title: { text: 'iteration' } },
        yaxis: { title: { text: 'score' }, type: 'log' }, updatemenus: logMenu('yaxis'), showlegend: false });
    addPlot(tp, [line(m.iteration, m.grad_norm, '‖∇L‖'), line(m.iteration, m.update_norm, '‖Δθ‖')],
      { title: { text: 'gradient and update norms' }, xaxis: { title: { text: 'iteration' } },
        yaxis: { title: { text: 'norm' }, type: 'log' }, updatemenus: logMenu('yaxis') });
    addPlot(tp, [line(m.iteration, m.learning_rate, 'learning rate')],
      { title: { text: 'learning rate' }, xaxis: { title: { text: 'iteration' } }, yaxis: { title: { text: 'η' } }, showlegend: false });
  }

  /* ---- curvature ---- */
  if (data.curvature) {
    var c = data.curvature;
    var curvature = section('Curvature along training');
    curvature.appendChild(el('p', 'note', 'κ_g = gᵀHg/‖g‖², uᵀHu/‖u‖² along the step u; triangles mark ill-conditioned steps ' +
      '(½uᵀHu > |gᵀu|) and λmax above the edge of stability 2/η. Unmeasured values are left out.'));
    var cp = el('div', 'plots');
    curvature.appendChild(cp);
    var kg = measured(c.iteration, c.curvature_g), ku = measured(c.iteration, c.curvature_u);
    var where = c.curvature_u.map(function (v, k) { return v !== null ? v : c.curvature_g[k]; });
    addPlot(cp, [line(kg[0], kg[1], 'κ_g = gᵀHg/‖g‖²'), line(ku[0], ku[1], 'uᵀHu/‖u‖²'),
      marks(c.iteration, where, c.ill_conditioned, 'ill-conditioned', '#d62728')],
      { title: { text: 'curvature along the gradient and the step' }, xaxis: { title: { text: 'iteration' } }, yaxis: { title: { text: 'curvature' } } });
    var lmax = measured(c.iteration, c.lambda_max), lmin = measured(c.iteration, c.lambda_min),
      thr = measured(c.iteration, c.stability_threshold);
    addPlot(cp, [line(lmax[0], lmax[1], 'λmax', { mode: 'lines+markers' }), line(lmin[0], lmin[1], 'λmin', { mode: 'lines+markers' }),
      line(thr[0], thr[1], '2/η', { line: { dash: 'dash' } }),
      marks(c.iteration, c.lambda_max, c.edge_of_stability, 'λmax > 2/η', '#9467bd')],
      { title: { text: 'Hessian eigenvalues and the edge of stability' }, xaxis: { title: { text: 'iteration' } }, yaxis: { title: { text: 'eigenvalue' } } });
    var pr = measured(c.iteration, c.predicted_change), ob = measured(c.iteration, c.observed_change);
    addPlot(cp, [line(pr[0], pr[1], 'predicted gᵀu + ½uᵀHu'), line(ob[0], ob[1], 'observed ΔL')],
      { title: { text: 'loss change over a step' }, xaxis: { title: { text: 'iteration' } }, yaxis: { title: { text: 'ΔL' } } });
  }

  /* ---- slices ---- */
  if (data.slices.length > 0) {
    var slices = section('Loss landscape slices');
    var lines = data.slices.filter(function (s) { return s.line; });
    var planes = data.slices.filter(function (s) { return !s.line; });
    planes.forEach(function (s) {
      slices.appendChild(el('h3', null, s.name + ' (' + s.kind + ', ' + s.alpha.length + ' × ' + s.beta.length + ')'));
      if (s.non_finite > 0) {
        slices.appendChild(el('p', 'note', s.non_finite + ' grid points without a finite loss are left blank'));
      }
      var logZ = s.z.map(function (row) { return row.map(function (v) { return v !== null && v > 0 ? Math.log10(v) : null; }); });
      var row = el('div', 'plots');
      slices.appendChild(row);
      var menu = [{ type: 'buttons', direction: 'right', x: 1, xanchor: 'right', y: 1.14, yanchor: 'top',
        buttons: [{ label: 'loss', method: 'restyle', args: [{ z: [s.z], 'colorbar.title.text': 'loss' }] },
          { label: 'log₁₀ loss', method: 'restyle', args: [{ z: [logZ], 'colorbar.title.text': 'log₁₀ loss' }] }] }];
      addPlot(row, [{ type: 'contour', x: s.alpha, y: s.beta, z: s.z, colorscale: 'Viridis', connectgaps: false,
        contours: { coloring: 'fill', showlines: true }, line: { width: 0.6, color: 'rgba(0,0,0,0.35)' }, ncontours: 16,
        colorbar: { title: { text: 'loss' } }, name: safe(s.name) }],
        { title: { text: 'contours: ' + safe(s.name) }, xaxis: { title: { text: 'α' } }, yaxis: { title: { text: 'β' } },
          plot_bgcolor: '#d0d0d0', updatemenus: menu });
      addPlot(row, [{ type: 'surface', x: s.alpha, y: s.beta, z: s.z, colorscale: 'Viridis', connectgaps: false,
        colorbar: { title: { text: 'loss' } }, name: safe(s.name) }],
        { title: { text: 'surface: ' + safe(s.name) }, margin: { l: 10, r: 10, t: 50, b: 10 },
          scene: { xaxis: { title: { text: 'α' } }, yaxis: { title: { text: 'β' } }, zaxis: { title: { text: 'loss' } } },
          updatemenus: menu });
    });
    if (lines.length > 0) {
      slices.appendChild(el('h3', null, '1-D slices'));
      var lrow = el('div', 'plots');
      slices.appendChild(lrow);
      addPlot(lrow, lines.map(function (s) { return line(s.alpha, s.z[0], s.name, { mode: 'lines' }); }),
        { title: { text: 'loss along 1-D slices' }, xaxis: { title: { text: 'α' } }, yaxis: { title: { text: 'loss' } },
          updatemenus: logMenu('yaxis') }, true);
    }
  }

  /* ---- PCA ---- */
  data.pca.forEach(function (p) {
    var pca = section('Trajectory PCA: ' + p.name);
    var pr = el('div', 'plots');
    pca.appendChild(pr);
    var cumulative = [];
    p.ratios.reduce(function (sum, r) { cumulative.push(sum + r); return sum + r; }, 0);
    var comps = p.ratios.map(function (r, i) { return i + 1; });
    addPlot(pr, [{ type: 'bar', x: comps, y: p.ratios, name: 'explained variance ratio', marker: { color: '#3b528b' } },
      line(comps, cumulative, 'cumulative', { mode: 'lines+markers' })],
      { title: { text: 'explained variance' }, xaxis: { title: { text: 'component' }, dtick: 1 },
        yaxis: { title: { text: 'share of variance' }, range: [0, 1.05] } });
    if (!p.x) {                 // an incremental PCA: no per-snapshot coordinates were stored
      pr.appendChild(el('p', 'note', 'An incremental PCA: its components and variance only (no coordinates).'));
      return;
    }
    if (p.y !== null) {
      addPlot(pr, [{ type: 'scatter', mode: 'lines+markers+text', x: p.x, y: p.y, text: p.labels.map(safe),
        textposition: 'top right', textfont: { size: 10 }, name: 'path',
        marker: { size: 7, color: p.iterations, colorscale: 'Viridis', showscale: true, colorbar: { title: { text: 'iteration' } } },
        line: { color: '#e41a1c', width: 2 } }],
        { title: { text: 'optimization path on PC1 and PC2' },
          xaxis: { title: { text: 'PC1 (' + (100 * p.ratios[0]).toFixed(1) + ' %)' } },
          yaxis: { title: { text: 'PC2 (' + (100 * p.ratios[1]).toFixed(1) + ' %)' } }, showlegend: false });
    }
    var n = p.andrews.length;
    addPlot(pr, p.andrews.map(function (curve, k) {
      return { type: 'scatter', mode: 'lines', x: p.andrews_t, y: curve, name: safe(p.labels[k]), showlegend: false,
        line: { width: 1, color: viridis(n > 1 ? k / (n - 1) : 0.5) } };
    }), { title: { text: 'Andrews curves (dark: early, yellow: late)' }, xaxis: { title: { text: 't' } }, yaxis: { title: { text: 'f(t)' } } });
  });

  if (plots.length === 0) {
    app.appendChild(el('p', 'note', 'This run holds nothing to plot yet.'));
  }

  function viridis(t) {
    var stops = ['#440154', '#48186a', '#472d7b', '#424086', '#3b528b', '#33638d', '#2c728e', '#26828e', '#21918c',
      '#1fa088', '#28ae80', '#3fbc73', '#5ec962', '#84d44b', '#addc30', '#d8e219', '#fde725'];
    return stops[Math.max(0, Math.min(stops.length - 1, Math.round(t * (stops.length - 1))))];
  }

  /* ---- plotly: inflated from the inlined gzip, then every plot drawn ---- */
  async function loadPlotly() {
    var b64 = document.getElementById('l4j-plotly').textContent.replace(/\s+/g, '');
    var binary = atob(b64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    var text = await new Response(stream).text();
    (0, eval)(text);
    if (!window.Plotly) { throw new Error('plotly.js did not load'); }
  }

  document.body.setAttribute('data-l4j-plots', String(plots.length));
  if (plots.length > 0) {
    loadPlotly().then(function () {
      return Promise.all(plots.map(function (p) {
        return Plotly.newPlot(p.div, p.traces, p.layout, { responsive: true, displaylogo: false }).then(function () {
          p.div.setAttribute('data-l4j-rendered', 'true');
        });
      }));
    }).then(function () {
      document.body.setAttribute('data-l4j-status', 'rendered');
    }).catch(function (e) {
      noteError('plots failed: ' + (e && e.message ? e.message : String(e)));
      document.body.setAttribute('data-l4j-status', 'failed');
    });
  } else {
    document.body.setAttribute('data-l4j-status', 'rendered');
  }
})();
