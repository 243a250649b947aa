import { Body, Controller, Get, Header, HttpCode, Inject, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import { randomToken } from '../crypto/tokens';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DraftKeys } from '../crypto/draft-keys';
import { Public, SignedIn } from './access.decorators';
import type { AuthedRequest } from './access.guard';
import {
  ChangePasswordDto,
  DraftKeyDto,
  LoginDto,
  MfaConfirmDto,
  MfaEnrolmentDto,
  MfaEnrolmentResultDto,
  MfaVerifyDto,
  RecoveryCodesDto,
  RenewRecoveryCodesDto,
  SecondFactorDto,
  SessionDto,
  StepUpDto,
  UpdateMeDto,
} from './auth.dto';
import { AuthService, type CheckedSignIn, type ClientMeta } from './auth.service';
import { LoginGuard } from './login.guard';
import { clearSessionCookie, deviceTokenOf, setDeviceCookie, setSessionCookie } from './session.cookie';

const clientMeta = (request: AuthedRequest): ClientMeta => ({ ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null });

@ApiTags('auth')
@Controller({ path: 'auth', version: '1' })
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly draftKeys: DraftKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(LoginGuard)
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: SessionDto })
  async login(@Req() request: AuthedRequest & { user: CheckedSignIn }, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    const { user, secondFactorVerified } = request.user;
    const issued = await this.auth.startSession(user, clientMeta(request), secondFactorVerified);
    setSessionCookie(response, issued.token, this.config.cookieSecure);
    // Every browser gets a device cookie; it counts as the account's own once a sign-in there is complete.
    const deviceToken = deviceTokenOf(request.cookies) ?? randomToken();
    setDeviceCookie(response, deviceToken, this.config.cookieSecure, this.auth.deviceTrustMs);
    if (issued.session.state === 'active') await this.auth.trustDevice(deviceToken, user.email);
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

  @Get('draft-key')
  @SignedIn()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Key for my local intake draft',
    description:
      "The console keeps the live call's intake draft in the browser only as AES-256-GCM ciphertext under this key, which it holds in memory. Derived on the server from this session (never stored): the same for the whole session, another for any other session or user.",
  })
  @ApiOkResponse({ type: DraftKeyDto })
  draftKey(@Req() request: AuthedRequest): DraftKeyDto {
    return { key: this.draftKeys.forSession(request.mayakSession!.id) };
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
    await this.trustThisDevice(request, issued.user.email);
    return this.auth.describe(issued.session, issued.user);
  }

  @Post('mfa/enrolment')
  @HttpCode(200)
  @SignedIn({ allowPending: true })
  @ApiOperation({
    summary: 'Start second-factor enrolment',
    description: 'Needs the current password again (403 reauthentication_failed when wrong; the session ends after repeated wrong ones).',
  })
  @ApiOkResponse({ type: MfaEnrolmentDto })
  startMfaEnrolment(@Req() request: AuthedRequest, @Body() body: StepUpDto): Promise<MfaEnrolmentDto> {
    return this.auth.startEnrolment(request.mayakSession!, body.password);
  }

  @Post('mfa/enrolment/confirm')
  @HttpCode(200)
  @SignedIn({ allowPending: true })
  @ApiOkResponse({ type: MfaEnrolmentResultDto })
  async confirmMfaEnrolment(
    @Req() request: AuthedRequest,
    @Body() body: MfaConfirmDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MfaEnrolmentResultDto> {
    const issued = await this.auth.confirmEnrolment(request.mayakSession!, body.code);
    setSessionCookie(response, issued.token, this.config.cookieSecure);
    await this.trustThisDevice(request, issued.user.email);
    return { session: this.auth.describe(issued.session, issued.user), recoveryCodes: issued.recoveryCodes };
  }

  @Get('mfa')
  @SignedIn()
  @ApiOperation({ summary: 'Describe my second factor' })
  @ApiOkResponse({ type: SecondFactorDto })
  describeSecondFactor(@Req() request: AuthedRequest): Promise<SecondFactorDto> {
    return this.auth.describeSecondFactor(request.actor!.userId);
  }

  @Post('mfa/recovery-codes')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({
    summary: 'Renew my recovery codes',
    description: 'Needs the current password and a code from the authenticator app; the earlier recovery codes stop working.',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  async renewRecoveryCodes(@Req() request: AuthedRequest, @Body() body: RenewRecoveryCodesDto): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.auth.renewRecoveryCodes(request.mayakSession!, body) };
  }

  @Post('password')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({
    summary: 'Change my password',
    description: 'Needs the current password; every other session of the account ends and this one gets a new token.',
  })
  @ApiOkResponse({ type: SessionDto })
  async changePassword(@Req() request: AuthedRequest, @Body() body: ChangePasswordDto, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    const issued = await this.auth.changePassword(request.mayakSession!, body);
    setSessionCookie(response, issued.token, this.config.cookieSecure);
    return this.auth.describe(issued.session, issued.user);
  }

  /** A sign-in just completed (second factor included) in this browser. */
  private async trustThisDevice(request: AuthedRequest, email: string): Promise<void> {
    const deviceToken = deviceTokenOf(request.cookies);
    if (deviceToken) await this.auth.trustDevice(deviceToken, email);
  }
}
