import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { DomainError } from '../errors/domain-error';
import { LoginDto } from './auth.dto';
import { AuthService, type CheckedSignIn } from './auth.service';
import { deviceTokenOf } from './session.cookie';

/** Passport's local strategy: e-mail and password, checked by AuthService (throttled, audited). */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  async validate(request: Request, email: string, password: string): Promise<CheckedSignIn> {
    const code = (request.body as { code?: unknown } | undefined)?.code;
    const dto = plainToInstance(LoginDto, code === undefined ? { email, password } : { email, password, code });
    const errors = await validate(dto);
    if (errors.length) {
      throw new DomainError('validation_failed', 'E-mail and password are required', {
        errors: errors.flatMap((e) => Object.values(e.constraints ?? {}).map((message) => ({ field: e.property, code: 'invalid', message }))),
      });
    }
    return this.auth.validateCredentials(dto.email, dto.password, {
      ip: request.ip ?? null,
      userAgent: request.headers['user-agent'] ?? null,
      deviceToken: deviceTokenOf(request.cookies as Record<string, unknown> | undefined),
      code: dto.code?.replace(/\s/g, ''),
    });
  }
}
