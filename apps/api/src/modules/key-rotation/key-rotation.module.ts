import { Module } from '@nestjs/common';
import { IdentifierVault } from '../people/identifier-vault';
import { KeyRotationRepository, SqlKeyRotationRepository } from './key-rotation.repository';
import { KeyRotationService } from './key-rotation.service';

/** `npm run keys:rotate`: re-encryption and re-hashing under the active keys (the platform's crypto, database, files and audit are global). */
@Module({
  providers: [KeyRotationService, { provide: KeyRotationRepository, useClass: SqlKeyRotationRepository }, IdentifierVault],
  exports: [KeyRotationService],
})
export class KeyRotationModule {}
