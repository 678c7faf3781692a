import { describe, expect, it } from 'vitest';
import { SOURCE_LABEL_LENGTH, sourceLabel } from '../../src/answer/source-label.js';
import { corpusFrom } from '../helpers/corpus.js';

const source = (frontMatter: string, text = 'In a report by The New York Times, 50,000 Russian and North Korean troops are reportedly preparing.') =>
  corpusFrom({ 's.md': `---\nid: s\n${frontMatter}---\n\n${text}\n` }).sources[0]!;

describe('sourceLabel: a short stable name for a source', () => {
  it('is the title, cut after a whole word with an ellipsis, trailing punctuation dropped', () => {
    expect(
      sourceLabel(
        source('title: Russia to Mobilize 50,000 Troops Including North Korean Forces... Kursk Attack Imminent\npublisher: The Asia Business Daily\n'),
      ),
    ).toBe('Russia to Mobilize 50,000 Troops…');
    expect(sourceLabel(source('title: Quokka sightings near the Seym river\n'))).toBe('Quokka sightings near the Seym river');
    expect(sourceLabel(source('title: North Korean troops arrive in Kursk, officials say today\n'))).toBe('North Korean troops arrive in Kursk…');
  });

  it('is the publisher when the report has no title', () => {
    expect(sourceLabel(source('publisher: The Asia Business Daily\n'))).toBe('The Asia Business Daily');
  });

  it('is the opening words, verbatim and in quotation marks, when there is neither', () => {
    const label = sourceLabel(source(''));
    expect(label).toBe('“In a report by The New York Times…”');
    expect(label.length).toBeLessThanOrEqual(SOURCE_LABEL_LENGTH);
    expect(sourceLabel(source('', 'Short report.'))).toBe('“Short report.”');
  });

  it('cuts a single word longer than the limit hard, never inside a surrogate pair', () => {
    const label = sourceLabel(source(`title: ${'🙂'.repeat(30)}\n`));
    expect(label.length).toBeLessThanOrEqual(SOURCE_LABEL_LENGTH);
    expect(label.endsWith('…')).toBe(true);
    expect(label).not.toMatch(/[\uD800-\uDBFF]…$/);
  });

  it('never exceeds the limit', () => {
    for (const title of ['a'.repeat(41), `${'word '.repeat(20)}end`, 'A title of exactly forty characters long', 'x y'.repeat(30)]) {
      expect(sourceLabel(source(`title: ${title}\n`)).length).toBeLessThanOrEqual(SOURCE_LABEL_LENGTH);
    }
  });
});
