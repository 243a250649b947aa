import type { TransformFnParams } from 'class-transformer';

export const trim = ({ value }: TransformFnParams): unknown => (typeof value === 'string' ? value.trim() : value);
export const lower = ({ value }: TransformFnParams): unknown => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** Query strings carry text; only "true" and "false" become booleans, anything else fails validation. */
export const toBoolean = ({ value }: TransformFnParams): unknown => (value === 'true' ? true : value === 'false' ? false : value);
