import { Module } from '@nestjs/common';
import { IdentifierVault } from './identifier-vault';
import { PeopleController } from './people.controller';
import { PeopleRepository } from './people.repository';
import { PeopleService } from './people.service';

@Module({
  controllers: [PeopleController],
  providers: [PeopleService, PeopleRepository, IdentifierVault],
  exports: [PeopleService, IdentifierVault],
})
export class PeopleModule {}
