export * from './channels';
export * from './customer-service-window';
export * from './message-content';
export * from './quick-replies';
export * from './attachments';
export * from './conversation-assignment';
export * from './templates';
export * from './knowledge-files';
