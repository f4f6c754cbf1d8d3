// Live reload for the preview server (generator/server); see its package doc
// for the protocol. Injected into HTML responses only. No dependencies.
(() => {
  'use strict';
  const me = document.currentScript;
  if (!me || window.__livereload) return;
  window.__livereload = true;
  const base = new URL(me.src, location.href).pathname.replace(/__livereload\/client\.js$/, '');
  const page = me.getAttribute('data-page');
  let build = me.getAttribute('data-build');
  if (performance.setResourceTimingBufferSize) performance.setResourceTimingBufferSize(5000);

  // rel maps a URL to its file below the base path ("x/" -> "x/index.html"), or null.
  const rel = (u) => {
    try { u = new URL(u, location.href); } catch (e) { return null; }
    if (u.origin !== location.origin || !u.pathname.startsWith(base)) return null;
    let p = u.pathname.slice(base.length);
    try { p = decodeURIComponent(p); } catch (e) { /* keep it encoded */ }
    return p === '' || p.endsWith('/') ? p + 'index.html' : p;
  };
  const own = () => [page, rel(location.href)];
  const sheets = () => [...document.querySelectorAll('link[href]')].filter((l) => /(^|\s)stylesheet(\s|$)/i.test(l.rel));
  const loaded = () => {
    const urls = performance.getEntriesByType('resource').map((e) => e.name);
    document.querySelectorAll('[src]').forEach((n) => urls.push(n.currentSrc || n.src));
    document.querySelectorAll('link[href]').forEach((n) => urls.push(n.href));
    return new Set(urls.map(rel));
  };
  const bust = (href) => {
    const u = new URL(href, location.href);
    u.searchParams.set('livereload', Date.now());
    return u.href;
  };
  const plain = (href) => {
    const u = new URL(href, location.href);
    u.searchParams.delete('livereload');
    return u.href;
  };
  // put inserts link next to old and removes old once the new one has loaded.
  const put = (old, link) => {
    link.addEventListener('load', () => old.remove());
    link.addEventListener('error', () => old.remove());
    old.after(link);
  };

  // swapStyles fetches this page again and takes its stylesheet links,
  // cache-busting those whose file changed in place.
  const swapStyles = async (changed) => {
    const stale = (href) => changed.includes(rel(href));
    let fresh;
    try {
      const res = await fetch(location.href, { cache: 'no-store' });
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      fresh = [...doc.querySelectorAll('link[href]')].filter((l) => /(^|\s)stylesheet(\s|$)/i.test(l.rel));
    } catch (e) {
      location.reload();
      return;
    }
    const old = sheets();
    let prev = null;
    fresh.forEach((f, i) => {
      const href = new URL(f.getAttribute('href'), location.href).href;
      const o = old[i];
      if (o && plain(o.href) === href && !stale(href)) {
        prev = o;
        return;
      }
      const link = document.importNode(f, false);
      link.href = stale(href) ? bust(href) : href;
      if (o) put(o, link);
      else if (prev) prev.after(link);
      else document.head.append(link);
      prev = link;
    });
    old.slice(fresh.length).forEach((o) => o.remove());
  };

  const onChange = (e) => {
    const d = JSON.parse(e.data);
    build = d.build;
    const mine = own();
    if (d.all || d.paths.some((p) => mine.includes(p))) return location.reload();
    const used = loaded();
    if (d.paths.some((p) => used.has(p))) return location.reload();
    const styled = sheets().some((l) => d.css.includes(rel(l.href)));
    if (styled || d.pages.some((p) => mine.includes(p))) swapStyles(d.css);
  };

  let overlay = null;
  const el = (tag, cls, text) => {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const hideError = () => {
    if (overlay) overlay.remove();
    overlay = null;
  };
  const showError = (data) => {
    hideError();
    overlay = el('div');
    overlay.setAttribute('data-livereload-overlay', '');
    const root = overlay.attachShadow({ mode: 'open' });
    root.append(el('style', '', ':host{all:initial}.box{position:fixed;inset:0;z-index:2147483647;overflow:auto;' +
      'background:rgba(20,20,20,.94);color:#eee;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;padding:2em}' +
      'h2{color:#ff7b72;font-size:1.2em;margin:0 0 1em}.loc{color:#79c0ff;margin:1.2em 0 .2em}.msg{margin:0 0 .5em;white-space:pre-wrap}' +
      'pre{background:#000;padding:.6em;margin:0;overflow:auto}.hit{color:#ffa657}button{position:fixed;top:1em;right:1.5em;font:inherit}'));
    const box = el('div', 'box');
    box.setAttribute('role', 'alert');
    const problems = data.problems || [];
    box.append(el('h2', '', problems.length === 1 ? 'Build failed: 1 problem' : `Build failed: ${problems.length} problems`));
    for (const p of problems) {
      const loc = [p.path, p.line || '', p.line && p.col ? p.col : ''].filter((x) => x !== '').join(':');
      if (loc) box.append(el('p', 'loc', loc));
      box.append(el('p', 'msg', p.msg));
      if (!p.context || !p.context.length) continue;
      const width = String(p.context[p.context.length - 1].n).length;
      const pre = el('pre');
      for (const l of p.context) {
        const hit = l.n === p.line;
        pre.append(el('div', hit ? 'hit' : '', `${hit ? '>' : ' '} ${String(l.n).padStart(width)} | ${l.text}`));
        if (hit && p.col > 0) {
          const pad = [...l.text].slice(0, p.col - 1).map((c) => (c === '\t' ? '\t' : ' ')).join('');
          pre.append(el('div', 'hit', `  ${' '.repeat(width)} | ${pad}^`));
        }
      }
      box.append(pre);
    }
    const close = el('button', '', 'Close');
    close.type = 'button';
    close.addEventListener('click', hideError);
    box.append(close);
    root.append(box);
    (document.body || document.documentElement).append(overlay);
  };

  const connect = () => {
    const es = new EventSource(base + '__livereload');
    es.addEventListener('hello', (e) => {
      const d = JSON.parse(e.data);
      if (build && d.build !== build) location.reload();
      build = d.build;
    });
    es.addEventListener('reload', onChange);
    es.addEventListener('css', onChange);
    es.addEventListener('ok', hideError);
    // "error" is both the server's overlay event (has data) and the
    // EventSource connection error (has none).
    es.addEventListener('error', (e) => {
      if (typeof e.data === 'string') return showError(JSON.parse(e.data));
      if (es.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
    });
  };
  connect();
})();
