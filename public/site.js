// The public pages' one script (coupon center, claim, store, wheel, your data). Those pages
// are server-rendered and their forms work without it; this adds only what needs a browser:
// - filters that apply at once (the form marked data-instant: fetch the new page, swap the
//   parts marked data-swap, keep the history right);
// - the wheel's Spin (button[data-spin]: the server draws, the wheel turns to its result);
// - Share (button[data-share]: the Web Share API where there is one, else copy the link);
// - ad beacons ([data-ad-token]: counted once the ad was half visible for a second, or its
//   video started).
// When all of that is attached it marks <body data-hydrated>, as the app's wasm does.
(() => {
  if (window.__site) return;
  window.__site = true;

  // ---- Instant filters -------------------------------------------------------------------
  const form = document.querySelector('form[data-instant]');
  let loading = null;
  const swap = async (url, push) => {
    if (loading) loading.abort();
    const ctl = new AbortController();
    loading = ctl;
    let doc;
    try {
      const res = await fetch(url, { signal: ctl.signal, headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      if (!res.ok) throw new Error(String(res.status));
      doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    } catch (e) {
      if (ctl.signal.aborted) return;
      location.assign(url); // let the browser show whatever the server says
      return;
    }
    if (loading !== ctl) return;
    loading = null;
    doc.querySelectorAll('[data-swap]').forEach((fresh) => {
      const old = document.querySelector(`[data-swap="${fresh.getAttribute('data-swap')}"]`);
      if (old) old.replaceWith(document.adoptNode(fresh));
    });
    const freshForm = doc.querySelector('form[data-instant]');
    if (form && freshForm) {
      for (const el of freshForm.elements) {
        if (el.name && form.elements[el.name]) form.elements[el.name].value = el.value;
      }
    }
    document.title = doc.title;
    if (push) history.pushState({ instant: true }, '', url);
  };
  if (form) {
    const urlOf = () => {
      const q = new URLSearchParams();
      for (const [k, v] of new FormData(form)) if (v !== '') q.append(k, String(v));
      const s = q.toString();
      return form.getAttribute('action') + (s ? `?${s}` : '');
    };
    // Selects apply at once; the search box on Enter or the button (its change event also
    // fires when the button is clicked, which would load twice).
    form.addEventListener('change', (ev) => {
      if (ev.target instanceof HTMLSelectElement) swap(urlOf(), true);
    });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      swap(urlOf(), true);
    });
    history.replaceState({ instant: true }, '', location.href);
    window.addEventListener('popstate', (ev) => {
      if (ev.state && ev.state.instant) swap(location.href, false);
    });
  }

  // ---- The wheel -------------------------------------------------------------------------
  document.querySelectorAll('button[data-spin]').forEach((button) => {
    const wheel = document.querySelector('svg.wheel');
    const live = document.querySelector('.wheel-live');
    let turned = 0;
    let spins = 0;
    const say = (html) => { live.innerHTML = html; };
    const refuse = (text) => {
      const p = document.createElement('p');
      p.className = 'form-error';
      p.setAttribute('role', 'alert');
      p.setAttribute('data-testid', 'spin-error');
      p.textContent = text;
      live.replaceChildren(p);
    };
    button.addEventListener('click', async () => {
      if (button.disabled) return;
      button.disabled = true;
      say('');
      let res, body;
      try {
        res = await fetch(button.getAttribute('data-spin'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: `after=${encodeURIComponent(button.getAttribute('data-after') || '0')}`,
          credentials: 'same-origin',
        });
        body = await res.json();
      } catch (e) {
        refuse(button.dataset.unreachable || 'The server could not be reached. Please try again.');
        button.disabled = false;
        return;
      }
      if (!res.ok) {
        refuse(body.error || button.dataset.failed || 'The wheel could not be spun. Please try again.');
        button.disabled = false;
        return;
      }
      // Turn from where it stands to where the server's draw stopped it, then tell.
      let done = false;
      const ended = () => {
        if (done) return;
        done = true;
        say(body.html);
        button.disabled = false;
      };
      wheel.style.setProperty('--from', `${((turned % 360) + 360) % 360}deg`);
      wheel.style.setProperty('--stop', `${body.rotation_deg}deg`);
      turned = body.rotation_deg;
      spins += 1;
      wheel.classList.remove('spin-a', 'spin-b');
      wheel.classList.add(spins % 2 ? 'spin-a' : 'spin-b');
      wheel.addEventListener('animationend', ended, { once: true });
      setTimeout(ended, 7000); // a wheel that cannot animate (hidden tab) still tells
    });
    button.disabled = false;
  });

  // ---- Share -----------------------------------------------------------------------------
  document.querySelectorAll('button[data-share]').forEach((button) => {
    const status = button.parentElement.querySelector('[data-share-status]');
    button.hidden = false;
    button.addEventListener('click', async () => {
      const url = button.getAttribute('data-share') || location.href;
      const data = { title: button.getAttribute('data-share-title') || document.title, url };
      if (navigator.share) {
        try { await navigator.share(data); } catch (e) { /* closed by the visitor */ }
        return;
      }
      try {
        await navigator.clipboard.writeText(url);
        if (status) status.textContent = button.dataset.shareCopied || 'Link copied.';
      } catch (e) {
        if (status) status.textContent = `${button.dataset.shareCopy || 'Copy this link:'} ${url}`;
      }
    });
  });

  // ---- Ad beacons ------------------------------------------------------------------------
  const sent = new Set();
  const timers = new Map();
  const watched = new WeakSet();
  const post = (token) => {
    if (!token || sent.has(token)) return;
    sent.add(token);
    const body = new Blob([token], { type: 'text/plain' });
    if (!(navigator.sendBeacon && navigator.sendBeacon('/ads/impression', body))) {
      fetch('/ads/impression', { method: 'POST', body: token, keepalive: true, credentials: 'same-origin' }).catch(() => {});
    }
  };
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const token = e.target.getAttribute('data-ad-token');
      if (e.isIntersecting && e.intersectionRatio >= 0.5) {
        if (!timers.has(e.target)) {
          timers.set(e.target, setTimeout(() => { timers.delete(e.target); post(token); }, 1000));
        }
      } else if (timers.has(e.target)) {
        clearTimeout(timers.get(e.target));
        timers.delete(e.target);
      }
    }
  }, { threshold: [0, 0.5, 1] });
  const scan = () => {
    document.querySelectorAll('[data-ad-token]').forEach((el) => {
      if (!watched.has(el)) { watched.add(el); io.observe(el); }
    });
  };
  document.addEventListener('play', (ev) => {
    const el = ev.target instanceof Element ? ev.target.closest('[data-ad-token]') : null;
    if (el) post(el.getAttribute('data-ad-token'));
  }, true);
  scan();
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });

  document.body.setAttribute('data-hydrated', 'true');
})();
