// The plain-cpu test project: tfjs's cpu backend, plain tf as on tfjs-node.
process.env.CLIP_WORKSHOP_BACKEND = 'cpu';
