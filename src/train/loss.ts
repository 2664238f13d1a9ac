import * as tf from '@tensorflow/tfjs-core';

/**
 * CLIP's symmetric InfoNCE loss. logits [n, n]: row i = image i against every text of the batch,
 * and text i belongs to image i. Cross-entropy over each row (image → text) and each column
 * (text → image), with labels 0..n−1, averaged. Returns a scalar; the caller disposes it.
 *
 * `groups` (optional, length n): which pairs show the same concept. Another pair of the same group is
 * no negative — its text describes this image too — so those off-diagonal logits leave both softmaxes
 * (rows and columns). With every group distinct this is exactly the plain loss.
 */
export function clipLoss(logits: tf.Tensor2D, groups?: readonly (string | number)[]): tf.Scalar {
  return tf.tidy(() => {
    const n = logits.shape[0];
    const labels = tf.oneHot(tf.range(0, n, 1, 'int32'), n); // the diagonal: pair i matches pair i
    const masked = groups ? tf.add(logits, sameGroupMask(groups)) : logits;
    const imageToText = tf.losses.softmaxCrossEntropy(labels, masked);
    const textToImage = tf.losses.softmaxCrossEntropy(labels, tf.transpose(masked));
    return tf.div(tf.add(imageToText, textToImage), 2) as tf.Scalar;
  });
}

/** −1e9 where i ≠ j share a group, else 0 ([n, n]): exp(−1e9) is exactly 0 in float32, so those logits drop out. */
export function sameGroupMask(groups: readonly (string | number)[]): tf.Tensor2D {
  const n = groups.length;
  const m = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && groups[i] === groups[j]) m[i * n + j] = -1e9;
  return tf.tensor2d(m, [n, n]);
}

/** True when some two entries of `groups` are equal (the batch repeats a concept). */
export function hasRepeats(groups: readonly (string | number)[]): boolean {
  return new Set(groups).size < groups.length;
}

/**
 * Cross-entropy of class logits [b, classes] against integer labels [b] (the traditional
 * classifier's loss). Returns a scalar; the caller disposes it.
 */
export function classificationLoss(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(labels.toInt(), logits.shape[1]), logits) as tf.Scalar);
}

/**
 * Fraction of rows whose largest logit is at the diagonal (in-batch matching accuracy), as a scalar; the
 * caller disposes it. With `groups`, texts of the same concept are left out of the choice, as in the loss.
 */
export function matchingAccuracy(logits: tf.Tensor2D, groups?: readonly (string | number)[]): tf.Scalar {
  return tf.tidy(() => {
    const masked = groups ? tf.add(logits, sameGroupMask(groups)) : logits;
    return tf.mean(tf.equal(tf.argMax(masked, 1), tf.range(0, logits.shape[0], 1, 'int32')).toFloat()) as tf.Scalar;
  });
}

/** Fraction of rows whose largest logit is the label's, as a scalar; the caller disposes it. */
export function classificationAccuracy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.equal(tf.argMax(logits, 1), labels.toInt()).toFloat()) as tf.Scalar);
}
