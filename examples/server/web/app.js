// Settings page of the pbiconnect example server. Plain JavaScript, no
// dependencies. Secrets typed here are sent once, over the API, and never
// written back into the page: the server only says whether they are set.
(() => {
  'use strict';

  const FIELDS = ['tenantId', 'clientId', 'clientSecret', 'scope', 'workspaceId',
    'username', 'password'];
  const SECRETS = ['clientSecret', 'password'];
  const LABELS = {
    tenantId: 'Tenant ID', clientId: 'Client ID', clientSecret: 'Client Secret',
    scope: 'Scope', workspaceId: 'Workspace ID', username: 'Username', password: 'Password',
  };
  const TOKEN_KEY = 'pbiconnect.token';
  const $ = (id) => document.getElementById(id);
  const state = { token: '', base: '', etag: '', view: null, replacing: {} };

  // Auth: a ?token= in the address wins and is removed from it at once, so it
  // does not linger in the history; the tab keeps it in sessionStorage.
  function takeToken() {
    const q = new URLSearchParams(location.search);
    if (q.has('token')) {
      sessionStorage.setItem(TOKEN_KEY, q.get('token'));
      q.delete('token');
      const rest = q.toString();
      history.replaceState(null, '', location.pathname + (rest ? '?' + rest : ''));
    }
    return sessionStorage.getItem(TOKEN_KEY) || '';
  }

  async function api(method, path, body, extra) {
    const headers = { Authorization: 'Bearer ' + state.token, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    Object.assign(headers, extra || {});
    const res = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit',
    });
    let data = null;
    if (res.status !== 204) {
      try { data = await res.json(); } catch (_) { data = null; }
    }
    return { status: res.status, etag: res.headers.get('ETag') || '', data, res };
  }

  function showSignin(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    $('app').hidden = true;
    $('who').hidden = true;
    $('signin').hidden = false;
    $('token-error').textContent = message || '';
    $('token').focus();
  }

  // start signs in with the token; a server that cannot be reached sends
  // the person back to the sign-in form with a message, never a blank page.
  async function start() {
    try {
      await signIn();
    } catch (e) {
      showSignin('The server could not be reached. Try again in a moment.');
    }
  }

  async function signIn() {
    const r = await api('GET', '/whoami');
    if (r.status !== 200 || !r.data) {
      showSignin('This token was not recognized. Check it and try again.');
      return;
    }
    const who = r.data;
    const out = document.createElement('button');
    out.type = 'button';
    out.className = 'btn link signout';
    out.textContent = 'Sign out';
    out.addEventListener('click', () => { state.token = ''; showSignin(); });
    $('who').replaceChildren(text('Signed in as '), strong(who.user),
      text(' · ' + who.role + ' of '), strong(who.org), out);
    $('who').hidden = false;
    $('signin').hidden = true;
    $('app').hidden = false;
    document.querySelector('.side').hidden = false;
    setDisabled(false);
    state.base = '/v1/orgs/' + encodeURIComponent(who.org) + '/integrations/powerbi';
    await load();
  }

  // load reads the stored settings; 404 means the page starts empty.
  async function load() {
    clearErrors();
    const r = await api('GET', state.base);
    if (r.status === 200) {
      state.view = r.data;
      state.etag = r.etag;
      fill(r.data);
    } else if (r.status === 404) {
      state.view = null;
      state.etag = '';
      fill(null);
    } else if (r.status === 401) {
      showSignin('Your session has expired. Enter the token again.');
      return;
    } else if (r.status === 403) {
      banner('warn', 'Only owners and admins of this organization can see or change its ' +
        'Power BI settings.');
      setDisabled(true);
      document.querySelector('.side').hidden = true;
      return;
    } else {
      problemBanner(r);
      setDisabled(true);
      return;
    }
    await loadHistory();
  }

  function fill(view) {
    for (const f of FIELDS) {
      if (!SECRETS.includes(f)) $(f).value = view ? (view[f] || '') : '';
    }
    state.replacing = {};
    for (const s of SECRETS) setSecretMode(s, !!(view && view[s + 'Set']));
    $('state').textContent = view ? 'Version ' + view.version : 'Not configured';
    $('state').className = 'badge ' + (view ? 'ok' : '');
    renderReport(view ? view.validation : null, view ? 'Saved' : '');
  }

  // setSecretMode shows a configured secret as a badge with a Replace button,
  // or shows the input when nothing is stored or the user replaces it.
  function setSecretMode(name, configured) {
    const box = document.querySelector('[data-field="' + name + '"]');
    const replacing = !!state.replacing[name];
    box.querySelector('.configured').hidden = !configured || replacing;
    box.querySelector('.entry').hidden = configured && !replacing;
    box.querySelector('.keep').hidden = !(configured && replacing);
    $(name).value = '';
  }

  function isConfigured(name) {
    return !!(state.view && state.view[name + 'Set']);
  }

  // payload collects the form. A stored secret is sent only when replaced.
  function payload() {
    const out = {};
    for (const f of FIELDS) {
      const v = $(f).value;
      if (SECRETS.includes(f)) {
        if (!isConfigured(f) || state.replacing[f]) out[f] = v;
      } else {
        out[f] = v.trim();
      }
    }
    return out;
  }

  async function save(ev) {
    ev.preventDefault();
    clearErrors();
    busy(true, 'Checking the credentials with Entra ID and Power BI…');
    try {
      const r = state.view
        ? await api('PATCH', state.base, payload(),
          { 'If-Match': state.etag || '"' + state.view.version + '"' })
        : await api('PUT', state.base, payload(), { 'If-None-Match': '*' });
      if (r.status === 200 || r.status === 201) {
        state.view = r.data;
        state.etag = r.etag;
        fill(r.data);
        banner('ok', 'Saved. The credentials were verified and stored encrypted.');
        await loadHistory();
        return;
      }
      if (r.status === 412) {
        banner('warn', 'Someone else changed these settings meanwhile. Reload the page and ' +
          'apply your change again.');
        return;
      }
      if (r.status === 401) return showSignin('Your session has expired.');
      showProblem(r);
    } catch (e) {
      banner('bad', 'The server could not be reached. Nothing was saved.');
    } finally {
      busy(false);
    }
  }

  async function test() {
    clearErrors();
    busy(true, 'Testing the connection without saving…');
    try {
      const r = await api('POST', state.base + '/test', payload());
      if (r.status === 200 && r.data) {
        renderReport(r.data, 'Test, not saved');
        markChecks(r.data);
        const ok = r.data.status === 'passed';
        banner(ok ? 'ok' : 'bad', ok
          ? 'Connection works. Press Save to store these settings.'
          : 'The test failed; see the messages next to the fields. Nothing was saved.');
        return;
      }
      if (r.status === 401) return showSignin('Your session has expired.');
      showProblem(r);
    } catch (e) {
      banner('bad', 'The server could not be reached.');
    } finally {
      busy(false);
    }
  }

  // showProblem puts the errors of a problem+json body next to their fields.
  function showProblem(r) {
    const p = r.data || {};
    const report = p.report || p.validation;
    const checked = new Set();
    if (report && report.checks) {
      renderReport(report, 'Rejected, not saved');
      for (const f of markChecks(report)) checked.add(f);
    }
    // A rejected write lists its failed checks twice: as errors and in the
    // report. The report's version carries the hint, so it wins.
    for (const e of p.errors || []) {
      if (!checked.has(e.field)) setFieldError(e.field, e.message);
    }
    if (r.status === 429) {
      const wait = r.res.headers.get('Retry-After');
      banner('warn', 'Too many checks in a short time. Try again' +
        (wait ? ' in ' + wait + ' seconds.' : ' shortly.'));
      return;
    }
    if (r.status === 503) {
      banner('warn', 'Entra ID or Power BI could not be reached, so nothing was saved and ' +
        'the previous settings are kept. Try again later.');
      return;
    }
    if (r.status === 422) {
      banner('bad', p.code === 'rejected'
        ? 'Entra ID or Power BI rejected these settings; see the messages next to the ' +
          'fields. Nothing was saved.'
        : 'Some fields need attention; see the messages next to them. Nothing was saved.');
      return;
    }
    banner('bad', cap(p.detail || p.title || ('The request failed (HTTP ' + r.status + ').')));
  }

  // markChecks shows each failed check next to its field and returns the
  // fields it marked.
  function markChecks(report) {
    const marked = [];
    for (const c of report.checks || []) {
      if (c.status === 'failed' && c.field) {
        setFieldError(c.field, c.message, c.hint);
        marked.push(c.field);
      }
    }
    return marked;
  }

  function setFieldError(field, message, hint) {
    const el = $(field + '-error');
    if (!el) return;
    const box = document.querySelector('[data-field="' + field + '"]');
    box.classList.add('invalid');
    $(field).setAttribute('aria-invalid', 'true');
    if (SECRETS.includes(field) && isConfigured(field) && !state.replacing[field]) {
      state.replacing[field] = true;
      setSecretMode(field, true);
    }
    if (el.textContent) el.append(document.createElement('br'));
    el.append(text(message || 'This value was rejected.'));
    if (hint) {
      const h = document.createElement('span');
      h.className = 'hint-text';
      h.textContent = hint;
      el.append(h);
    }
  }

  function clearErrors() {
    $('banner').hidden = true;
    for (const f of FIELDS) {
      $(f + '-error').replaceChildren();
      $(f).removeAttribute('aria-invalid');
      document.querySelector('[data-field="' + f + '"]').classList.remove('invalid');
    }
  }

  function renderReport(report, label) {
    const list = $('checks');
    list.replaceChildren();
    const status = $('validation-status');
    if (!report) {
      status.textContent = '';
      $('validation-when').textContent = 'Not validated yet.';
      return;
    }
    status.textContent = report.status;
    status.className = 'badge ' + tone(report.status);
    const when = report.checkedAt ? new Date(report.checkedAt).toLocaleString() : '';
    $('validation-when').textContent = [label, when].filter(Boolean).join(' · ');
    for (const c of report.checks || []) {
      const li = document.createElement('li');
      const mark = document.createElement('span');
      mark.className = 'mark ' + tone(c.status);
      mark.textContent = { passed: '✓', failed: '✕', unavailable: '!', skipped: '–' }[c.status] || '?';
      mark.setAttribute('aria-label', c.status);
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = checkName(c);
      name.title = c.name + (c.code ? ' · ' + c.code : '');
      li.append(mark, name);
      if (c.message || c.hint) {
        const msg = document.createElement('span');
        msg.className = 'msg';
        msg.textContent = [c.message, c.hint].filter(Boolean).join(' ');
        li.append(msg);
      }
      list.append(li);
    }
  }

  const CHECKS = {
    'entra.client_credentials': 'App sign-in with the client secret',
    'entra.master_user': 'Master user sign-in',
    'powerbi.workspace': 'Workspace access',
    'databricks.workspace': 'Databricks login',
    settings: 'Settings',
  };

  function checkName(c) {
    const label = c.field ? LABELS[c.field] : '';
    const name = CHECKS[c.name] || c.name;
    return c.name === 'settings' && label ? label : name;
  }

  async function loadHistory() {
    const r = await api('GET', state.base + '/history');
    const list = $('history');
    list.replaceChildren();
    const events = (r.status === 200 && Array.isArray(r.data)) ? r.data
      : (r.data && Array.isArray(r.data.events) ? r.data.events : []);
    $('history-empty').hidden = events.length > 0;
    for (const e of events) {
      const li = document.createElement('li');
      const what = document.createElement('div');
      what.className = 'what';
      what.textContent = cap(e.action) + ' by ' + e.actor + ' · v' + e.version;
      const when = document.createElement('div');
      when.className = 'when';
      when.textContent = new Date(e.at).toLocaleString();
      li.append(what, when);
      const f = document.createElement('div');
      f.className = 'fields';
      if (e.fields && e.fields.length) {
        f.textContent = 'Changed: ' + e.fields.map((n) => LABELS[n] || n).join(', ');
      } else if (e.action === 'rekeyed') {
        f.textContent = 'Encryption key rotated; no value changed.';
      } else if (e.action !== 'deleted') {
        f.textContent = 'Saved again; no value changed.';
      }
      if (f.textContent) li.append(f);
      list.append(li);
    }
  }

  function tone(status) {
    return { passed: 'ok', failed: 'bad', unavailable: 'warn' }[status] || '';
  }

  function banner(kind, message) {
    const b = $('banner');
    b.className = 'banner ' + kind;
    b.textContent = message;
    b.hidden = false;
  }

  function problemBanner(r) {
    const p = r.data || {};
    banner('bad', cap(p.detail || p.title || ('The request failed (HTTP ' + r.status + ').')));
  }

  function busy(on, message) {
    $('save').disabled = on;
    $('test').disabled = on;
    if (on && message) banner('', message);
  }

  function setDisabled(on) {
    for (const el of $('settings').querySelectorAll('input, button')) el.disabled = on;
  }

  function text(s) { return document.createTextNode(s); }
  function strong(s) { const b = document.createElement('strong'); b.textContent = s; return b; }
  function cap(s) { return s ? s[0].toUpperCase() + s.slice(1) : ''; }

  function wire() {
    $('settings').addEventListener('submit', save);
    $('test').addEventListener('click', test);
    for (const s of SECRETS) {
      const box = document.querySelector('[data-field="' + s + '"]');
      box.querySelector('.replace').addEventListener('click', () => {
        state.replacing[s] = true;
        setSecretMode(s, true);
        $(s).focus();
      });
      box.querySelector('.keep').addEventListener('click', () => {
        state.replacing[s] = false;
        setSecretMode(s, true);
      });
    }
    $('signin-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      state.token = $('token').value.trim();
      $('token').value = '';
      sessionStorage.setItem(TOKEN_KEY, state.token);
      start();
    });
  }

  wire();
  state.token = takeToken();
  if (state.token) start(); else showSignin();
})();
