// Inline check of the online application (progressive enhancement): when an input is
// left, the rules the server rendered next to it (data-* attributes of its
// [data-check] wrapper, with German messages) are checked and the message is shown
// under the label, as the server would show it. It never stops a submit: the server
// checks everything again and has the last word.
(() => {
  const summary = document.querySelector('.error-summary');
  // After a failed submit the summary is the first thing to read (and to tab through).
  if (summary && !window.location.hash) summary.focus();

  const wrappers = document.querySelectorAll('form [data-check]');
  if (wrappers.length === 0) return;

  const toNumber = (text) => {
    // German input as the server reads it: "1.250,50" or "12,5".
    const normalized = text.includes(',') ? text.replace(/\./g, '').replace(',', '.') : text;
    return /^[-+]?\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : Number.NaN;
  };

  /** The message for the input's value, or '' when every rule holds. */
  const messageFor = (wrapper, input) => {
    const rules = wrapper.dataset;
    const value = (input.value || '').trim();
    if (!value) return rules.requiredMessage || '';
    if (rules.emailMessage && input.validity?.typeMismatch) return rules.emailMessage;
    if (rules.minlength && [...value].length < Number(rules.minlength)) return rules.minlengthMessage;
    if (rules.maxlength && [...value].length > Number(rules.maxlength)) return rules.maxlengthMessage;
    if (rules.pattern) {
      try {
        if (!new RegExp(rules.pattern, 'u').test(value)) return rules.patternMessage;
      } catch {
        // A pattern this browser cannot read is left to the server.
      }
    }
    if (rules.number) {
      const n = toNumber(value);
      if (!Number.isFinite(n) || (rules.number === 'integer' && !Number.isInteger(n))) return rules.numberMessage;
      if (rules.min !== undefined && n < Number(rules.min)) return rules.minMessage;
      if (rules.max !== undefined && n > Number(rules.max)) return rules.maxMessage;
    }
    return '';
  };

  const describedBy = (input, id, add) => {
    const ids = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && x !== id);
    if (add) ids.push(id);
    if (ids.length > 0) input.setAttribute('aria-describedby', ids.join(' '));
    else input.removeAttribute('aria-describedby');
  };

  const show = (input, message) => {
    const id = `${input.id}-fehler`;
    const box = input.closest('.kern-form-input');
    let error = document.getElementById(id);
    if (!message) {
      if (error) error.remove();
      describedBy(input, id, false);
      input.removeAttribute('aria-invalid');
      input.classList.remove('kern-form-input__input--error', 'kern-form-input__select--error');
      if (box) box.classList.remove('kern-form-input--error');
      return;
    }
    if (!error) {
      error = document.createElement('p');
      error.className = 'kern-error';
      error.id = id;
      const icon = document.createElement('span');
      icon.className = 'kern-icon kern-icon--danger kern-icon--small';
      icon.setAttribute('aria-hidden', 'true');
      error.append(icon, document.createElement('span'));
      // Where the server puts it: under the label and hint, above the input.
      const anchor = input.closest('.kern-form-input__select-wrapper') || input;
      anchor.before(error);
    }
    error.lastElementChild.textContent = message;
    describedBy(input, id, true);
    input.setAttribute('aria-invalid', 'true');
    input.classList.add(input.tagName === 'SELECT' ? 'kern-form-input__select--error' : 'kern-form-input__input--error');
    if (box) box.classList.add('kern-form-input--error');
  };

  for (const wrapper of wrappers) {
    const input = wrapper.querySelector('input:not([type=hidden]), textarea, select');
    if (!input?.id) continue;
    const check = () => show(input, messageFor(wrapper, input));
    input.addEventListener('blur', check);
    // Once a message is shown, it goes away as soon as the value is right.
    input.addEventListener('input', () => {
      if (input.getAttribute('aria-invalid') === 'true' && !messageFor(wrapper, input)) show(input, '');
    });
    if (input.tagName === 'SELECT') input.addEventListener('change', check);
  }
})();
