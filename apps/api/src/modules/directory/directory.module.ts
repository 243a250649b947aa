import { Module } from '@nestjs/common';
import { DirectoryController } from './directory.controller';
import { DirectoryRepository, SqlDirectoryRepository } from './directory.repository';
import { DirectoryService } from './directory.service';

@Module({
  controllers: [DirectoryController],
  providers: [DirectoryService, { provide: DirectoryRepository, useClass: SqlDirectoryRepository }],
  exports: [DirectoryService],
})
export class DirectoryModule {}
