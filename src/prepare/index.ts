export * from './models';
export * from './pretrained';
export * from './prepare';
export * from './status';
export * from './pack';
export * from './packExtras';
