/**
 * Report files and uploads shaped to make a parser slow: long runs of the characters its patterns
 * care about (spaces, "#", "-", ":", tabs, newlines), alone and mixed. Each shape makes a text of
 * about `size` characters; the same shape at two sizes shows whether parsing time grows linearly.
 */

export interface Shape {
  readonly name: string;
  /** "file": a report file with front matter; "upload": plain text given to /corpus add. */
  readonly kind: 'file' | 'upload';
  make(size: number): string;
}

const HEAD = '---\nid: a\n---\n\n';
const fill = (size: number, unit: string) => unit.repeat(Math.max(1, Math.ceil(size / unit.length))).slice(0, size);

/** A deterministic pseudo-random mix of the given characters (same text for the same size). */
function mix(size: number, alphabet: readonly string[]): string {
  let state = 0x2545f491;
  let text = '';
  const parts: string[] = [];
  for (let index = 0; index < size; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    parts.push(alphabet[(state >>> 0) % alphabet.length]!);
    if (parts.length === 4096) text += parts.splice(0).join('');
  }
  return text + parts.join('');
}

export const SHAPES: readonly Shape[] = [
  // The attack of issue 8: a heading followed by a long run of spaces and one more character.
  { name: 'heading, spaces, x', kind: 'file', make: (size) => `${HEAD}# a${fill(size, ' ')}x\n\npara\n` },
  { name: 'heading, tabs, x', kind: 'file', make: (size) => `${HEAD}#\t${fill(size, '\t ')}x\n\npara\n` },
  { name: 'run of #', kind: 'file', make: (size) => `${HEAD}${fill(size, '#')} x\n` },
  { name: '# and spaces', kind: 'file', make: (size) => `${HEAD}${fill(size, '# ')}\u2028\n` },
  { name: 'front matter value, spaces, x', kind: 'file', make: (size) => `---\nid: a\ntitle: a${fill(size, ' ')}x\n---\n\npara\n` },
  { name: 'front matter key, spaces, no colon', kind: 'file', make: (size) => `---\nid: a\ntitle${fill(size, ' ')}x\n---\n\npara\n` },
  { name: 'front matter run of :', kind: 'file', make: (size) => `---\nid: a\ntitle:${fill(size, ':')} \u2028\n---\n\npara\n` },
  { name: 'front matter, many lines, never closed', kind: 'file', make: (size) => `---\n${fill(size, 'k: v\n')}` },
  { name: 'front matter of # comments', kind: 'file', make: (size) => `---\n${fill(size, '# \n')}id: a\n---\n\npara\n` },
  { name: 'run of -', kind: 'file', make: (size) => `${HEAD}${fill(size, '-')}\n` },
  { name: 'lines of ---', kind: 'file', make: (size) => `${HEAD}${fill(size, '---\n')}x\n` },
  { name: 'newlines', kind: 'file', make: (size) => `${HEAD}${fill(size, '\n')}para\n` },
  { name: 'CR LF blank lines', kind: 'file', make: (size) => `${HEAD}${fill(size, ' \r\n')}para\n` },
  { name: 'one line of spaces', kind: 'file', make: (size) => `${HEAD}p\n\n${fill(size, ' ')}x\n` },
  { name: 'one line of words', kind: 'file', make: (size) => `${HEAD}${fill(size, 'troops kursk 50,000 U.S. north ')}\n` },
  { name: 'one-word paragraphs', kind: 'file', make: (size) => `${HEAD}${fill(size, 'word\n\n')}x\n` },
  { name: 'one-character paragraphs under headings', kind: 'file', make: (size) => `${HEAD}${fill(size, '# h\nx\n\n')}x\n` },
  { name: 'mix of # - : space tab newline', kind: 'file', make: (size) => `${HEAD}${mix(size, ['#', '-', ':', ' ', '\t', '\n', 'a', '\r', '"'])}\n` },
  { name: 'mix in front matter', kind: 'file', make: (size) => `---\n${mix(size, ['#', '-', ':', ' ', '\t', '\n', 'a', 'id'])}\n---\n\npara\n` },
  { name: 'mix of blanks and dots before a capital', kind: 'file', make: (size) => `${HEAD}${mix(size, [' ', '.', ')', '”', 'A', 'a', '1', '\n'])}\n` },
  // Plain text uploads: front matter is built around them, and their end trimmed.
  { name: 'upload: heading, spaces, x', kind: 'upload', make: (size) => `# a${fill(size, ' ')}x\n` },
  { name: 'upload: text, spaces, x', kind: 'upload', make: (size) => `a${fill(size, ' ')}x` },
  { name: 'upload: text then blanks', kind: 'upload', make: (size) => `text\n${fill(size, ' \t\n')}` },
  { name: 'upload: mix', kind: 'upload', make: (size) => mix(size, ['#', '-', ':', ' ', '\t', '\n', 'a', '\u00a0']) },
];
