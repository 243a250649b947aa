import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { BlindIndex } from './blind-index';
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
    { provide: BlindIndex, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new BlindIndex(config.identifierHashKey) },
  ],
  exports: [FieldCipher, PasswordHasher, BlindIndex],
})
export class CryptoModule {}
