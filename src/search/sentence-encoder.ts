import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** Universal Sentence Encoder lite gives 512 numbers per text. */
export const DIMENSIONS = 512;

interface Request {
  readonly texts: readonly string[];
  readonly resolve: (vectors: Float32Array[]) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Turns texts into unit vectors whose dot product says how close their meanings are, on a worker
 * thread, one request at a time: a question waits for at most the one paragraph batch in progress,
 * never for a whole corpus. Paragraph vectors are kept by content hash, so a reload embeds only
 * paragraphs whose text changed. If the model cannot load, every request fails and search stays lexical.
 */
export class SentenceEncoder {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private readonly questions: Request[] = [];
  private readonly paragraphs: Request[] = [];
  private busy = false;
  private nextId = 0;
  private pending: { id: number; request: Request } | undefined;
  private failure: Error | undefined;
  private readonly byContent = new Map<string, Float32Array>();

  /** A paragraph's vector if it was embedded before. */
  cached(text: string): Float32Array | undefined {
    return this.byContent.get(contentKey(text));
  }

  /** Vectors of paragraphs, remembered by content; after the questions waiting. */
  async embedParagraphs(texts: readonly string[]): Promise<Float32Array[]> {
    const vectors = await this.enqueue(this.paragraphs, texts);
    texts.forEach((text, at) => this.byContent.set(contentKey(text), vectors[at]!));
    return vectors;
  }

  /** A question's vector, ahead of any paragraph still waiting. */
  async embedQuestion(text: string): Promise<Float32Array> {
    return (await this.enqueue(this.questions, [text]))[0]!;
  }

  /** Forgets the vectors of paragraphs no longer in the corpus. */
  keepOnly(texts: Iterable<string>): void {
    const keep = new Set([...texts].map(contentKey));
    for (const key of this.byContent.keys()) if (!keep.has(key)) this.byContent.delete(key);
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private enqueue(queue: Request[], texts: readonly string[]): Promise<Float32Array[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      queue.push({ texts, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    const request = this.questions.shift() ?? this.paragraphs.shift();
    if (!request) {
      this.worker?.unref();
      return;
    }
    this.busy = true;
    try {
      await this.start();
      this.worker!.ref();
      const id = this.nextId++;
      this.pending = { id, request };
      this.worker!.postMessage({ id, texts: request.texts });
    } catch (error) {
      this.fail(error as Error, request);
    }
  }

  private start(): Promise<void> {
    this.ready ??= new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./sentence-encoder-worker.mjs', import.meta.url));
      this.worker = worker;
      worker.on('message', (message: { kind: string; id?: number; flat?: Float32Array; reason?: string }) => {
        if (message.kind === 'ready') resolve();
        else if (message.kind === 'failed') reject(new Error(`the sentence encoder did not load: ${message.reason ?? 'no reason given'}`));
        else if (this.pending && message.id === this.pending.id) {
          const { request } = this.pending;
          this.pending = undefined;
          this.busy = false;
          if (message.kind === 'vectors') request.resolve(unitVectors(message.flat!, request.texts.length));
          else request.reject(new Error(`the sentence encoder failed: ${message.reason ?? 'no reason given'}`));
          void this.pump();
        }
      });
      worker.on('error', (error) => {
        reject(error);
        this.fail(error);
      });
    });
    return this.ready;
  }

  /** The encoder is out of use for good: everything waiting, and everything asked later, fails. */
  private fail(error: Error, request?: Request): void {
    this.failure ??= error;
    this.busy = false;
    for (const waiting of [request, this.pending?.request, ...this.questions.splice(0), ...this.paragraphs.splice(0)]) waiting?.reject(this.failure);
    this.pending = undefined;
    void this.worker?.terminate();
  }
}

function contentKey(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

function unitVectors(flat: Float32Array, count: number): Float32Array[] {
  const vectors: Float32Array[] = [];
  for (let at = 0; at < count; at++) {
    const vector = flat.subarray(at * DIMENSIONS, (at + 1) * DIMENSIONS);
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! / norm;
    vectors.push(vector);
  }
  return vectors;
}
