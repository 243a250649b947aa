import { Body, Controller, Get, HttpCode, Inject, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { User } from '../../modules/users/user.entity';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Public, SignedIn } from './access.decorators';
import type { AuthedRequest } from './access.guard';
import { LoginDto, MfaConfirmDto, MfaEnrolmentDto, MfaEnrolmentResultDto, MfaVerifyDto, SessionDto, UpdateMeDto } from './auth.dto';
import { AuthService } from './auth.service';
import { LoginGuard } from './login.guard';
import { clearSessionCookie, setSessionCookie } from './session.cookie';

@ApiTags('auth')
@Controller({ path: 'auth', version: '1' })
export class AuthController {
  constructor(private readonly auth: AuthService, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(LoginGuard)
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: SessionDto })
  async login(@Req() request: AuthedRequest & { user: User }, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    const issued = await this.auth.startSession(request.user, { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null });
    setSessionCookie(response, issued.token, this.config.cookieSecure);
    return this.auth.describe(issued.session, issued.user);
  }

  @Get('me')
  @SignedIn({ allowPending: true })
  @ApiOkResponse({ type: SessionDto })
  async me(@Req() request: AuthedRequest): Promise<SessionDto> {
    return this.auth.describe(request.mayakSession!, await this.auth.signedInUser(request.actor!.userId));
  }

  @Patch('me')
  @SignedIn()
  @ApiOkResponse({ type: SessionDto })
  async updateMe(@Req() request: AuthedRequest, @Body() body: UpdateMeDto): Promise<SessionDto> {
    const user = await this.auth.updateMe(request.actor!.userId, body);
    return this.auth.describe(request.mayakSession!, user);
  }

  @Post('logout')
  @HttpCode(204)
  @SignedIn({ allowPending: true })
  @ApiNoContentResponse()
  async logout(@Req() request: AuthedRequest, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.logout(request.mayakSession!, { id: request.actor!.userId, email: request.actor!.email });
    clearSessionCookie(response, this.config.cookieSecure);
  }

  @Post('mfa/verify')
  @HttpCode(200)
  @SignedIn({ allowPending: true })
  @ApiOkResponse({ type: SessionDto })
  async verifyMfa(@Req() request: AuthedRequest, @Body() body: MfaVerifyDto, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    const issued = await this.auth.verifySecondFactor(request.mayakSession!, body);
    setSessionCookie(response, issued.token, this.config.cookieSecure);
    return this.auth.describe(issued.session, issued.user);
  }

  @Post('mfa/enrolment')
  @HttpCode(200)
  @SignedIn({ allowPending: true })
  @ApiOkResponse({ type: MfaEnrolmentDto })
  startMfaEnrolment(@Req() request: AuthedRequest): Promise<MfaEnrolmentDto> {
    return this.auth.startEnrolment(request.mayakSession!);
  }

  @Post('mfa/enrolment/confirm')
  @HttpCode(200)
  @SignedIn({ allowPending: true })
  @ApiOkResponse({ type: MfaEnrolmentResultDto })
  async confirmMfaEnrolment(@Req() request: AuthedRequest, @Body() body: MfaConfirmDto, @Res({ passthrough: true }) response: Response): Promise<MfaEnrolmentResultDto> {
    const issued = await this.auth.confirmEnrolment(request.mayakSession!, body.code);
    setSessionCookie(response, issued.token, this.config.cookieSecure);
    return { session: this.auth.describe(issued.session, issued.user), recoveryCodes: issued.recoveryCodes };
  }
}
