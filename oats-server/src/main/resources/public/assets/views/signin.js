import { api, session } from '../api.js';
import { h, replace } from '../dom.js';

/** Sign-in with an API key; the key is checked with one API call before it is kept. */
export function signIn(main, { notice, done }) {
  const error = h('p', { id: 'api-key-error', class: 'field-error' });
  const input = h('input', {
    id: 'api-key',
    name: 'api-key',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'api-key-hint api-key-error',
  });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'api-key' }, 'API key'),
      h(
        'p',
        { id: 'api-key-hint', class: 'hint' },
        'The key the server printed at its first start (its log says which file keeps it), or ' +
          'one from OATS_API_KEYS. It is kept in this browser tab only and sent in the X-API-Key ' +
          'header.',
      ),
      input,
      error,
    ),
    button,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    if (!key) {
      fail('Enter your API key.');
      return;
    }
    button.disabled = true;
    try {
      await api('/investigations?limit=1', { key });
      session.signIn(key);
      done();
    } catch (e) {
      fail(e.status === 401 ? 'This key is not valid for this server.' : e.message);
    } finally {
      button.disabled = false;
    }
  });

  function fail(message) {
    error.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }

  replace(
    main,
    h('h1', { tabindex: '-1' }, 'Sign in to OATS'),
    notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
    form,
  );
  input.focus();
}
