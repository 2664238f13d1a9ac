// The kernel's display writer lives in runtime/ (progress displays need it below viz/); charts use it from here.
export { DisplayBundle, DisplayWriter, kernelDisplayWriter } from '../runtime/kernelDisplay';
