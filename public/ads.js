// Counts an ad impression honestly: once the ad has been at least half visible for one
// second, or its video started, its signed token is posted to /ads/impression (once per page
// view; the server counts one per viewer per ad per day). Safe to load more than once.
(() => {
  if (window.__adBeacons) return;
  window.__adBeacons = true;
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
})();
