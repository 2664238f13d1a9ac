import * as tf from '@tensorflow/tfjs';

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decoupled weight decay (AdamW), applied to matrices only — not to biases, gains or the logit scale. */
  weightDecay?: number;
}

/**
 * Adam (Kingma & Ba 2015) with optional decoupled weight decay, written out so that the learning
 * rate can change every step (warm-up and cosine) and so that its state is easy to free.
 */
export class Adam {
  private readonly m = new Map<tf.Variable, tf.Variable>();
  private readonly v = new Map<tf.Variable, tf.Variable>();
  private t = 0;
  private readonly b1: number;
  private readonly b2: number;
  private readonly eps: number;
  private readonly wd: number;

  constructor(options: AdamOptions = {}) {
    this.b1 = options.beta1 ?? 0.9;
    this.b2 = options.beta2 ?? 0.999;
    this.eps = options.epsilon ?? 1e-8;
    this.wd = options.weightDecay ?? 0;
  }

  /** One update of each variable from its gradient (same order), at learning rate `lr`. */
  apply(variables: readonly tf.Variable[], grads: readonly tf.Tensor[], lr: number): void {
    this.t++;
    // Bias corrections folded into the step size and epsilon (Kingma & Ba, end of §2): fewer ops per weight.
    const c1 = 1 - this.b1 ** this.t;
    const c2 = 1 - this.b2 ** this.t;
    tf.tidy(() => {
      const step = tf.scalar(lr * Math.sqrt(c2) / c1);
      const eps = tf.scalar(this.eps * Math.sqrt(c2));
      const decay = tf.scalar(lr * this.wd);
      const b1 = tf.scalar(this.b1);
      const b2 = tf.scalar(this.b2);
      const b1c = tf.scalar(1 - this.b1);
      const b2c = tf.scalar(1 - this.b2);
      variables.forEach((x, i) => {
        const g = grads[i];
        if (!this.m.has(x)) {
          this.m.set(x, tf.variable(tf.zerosLike(x), false));
          this.v.set(x, tf.variable(tf.zerosLike(x), false));
        }
        const m = this.m.get(x)!;
        const v = this.v.get(x)!;
        m.assign(tf.add(tf.mul(m, b1), tf.mul(g, b1c)));
        v.assign(tf.add(tf.mul(v, b2), tf.mul(tf.square(g), b2c)));
        let next = tf.sub(x, tf.mul(tf.div(m, tf.add(tf.sqrt(v), eps)), step));
        if (this.wd > 0 && x.rank >= 2) next = tf.sub(next, tf.mul(x, decay));
        x.assign(next);
      });
    });
  }

  /** Frees the moment estimates. */
  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    this.m.clear();
    this.v.clear();
  }
}
