// Page tools on every public page: read aloud, print, recommend. Progressive
// enhancement: the buttons stay hidden unless the browser can do what they offer.
(() => {
  const tools = document.querySelector('[data-page-tools]');
  if (!tools) return;
  const main = document.getElementById('inhalt');

  const print = tools.querySelector('[data-tool="print"]');
  if (print && typeof window.print === 'function') {
    print.hidden = false;
    print.addEventListener('click', () => window.print());
  }

  const read = tools.querySelector('[data-tool="read"]');
  const synth = window.speechSynthesis;
  if (read && main && synth && typeof window.SpeechSynthesisUtterance === 'function') {
    read.hidden = false;
    const label = read.querySelector('.kern-label');
    const setReading = (reading) => {
      read.setAttribute('aria-pressed', reading ? 'true' : 'false');
      if (label) label.textContent = reading ? 'Vorlesen beenden' : 'Vorlesen';
    };
    read.addEventListener('click', () => {
      if (synth.speaking) {
        synth.cancel();
        setReading(false);
        return;
      }
      const utterance = new SpeechSynthesisUtterance(main.innerText);
      utterance.lang = 'de-DE';
      const german = synth.getVoices().find((v) => v.lang && v.lang.toLowerCase().startsWith('de'));
      if (german) utterance.voice = german;
      utterance.onend = () => setReading(false);
      utterance.onerror = () => setReading(false);
      setReading(true);
      synth.speak(utterance);
    });
  }

  const share = tools.querySelector('[data-tool="share"]');
  if (share) {
    const title = document.title;
    const url = window.location.href;
    share.href = `mailto:?subject=${encodeURIComponent(title)}&body=${encodeURIComponent(url)}`;
    share.hidden = false;
    if (typeof navigator.share === 'function') {
      share.addEventListener('click', (event) => {
        event.preventDefault();
        navigator.share({ title, url }).catch(() => {});
      });
    }
  }
})();
