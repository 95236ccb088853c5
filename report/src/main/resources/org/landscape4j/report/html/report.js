/* landscape4j report page. Everything from the run comes from the JSON data block and reaches the page only
   through textContent (or plotly, with markup characters escaped): no run text is ever parsed as HTML.
   The page is drawn by render(data), which the live view calls again with newer data (event "l4j-data"): each
   section and plot has a key; a section whose data did not change is left alone, a changed one is rebuilt around
   its existing plot elements, whose plots are redrawn with Plotly.react (zoom and toggles survive). */
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

  var app = document.getElementById('app');
  var sections = {};      /* key -> { el, sig, plots: [plot keys] } */
  var plots = {};         /* key -> { div, traces, layout, sig, drawn } */
  var plotCount = 0;      /* plot elements ever made: their ids */
  var building = null;    /* plot keys added by the section being built */

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
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
  /* A collapsible block; its key keeps it open across redraws of its section. */
  function details(key, summary) {
    var d = el('details');
    d.setAttribute('data-l4j-key', key);
    d.appendChild(el('summary', null, summary));
    return d;
  }
  /* Text for plotly labels: plotly reads a few HTML-like tags in labels, so markup characters are escaped. */
  function safe(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }
  /* Puts the plot with this key into parent: its existing element (plotly state and all) or a new one. */
  function addPlot(parent, key, traces, layout, wide) {
    layout.margin = layout.margin || { l: 70, r: 30, t: 50, b: 55 };
    layout.font = { family: 'DejaVu Sans, Arial, sans-serif', size: 12 };
    layout.uirevision = 'l4j';           /* Plotly.react keeps the reader's zoom, rotation and legend toggles */
    var p = plots[key];
    if (!p) {
      var div = el('div');
      div.id = 'plot-' + plotCount++;
      div.setAttribute('data-l4j-key', key);
      p = plots[key] = { div: div, sig: null, drawn: false };
    }
    p.div.className = 'l4j-plot' + (wide ? ' wide' : '');
    p.traces = traces;
    p.layout = layout;
    parent.appendChild(p.div);
    building.push(key);
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
  function viridis(t) {
    var stops = ['#440154', '#48186a', '#472d7b', '#424086', '#3b528b', '#33638d', '#2c728e', '#26828e', '#21918c',
      '#1fa088', '#28ae80', '#3fbc73', '#5ec962', '#84d44b', '#addc30', '#d8e219', '#fde725'];
    return stops[Math.max(0, Math.min(stops.length - 1, Math.round(t * (stops.length - 1))))];
  }

  /* ---- the run summary ---- */
  function fillRun(s, data) {
    var run = data.run;
    s.appendChild(table([
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
    run.warnings.forEach(function (w) { s.appendChild(el('p', 'warn', 'warning: ' + w)); });
    data.problems.forEach(function (p) { s.appendChild(el('p', 'problem', 'problem: ' + p)); });
    if (run.layout.length > 0) {
      var layout = details('layout', 'parameter layout: ' + run.layout.length + ' arrays');
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
      layout.appendChild(lt);
      s.appendChild(layout);
    }
    var files = details('files', 'files: ' + Object.keys(run.files).length);
    files.appendChild(table(Object.keys(run.files).map(function (f) { return [f, run.files[f].toLocaleString('en') + ' bytes']; })));
    s.appendChild(files);
  }

  /* ---- results and their provenance ---- */
  function fillResults(s, data) {
    if (data.results.length === 0) { s.appendChild(el('p', 'note', 'no results yet (run landscape4j surface or pca)')); }
    data.results.forEach(function (r) {
      var p = r.provenance;
      var origin = r.problem ? 'unreadable' : !p ? '' : p.current === false ? 'stale: computed from another run'
        : p.run_id === null ? 'computed from a model file' : 'computed from this run';
      var item = details('result:' + r.name, r.name + ' (' + r.kind + ', ' + r.rows + ' rows)' + (origin ? ': ' + origin : ''));
      if (r.problem) { item.appendChild(el('p', 'problem', 'unreadable: ' + r.problem)); }
      if (p) {
        item.appendChild(table([
          ['computed from run', p.run_id === null ? 'no run (a model file)' : p.run_id],
          ['snapshot iterations', p.source_iterations.length ? p.source_iterations.join(', ') : 'none'],
          ['objective', Object.keys(p.objective).length ? pre(p.objective) : 'none'],
          ['settings', pre(p.settings)], ['seeds', pre(p.seeds)], ['landscape4j version', p.version]
        ]));
      }
      s.appendChild(item);
    });
  }

  /* ---- training ---- */
  function fillTraining(s, m) {
    var tp = el('div', 'plots');
    s.appendChild(tp);
    addPlot(tp, 'training/score', [line(m.iteration, m.score, 'score')],
      { title: { text: 'score (loss + regularization)' }, xaxis: { title: { text: 'iteration' } },
        yaxis: { title: { text: 'score' }, type: 'log' }, updatemenus: logMenu('yaxis'), showlegend: false });
    addPlot(tp, 'training/norms', [line(m.iteration, m.grad_norm, '‖∇L‖'), line(m.iteration, m.update_norm, '‖Δθ‖')],
      { title: { text: 'gradient and update norms' }, xaxis: { title: { text: 'iteration' } },
        yaxis: { title: { text: 'norm' }, type: 'log' }, updatemenus: logMenu('yaxis') });
    addPlot(tp, 'training/learning-rate', [line(m.iteration, m.learning_rate, 'learning rate')],
      { title: { text: 'learning rate' }, xaxis: { title: { text: 'iteration' } }, yaxis: { title: { text: 'η' } }, showlegend: false });
  }

  /* ---- curvature ---- */
  function fillCurvature(s, c) {
    s.appendChild(el('p', 'note', 'κ_g = gᵀHg/‖g‖², uᵀHu/‖u‖² along the step u; triangles mark ill-conditioned steps ' +
      '(½uᵀHu > |gᵀu|) and λmax above the edge of stability 2/η. Unmeasured values are left out.'));
    var cp = el('div', 'plots');
    s.appendChild(cp);
    var kg = measured(c.iteration, c.curvature_g), ku = measured(c.iteration, c.curvature_u);
    var where = c.curvature_u.map(function (v, k) { return v !== null ? v : c.curvature_g[k]; });
    addPlot(cp, 'curvature/along', [line(kg[0], kg[1], 'κ_g = gᵀHg/‖g‖²'), line(ku[0], ku[1], 'uᵀHu/‖u‖²'),
      marks(c.iteration, where, c.ill_conditioned, 'ill-conditioned', '#d62728')],
      { title: { text: 'curvature along the gradient and the step' }, xaxis: { title: { text: 'iteration' } }, yaxis: { title: { text: 'curvature' } } });
    var lmax = measured(c.iteration, c.lambda_max), lmin = measured(c.iteration, c.lambda_min),
      thr = measured(c.iteration, c.stability_threshold);
    addPlot(cp, 'curvature/eigenvalues', [line(lmax[0], lmax[1], 'λmax', { mode: 'lines+markers' }), line(lmin[0], lmin[1], 'λmin', { mode: 'lines+markers' }),
      line(thr[0], thr[1], '2/η', { line: { dash: 'dash' } }),
      marks(c.iteration, c.lambda_max, c.edge_of_stability, 'λmax > 2/η', '#9467bd')],
      { title: { text: 'Hessian eigenvalues and the edge of stability' }, xaxis: { title: { text: 'iteration' } }, yaxis: { title: { text: 'eigenvalue' } } });
    var pr = measured(c.iteration, c.predicted_change), ob = measured(c.iteration, c.observed_change);
    addPlot(cp, 'curvature/change', [line(pr[0], pr[1], 'predicted gᵀu + ½uᵀHu'), line(ob[0], ob[1], 'observed ΔL')],
      { title: { text: 'loss change over a step' }, xaxis: { title: { text: 'iteration' } }, yaxis: { title: { text: 'ΔL' } } });
  }

  /* ---- slices ---- */
  function fillSlices(s, all) {
    var lines = all.filter(function (x) { return x.line; });
    var planes = all.filter(function (x) { return !x.line; });
    planes.forEach(function (x) {
      s.appendChild(el('h3', null, x.name + ' (' + x.kind + ', ' + x.alpha.length + ' × ' + x.beta.length + ')'));
      if (x.non_finite > 0) {
        s.appendChild(el('p', 'note', x.non_finite + ' grid points without a finite loss are left blank'));
      }
      var logZ = x.z.map(function (row) { return row.map(function (v) { return v !== null && v > 0 ? Math.log10(v) : null; }); });
      var row = el('div', 'plots');
      s.appendChild(row);
      var menu = [{ type: 'buttons', direction: 'right', x: 1, xanchor: 'right', y: 1.14, yanchor: 'top',
        buttons: [{ label: 'loss', method: 'restyle', args: [{ z: [x.z], 'colorbar.title.text': 'loss' }, [0]] },
          { label: 'log₁₀ loss', method: 'restyle', args: [{ z: [logZ], 'colorbar.title.text': 'log₁₀ loss' }, [0]] }] }];
      var contourTraces = [{ type: 'contour', x: x.alpha, y: x.beta, z: x.z, colorscale: 'Viridis', connectgaps: false,
        contours: { coloring: 'fill', showlines: true }, line: { width: 0.6, color: 'rgba(0,0,0,0.35)' }, ncontours: 16,
        colorbar: { title: { text: 'loss' } }, name: safe(x.name) }];
      var surfaceTraces = [{ type: 'surface', x: x.alpha, y: x.beta, z: x.z, colorscale: 'Viridis', connectgaps: false,
        colorbar: { title: { text: 'loss' } }, name: safe(x.name) }];
      if (x.path) {
        contourTraces.push({ type: 'scatter', mode: 'lines+markers+text', x: x.path.x, y: x.path.y,
          text: x.path.labels.map(safe), textposition: 'top right', textfont: { size: 10, color: '#fff' },
          line: { color: '#e8453c', width: 2 }, marker: { size: 5, color: '#e8453c' }, name: 'training path' });
        surfaceTraces.push({ type: 'scatter3d', mode: 'lines+markers', x: x.path.x, y: x.path.y, z: x.path.z,
          line: { color: '#e8453c', width: 5 }, marker: { size: 2, color: '#e8453c' }, name: 'training path' });
      }
      addPlot(row, 'slice-contour:' + x.name, contourTraces,
        { title: { text: 'contours: ' + safe(x.name) }, xaxis: { title: { text: 'α' } }, yaxis: { title: { text: 'β' } },
          plot_bgcolor: '#d0d0d0', updatemenus: menu });
      addPlot(row, 'slice-surface:' + x.name, surfaceTraces,
        { title: { text: 'surface: ' + safe(x.name) }, margin: { l: 10, r: 10, t: 50, b: 10 },
          scene: { xaxis: { title: { text: 'α' } }, yaxis: { title: { text: 'β' } }, zaxis: { title: { text: 'loss' } } },
          updatemenus: menu });
    });
    if (lines.length > 0) {
      s.appendChild(el('h3', null, '1-D slices'));
      var lrow = el('div', 'plots');
      s.appendChild(lrow);
      addPlot(lrow, 'slices/lines', lines.map(function (x) { return line(x.alpha, x.z[0], x.name, { mode: 'lines' }); }),
        { title: { text: 'loss along 1-D slices' }, xaxis: { title: { text: 'α' } }, yaxis: { title: { text: 'loss' } },
          updatemenus: logMenu('yaxis') }, true);
    }
  }

  /* ---- PCA ---- */
  function fillPca(s, p) {
    var key = 'pca:' + p.name + '/';
    var pr = el('div', 'plots');
    s.appendChild(pr);
    var cumulative = [];
    p.ratios.reduce(function (sum, r) { cumulative.push(sum + r); return sum + r; }, 0);
    var comps = p.ratios.map(function (r, i) { return i + 1; });
    addPlot(pr, key + 'variance', [{ type: 'bar', x: comps, y: p.ratios, name: 'explained variance ratio', marker: { color: '#3b528b' } },
      line(comps, cumulative, 'cumulative', { mode: 'lines+markers' })],
      { title: { text: 'explained variance' }, xaxis: { title: { text: 'component' }, dtick: 1 },
        yaxis: { title: { text: 'share of variance' }, range: [0, 1.05] } });
    if (!p.x) {                 // an incremental PCA: no per-snapshot coordinates were stored
      pr.appendChild(el('p', 'note', 'An incremental PCA: its components and variance only (no coordinates).'));
      return;
    }
    if (p.y !== null) {
      addPlot(pr, key + 'path', [{ type: 'scatter', mode: 'lines+markers+text', x: p.x, y: p.y, text: p.labels.map(safe),
        textposition: 'top right', textfont: { size: 10 }, name: 'path',
        marker: { size: 7, color: p.iterations, colorscale: 'Viridis', showscale: true, colorbar: { title: { text: 'iteration' } } },
        line: { color: '#e41a1c', width: 2 } }],
        { title: { text: 'optimization path on PC1 and PC2' },
          xaxis: { title: { text: 'PC1 (' + (100 * p.ratios[0]).toFixed(1) + ' %)' } },
          yaxis: { title: { text: 'PC2 (' + (100 * p.ratios[1]).toFixed(1) + ' %)' } }, showlegend: false });
    }
    var n = p.andrews.length;
    addPlot(pr, key + 'andrews', p.andrews.map(function (curve, k) {
      return { type: 'scatter', mode: 'lines', x: p.andrews_t, y: curve, name: safe(p.labels[k]), showlegend: false,
        line: { width: 1, color: viridis(n > 1 ? k / (n - 1) : 0.5) } };
    }), { title: { text: 'Andrews curves (dark: early, yellow: late)' }, xaxis: { title: { text: 't' } }, yaxis: { title: { text: 'f(t)' } } });
  }

  /* The page's sections for this data, in order: a key, a title, a signature of the data it shows, a filler. */
  function sectionsOf(data) {
    var list = [
      { key: 'run', title: 'Run', sig: [data.run, data.problems], fill: function (s) { fillRun(s, data); } },
      { key: 'results', title: 'Results and their provenance', sig: data.results, fill: function (s) { fillResults(s, data); } }
    ];
    if (data.metrics) {
      list.push({ key: 'training', title: 'Training', sig: data.metrics, fill: function (s) { fillTraining(s, data.metrics); } });
    }
    if (data.curvature) {
      list.push({ key: 'curvature', title: 'Curvature along training', sig: data.curvature,
        fill: function (s) { fillCurvature(s, data.curvature); } });
    }
    if (data.slices.length > 0) {
      list.push({ key: 'slices', title: 'Loss landscape slices', sig: data.slices, fill: function (s) { fillSlices(s, data.slices); } });
    }
    data.pca.forEach(function (p) {
      list.push({ key: 'pca:' + p.name, title: 'Trajectory PCA: ' + p.name, sig: p, fill: function (s) { fillPca(s, p); } });
    });
    if (!data.metrics && !data.curvature && data.slices.length === 0 && data.pca.length === 0) {
      list.push({ key: 'empty', tag: 'p', className: 'note', text: 'This run holds nothing to plot yet.', sig: null,
        fill: function () {} });
    }
    list.forEach(function (spec) { spec.sig = JSON.stringify(spec.sig); });
    return list;
  }

  function openKeys(section) {
    var open = {};
    section.querySelectorAll('details[open]').forEach(function (d) { open[d.getAttribute('data-l4j-key')] = true; });
    return open;
  }

  /* Brings the page to this data; returns the keys of the plots whose traces or layout may have changed. */
  function build(data) {
    var run = data.run;
    document.title = 'landscape4j report: ' + run.name;
    document.getElementById('l4j-title').textContent = 'landscape4j report: ' + run.name;
    document.getElementById('l4j-subtitle').textContent = data.generator + ', ' + data.generated;
    var next = {}, order = [], touched = [], alive = {};
    sectionsOf(data).forEach(function (spec) {
      var old = sections[spec.key];
      var entry = old;
      if (!old || old.sig !== spec.sig) {
        var s = el(spec.tag || 'section', spec.className, spec.text);
        s.setAttribute('data-l4j-section', spec.key);
        if (spec.title) { s.appendChild(el('h2', null, spec.title)); }
        building = [];
        spec.fill(s);
        if (old) {
          var open = openKeys(old.el);
          s.querySelectorAll('details').forEach(function (d) { if (open[d.getAttribute('data-l4j-key')]) { d.open = true; } });
          app.replaceChild(s, old.el);
        }
        entry = { el: s, sig: spec.sig, plots: building };
        building = null;
        touched = touched.concat(entry.plots);
      }
      entry.plots.forEach(function (k) { alive[k] = true; });
      next[spec.key] = entry;
      order.push(entry.el);
    });
    Object.keys(sections).forEach(function (k) {
      if (!next[k] && sections[k].el.parentNode === app) { app.removeChild(sections[k].el); }
    });
    var ref = app.firstChild;
    order.forEach(function (node) {
      if (node === ref) { ref = ref.nextSibling; } else { app.insertBefore(node, ref); }
    });
    Object.keys(plots).forEach(function (k) {
      if (!alive[k]) {
        if (plots[k].drawn && window.Plotly) { Plotly.purge(plots[k].div); }
        delete plots[k];
      }
    });
    sections = next;
    document.body.setAttribute('data-l4j-plots', String(Object.keys(plots).length));
    return touched;
  }

  /* ---- plotly: inflated from the inlined gzip once, on the first plot ---- */
  var plotly = null;
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

  function draw(keys) {
    var todo = keys.filter(function (k, i) {
      var p = plots[k];
      if (!p || keys.indexOf(k) !== i) { return false; }
      var sig = JSON.stringify([p.traces, p.layout]);
      if (p.drawn && p.sig === sig) { return false; }
      p.sig = sig;
      return true;
    });
    if (todo.length === 0) { return Promise.resolve(); }
    plotly = plotly || loadPlotly();
    return plotly.then(function () {
      return Promise.all(todo.map(function (k) {
        var p = plots[k];
        var config = { responsive: true, displaylogo: false };
        var done = p.drawn ? Plotly.react(p.div, p.traces, p.layout, config)
          : Plotly.newPlot(p.div, p.traces, p.layout, config);
        return done.then(function () {
          p.drawn = true;
          p.div.setAttribute('data-l4j-rendered', 'true');
        });
      }));
    });
  }

  /* One render at a time; data arriving meanwhile waits, and only the newest is drawn. */
  var waiting = null, busy = false, revision = 0;
  function update(data) {
    waiting = data;
    if (!busy) { next(); }
  }
  function next() {
    var data = waiting;
    waiting = null;
    busy = true;
    var drawn;
    try {
      drawn = draw(build(data));
    } catch (e) {
      drawn = Promise.reject(e);
    }
    drawn.then(function () {
      revision++;
      document.body.setAttribute('data-l4j-revision', String(revision));
      document.body.setAttribute('data-l4j-status', 'rendered');
    }, function (e) {
      noteError('plots failed: ' + (e && e.message ? e.message : String(e)));
      document.body.setAttribute('data-l4j-status', 'failed');
    }).then(function () {
      busy = false;
      if (waiting) { next(); }
    });
  }

  document.addEventListener('l4j-data', function (e) { update(e.detail); });
  update(JSON.parse(document.getElementById('l4j-data').textContent));
})();
