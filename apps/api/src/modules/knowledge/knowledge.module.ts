import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { KnowledgeFilesController } from './knowledge-files.controller';
import { KnowledgeFilesRepository } from './knowledge-files.repository';
import { KnowledgeFilesService } from './knowledge-files.service';
import { ContactArticlesController, KnowledgeController } from './knowledge.controller';
import { KnowledgeRepository, SqlKnowledgeRepository } from './knowledge.repository';
import { KnowledgeService } from './knowledge.service';

@Module({
  imports: [ContactsModule],
  controllers: [KnowledgeController, ContactArticlesController, KnowledgeFilesController],
  providers: [KnowledgeService, { provide: KnowledgeRepository, useClass: SqlKnowledgeRepository }, KnowledgeFilesRepository, KnowledgeFilesService],
  exports: [KnowledgeFilesService],
})
export class KnowledgeModule {}
