// The report is model output: Markdown rendered by marked, then sanitised by DOMPurify before it
// touches the page, then code blocks highlighted by highlight.js. All three are WebJars loaded by
// index.html as classic scripts (globals marked, DOMPurify, hljs).
//
// Raw HTML and images in the Markdown are shown as text, never parsed as markup: even DOMPurify's
// own parsing of an <img> starts loading it (and fires its handlers, which the CSP then blocks).

const FORBIDDEN_TAGS = [
  'img',
  'style',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
];

/** What a log line's parts look like: timestamps, levels, key=value pairs, stack frames. */
function logLanguage() {
  return {
    name: 'Log',
    aliases: ['logs', 'text/log'],
    contains: [
      {
        scope: 'meta',
        match: /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?/,
      },
      {
        scope: 'deletion',
        match: /\b(?:ERROR|ERR|FATAL|CRITICAL|CRIT|PANIC|SEVERE|OOMKilled|CrashLoopBackOff)\b/,
      },
      { scope: 'built_in', match: /\b(?:WARN|WARNING)\b/ },
      { scope: 'keyword', match: /\b(?:INFO|DEBUG|TRACE|NOTICE)\b/ },
      { scope: 'comment', match: /^\s+at\s.*$/m },
      { scope: 'attr', match: /\b[A-Za-z_][\w.-]*(?==)/ },
      { scope: 'string', begin: /"/, end: /"/, illegal: /\n/ },
      { scope: 'number', match: /\b\d+(?:\.\d+)?(?:ms|s|Mi|Gi|Ki|%)?\b/ },
    ],
  };
}

let configured = false;
let markdown = null;

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function parser() {
  markdown ??= new window.marked.Marked({
    gfm: true,
    async: false,
    renderer: {
      html: (token) => escapeHtml(token.text),
      image: (token) => escapeHtml(`[image: ${token.text || token.href}]`),
    },
  });
  return markdown;
}

function highlighter() {
  const hljs = window.hljs;
  if (hljs && !configured) {
    hljs.registerLanguage('log', logLanguage);
    hljs.configure({ ignoreUnescapedHTML: true });
    configured = true;
  }
  return hljs;
}

const LOG_LINE =
  /^\s*(?:\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|[IWEF]\d{4} \d{2}:\d{2}|(?:ERROR|WARN|INFO|DEBUG)\b)/;

/** The language of a code block: its fence's, or a guess among the ones reports use. */
function languageOf(code, hljs) {
  const declared = [...code.classList].find((c) => c.startsWith('language-'))?.slice(9);
  if (declared && hljs.getLanguage(declared)) return declared;
  const lines = code.textContent.split('\n').filter((l) => l.trim());
  if (lines.length && lines.filter((l) => LOG_LINE.test(l)).length >= lines.length / 2)
    return 'log';
  return (
    hljs.highlightAuto(code.textContent, [
      'yaml',
      'json',
      'bash',
      'go',
      'python',
      'java',
      'xml',
      'sql',
      'ini',
    ]).language ?? 'plaintext'
  );
}

/** Renders Markdown into the container, safely. */
export function renderMarkdown(container, source) {
  const html = parser().parse(source ?? '');
  const clean = window.DOMPurify.sanitize(html, {
    FORBID_TAGS: FORBIDDEN_TAGS,
    FORBID_ATTR: ['style'],
    RETURN_DOM_FRAGMENT: true,
  });
  // Classes would let the model borrow the page's own styles; keep only the language-… class
  // that marked puts on fenced code.
  for (const element of clean.querySelectorAll('[class]')) {
    const language = element.matches('pre > code')
      ? [...element.classList].find((c) => /^language-[\w+#.-]+$/.test(c))
      : null;
    element.removeAttribute('class');
    if (language) element.classList.add(language);
  }
  for (const link of clean.querySelectorAll('a[href]')) {
    link.setAttribute('rel', 'noopener noreferrer');
  }
  container.replaceChildren(clean);

  const hljs = highlighter();
  if (!hljs) return;
  for (const code of container.querySelectorAll('pre > code')) {
    const language = languageOf(code, hljs);
    code.className = `language-${language}`;
    hljs.highlightElement(code);
    code.parentElement.dataset.language = hljs.getLanguage(language)?.name ?? language;
  }
}
