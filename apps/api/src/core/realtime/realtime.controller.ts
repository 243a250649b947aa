import { type BeforeApplicationShutdown, Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, RequirePermission } from '../auth/access.decorators';
import { SessionsService } from '../auth/sessions.service';
import { Clock } from '../clock/clock';
import type { Actor } from '../context/request-context';
import { DomainError } from '../errors/domain-error';
import { Metrics } from '../metrics/metrics';
import { RealtimeEvents } from './realtime-events';

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;
const BLOCK_MS = 15_000;

/**
 * Server-Sent Events for the signed-in user's console. The browser's EventSource sends
 * `Last-Event-ID` when it reconnects; we continue from there, so nothing kept is missed.
 */
@ApiTags('realtime')
@Controller({ path: 'events', version: '1' })
export class RealtimeController implements BeforeApplicationShutdown {
  /** How to end each stream this instance holds open. */
  private readonly openStreams = new Set<() => void>();
  private stopping = false;

  constructor(
    private readonly events: RealtimeEvents,
    private readonly metrics: Metrics,
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
  ) {}

  /**
   * A stream never ends by itself, and the HTTP server waits for every response before it
   * closes: without this an instance asked to stop (a rolling update) would hang until killed.
   * Consoles reconnect to another instance and continue from their Last-Event-ID.
   */
  beforeApplicationShutdown(): void {
    this.stopping = true;
    for (const end of this.openStreams) end();
  }

  @Get()
  @RequirePermission('alerts.read')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'text/event-stream of events: alert, call.ringing, call.taken, call.ended, call.transfer, callback.due, message.received, message.updated (ids and codes only; see docs/architecture.md); a comment line every 15 s keeps proxies from closing it',
    schema: { type: 'string' },
  })
  async streamEvents(@CurrentActor() actor: Actor, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (this.stopping) throw new DomainError('service_unavailable', 'This server is stopping; reconnect');
    // The session's end if nothing else happens (expiry, idle limit), looked at again when it is
    // reached and every BLOCK_MS: a stream is not a use that keeps a session alive.
    let sessionEndsAt = await this.sessions.endsAt(actor.sessionId);
    if (!sessionEndsAt) throw new DomainError('session_expired', 'Your session has ended; sign in again');
    let nextSessionCheck = this.clock.nowMs() + BLOCK_MS;
    const header = request.headers['last-event-id'];
    const lastEventId = typeof header === 'string' && STREAM_ID.test(header) ? header : await this.events.lastId(actor.userId);
    response
      .status(200)
      .set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    response.flushHeaders();
    response.write('retry: 3000\n\n');
    const reader = this.events.openReader(actor.userId);
    let open = true;
    this.metrics.sseConnections.inc();
    const end = () => {
      if (!open) return;
      open = false;
      this.openStreams.delete(end);
      this.metrics.sseConnections.dec();
      reader.close();
      response.end();
    };
    this.openStreams.add(end);
    request.on('close', end);
    if (this.stopping) end();
    let cursor = lastEventId;
    while (open) {
      try {
        if (this.clock.nowMs() >= Math.min(sessionEndsAt.getTime(), nextSessionCheck)) {
          // Other requests may have kept the session alive since the last look, or it was cut short.
          const endsAt = await this.sessions.endsAt(actor.sessionId);
          if (!endsAt) {
            end();
            break;
          }
          sessionEndsAt = endsAt;
          nextSessionCheck = this.clock.nowMs() + BLOCK_MS;
        }
        const untilNextCheck = Math.min(sessionEndsAt.getTime(), nextSessionCheck) - this.clock.nowMs();
        const batch = await reader.read(cursor, Math.max(1_000, Math.min(BLOCK_MS, untilNextCheck)));
        if (!open) break;
        if (!batch.length) {
          response.write(': keep-alive\n\n');
          continue;
        }
        for (const event of batch) {
          cursor = event.id;
          if (event.type === 'sessions.ended') {
            // Signed out or revoked, here or on another instance: the browser's reconnect gets 401.
            if (event.sessionIds.includes(actor.sessionId)) end();
            if (!open) break;
            continue;
          }
          response.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
        }
      } catch {
        end();
      }
    }
  }
}
