// OATS web UI: a small single-page app with hash routes, plain ES modules, no build step.
//   #/                    dashboard
//   #/new                 new investigation
//   #/investigations/ID   one investigation, live
//   #/history?q=&status=&namespace=&offset=&limit=
import { session, whenUnauthorized } from './api.js';
import { dashboard } from './views/dashboard.js';
import { historyView } from './views/history.js';
import { investigation } from './views/investigation.js';
import { newInvestigation } from './views/new.js';
import { signIn } from './views/signin.js';

const main = document.getElementById('main');
const nav = document.querySelector('.nav');
let leave = () => {};
let signInNotice = null;

function parse(hash) {
  const [path, search = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'dashboard', view: dashboard, params };
  if (parts[0] === 'new' && parts.length === 1)
    return { name: 'new', view: newInvestigation, params };
  if (parts[0] === 'history' && parts.length === 1)
    return { name: 'history', view: historyView, params };
  if (parts[0] === 'investigations' && parts.length === 2) {
    return { name: 'investigation', view: investigation, params, id: parts[1] };
  }
  return { name: 'dashboard', view: dashboard, params };
}

function route() {
  leave();
  leave = () => {};
  const signedIn = Boolean(session.key());
  nav.hidden = !signedIn;
  if (!signedIn) {
    // A link to an investigation opens it once signed in: the address is kept as it is.
    const wanted = parse(location.hash);
    const notice =
      signInNotice ??
      (wanted.name === 'investigation'
        ? 'Sign in to open the investigation you followed a link to.'
        : null);
    leave = signIn(main, { notice, done: route }) ?? (() => {});
    signInNotice = null;
    return;
  }
  const target = parse(location.hash);
  for (const link of nav.querySelectorAll('a[data-nav]')) {
    if (link.dataset.nav === target.name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  leave = target.view(main, target) ?? (() => {});
  // Move focus to the new page's heading, as a full page load would.
  main.querySelector('h1')?.focus({ preventScroll: false });
}

whenUnauthorized(() => {
  session.signOut();
  signInNotice = 'The server did not accept your API key. Sign in again.';
  route();
});

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  signInNotice = 'Signed out.';
  route();
});

// The skip link must not change the hash: the hash is the route.
document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', route);
route();

// A server started without a language model says so in /readyz; say it on every page.
fetch('/readyz')
  .then((response) => (response.ok ? response.json() : null))
  .then((ready) => {
    if (ready && ready.model_configured === false) {
      const banner = document.getElementById('model-banner');
      // The server's message says it all: not configured, what to set, refused until a restart.
      banner.textContent =
        ready.message ?? 'The model is not configured: investigations are refused until it is.';
      banner.hidden = false;
    }
  })
  .catch(() => {});
