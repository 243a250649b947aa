import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { RefuseUnreadBody } from '../http/refuse-unread-body';
import { AccessGuard } from './access.guard';
import { AuthCoreModule } from './auth-core.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LocalStrategy } from './local.strategy';

type ImportedModule = NonNullable<ModuleMetadata['imports']>[number];

@Module({})
export class AuthModule {
  /**
   * `accounts`: the module that provides and exports the `AccountStore` (the users module);
   * `signOut`: the one that provides and exports the `SignOutHook` (telephony). Core knows neither.
   */
  static register({ accounts, signOut }: { accounts: ImportedModule; signOut: ImportedModule }): DynamicModule {
    return {
      module: AuthModule,
      imports: [PassportModule, AuthCoreModule, accounts, signOut],
      controllers: [AuthController],
      // In this order: who may call the route, then whether a route without a body was sent one.
      providers: [AuthService, LocalStrategy, { provide: APP_GUARD, useClass: AccessGuard }, { provide: APP_GUARD, useClass: RefuseUnreadBody }],
    };
  }
}
