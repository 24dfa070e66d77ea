/**
 * The HTML policy of note bodies (issue 5: "rich text sanitised on the server with an allow-list
 * (sanitize-html)"). The browser never decides what is safe: whatever a client sends, only the
 * allow-listed formatting below is stored and served.
 *
 * Allowed (what the TipTap-based Mantine RichTextEditor produces with its usual extensions):
 * `p br strong b em i u s mark code pre blockquote ul ol li h1 h2 h3 h4 hr sub sup a`.
 * Attributes: `a[href target rel]` and `ol[start]` only — no `class`, no `style`, no `id`, no `on*`.
 * Links: `href` must be absolute `http:`, `https:` or `mailto:` (relative, protocol-relative,
 * `javascript:`, `data:`, `vbscript:` and anything else lose the `href`, and an `<a>` without one is
 * unwrapped to its text); `rel` is always `noopener noreferrer nofollow`; `target` may only be
 * `_blank`.
 *
 * Everything else is dropped. Unknown tags are unwrapped (their text kept) — `disallowedTagsMode:
 * 'discard'`; tags whose content is code or a foreign document are dropped with all their content —
 * `nonTextTags`: script, style, svg, math, iframe, object, embed, template, noscript, textarea, …
 * Nesting deeper than {@link NESTING_LIMIT} is unwrapped (`nestingLimit`).
 *
 * sanitize-html options used, as documented in its README (https://www.npmjs.com/package/sanitize-html):
 * `allowedTags`, `allowedAttributes`, `allowedSchemes`, `allowedSchemesByTag`,
 * `allowProtocolRelative`, `disallowedTagsMode`, `nonTextTags` ("Discarding the entire contents of
 * a disallowed tag"), `transformTags` ("Transformations"), `exclusiveFilter` ("Filters"),
 * `nestingLimit` ("Restricting deep nesting"). Attribute values are parsed by htmlparser2 with
 * entities decoded, so entity-encoded schemes (`&#106;avascript:`) are checked in decoded form.
 */
import sanitizeHtml from 'sanitize-html';

/** Deepest tag nesting kept; deeper tags are unwrapped. */
export const NESTING_LIMIT = 20;

/** Characters of plain text kept as a note's timeline excerpt. */
export const EXCERPT_LENGTH = 200;

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'mark',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'hr',
  'sub',
  'sup',
  'a',
];

/** Disallowed tags dropped together with everything inside them (not only unwrapped). */
const DROPPED_WITH_CONTENT = [
  'script',
  'style',
  'textarea',
  'option',
  'select',
  'xmp',
  'noscript',
  'noembed',
  'noframes',
  'template',
  'title',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
];

/** Absolute URLs of the allowed schemes (after htmlparser2 decoded entities). */
const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;

const POLICY: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ['href', 'target', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: DROPPED_WITH_CONTENT,
  nestingLimit: NESTING_LIMIT,
  transformTags: {
    a: (tagName, attribs) => {
      const href = (attribs.href ?? '').trim();
      const out: sanitizeHtml.Attributes = { rel: 'noopener noreferrer nofollow' };
      if (SAFE_HREF.test(href)) out.href = href;
      if (attribs.target === '_blank') out.target = '_blank';
      return { tagName, attribs: out };
    },
    ol: (tagName, attribs) => {
      const start = attribs.start?.trim() ?? '';
      const out: sanitizeHtml.Attributes = {};
      if (/^\d{1,6}$/.test(start)) out.start = start;
      return { tagName, attribs: out };
    },
  },
  // An <a> whose href was refused is unwrapped: its text stays, the link goes.
  exclusiveFilter: (frame) => (frame.tag === 'a' && !frame.attribs.href ? 'excludeTag' : false),
};

/** Text-only pass: every tag unwrapped, dropped-with-content tags still dropped. */
const TEXT_ONLY: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  disallowedTagsMode: 'discard',
  nonTextTags: DROPPED_WITH_CONTENT,
};

/** Block boundaries of the allowed tags, which read as a space in plain text. */
const BLOCK_BOUNDARY = /<\/(?:p|li|h[1-4]|blockquote|pre)>|<br\s*\/?>|<hr\s*\/?>/gi;

/**
 * The allow-listed HTML of a submitted note body (see the module docstring for the policy). Pure;
 * never throws. The result may be empty (or only whitespace text) when nothing allowed remained:
 * check with {@link plainText}.
 */
export function sanitizeNoteHtml(html: string): string {
  return sanitizeHtml(html, POLICY);
}

/**
 * The plain text of sanitised note HTML (from {@link sanitizeNoteHtml}): tags removed, block ends and
 * line breaks read as spaces, the entities sanitize-html writes (`&amp; &lt; &gt; &quot;`) decoded,
 * runs of whitespace (including no-break spaces) collapsed to one space, trimmed.
 */
export function plainText(safeHtml: string): string {
  const text = sanitizeHtml(
    safeHtml.replace(BLOCK_BOUNDARY, (m) => `${m} `),
    TEXT_ONLY,
  )
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return text.replace(/\s+/g, ' ').trim();
}

/** The first {@link EXCERPT_LENGTH} characters (code points, never half a pair) of the plain text. */
export function excerptOf(safeHtml: string): string {
  return Array.from(plainText(safeHtml)).slice(0, EXCERPT_LENGTH).join('');
}
