export type { CreatedUserDto, CreateUserDto, IssuedAccountLinkDto, UpdateUserDto, UserDto } from '@mayak/api-client';
export type { Role } from '@mayak/domain';
