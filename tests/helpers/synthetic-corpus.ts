import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Corpus, Paragraph, Source } from '../../src/corpus/model.js';

/** A small deterministic PRNG (mulberry32), so every run benchmarks the same corpus. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = 'ka ro mi te su lo van der pel tor gra nis ov ek ul bra sten mar ich fel dor quin zar hal bo ter ren'.split(' ');
const FILLER =
  'the of and in to a officials said that region city council meeting week report market local new year plans would could government people after before during while program support according its their this'.split(
    ' ',
  );
const PARAGRAPHS_PER_FILE = 100;

/**
 * A corpus of `paragraphs` paragraphs, built from the reports' sentences and filler: each paragraph
 * mixes two or three report sentences with a sentence of filler and invented words, so the vocabulary
 * grows with the corpus as it would (about 40,000 distinct terms at 100,000 paragraphs).
 */
export function syntheticCorpus(base: Corpus, paragraphs: number, seed = 42): Corpus {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const sentences = base.sources.flatMap((source) =>
    source.paragraphs.flatMap((paragraph) => paragraph.text.match(/[^.!?]+[.!?]+/g) ?? []).map((s) => s.trim()),
  );
  const vocabulary = Array.from({ length: Math.max(200, Math.round(paragraphs * 0.4)) }, () =>
    Array.from({ length: 2 + Math.floor(next() * 3) }, () => pick(SYLLABLES)).join(''),
  );
  const sources: Source[] = [];
  for (let file = 0; file * PARAGRAPHS_PER_FILE < paragraphs; file++) {
    const id = `s${String(file).padStart(5, '0')}`;
    const count = Math.min(PARAGRAPHS_PER_FILE, paragraphs - file * PARAGRAPHS_PER_FILE);
    const list: Paragraph[] = [];
    for (let number = 1; number <= count; number++) {
      const filler = Array.from({ length: 8 + Math.floor(next() * 8) }, () => (next() < 0.5 ? pick(FILLER) : pick(vocabulary))).join(' ');
      const parts = [pick(sentences), pick(sentences), ...(next() < 0.5 ? [pick(sentences)] : []), `${filler[0]!.toUpperCase()}${filler.slice(1)}.`];
      list.push({ sourceId: id, number, id: `${id}:${number}`, text: parts.join(' '), line: number * 2 + 3 });
    }
    sources.push({ id, file: `${id}.md`, title: `Synthetic report ${file}`, headings: [], paragraphs: list });
  }
  return { sources, version: `synthetic-${paragraphs}-${seed}` };
}

/** Writes a corpus as report files, for benchmarking a reload from disk. */
export async function writeCorpus(corpus: Corpus, dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const source of corpus.sources) {
    const body = source.paragraphs.map((paragraph) => paragraph.text).join('\n\n');
    await writeFile(path.join(dir, source.file), `---\nid: ${source.id}\ntitle: ${String(source.title)}\n---\n\n${body}\n`);
  }
}
