import { submitInvestigation, submitKeys } from '../api.js';
import { h, investigationHref, replace } from '../dom.js';

/**
 * The form that starts an investigation. Validation is the API's: its message is shown beside the
 * field it is about, so the rules live in one place.
 */
export function newInvestigation(main, { params } = {}) {
  const goal = h('textarea', {
    id: 'goal',
    name: 'goal',
    rows: '5',
    'aria-describedby': 'goal-hint goal-error',
  });
  // "Edit and run again" opens this form filled in from an earlier investigation.
  goal.value = params?.get('goal') ?? '';
  const namespace = h('input', {
    id: 'namespace',
    name: 'target_namespace',
    type: 'text',
    value: params?.get('namespace') || 'default',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'namespace-hint namespace-error',
  });
  const goalError = h('p', { id: 'goal-error', class: 'field-error' });
  const namespaceError = h('p', { id: 'namespace-error', class: 'field-error' });
  const formError = h('p', { id: 'form-error', class: 'field-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Start investigation');
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'goal' }, 'Goal'),
      h(
        'p',
        { id: 'goal-hint', class: 'hint' },
        'What should OATS find out? For example: why is checkout-api crash-looping?',
      ),
      goal,
      goalError,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'namespace' }, 'Namespace'),
      h('p', { id: 'namespace-hint', class: 'hint' }, 'The Kubernetes namespace to look at first.'),
      namespace,
      namespaceError,
    ),
    formError,
    submit,
  );

  const fields = [
    [goal, goalError],
    [namespace, namespaceError],
  ];

  const keys = submitKeys();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const [input, error] of fields) {
      input.removeAttribute('aria-invalid');
      error.textContent = '';
    }
    formError.textContent = '';
    submit.disabled = true;
    try {
      const started = await submitInvestigation(
        { goal: goal.value, target_namespace: namespace.value.trim() || 'default' },
        keys,
      );
      location.hash = investigationHref(started.job_id);
    } catch (e) {
      submit.disabled = false;
      if (e.status === 400) {
        // The API names the field in its message ("goal" … / "target_namespace" …).
        const [input, error] = e.message.includes('target_namespace')
          ? fields[1]
          : e.message.includes('goal')
            ? fields[0]
            : [null, formError];
        error.textContent = e.message;
        if (input) {
          input.setAttribute('aria-invalid', 'true');
          input.focus();
        }
      } else if (e.status !== 401) {
        formError.textContent = e.message;
      }
    }
  });

  replace(main, h('h1', { tabindex: '-1' }, 'New investigation'), form);
}
