/**
 * Mayak's web chat for the hotline's website: `<script src="https://mayak…/webchat/widget.js"
 * data-lang="ru" defer></script>`. Safe by design: the session's token lives in this script's
 * memory only (no cookie, no storage of any kind), the conversation is held on screen and
 * nowhere else, and quick exit (the button, or Esc twice) ends the session, removes the
 * widget and leaves for an ordinary page without a way Back.
 */
import { LANGUAGES, pickLanguage, STRINGS, type Language, type Strings } from './strings';
import { STYLES } from './styles';

interface ChatMessage {
  id: string;
  from: 'visitor' | 'line';
  text: string;
  state: 'sent' | 'sending' | 'failed';
  /** A file the line sent from its knowledge base (a leaflet). */
  file?: { name: string; url: string };
}

const POLL_MS = 3000;
const ESCAPE_TWICE_MS = 800;
const MAX_LENGTH = 1000;

const script = document.currentScript as HTMLScriptElement | null;
const apiBase = (script?.dataset.api || (script ? new URL(script.src).origin : location.origin)).replace(/\/$/, '');

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

class MayakWebchat {
  private language: Language;
  private words: Strings;
  private readonly host = el('div', { 'data-mayak-webchat': '' });
  private readonly root = this.host.attachShadow({ mode: 'open' });
  private token: string | null = null;
  private exitUrl = 'https://www.google.com/search?q=weather';
  private after: string | null = null;
  private messages: ChatMessage[] = [];
  private timer: number | null = null;
  private ended = false;
  private lastEscape = Number.NEGATIVE_INFINITY;
  private notice = '';

  constructor(language: Language) {
    this.language = language;
    this.words = STRINGS[language];
    const style = el('style');
    style.textContent = STYLES;
    this.root.append(style);
    document.body.append(this.host);
    document.addEventListener('keydown', this.onKey, true);
    this.renderLauncher();
  }

  private onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !this.root.querySelector('.panel')) return;
    // An interval between two key presses: the monotonic timer, not a date.
    const now = performance.now();
    if (now - this.lastEscape < ESCAPE_TWICE_MS) this.quickExit();
    this.lastEscape = now;
  };

  private clear(): void {
    for (const child of [...this.root.children]) if (child.tagName !== 'STYLE') child.remove();
  }

  private renderLauncher(): void {
    this.clear();
    const button = el('button', { class: 'launcher', type: 'button', 'data-testid': 'webchat-launcher' }, this.words.launcher);
    button.addEventListener('click', () => void this.open());
    this.root.append(button);
  }

  private async open(): Promise<void> {
    this.renderPanel();
    if (!this.token) await this.startSession();
    this.poll();
    (this.root.querySelector('textarea') as HTMLTextAreaElement | null)?.focus();
  }

  private async startSession(): Promise<void> {
    this.setNotice(this.words.connecting);
    try {
      const response = await fetch(`${apiBase}/api/v1/webchat/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ language: this.language }),
        credentials: 'omit',
        cache: 'no-store',
      });
      if (response.status === 429) return this.setNotice(this.words.tooFast);
      if (!response.ok) return this.setNotice(this.words.notSent);
      const session = (await response.json()) as { token: string; exitUrl: string };
      this.token = session.token;
      this.exitUrl = session.exitUrl;
      this.setNotice('');
    } catch {
      this.setNotice(this.words.notSent);
    }
  }

  private renderPanel(): void {
    this.clear();
    const w = this.words;
    const panel = el('section', {
      class: 'panel',
      role: 'dialog',
      'aria-modal': 'false',
      'aria-labelledby': 'mayak-webchat-title',
      'data-testid': 'webchat-panel',
      lang: this.language,
    });
    const header = el('div', { class: 'header' });
    header.append(el('h2', { id: 'mayak-webchat-title' }, w.title));
    const exit = el(
      'button',
      { class: 'exit', type: 'button', 'data-testid': 'webchat-quick-exit', 'aria-describedby': 'mayak-webchat-exit-hint' },
      w.quickExit,
    );
    exit.addEventListener('click', () => this.quickExit());
    const minimise = el('button', { class: 'icon', type: 'button', 'aria-label': w.minimise, 'data-testid': 'webchat-minimise' }, '—');
    minimise.addEventListener('click', () => this.minimise());
    header.append(exit, minimise);
    const hint = el('p', { class: 'hint', id: 'mayak-webchat-exit-hint' }, w.quickExitHint);

    const languageRow = el('div', { class: 'lang' });
    const select = el('select', { id: 'mayak-webchat-language', 'data-testid': 'webchat-language' });
    for (const code of LANGUAGES) {
      const option = el('option', { value: code, lang: code }, STRINGS[code].languageName);
      if (code === this.language) option.selected = true;
      select.append(option);
    }
    select.addEventListener('change', () => {
      this.language = select.value as Language;
      this.words = STRINGS[this.language];
      this.renderPanel();
      this.renderMessages();
      (this.root.querySelector('select') as HTMLSelectElement | null)?.focus();
    });
    languageRow.append(el('label', { for: 'mayak-webchat-language' }, w.language), select);

    const intro = el('p', { class: 'intro' }, w.intro);
    const log = el('ol', { class: 'log', 'data-testid': 'webchat-log' });
    const live = el('div', { role: 'log', 'aria-live': 'polite', 'aria-label': w.title, style: 'display:contents' });
    live.append(log);
    const notice = el('p', { class: 'notice', role: 'status', 'data-testid': 'webchat-notice' }, this.notice);

    const form = el('form', { 'data-testid': 'webchat-form' });
    form.noValidate = true;
    const textarea = el('textarea', { id: 'mayak-webchat-message', maxlength: String(MAX_LENGTH), 'data-testid': 'webchat-message', autocomplete: 'off' });
    const details = el('details');
    details.append(el('summary', {}, w.leaveNumber));
    const phone = el('input', {
      id: 'mayak-webchat-phone',
      type: 'tel',
      autocomplete: 'off',
      'data-testid': 'webchat-phone',
      'aria-describedby': 'mayak-webchat-phone-hint',
    });
    details.append(el('label', { for: 'mayak-webchat-phone' }, w.phone), phone, el('p', { id: 'mayak-webchat-phone-hint' }, w.phoneHint));
    const send = el('button', { class: 'send', type: 'submit', 'data-testid': 'webchat-send' }, w.send);
    form.append(el('label', { for: 'mayak-webchat-message' }, w.message), textarea, details, send);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send(textarea, phone);
    });
    textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void this.send(textarea, phone);
      }
    });
    panel.append(header, hint, languageRow, intro, live, notice, form);
    this.root.append(panel);
  }

  private setNotice(text: string): void {
    this.notice = text;
    const node = this.root.querySelector('.notice');
    if (node) node.textContent = text;
  }

  private renderMessages(): void {
    const log = this.root.querySelector('.log');
    if (!log) return;
    log.replaceChildren(
      ...this.messages.map((m) => {
        const item = el('li', { class: `msg ${m.from}`, 'data-testid': 'webchat-entry', 'data-from': m.from, 'data-state': m.state });
        item.append(el('span', { class: 'who' }, m.from === 'visitor' ? this.words.you : this.words.line), document.createTextNode(m.text));
        if (m.file && /^https?:\/\//.test(m.file.url)) {
          const link = el('a', { href: m.file.url, target: '_blank', rel: 'noopener noreferrer', class: 'file', 'data-testid': 'webchat-file' }, m.file.name);
          item.append(link, el('span', { class: 'note' }, this.words.fileNote));
        }
        if (m.state !== 'sent') item.append(el('span', { class: 'status' }, m.state === 'sending' ? this.words.sending : this.words.notSent));
        return item;
      }),
    );
    log.scrollTop = log.scrollHeight;
  }

  private async send(textarea: HTMLTextAreaElement, phoneInput: HTMLInputElement): Promise<void> {
    const text = textarea.value.trim().slice(0, MAX_LENGTH);
    if (!text || this.ended) return;
    if (!this.token) await this.startSession();
    if (!this.token) return;
    const message: ChatMessage = { id: crypto.randomUUID(), from: 'visitor', text, state: 'sending' };
    this.messages.push(message);
    textarea.value = '';
    this.renderMessages();
    const phone = phoneInput.value.trim();
    const body = JSON.stringify({ clientMessageId: message.id, text, ...(phone ? { phone } : {}) });
    // The same id on a retry: the line takes the message once however often it is sent.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const response = await fetch(`${apiBase}/api/v1/webchat/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
          body,
          credentials: 'omit',
          cache: 'no-store',
        });
        if (response.ok) {
          message.state = 'sent';
          if (phone) phoneInput.value = '';
          this.setNotice('');
          break;
        }
        if (response.status === 429) this.setNotice(this.words.tooFast);
        if (response.status === 401) return this.sessionEnded();
        if (response.status < 500 && response.status !== 429) break;
      } catch {
        // try again
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
    }
    if (message.state === 'sending') message.state = 'failed';
    this.renderMessages();
    void this.fetchNew();
  }

  private poll(): void {
    if (this.timer !== null) window.clearInterval(this.timer);
    this.timer = window.setInterval(() => void this.fetchNew(), POLL_MS);
    void this.fetchNew();
  }

  private async fetchNew(): Promise<void> {
    if (!this.token || this.ended) return;
    try {
      const query = this.after ? `?after=${encodeURIComponent(this.after)}` : '';
      const response = await fetch(`${apiBase}/api/v1/webchat/messages${query}`, {
        headers: { authorization: `Bearer ${this.token}` },
        credentials: 'omit',
        cache: 'no-store',
      });
      if (response.status === 401) return this.sessionEnded();
      if (!response.ok) return;
      const page = (await response.json()) as {
        items: { id: string; from: 'visitor' | 'line'; text: string; file?: { name: string; url: string } }[];
        after: string | null;
      };
      this.after = page.after;
      let changed = false;
      for (const item of page.items) {
        // The visitor's own messages are on screen already (by the text just sent); the line's are new.
        if (item.from === 'visitor') continue;
        if (this.messages.some((m) => m.id === item.id)) continue;
        this.messages.push({
          id: item.id,
          from: 'line',
          text: item.text,
          state: 'sent',
          ...(item.file ? { file: { name: item.file.name, url: item.file.url } } : {}),
        });
        changed = true;
      }
      if (changed) this.renderMessages();
    } catch {
      // The next poll tries again.
    }
  }

  private sessionEnded(): void {
    this.ended = true;
    this.token = null;
    if (this.timer !== null) window.clearInterval(this.timer);
    this.setNotice(this.words.ended);
  }

  private minimise(): void {
    if (this.timer !== null) window.clearInterval(this.timer);
    this.timer = null;
    this.renderLauncher();
    (this.root.querySelector('.launcher') as HTMLButtonElement | null)?.focus();
  }

  /** Ends the session, forgets everything, and leaves for an ordinary page (replace: Back does not return here). */
  private quickExit(): void {
    const token = this.token;
    if (token)
      void fetch(`${apiBase}/api/v1/webchat/sessions/current`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
        credentials: 'omit',
        keepalive: true,
      }).catch(() => undefined);
    this.token = null;
    this.messages = [];
    this.ended = true;
    if (this.timer !== null) window.clearInterval(this.timer);
    document.removeEventListener('keydown', this.onKey, true);
    this.host.remove();
    location.replace(this.exitUrl);
  }
}

new MayakWebchat(pickLanguage(script?.dataset.lang, document.documentElement.lang, navigator.language));
