import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../core/auth/access.decorators';
import type { Actor } from '../../core/context/request-context';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserDto, UserPageDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller({ path: 'users', version: '1' })
export class UsersController {
  constructor(private readonly users: UsersService) {}

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
  @ApiCreatedResponse({ type: UserDto })
  async createUser(@Body() body: CreateUserDto): Promise<UserDto> {
    return UserDto.from(await this.users.create(body));
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
