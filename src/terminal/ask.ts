/**
 * The offline front end: `npm run ask -- "question"` answers from the corpus files without Discord.
 *   --json "question"   one JSON object {query, match, results: [{source, paragraph, text, score}]}
 *   --jsonl             one question per line on stdin, one JSON object per line on stdout
 *   --source 004[:3]    a source's metadata and paragraphs, or one paragraph verbatim
 *   --import page.html|URL [--id ID] [--write]   the report file a web page makes (see import-page.ts)
 */
import { createInterface } from 'node:readline';
import { config as loadDotenv } from 'dotenv';
import { loadCorpus } from '../corpus/load-corpus.js';
import { formatCorpusError } from '../corpus/model.js';
import { answerQuestion, type Reply } from '../answer/reply.js';
import { lookUpSource, parseSourceReference } from '../answer/source-lookup.js';
import { PassageIndex } from '../search/passage-index.js';
import { SentenceEncoder } from '../search/sentence-encoder.js';
import { renderReply, renderSourceLookup } from './render.js';

loadDotenv({ quiet: true });
const args = process.argv.slice(2);
const flag = (name: string) => {
  const at = args.indexOf(name);
  if (at >= 0) args.splice(at, 1);
  return at >= 0;
};
const json = flag('--json');
const jsonl = flag('--jsonl');
const sourceAt = args.indexOf('--source');
const sourceReference = sourceAt >= 0 ? args.splice(sourceAt, 2)[1] : undefined;
const importAt = args.indexOf('--import');
const importPage = importAt >= 0 ? args.splice(importAt, 2)[1] : undefined;
const idAt = args.indexOf('--id');
const importId = idAt >= 0 ? args.splice(idAt, 2)[1] : undefined;
const write = flag('--write');
const style = { color: process.stdout.isTTY === true && !process.env.NO_COLOR };

const corpusDir = process.env.CORPUS_DIR || 'corpus';
const loaded = await loadCorpus(corpusDir);
if (!loaded.ok) {
  console.error(`The corpus cannot be loaded:\n${loaded.errors.map(formatCorpusError).join('\n')}`);
  process.exit(1);
}
const corpus = loaded.corpus;

if (importAt >= 0) {
  // Loaded only here: the page parser and Readability would slow every question's start-up.
  const { runImport } = await import('./import-page.js');
  const request = { page: importPage ?? '', id: importId, write, corpusDir };
  process.exitCode = await runImport(request, corpus, (text) => process.stdout.write(text), (text) => console.error(text));
} else if (sourceAt >= 0) {
  const { sourceId, paragraph } = parseSourceReference(sourceReference ?? '');
  const lookup = lookUpSource(corpus, sourceId, paragraph);
  console.log(renderSourceLookup(lookup, style));
  process.exitCode = lookup.kind === 'source' || lookup.kind === 'paragraph' ? 0 : 1;
} else {
  // As the bot does: by words and meaning, unless SEARCH_MEANING=off; here the paragraphs are embedded before answering.
  const encoder = process.env.SEARCH_MEANING === 'off' ? undefined : new SentenceEncoder();
  const index = new PassageIndex(corpus, undefined, encoder);
  const meaningReady = await index.meaning?.fill().then(
    () => true,
    (error: Error) => console.error(`Answering by words alone: ${error.message}`),
  );
  const answer = (question: string) => answerQuestion(index, meaningReady ? encoder : undefined, question);
  if (jsonl) {
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      console.log(JSON.stringify(toJson(await answer(line))));
    }
  } else {
    const reply = await answer(args.join(' '));
    console.log(json ? JSON.stringify(toJson(reply)) : renderReply(reply, style));
  }
  await encoder?.close();
}

/** The stable machine-readable shape: fields may be added, these stay. */
function toJson(reply: Reply) {
  const quotes = reply.kind === 'answer' ? reply.quotes : [];
  return {
    query: reply.question,
    /** "answer": the quotes answer; "closest": they are about the subject but may not answer; "none": not covered. */
    match: reply.kind === 'answer' ? reply.match : 'none',
    results: quotes.map((quote) => ({
      source: quote.source.id,
      paragraph: quote.paragraph.number,
      text: quote.paragraph.text,
      score: Number(quote.score.toFixed(4)),
      heading: quote.paragraph.heading ?? null,
    })),
  };
}
