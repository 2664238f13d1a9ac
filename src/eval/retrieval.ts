import * as tf from '@tensorflow/tfjs-core';

/** Recall@k in both directions, fractions 0–1, keyed by k. */
export interface RetrievalReport {
  imageToText: Record<number, number>;
  textToImage: Record<number, number>;
  n: number;
}

/** Recall@k of each row against the diagonal: is the true partner among its k best columns? */
function recall(sim: Float32Array, n: number, ks: readonly number[], transposed: boolean): Record<number, number> {
  const out: Record<number, number> = {};
  const ranks: number[] = [];
  for (let r = 0; r < n; r++) {
    const at = (c: number) => (transposed ? sim[c * n + r] : sim[r * n + c]);
    const target = at(r);
    let rank = 0; // other columns at least as good as the true partner (ties count against it)
    for (let c = 0; c < n; c++) if (c !== r && at(c) >= target) rank++;
    ranks.push(rank);
  }
  for (const k of ks) out[k] = ranks.filter((x) => x < k).length / n;
  return out;
}

/**
 * Retrieval recall@1/5/10 for paired embeddings (image i ↔ text i), both [n, d] and L2-normalised:
 * image→text (find an image's caption among all captions) and text→image.
 */
export function retrievalRecall(imageEmb: tf.Tensor2D, textEmb: tf.Tensor2D, ks: readonly number[] = [1, 5, 10]): RetrievalReport {
  const n = imageEmb.shape[0];
  const simT = tf.matMul(imageEmb, textEmb, false, true);
  const sim = simT.dataSync() as Float32Array;
  simT.dispose();
  return { imageToText: recall(sim, n, ks, false), textToImage: recall(sim, n, ks, true), n };
}
