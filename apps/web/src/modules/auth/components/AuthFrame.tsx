import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '@web/modules/i18n/LanguageSwitch';
import { MAIN_CONTENT_ID, SkipLink } from '@web/modules/ui/SkipLink';
import classes from './sign-in.module.css';

/**
 * Frame of the sign-in screens: language switch, product name, one card. Plain elements, so the
 * login form is drawn before the component library has loaded (the later steps fill it with Mantine's).
 */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className={classes.frame}>
      <SkipLink />
      <header className={classes.header}>
        <LanguageSwitch />
      </header>
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className={classes.main}>
        <div className={classes.column}>
          <p className={classes.product}>{t('app.name')}</p>
          <p className={classes.tagline}>{t('app.tagline')}</p>
          <div className={classes.card}>
            <h1 className={classes.title}>{title}</h1>
            {children}
          </div>
        </div>
      </main>
    </div>
  );
}
