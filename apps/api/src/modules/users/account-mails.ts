import type { AccountLinkPurpose, Locale } from '@mayak/domain';
import type { MailContent } from '#api/core/mail/mail-outbox';
import { escapeHtml } from '#api/core/mail/mail-html';

/** What an account mail may say: the account's own address, the link, when it ends, whether a second factor follows. */
export interface AccountMailData {
  purpose: AccountLinkPurpose;
  email: string;
  url: string;
  expiresAt: Date;
  timeZone: string;
  secondFactorRequired: boolean;
}

interface Words {
  subject: string;
  lines: (d: { email: string; expires: string; secondFactor: boolean }) => string[];
  action: string;
  footer: string;
}

const WORDS: Record<Locale, Record<AccountLinkPurpose, Words>> = {
  ru: {
    invitation: {
      subject: '«Маяк»: приглашение в рабочую систему',
      lines: (d) => [
        `Администратор создал для вас учётную запись в «Маяке»: ${d.email}.`,
        d.secondFactor
          ? 'Откройте ссылку и выберите пароль; после первого входа подключите приложение-аутентификатор (второй фактор).'
          : 'Откройте ссылку и выберите пароль.',
        `Ссылка действует до ${d.expires} и срабатывает один раз. Никому её не пересылайте.`,
      ],
      action: 'Выбрать пароль',
      footer: 'Если вы не ждали этого письма, удалите его: без пароля учётной записью никто не сможет воспользоваться.',
    },
    password_reset: {
      subject: '«Маяк»: новый пароль',
      lines: (d) => [
        `Для учётной записи ${d.email} в «Маяке» попросили новый пароль.`,
        'Откройте ссылку и выберите новый пароль. Второй фактор, если он подключён, останется прежним.',
        `Ссылка действует до ${d.expires} и срабатывает один раз. Никому её не пересылайте.`,
      ],
      action: 'Выбрать новый пароль',
      footer: 'Если вы не просили новый пароль, ничего не делайте: прежний пароль продолжит работать.',
    },
  },
  kk: {
    invitation: {
      subject: '«Маяк»: жұмыс жүйесіне шақыру',
      lines: (d) => [
        `Әкімші сізге «Маяк» жүйесінде есептік жазба ашты: ${d.email}.`,
        d.secondFactor
          ? 'Сілтемені ашып, құпиясөз таңдаңыз; алғаш кіргеннен кейін аутентификатор қолданбасын (екінші фактор) қосыңыз.'
          : 'Сілтемені ашып, құпиясөз таңдаңыз.',
        `Сілтеме ${d.expires} дейін жарамды және бір рет қана жұмыс істейді. Оны ешкімге жібермеңіз.`,
      ],
      action: 'Құпиясөз таңдау',
      footer: 'Бұл хатты күтпеген болсаңыз, оны жойыңыз: құпиясөзсіз есептік жазбаны ешкім пайдалана алмайды.',
    },
    password_reset: {
      subject: '«Маяк»: жаңа құпиясөз',
      lines: (d) => [
        `«Маяк» жүйесіндегі ${d.email} есептік жазбасы үшін жаңа құпиясөз сұралды.`,
        'Сілтемені ашып, жаңа құпиясөз таңдаңыз. Екінші фактор қосылған болса, ол өзгермейді.',
        `Сілтеме ${d.expires} дейін жарамды және бір рет қана жұмыс істейді. Оны ешкімге жібермеңіз.`,
      ],
      action: 'Жаңа құпиясөз таңдау',
      footer: 'Жаңа құпиясөз сұрамаған болсаңыз, ештеңе істемеңіз: бұрынғы құпиясөз жұмыс істей береді.',
    },
  },
  en: {
    invitation: {
      subject: "Mayak: you are invited to the hotline's system",
      lines: (d) => [
        `An administrator has opened a Mayak account for you: ${d.email}.`,
        d.secondFactor
          ? 'Open the link and choose your password; after your first sign-in, set up an authenticator app (the second factor).'
          : 'Open the link and choose your password.',
        `The link works once, until ${d.expires}. Do not forward it to anyone.`,
      ],
      action: 'Choose my password',
      footer: 'If you did not expect this mail, delete it: nobody can use the account without a password.',
    },
    password_reset: {
      subject: 'Mayak: choose a new password',
      lines: (d) => [
        `A new password was asked for the Mayak account ${d.email}.`,
        'Open the link and choose a new password. Your second factor, if you have one, stays as it is.',
        `The link works once, until ${d.expires}. Do not forward it to anyone.`,
      ],
      action: 'Choose a new password',
      footer: 'If you did not ask for a new password, do nothing: your password keeps working.',
    },
  },
};

const INTL_LOCALE: Record<Locale, string> = { ru: 'ru-RU', kk: 'kk-KZ', en: 'en-GB' };

function formatInstant(at: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).format(at);
}

/** An invitation or reset mail in the person's language. */
export function renderAccountMail(data: AccountMailData, locale: Locale): MailContent {
  const w = WORDS[locale][data.purpose];
  const lines = w.lines({ email: data.email, expires: formatInstant(data.expiresAt, locale, data.timeZone), secondFactor: data.secondFactorRequired });
  const text = `${lines.join('\n\n')}\n\n${w.action}: ${data.url}\n\n--\n${w.footer}\n`;
  const html =
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"></head><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1b1e">` +
    lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('') +
    `<p><a href="${escapeHtml(data.url)}">${escapeHtml(w.action)}</a></p>` +
    `<p style="font-size:12px;color:#5c5f66">${escapeHtml(w.footer)}</p></body></html>`;
  return { subject: w.subject, text, html };
}
