import { Logger } from '@nestjs/common';
import type { MessageChannel } from '@mayak/domain';
import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import type { Update } from 'grammy/types';
import type { Clock } from '#api/core/clock/clock';
import { FileTooLargeError } from '#api/modules/telephony/provider/provider-error';
import { sampleFile } from '#api/modules/telephony/provider/sample-files';
import { readAtMost } from '#api/modules/telephony/provider/twilio-provider';
import { ChannelAdapter, type OutboundText } from './channel-adapter';

/** What the line's Telegram bot does beyond sending: the worker's long polling uses it. */
export abstract class TelegramBot extends ChannelAdapter {
  readonly channels: readonly MessageChannel[] = ['telegram'];
  /** The next updates after `offset` (long polling, development only); never with a webhook set. */
  abstract getUpdates(offset: number, timeoutSeconds: number, signal?: AbortSignal): Promise<Update[]>;
  /** Downloads a file a person sent (its file_id), at most `maxBytes` (FileTooLargeError beyond). */
  abstract downloadFile(fileId: string, declaredType: string, maxBytes: number): Promise<Buffer>;
}

/** An error from Telegram with its code, without the token (which is part of every Bot API URL). */
class TelegramSendError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The Bot API through grammY's client. A bot can only answer people who wrote to it first. */
export class TelegramBotApi extends TelegramBot {
  private readonly api: Api;

  constructor(
    private readonly token: string,
    private readonly apiRoot: string,
  ) {
    super();
    this.api = new Api(token, { apiRoot, timeoutSeconds: 30 });
  }

  /** getFile, then the file from the bot's file address (the token is in it: never logged). */
  async downloadFile(fileId: string, _declaredType: string, maxBytes: number): Promise<Buffer> {
    const file = await this.api.getFile(fileId);
    if (file.file_size !== undefined && file.file_size > maxBytes) throw new FileTooLargeError();
    if (!file.file_path) throw new TelegramSendError('no_file_path', 'Telegram gave no path for the file');
    let response: globalThis.Response;
    try {
      response = await fetch(`${this.apiRoot}/file/bot${this.token}/${file.file_path}`, { signal: AbortSignal.timeout(60_000), redirect: 'error' });
    } catch {
      throw new TelegramSendError('network', 'the file could not be downloaded from Telegram');
    }
    if (!response.ok) throw new TelegramSendError(String(response.status), `the file could not be downloaded from Telegram (HTTP ${response.status})`);
    return readAtMost(response, maxBytes);
  }

  async sendText(_channel: MessageChannel, message: OutboundText): Promise<{ providerMessageId: string; status: string }> {
    try {
      // A file is uploaded (Telegram need not reach Mayak to fetch it); the text is its caption.
      const sent = message.file
        ? await this.api.sendDocument(message.to, new InputFile(await message.file.read(), message.file.name), message.body ? { caption: message.body } : {})
        : await this.api.sendMessage(message.to, message.body);
      // Telegram numbers messages per chat, and the chat is the person: our reference makes it unique instead.
      return { providerMessageId: `tg:sent:${message.reference}:${sent.message_id}`, status: 'sent' };
    } catch (error) {
      if (error instanceof GrammyError) throw new TelegramSendError(String(error.error_code), `Telegram refused the message: ${error.description}`);
      if (error instanceof HttpError) throw new TelegramSendError('network', 'Telegram could not be reached');
      throw error;
    }
  }

  getUpdates(offset: number, timeoutSeconds: number, signal?: AbortSignal): Promise<Update[]> {
    // grammY types its signal with the abort-controller polyfill; Node's own is what it accepts at run time.
    return this.api.getUpdates({ offset, timeout: timeoutSeconds, allowed_updates: ['message'] }, signal as Parameters<Api['getUpdates']>[1]);
  }
}

/** One message the local stand-in would have sent. */
export interface LocalTelegramMessage {
  chatId: string;
  text: string;
  /** The name of a file sent as a document. */
  fileName?: string;
  messageId: number;
  at: string;
}

/**
 * Development without a bot token: records what would be sent (and logs it without the
 * text), so the demo and the simulator work end to end without Telegram.
 */
export class LocalTelegramBot extends TelegramBot {
  private readonly logger = new Logger('LocalTelegramBot');
  #sent: LocalTelegramMessage[] = [];
  #nextId = 1;

  constructor(private readonly clock: Clock) {
    super();
  }

  async sendText(_channel: MessageChannel, message: OutboundText): Promise<{ providerMessageId: string; status: string }> {
    const record: LocalTelegramMessage = {
      chatId: message.to,
      text: message.body,
      messageId: this.#nextId++,
      at: this.clock.now().toISOString(),
      ...(message.file ? { fileName: message.file.name } : {}),
    };
    if (this.#sent.length >= 1000) this.#sent.shift();
    this.#sent.push(record);
    this.logger.log(`${message.file ? 'sendDocument' : 'sendMessage'} to a Telegram chat (${message.body.length} characters)`);
    return { providerMessageId: `tg:sent:${message.reference}:local-${record.messageId}`, status: 'sent' };
  }

  async getUpdates(): Promise<Update[]> {
    return [];
  }

  /** Without Telegram there is no file: a small sample of the declared kind stands in for it. */
  async downloadFile(_fileId: string, declaredType: string): Promise<Buffer> {
    return sampleFile(declaredType);
  }

  /** What would have been sent, oldest first. */
  sent(): readonly LocalTelegramMessage[] {
    return [...this.#sent];
  }
}
