import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { ContactArticlesController, KnowledgeController } from './knowledge.controller';
import { KnowledgeService } from './knowledge.service';

@Module({
  imports: [ContactsModule],
  controllers: [KnowledgeController, ContactArticlesController],
  providers: [KnowledgeService],
})
export class KnowledgeModule {}
