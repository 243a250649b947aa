import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { AccountLinksService } from './account-links.service';
import { CreatedUserDto, CreateUserDto, IssuedAccountLinkDto, ListUsersQuery, UpdateUserDto, UserDto, UserPageDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller({ path: 'users', version: '1' })
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly accountLinks: AccountLinksService,
  ) {}

  @Get()
  @RequirePermission('users.read')
  @ApiOkResponse({ type: UserPageDto })
  async listUsers(@CurrentActor() actor: Actor, @Query() query: ListUsersQuery): Promise<UserPageDto> {
    const page = await this.users.list(actor, query);
    return { ...page, items: page.items.map(UserDto.from) };
  }

  @Get(':id')
  @RequirePermission('users.read')
  @ApiOkResponse({ type: UserDto })
  async getUser(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return UserDto.from(await this.users.get(actor, id));
  }

  @Post()
  @RequirePermission('users.manage')
  @ApiOperation({
    summary: 'Create an account',
    description: 'Without a password the person is invited: a single-use link by e-mail (or, with mail off, in the answer) to choose their password.',
  })
  @ApiCreatedResponse({ type: CreatedUserDto })
  async createUser(@CurrentActor() actor: Actor, @Body() body: CreateUserDto): Promise<CreatedUserDto> {
    const { user, invitation } = await this.accountLinks.createAccount(actor, body);
    return { ...UserDto.from(user), invitation: invitation ? IssuedAccountLinkDto.from(invitation) : null };
  }

  @Post(':id/invitation')
  @HttpCode(200)
  @RequirePermission('users.manage')
  @ApiOperation({
    summary: 'Invite again',
    description: 'A new invitation link for someone who has not chosen a password yet; the earlier link stops working.',
  })
  @ApiOkResponse({ type: IssuedAccountLinkDto })
  async resendInvitation(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<IssuedAccountLinkDto> {
    return IssuedAccountLinkDto.from(await this.accountLinks.resendInvitation(actor, id));
  }

  @Post(':id/password-reset')
  @HttpCode(200)
  @RequirePermission('users.manage')
  @ApiOperation({
    summary: 'Send a password reset',
    description: 'Mails the person a single-use link to choose a new password, instead of an administrator choosing it.',
  })
  @ApiOkResponse({ type: IssuedAccountLinkDto })
  async sendPasswordReset(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<IssuedAccountLinkDto> {
    return IssuedAccountLinkDto.from(await this.accountLinks.sendPasswordReset(actor, id));
  }

  @Patch(':id')
  @RequirePermission('users.manage')
  @ApiOkResponse({ type: UserDto })
  async updateUser(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto): Promise<UserDto> {
    return UserDto.from(await this.users.update(actor, id, body));
  }

  @Post(':id/mfa/reset')
  @HttpCode(200)
  @RequirePermission('users.manage')
  @ApiOkResponse({ type: UserDto })
  async resetUserMfa(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return UserDto.from(await this.users.resetMfa(actor, id));
  }
}
