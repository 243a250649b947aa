import { parseTwilioAddress, twilioAddressFor } from './channels';
import { replyWindow, WHATSAPP_WINDOW_MS } from './customer-service-window';
import { contentKindOf } from './message-content';
import { rankQuickReplies } from './quick-replies';
import { mayAssignConversation, mayReplyInConversation } from './conversation-assignment';
import { CONTENT_SID, placeholdersAreSequential, renderTemplate, templatePlaceholders } from './templates';

describe('parseTwilioAddress', () => {
  it('reads a plain number as SMS and a whatsapp: address as WhatsApp', () => {
    expect(parseTwilioAddress('+77011234567')).toEqual({ ok: true, channel: 'sms', number: '+77011234567' });
    expect(parseTwilioAddress('whatsapp:+77011234567')).toEqual({ ok: true, channel: 'whatsapp', number: '+77011234567' });
    expect(parseTwilioAddress(' WhatsApp:+77011234567 ')).toEqual({ ok: true, channel: 'whatsapp', number: '+77011234567' });
  });

  it('refuses empty addresses and channels Mayak does not take', () => {
    expect(parseTwilioAddress(undefined)).toEqual({ ok: false, reason: 'empty' });
    expect(parseTwilioAddress('  ')).toEqual({ ok: false, reason: 'empty' });
    expect(parseTwilioAddress('whatsapp:')).toEqual({ ok: false, reason: 'empty' });
    expect(parseTwilioAddress('messenger:1234567890')).toEqual({ ok: false, reason: 'unsupported_channel' });
    expect(parseTwilioAddress('rcs:+77011234567')).toEqual({ ok: false, reason: 'unsupported_channel' });
  });

  it('writes the address back for sending', () => {
    expect(twilioAddressFor('whatsapp', '+77011234567')).toBe('whatsapp:+77011234567');
    expect(twilioAddressFor('sms', '+77011234567')).toBe('+77011234567');
  });
});

describe('replyWindow', () => {
  const now = new Date('2026-12-06T12:00:00Z');

  it('is always open on channels without a window', () => {
    for (const channel of ['sms', 'telegram', 'webchat'] as const) expect(replyWindow(channel, null, now)).toEqual({ kind: 'open', closesAt: null });
  });

  it('is open on WhatsApp for 24 hours after the last inbound message, and then templates only', () => {
    const justNow = new Date(now.getTime() - 60_000);
    expect(replyWindow('whatsapp', justNow, now)).toEqual({ kind: 'open', closesAt: new Date(justNow.getTime() + WHATSAPP_WINDOW_MS) });
    const almost = new Date(now.getTime() - WHATSAPP_WINDOW_MS + 1);
    expect(replyWindow('whatsapp', almost, now).kind).toBe('open');
    const exactly = new Date(now.getTime() - WHATSAPP_WINDOW_MS);
    expect(replyWindow('whatsapp', exactly, now)).toEqual({ kind: 'templates_only', closedAt: now });
    expect(replyWindow('whatsapp', null, now)).toEqual({ kind: 'templates_only', closedAt: null });
  });
});

describe('contentKindOf', () => {
  const none = { text: '', mediaTypes: [], hasLocation: false };

  it('names what arrived', () => {
    expect(contentKindOf({ ...none, text: 'hello' })).toBe('text');
    expect(contentKindOf({ ...none, mediaTypes: ['image/jpeg'] })).toBe('image');
    expect(contentKindOf({ ...none, text: 'my contract', mediaTypes: ['application/pdf'] })).toBe('document');
    expect(contentKindOf({ ...none, mediaTypes: ['audio/ogg; codecs=opus'] })).toBe('audio');
    expect(contentKindOf({ ...none, mediaTypes: ['video/mp4'] })).toBe('video');
    expect(contentKindOf({ ...none, mediaTypes: ['image/webp'] })).toBe('sticker');
    expect(contentKindOf({ ...none, mediaTypes: ['text/vcard'] })).toBe('contact');
    expect(contentKindOf({ ...none, text: 'Workers camp', hasLocation: true })).toBe('location');
  });

  it('keeps what it does not know as unsupported', () => {
    expect(contentKindOf(none)).toBe('unsupported');
    expect(contentKindOf({ ...none, mediaTypes: ['model/gltf+json'] })).toBe('unsupported');
  });
});

describe('rankQuickReplies', () => {
  const replies = [
    { title: 'Часы работы', body: 'Линия работает круглосуточно' },
    { title: 'Регистрация', body: 'Регистрация по месту пребывания в течение 3 рабочих дней' },
    { title: 'Разрешение на работу', body: 'Патент оформляется в ЦОН' },
    { title: 'Адрес приюта', body: 'Адрес сообщаем только по телефону; нужна регистрация' },
  ];

  it('lists everything alphabetically when nothing is typed', () => {
    expect(rankQuickReplies(replies, '  ').map((r) => r.title)).toEqual(
      ['Адрес приюта', 'Часы работы', 'Разрешение на работу', 'Регистрация'].sort((a, b) => a.localeCompare(b)),
    );
  });

  it('puts titles that start with the words first, then titles and bodies that contain them, and drops the rest', () => {
    expect(rankQuickReplies(replies, 'рег').map((r) => r.title)).toEqual(['Регистрация', 'Адрес приюта']);
    expect(rankQuickReplies(replies, 'РАБОТ').map((r) => r.title)).toEqual(['Разрешение на работу', 'Часы работы']);
    expect(rankQuickReplies(replies, 'xyz')).toEqual([]);
  });
});

describe('conversation assignment', () => {
  const me = { userId: 'me', supervises: false };
  const supervisor = { userId: 'boss', supervises: true };

  it('lets anyone take or give a conversation nobody holds, and the holder hand theirs over', () => {
    expect(mayAssignConversation(me, null)).toBe(true);
    expect(mayAssignConversation(me, 'me')).toBe(true);
  });

  it('keeps another operator’s conversation from being taken, except by a supervisor', () => {
    expect(mayAssignConversation(me, 'colleague')).toBe(false);
    expect(mayReplyInConversation(me, 'colleague')).toBe(false);
    expect(mayAssignConversation(supervisor, 'colleague')).toBe(true);
    expect(mayReplyInConversation(supervisor, 'colleague')).toBe(true);
  });
});

describe('WhatsApp templates', () => {
  it('finds the numbered placeholders, and whether they run without gaps', () => {
    expect(templatePlaceholders('Здравствуйте, {{1}}! Мы перезвоним {{2}}. {{1}}')).toEqual([1, 2]);
    expect(placeholdersAreSequential('{{1}} и {{2}}')).toBe(true);
    expect(placeholdersAreSequential('{{1}} и {{3}}')).toBe(false);
    expect(placeholdersAreSequential('без переменных')).toBe(true);
  });

  it('renders the text a person receives', () => {
    expect(renderTemplate('Мы перезвоним {{1}} в {{ 2 }}.', ['завтра', '13:00'])).toBe('Мы перезвоним завтра в 13:00.');
    expect(renderTemplate('{{1}} {{2}}', ['только одно'])).toBe('только одно {{2}}');
    expect(CONTENT_SID.test(`HX${'a'.repeat(32)}`)).toBe(true);
  });
});
