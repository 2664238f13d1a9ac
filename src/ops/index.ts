export { installOps, ops, removeOps, replacedOps } from './table';
export type { AdamCoefficients, OpName, Ops } from './types';
export { plainOps } from './plain';
