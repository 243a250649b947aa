export type { CreateUserDto, UpdateUserDto, UserDto } from '@mayak/api-client';
export type { Role } from '@mayak/domain';
