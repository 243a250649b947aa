import { useId, useState, type ChangeEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './sign-in.module.css';

type SignInFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> & {
  label: string;
  description?: string;
  error?: ReactNode;
  /** A password: hidden, with a button that shows the characters. */
  secret?: boolean;
  onChange?: (event: ChangeEvent<HTMLInputElement>) => void;
};

/** A labelled field of the login form: says when it is required and invalid, and why, to eyes and screen readers alike. */
export function SignInField({ label, description, error, secret = false, required, ...input }: SignInFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const [revealed, setRevealed] = useState(false);
  const describedBy = [description ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={classes.field}>
      <label className={classes.label} htmlFor={id}>
        {label}
        {required ? (
          <span className={classes.required} aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {description ? (
        <p className={classes.hint} id={`${id}-hint`}>
          {description}
        </p>
      ) : null}
      <div className={classes.control} data-invalid={error ? true : undefined}>
        <input
          {...input}
          id={id}
          className={classes.input}
          type={secret && !revealed ? 'password' : (input.type ?? 'text')}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        {secret ? (
          <button
            type="button"
            className={classes.reveal}
            aria-label={t('common.showCharacters')}
            aria-pressed={revealed}
            onClick={() => setRevealed((shown) => !shown)}
          >
            <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2">
              <path d="M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12z" />
              <circle cx="12" cy="12" r="3" />
              {revealed ? null : <path d="M3 3l18 18" />}
            </svg>
          </button>
        ) : null}
      </div>
      {error ? (
        <p className={classes.fieldError} id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
