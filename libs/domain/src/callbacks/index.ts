export * from './callback-status';
export * from './safe-window';
export * from './contact-back-consent';
