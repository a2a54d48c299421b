// Infokanal back office: refreshes the delivery numbers of a message every 2 seconds
// until no mail is pending. Progressive enhancement: without JavaScript the page has
// its "Stand aktualisieren" link. The summary sentence is an aria-live region.
(() => {
  const section = document.querySelector('[data-delivery-status]');
  if (!section || typeof fetch !== 'function') return;
  const url = section.getAttribute('data-delivery-status');
  const summary = section.querySelector('[data-delivery-summary]');
  const progress = section.querySelector('progress');
  const number = (n) => Number(n).toLocaleString('de-DE');
  let failures = 0;

  const show = (s) => {
    const all = Math.max(s.sent + s.pending + s.failed, s.recipients);
    for (const key of ['sent', 'pending', 'failed']) {
      const cell = section.querySelector(`[data-count="${key}"]`);
      if (cell) cell.textContent = String(s[key]);
    }
    if (progress) {
      progress.max = Math.max(all, 1);
      progress.value = s.sent;
      progress.textContent = `${s.sent} von ${all}`;
    }
    const text = `${number(s.sent)} von ${number(all)} E-Mails versendet${s.done ? (s.failed > 0 ? `, ${number(s.failed)} fehlgeschlagen.` : '.') : ' – der Versand läuft.'}`;
    // Only a changed sentence is announced again.
    if (summary && summary.textContent !== text) summary.textContent = text;
  };

  const poll = () => {
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then((res) => {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      })
      .then((s) => {
        failures = 0;
        show(s);
        if (!s.done) setTimeout(poll, 2000);
      })
      .catch(() => {
        // A few failures in a row (logged out, server gone): stop; the reload link remains.
        failures += 1;
        if (failures < 5) setTimeout(poll, 2000);
      });
  };
  setTimeout(poll, 2000);
})();
