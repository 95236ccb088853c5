/* landscape4j live view: asks the server that sent this page for the run's data every few seconds (with the
   version it has, so an unchanged run costs a 304 and nothing else), hands newer data to the report script
   (event "l4j-data") and says in the header how current the page is. Text reaches the page only as textContent. */
(function () {
  'use strict';
  var body = document.body;
  var source = body.getAttribute('data-l4j-live');
  var interval = Math.max(200, Number(body.getAttribute('data-l4j-live-interval')) || 3000);
  var version = body.getAttribute('data-l4j-version');
  var box = document.getElementById('l4j-live');
  var run = JSON.parse(document.getElementById('l4j-data').textContent).run;
  var changedAt = new Date(), checkedAt = null, failingSince = null, problem = null;
  var delay = interval, updates = 0;

  function time(d) {
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds());
  }
  function seconds(ms) { return (ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(1)) + ' s'; }

  function show() {
    var state, text;
    var asOf = 'data from ' + time(changedAt);
    if (failingSince) {
      state = 'unreachable';
      text = 'server unreachable since ' + time(failingSince) + ' (is landscape4j serve still running?); retrying, '
        + 'the page shows the ' + asOf;
    } else if (problem !== null) {
      state = 'unreadable';
      text = 'the run cannot be read now: ' + problem + '; retrying, the page shows the ' + asOf;
    } else if (run.status !== 'running') {
      state = 'finished';
      text = 'run finished (' + run.status + '), ' + asOf + '; still watching for new results';
    } else if (!run.recorder_alive) {
      state = 'stalled';
      text = 'no recorder holds the run (was training stopped?), ' + asOf + '; checked ' + time(checkedAt || changedAt);
    } else {
      state = 'live';
      text = 'live: ' + asOf + ', checked ' + time(checkedAt || changedAt) + ', every ' + seconds(interval);
    }
    box.textContent = text;
    box.className = 'live is-' + state;
    body.setAttribute('data-l4j-live-state', state);
  }

  function poll() {
    var headers = {};
    if (version) { headers['If-None-Match'] = '"' + version + '"'; }
    var controller = new AbortController();
    var timeout = setTimeout(function () { controller.abort(); }, Math.max(10000, 3 * interval));
    fetch(source, { cache: 'no-store', headers: headers, signal: controller.signal, credentials: 'omit', redirect: 'error' })
      .then(function (r) {
        if (r.status === 304) { return null; }
        if (r.status === 503) {
          return r.text().then(function (t) { throw { unreadable: t.slice(0, 400) }; });
        }
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        var tag = r.headers.get('ETag');
        return r.json().then(function (d) { version = tag ? tag.replace(/^W\//, '').replace(/"/g, '') : null; return d; });
      })
      .then(function (data) {
        failingSince = null;
        problem = null;
        delay = interval;
        checkedAt = new Date();
        if (data) {
          run = data.run;
          changedAt = checkedAt;
          updates++;
          body.setAttribute('data-l4j-live-updates', String(updates));
          document.dispatchEvent(new CustomEvent('l4j-data', { detail: data }));
        }
      }, function (e) {
        if (e && e.unreadable !== undefined) {
          failingSince = null;
          problem = e.unreadable;
          delay = interval;
        } else {
          failingSince = failingSince || new Date();
          delay = Math.min(30000, delay * 2);      // back off while the server is away; it may come back
        }
      })
      .catch(function (e) { console.error('live view: ' + (e && e.message ? e.message : String(e))); })
      .then(function () {
        clearTimeout(timeout);
        show();
        setTimeout(poll, delay);
      });
  }

  show();
  setTimeout(poll, interval);
})();
