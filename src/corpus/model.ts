/** A report as a moderator wrote it in corpus/, split into numbered paragraphs. */
export interface Source {
  /** Short stable id from the front matter, e.g. "004". */
  readonly id: string;
  /** File name inside the corpus folder. */
  readonly file: string;
  readonly title?: string;
  readonly publisher?: string;
  readonly date?: string;
  readonly language?: string;
  readonly url?: string;
  readonly copyright?: string;
  /** Section headings in order of appearance. */
  readonly headings: readonly string[];
  readonly paragraphs: readonly Paragraph[];
}

export interface Paragraph {
  readonly sourceId: string;
  /** 1-based position among the source's paragraphs (headings are not counted). */
  readonly number: number;
  /** "<source id>:<number>", stable as long as the paragraphs above it stay. */
  readonly id: string;
  /** The paragraph exactly as it stands in the file. */
  readonly text: string;
  /** The section heading the paragraph stands under, if any. */
  readonly heading?: string;
  /** 1-based line of the file where the paragraph starts. */
  readonly line: number;
}

export interface Corpus {
  readonly sources: readonly Source[];
  /** Content hash of all files: changes whenever any quoted text or metadata does. */
  readonly version: string;
}

/** A reason a corpus file cannot be loaded, pointing at the place to fix. */
export interface CorpusError {
  readonly file: string;
  /** 1-based; 0 when the problem is the file or folder as a whole. */
  readonly line: number;
  readonly reason: string;
}

export type LoadResult =
  | { readonly ok: true; readonly corpus: Corpus }
  | { readonly ok: false; readonly errors: readonly CorpusError[] };

export function formatCorpusError(error: CorpusError): string {
  return error.line > 0 ? `${error.file}:${error.line}: ${error.reason}` : `${error.file}: ${error.reason}`;
}

export function findSource(corpus: Corpus, id: string): Source | undefined {
  return corpus.sources.find((source) => source.id === id);
}
