import * as tf from '@tensorflow/tfjs-core';
import { ops } from '../ops/table';

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decoupled weight decay (AdamW), applied to matrices only — not to biases, gains or the logit scale. */
  weightDecay?: number;
}

/** First and second moment estimates of one parameter tensor (or of a flat group of them). */
interface Moments {
  m: tf.Variable;
  v: tf.Variable;
}

/**
 * Adam (Kingma & Ba 2015) with optional decoupled weight decay, written out so that the learning
 * rate can change every step (warm-up and cosine) and so that its state is easy to free.
 * Vectors and scalars (biases, gains, the logit scale) are updated together as one flat vector: the
 * same arithmetic, but on wasm each of the ~30 small tensors would cost 12 kernel calls, and a call costs
 * more than its arithmetic.
 */
export class Adam {
  private readonly moments = new Map<tf.Variable, Moments>();
  /** Flat moments of the small variables, per set of variables (keyed by their ids). */
  private readonly groups = new Map<string, Moments>();
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
    const step = (lr * Math.sqrt(c2)) / c1;
    const eps = this.eps * Math.sqrt(c2);
    tf.tidy(() => {
      const adamUpdate = ops().adamUpdate;
      // One call per tensor: on wasm one kernel call instead of twelve.
      const update = (x: tf.Tensor, g: tf.Tensor, s: Moments, withDecay: boolean): tf.Tensor => {
        const [next, m, v] = adamUpdate(x, g, s.m, s.v, { beta1: this.b1, beta2: this.b2, step, eps, decay: withDecay ? lr * this.wd : 0 });
        s.m.assign(m);
        s.v.assign(v);
        return next;
      };
      const small: number[] = [];
      variables.forEach((x, i) => {
        if (x.rank <= 1) return void small.push(i);
        x.assign(update(x, grads[i], this.state(this.moments, x, x.shape), this.wd > 0));
      });
      if (small.length === 0) return;
      const flat = (ts: tf.Tensor[]) => tf.concat(ts.map((t) => t.reshape([-1])));
      const xs = small.map((i) => variables[i]);
      const sizes = xs.map((x) => x.size);
      const group = this.state(this.groups, xs.map((x) => x.id).join(','), [sizes.reduce((a, b) => a + b, 0)]);
      const next = tf.split(update(flat(xs), flat(small.map((i) => grads[i])), group, false), sizes);
      xs.forEach((x, j) => x.assign(next[j].reshape(x.shape)));
    });
  }

  /** The moments stored under `key`, created as zeros of `shape` on first use. */
  private state<K>(store: Map<K, Moments>, key: K, shape: number[]): Moments {
    let s = store.get(key);
    if (!s) {
      s = { m: tf.variable(tf.zeros(shape), false), v: tf.variable(tf.zeros(shape), false) };
      store.set(key, s);
    }
    return s;
  }

  /** Frees the moment estimates. */
  dispose(): void {
    for (const s of [...this.moments.values(), ...this.groups.values()]) tf.dispose([s.m, s.v]);
    this.moments.clear();
    this.groups.clear();
  }
}
