import { Module } from '@nestjs/common';
import { IdentifierVault } from './identifier-vault';
import { PeopleController } from './people.controller';
import { PeopleRepository, SqlPeopleRepository } from './people.repository';
import { PeopleService } from './people.service';

@Module({
  controllers: [PeopleController],
  providers: [PeopleService, { provide: PeopleRepository, useClass: SqlPeopleRepository }, IdentifierVault],
  exports: [PeopleService, IdentifierVault],
})
export class PeopleModule {}
