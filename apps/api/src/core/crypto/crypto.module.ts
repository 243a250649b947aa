import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { FieldCipher } from './field-cipher';
import { PasswordHasher } from './password-hasher';

@Global()
@Module({
  providers: [
    PasswordHasher,
    {
      provide: FieldCipher,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new FieldCipher(config.encryptionKeys, config.activeEncryptionKeyId),
    },
  ],
  exports: [FieldCipher, PasswordHasher],
})
export class CryptoModule {}
