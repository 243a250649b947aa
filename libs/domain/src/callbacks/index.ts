export * from './callback-status';
export * from './safe-window';
