export * from './plan-codes';
export * from './case-plans';
