import * as tf from '@tensorflow/tfjs-core';
import { plainOps } from './plain';
import type { OpName, Ops } from './types';

export type { AdamCoefficients, OpName, Ops } from './types';

/** The table per backend name, for backends that replaced something. */
const tables = new Map<string, { ops: Ops; replaced: OpName[] }>();

/** Replaces some operations on backend `backendName` (its kernels must be registered already); later calls replace earlier ones. */
export function installOps(backendName: string, replacements: Partial<Ops>): void {
  tables.set(backendName, { ops: { ...plainOps, ...replacements }, replaced: Object.keys(replacements) as OpName[] });
}

/** Back to plain tf on `backendName`. */
export function removeOps(backendName: string): void {
  tables.delete(backendName);
}

/** The operations for the current backend. */
export function ops(): Ops {
  return tables.get(tf.getBackend())?.ops ?? plainOps;
}

/** The names of the operations replaced on `backendName` (none: plain tf). */
export function replacedOps(backendName: string = tf.getBackend()): OpName[] {
  return [...(tables.get(backendName)?.replaced ?? [])];
}
