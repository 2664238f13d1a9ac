export * from './build';
export * from './defaults';
export * from './gallery';
export * from './models';
export * from './serve';
export * from './assets';
