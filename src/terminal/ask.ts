/**
 * The offline front end: `npm run ask -- "question"` answers from the corpus files without Discord.
 *   --json "question"   one JSON object {query, match, results: [{source, paragraph, text, score}]}
 *   --jsonl             one question per line on stdin, one JSON object per line on stdout
 *   --source 004[:3]    a source's metadata and paragraphs, or one paragraph verbatim
 *   --import page.html|URL [--id ID] [--write]   the report file a web page makes (see import-page.ts)
 *   --add FILE [--id ID] [--title T] [--publisher P], --remove ID   change the corpus (see change-corpus.ts)
 */
import { createInterface } from 'node:readline';
import { config as loadDotenv } from 'dotenv';
import { answerQuestion, type Reply } from '../answer/reply.js';
import { lookUpSource } from '../answer/source-lookup.js';
import { corpusDirFrom } from '../corpus/corpus-dir.js';
import { loadCorpus } from '../corpus/load-corpus.js';
import { formatCorpusError, type Corpus, type CorpusError } from '../corpus/model.js';
import { parseParagraphReference } from '../corpus/paragraph-id.js';
import { Library } from '../library/library.js';
import { PassageIndex } from '../search/passage-index.js';
import { SentenceEncoder } from '../search/sentence-encoder.js';
import { addFromFile, removeById } from './change-corpus.js';
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
const valueOf = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? (args.splice(at, 2)[1] ?? '') : undefined;
};
const importPage = valueOf('--import');
const addFile = valueOf('--add');
const removeId = valueOf('--remove');
const sourceReference = valueOf('--source');
const id = valueOf('--id');
const title = valueOf('--title');
const publisher = valueOf('--publisher');
const write = flag('--write');
const style = { color: process.stdout.isTTY && !process.env.NO_COLOR };

const corpusDir = corpusDirFrom(process.env);
const note = (text: string) => console.error(text);

if (importPage !== undefined || addFile !== undefined || removeId !== undefined) {
  // Changes go through the library, as /corpus's do; it reads the folder by words alone (no encoder).
  const opened = await Library.open(corpusDir);
  const library = opened.ok ? opened.library : cannotLoad(opened.errors);
  if (importPage !== undefined) {
    // Loaded only here: the page parser and Readability would slow every question's start-up.
    const { runImport } = await import('./import-page.js');
    process.exitCode = await runImport({ page: importPage, id, write }, library, (text) => process.stdout.write(text), note);
  } else if (addFile !== undefined) {
    process.exitCode = await addFromFile(library, { file: addFile, id, title, publisher }, note);
  } else {
    process.exitCode = await removeById(library, removeId ?? '', note);
  }
} else {
  const loaded = await loadCorpus(corpusDir);
  const corpus = loaded.ok ? loaded.corpus : cannotLoad(loaded.errors);
  if (sourceReference !== undefined) lookUp(corpus, sourceReference);
  else await answerQuestions(corpus);
}

function cannotLoad(errors: readonly CorpusError[]): never {
  console.error(`The corpus cannot be loaded:\n${errors.map(formatCorpusError).join('\n')}`);
  process.exit(1);
}

function lookUp(corpus: Corpus, reference: string): void {
  const { sourceId, paragraph } = parseParagraphReference(reference);
  const lookup = lookUpSource(corpus, sourceId, paragraph);
  console.log(renderSourceLookup(lookup, style));
  process.exitCode = lookup.kind === 'source' || lookup.kind === 'paragraph' ? 0 : 1;
}

async function answerQuestions(corpus: Corpus): Promise<void> {
  // As the bot does: by words and meaning, unless SEARCH_MEANING=off; here the paragraphs are embedded before answering.
  const encoder = process.env.SEARCH_MEANING === 'off' ? undefined : new SentenceEncoder();
  const index = new PassageIndex(corpus, undefined, encoder);
  const meaningReady = await index.meaning?.fill().then(
    () => true,
    (error: unknown) => console.error(`Answering by words alone: ${error instanceof Error ? error.message : String(error)}`),
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
