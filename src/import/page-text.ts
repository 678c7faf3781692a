/**
 * Reading a DOM tree as the blocks of text a reader sees: paragraphs, headings, list items, captions.
 * Text is taken as the page has it; only whitespace is normalised (every run of white space, including
 * no-break spaces and line breaks, becomes one space), so a block is one line of verbatim text.
 */

/** A block of text and what it is in the page. */
export interface TextBlock {
  readonly text: string;
  /** A caption is any label around the story: a photo or video caption, a credit, a time stamp. */
  readonly role: 'paragraph' | 'heading' | 'caption';
  /** All of its text is the text of links (a "read more" line, a link to another story). */
  readonly linkOnly: boolean;
}

/** Elements that start and end a block of text (everything else flows inline). */
const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'button',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'label',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** Elements whose text is never shown as text (code, styles, embedded objects, form choices). */
const SKIPPED_ELEMENTS = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'canvas',
  'select',
  'option',
  'textarea',
]);

/** Class names of the labels around a story (photo and video captions, credits, time stamps), read as captions. */
const CAPTION_CLASS = /caption|credit|timestamp|datestamp|dateline/i;

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** The minimal DOM surface this module reads (linkedom's nodes provide it). */
export interface DomNode {
  readonly nodeType: number;
  readonly localName?: string | null;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  getAttribute?(name: string): string | null;
}

export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The text blocks under `root`, in document order. Two or more `<br>` in a row end a block (pages that
 * lay paragraphs out with line breaks); a single `<br>` is white space.
 */
export function textBlocks(root: DomNode): TextBlock[] {
  const blocks: TextBlock[] = [];
  let buffer = '';
  let role: TextBlock['role'] = 'paragraph';
  let afterBreak = false;
  let linkDepth = 0;
  let captionDepth = 0;
  let linkedText = false;
  let plainText = false;
  let captionText = false;
  let uncaptionedText = false;

  const flush = () => {
    const text = normaliseWhitespace(buffer);
    if (text !== '') blocks.push({ text, role: captionText && !uncaptionedText ? 'caption' : role, linkOnly: linkedText && !plainText });
    buffer = '';
    afterBreak = false;
    linkedText = false;
    plainText = false;
    captionText = false;
    uncaptionedText = false;
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      const text = node.textContent ?? '';
      if (/[\p{L}\p{N}]/u.test(text)) {
        afterBreak = false;
        if (linkDepth > 0) linkedText = true;
        else plainText = true;
        if (captionDepth > 0) captionText = true;
        else uncaptionedText = true;
      }
      buffer += text;
      return;
    }
    if (node.nodeType !== 1) return;
    const name = (node.localName ?? '').toLowerCase();
    if (SKIPPED_ELEMENTS.has(name)) return;
    if (name === 'br') {
      if (afterBreak) flush();
      else {
        buffer += ' ';
        afterBreak = true;
      }
      return;
    }
    const caption = CAPTION_CLASS.test((node as DomElement).getAttribute?.('class') ?? '');
    if (!BLOCK_ELEMENTS.has(name)) {
      // Links and caption-classed spans are inline; a block made only of them is a link or a caption.
      const link = name === 'a' && Boolean((node as DomElement).getAttribute?.('href'));
      if (link) linkDepth += 1;
      if (caption) captionDepth += 1;
      for (const child of Array.from(node.childNodes)) walk(child);
      if (link) linkDepth -= 1;
      if (caption) captionDepth -= 1;
      return;
    }
    flush();
    const outer = role;
    if (HEADINGS.has(name)) role = 'heading';
    else if (name === 'figcaption' || name === 'figure' || name === 'caption' || caption) role = 'caption';
    for (const child of Array.from(node.childNodes)) walk(child);
    flush();
    role = outer;
  };
  walk(root);
  flush();
  return blocks;
}
