import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import type { User } from '../../modules/users/user.entity';
import { DomainError } from '../errors/domain-error';
import { LoginDto } from './auth.dto';
import { AuthService } from './auth.service';

/** Passport's local strategy: e-mail and password, checked by AuthService (throttled, audited). */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  async validate(request: Request, email: string, password: string): Promise<User> {
    const dto = plainToInstance(LoginDto, { email, password });
    const errors = await validate(dto);
    if (errors.length) {
      throw new DomainError('validation_failed', 'E-mail and password are required', {
        errors: errors.flatMap((e) => Object.values(e.constraints ?? {}).map((message) => ({ field: e.property, code: 'invalid', message }))),
      });
    }
    return this.auth.validateCredentials(dto.email, dto.password, { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null });
  }
}
