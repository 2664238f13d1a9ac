import * as tf from '@tensorflow/tfjs';

/**
 * CLIP's symmetric InfoNCE loss. logits [n, n]: row i = image i against every text of the batch,
 * and text i belongs to image i. Cross-entropy over each row (image → text) and each column
 * (text → image), with labels 0..n−1, averaged. Returns a scalar; the caller disposes it.
 */
export function clipLoss(logits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const n = logits.shape[0];
    const labels = tf.oneHot(tf.range(0, n, 1, 'int32'), n); // the diagonal: pair i matches pair i
    const imageToText = tf.losses.softmaxCrossEntropy(labels, logits);
    const textToImage = tf.losses.softmaxCrossEntropy(labels, tf.transpose(logits));
    return tf.div(tf.add(imageToText, textToImage), 2) as tf.Scalar;
  });
}

/**
 * Cross-entropy of class logits [b, classes] against integer labels [b] (the traditional
 * classifier's loss). Returns a scalar; the caller disposes it.
 */
export function classificationLoss(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(labels.toInt(), logits.shape[1]), logits) as tf.Scalar);
}

/** Fraction of rows whose largest logit is at the diagonal (in-batch matching accuracy), as a scalar; the caller disposes it. */
export function matchingAccuracy(logits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.equal(tf.argMax(logits, 1), tf.range(0, logits.shape[0], 1, 'int32')).toFloat()) as tf.Scalar);
}

/** Fraction of rows whose largest logit is the label's, as a scalar; the caller disposes it. */
export function classificationAccuracy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.equal(tf.argMax(logits, 1), labels.toInt()).toFloat()) as tf.Scalar);
}
