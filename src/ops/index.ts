export { installOps, ops, removeOps, replacedOps } from './table';
export type { AdamCoefficients, OpName, Ops } from './table';
export { plainOps } from './plain';
