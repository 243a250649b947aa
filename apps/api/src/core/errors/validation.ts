import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldError } from './domain-error';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({
      field,
      code: code === 'whitelistValidation' ? 'unknown_field' : code,
      message: code === 'whitelistValidation' ? `${field} is not an accepted field` : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Enough to fix a form; a hostile 10,000-element array must not get a 3 MB answer. */
export const MAX_FIELD_ERRORS = 50;

/** Validates every body and query; unknown fields are refused, so no mass assignment. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const all = flatten(errors);
      const detail =
        all.length > MAX_FIELD_ERRORS
          ? `Some fields are missing or invalid (the first ${MAX_FIELD_ERRORS} of ${all.length} problems are listed)`
          : 'Some fields are missing or invalid';
      return new DomainError('validation_failed', detail, { errors: all.slice(0, MAX_FIELD_ERRORS) });
    },
  });
}
