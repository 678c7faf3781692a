import type { Corpus, Source } from '../../src/corpus/model.js';
import { parseSourceFile } from '../../src/corpus/parse-file.js';

/** A corpus built in memory from report files' text, for tests that need unusual paragraphs. */
export function corpusFrom(files: Record<string, string>): Corpus {
  const sources: Source[] = Object.entries(files).map(([file, content]) => {
    const parsed = parseSourceFile(file, content);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.source;
  });
  return { sources, version: 'test' };
}
