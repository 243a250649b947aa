/**
 * What a person consented to, and how the consent was given (recorded with every referral
 * and contact-back). Our own lists: values are snake_case and stored as they are.
 */
import type { CodeLabels } from './types';

export const CONSENT_PURPOSES = ['services', 'referral', 'statistics', 'contact_back'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_PURPOSE_LABELS: CodeLabels<ConsentPurpose> = {
  ru: { services: 'Получение помощи', referral: 'Перенаправление в другие организации', statistics: 'Анонимная статистика', contact_back: 'Обратная связь' },
  kk: { services: 'Көмек алу', referral: 'Басқа ұйымдарға жолдау', statistics: 'Анонимді статистика', contact_back: 'Кері байланыс' },
  en: { services: 'Receiving services', referral: 'Referral to other organisations', statistics: 'Anonymous statistics', contact_back: 'Contacting back' },
};

export const CONSENT_CHANNELS = ['verbal_on_call', 'written', 'sms', 'in_person', 'online_form'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

export const CONSENT_CHANNEL_LABELS: CodeLabels<ConsentChannel> = {
  ru: { verbal_on_call: 'Устно по телефону', written: 'Письменно', sms: 'По SMS', in_person: 'Лично', online_form: 'Онлайн-форма' },
  kk: { verbal_on_call: 'Телефонда ауызша', written: 'Жазбаша', sms: 'SMS арқылы', in_person: 'Жеке кездесуде', online_form: 'Онлайн-форма' },
  en: { verbal_on_call: 'Verbally on a call', written: 'In writing', sms: 'By SMS', in_person: 'In person', online_form: 'Online form' },
};
