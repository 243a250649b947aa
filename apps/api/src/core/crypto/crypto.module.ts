import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { BlindIndex } from './blind-index';
import { DraftKeys } from './draft-keys';
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
    {
      provide: BlindIndex,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new BlindIndex(config.identifierHashKeys, config.activeIdentifierHashKeyId),
    },
    // The console's intake-draft keys come from the same kept secret, under a purpose of their own.
    { provide: DraftKeys, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new DraftKeys(config.identifierHashKey) },
  ],
  exports: [FieldCipher, PasswordHasher, BlindIndex, DraftKeys],
})
export class CryptoModule {}
