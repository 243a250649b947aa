export * from './auth/roles';
export * from './auth/permissions';
export * from './auth/mfa';
export * from './auth/password-policy';
export * from './common/locales';
export * from './common/pagination';
export * from './common/error-codes';
