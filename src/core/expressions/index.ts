export * from './evaluate';
export * from './template';
